/** /console/callback: where the issuer sends the browser back with the code; exchanged (PKCE) for the tokens. */
import { Alert, Button, Card, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useLang } from './i18n';
import { completeSignIn } from './oidc';
import { saveSession, Session } from './session';

function replaceRoute(path: string): void {
  // Replaced, not pushed: going back must not land on the used code.
  window.history.replaceState(null, '', '/console' + path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function OidcCallbackPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { lang } = useLang();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    completeSignIn().then(
      ({ session, keepTokenInTab }) => {
        if (!live) return;
        saveSession(session, keepTokenInTab);
        onSignedIn(session);
        replaceRoute(session.user.role === 'bureau' ? '/rosters/import' : '/');
      },
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [onSignedIn]);

  return (
    <Card style={{ maxWidth: 640, margin: '40px auto' }}>
      {error ? (
        <>
          <Alert
            type="error"
            showIcon
            message={lang === 'zh' ? '统一身份认证登录未完成' : 'Sign-in with the identity provider did not complete'}
            description={error}
            data-testid="oidc-callback-error"
          />
          <Button style={{ marginTop: 16 }} onClick={() => replaceRoute('/')}>
            {lang === 'zh' ? '返回登录页' : 'Back to sign-in'}
          </Button>
        </>
      ) : (
        <Spin description={lang === 'zh' ? '正在完成登录…' : 'Completing sign-in…'}>
          <div style={{ height: 80 }} />
        </Spin>
      )}
    </Card>
  );
}
