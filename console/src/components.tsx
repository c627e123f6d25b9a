import { Alert, Select, Space, Table, type SelectProps, type TableProps } from 'antd';
import { useState } from 'react';
import { errorMessages } from './api';
import { useLang } from './i18n';
import type { PageInfo } from './pages/cursor-pages';

/** The hub's messages for an error, in the chosen language (with the hub's code beside it). */
export function HubErrorAlert({ error }: { error: unknown }) {
  const { lang } = useLang();
  if (!error) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {errorMessages(error, lang).map((m, i) => (
        <Alert key={i} type="error" showIcon title={m.text} description={m.code ?? undefined} data-testid="hub-error" />
      ))}
    </Space>
  );
}

/** An action the hub may refuse (a dialog's submit): whether it is under way, and its refusal, cleared when it runs again (or by clear). */
export function useHubAction() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, clear: () => setError(null) };
}

/** antd pagination over a cursor connection: the pages seen so far, and the next one if there is one. */
export function cursorPagination(pageIndex: number, pageSize: number, hasNextPage: boolean, onPage: (index: number) => void, total?: number) {
  return {
    current: pageIndex + 1,
    pageSize,
    total: total ?? (pageIndex + 1) * pageSize + (hasNextPage ? 1 : 0),
    showSizeChanger: false,
    onChange: (page: number) => onPage(page - 1),
  };
}

/** A connection's page as the hub answers it, and the pages seen so far (useCursorPages). */
interface CursorConnection<T> {
  nodes: T[];
  pageInfo: PageInfo;
}
interface CursorPageState {
  pageIndex: number;
  goTo: (index: number, endCursor: string | null | undefined) => void;
}

/**
 * A table of one server page of a connection: its rows, and the pager that asks the hub for the
 * next page by cursor (every list of the console is paged on the server, none in the browser).
 * Rows are keyed by their id unless the page says otherwise.
 */
export function CursorTable<T extends object>({
  testId,
  connection,
  pages,
  pageSize,
  ...table
}: { testId: string; connection: CursorConnection<T> | undefined; pages: CursorPageState; pageSize: number } & Omit<
  TableProps<T>,
  'dataSource' | 'pagination'
>) {
  return (
    <Table<T>
      data-testid={testId}
      size="small"
      rowKey="id"
      dataSource={connection?.nodes ?? []}
      pagination={cursorPagination(pages.pageIndex, pageSize, connection?.pageInfo.hasNextPage ?? false, (i) => pages.goTo(i, connection?.pageInfo.endCursor))}
      {...table}
    />
  );
}

/** A list's filter: clearable, its placeholder naming what it filters by. */
export function FilterSelect<V>({
  testId,
  placeholder,
  width,
  ...select
}: { testId: string; placeholder: string; width: number } & Omit<SelectProps<V>, 'placeholder'>) {
  return <Select<V> data-testid={testId} allowClear placeholder={placeholder} style={{ width }} {...select} />;
}
