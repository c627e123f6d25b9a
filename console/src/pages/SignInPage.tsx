import { Alert, Button, Card, Flex, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { fetchDevUsers, requestDevToken } from '../api';
import { HubErrorAlert } from '../components';
import { useLang } from '../i18n';
import { ConsoleConfig, fetchConsoleConfig, signInWithIssuer } from '../oidc';
import { navigate } from '../router';
import { DevUser, saveSession, Session } from '../session';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { lang, t } = useLang();
  const [users, setUsers] = useState<DevUser[] | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [config, setConfig] = useState<ConsoleConfig | null>(null);

  useEffect(() => {
    fetchConsoleConfig().then((loaded) => {
      setConfig(loaded);
      if (loaded.devSignIn) fetchDevUsers().then(setUsers, setError);
      else setUsers(null);
    }, setError);
  }, []);

  const signInOidc = async () => {
    setBusy('oidc');
    setError(null);
    try {
      await signInWithIssuer(); // the browser leaves for the issuer
    } catch (failure) {
      setError(failure);
      setBusy(null);
    }
  };

  if (config?.oidc)
    return (
      <Card title={lang === 'zh' ? '登录' : 'Sign in'} style={{ maxWidth: 640, margin: '40px auto' }}>
        <HubErrorAlert error={error} />
        <Typography.Paragraph type="secondary">
          {lang === 'zh'
            ? `通过统一身份认证（${new URL(config.oidc.issuer).host}）登录。`
            : `Sign in through the identity provider (${new URL(config.oidc.issuer).host}).`}
        </Typography.Paragraph>
        <Button type="primary" size="large" block loading={busy === 'oidc'} onClick={signInOidc} data-testid="sign-in-oidc">
          {lang === 'zh' ? '统一身份认证登录' : 'Sign in with the identity provider'}
        </Button>
      </Card>
    );

  const signIn = async (user: DevUser) => {
    setBusy(user.id);
    setError(null);
    try {
      const { token, user: signedIn } = await requestDevToken(user.id, lang);
      const session: Session = { token, user: signedIn, kind: 'dev' };
      saveSession(session, config?.keepTokenInTab ?? false);
      onSignedIn(session);
      navigate(signedIn.role === 'bureau' ? '/rosters/import' : '/');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('signInTitle')} style={{ maxWidth: 640, margin: '40px auto' }}>
      <HubErrorAlert error={error} />
      {users === undefined && !error && <Spin />}
      {users === null && (
        <Alert
          type="warning"
          showIcon
          message={
            lang === 'zh'
              ? '本 Hub 未提供登录方式：生产环境需配置 OpenID Connect（OIDC_ISSUER_URL 与 OIDC_CONSOLE_CLIENT_ID）。'
              : 'This hub offers no sign-in: in production configure OpenID Connect (OIDC_ISSUER_URL and OIDC_CONSOLE_CLIENT_ID).'
          }
        />
      )}
      {users && (
        <>
          <Typography.Paragraph type="secondary">{t('signInHint')}</Typography.Paragraph>
          {users.map((user) => (
            <Flex key={user.id} justify="space-between" align="center" style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}>
              <div>
                <div>
                  <Tag color="green">{t(`role_${user.role}`)}</Tag> <Typography.Text strong>{lang === 'zh' ? user.label : user.labelEn}</Typography.Text>
                </div>
                <Typography.Text type="secondary">{[user.subject, user.counties?.join(', '), user.bank].filter(Boolean).join(' · ')}</Typography.Text>
              </div>
              <Button type="primary" loading={busy === user.id} onClick={() => signIn(user)} data-testid={`sign-in-${user.id}`}>
                {t('signIn')}
              </Button>
            </Flex>
          ))}
        </>
      )}
    </Card>
  );
}
