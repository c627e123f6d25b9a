/**
 * Pages loaded when first opened, and what happens when that fails. A console build replaced
 * since this tab loaded its index names chunks that are gone (a build empties console/dist): the
 * import fails, and the tab reloads once to get the new index and its chunks (a flag in
 * sessionStorage keeps it from reloading in a loop). A failure again is shown as such, with a
 * button to reload, instead of a blank page.
 */
import { Button, Result } from 'antd';
import { Component, lazy, type ComponentType, type ReactNode } from 'react';

const RELOADED = 'huinong-console-reloaded-for-chunk';

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    try {
      const page = await load();
      sessionStorage.removeItem(RELOADED);
      return { default: page };
    } catch (error) {
      if (!sessionStorage.getItem(RELOADED)) {
        sessionStorage.setItem(RELOADED, new Date().toISOString());
        window.location.reload();
        return new Promise<never>(() => undefined); // the reload replaces this page
      }
      sessionStorage.removeItem(RELOADED);
      throw error;
    }
  });
}

/** Shows a page that could not be loaded (or failed while drawing) as a failure, not as nothing. */
export class PageFailure extends Component<{ title: string; reload: string; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Result
        status="warning"
        title={this.props.title}
        data-testid="page-failed"
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {this.props.reload}
          </Button>
        }
      />
    );
  }
}
