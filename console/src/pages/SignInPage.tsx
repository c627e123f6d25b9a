import { Alert, Button, Card, Flex, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { fetchDevUsers, requestDevToken } from '../api';
import { HubErrorAlert } from '../components';
import { useLang } from '../i18n';
import { navigate } from '../router';
import { DevUser, saveSession, Session } from '../session';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { lang, t } = useLang();
  const [users, setUsers] = useState<DevUser[] | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    fetchDevUsers().then(setUsers, setError);
  }, []);

  const signIn = async (user: DevUser) => {
    setBusy(user.id);
    setError(null);
    try {
      const { token, user: signedIn } = await requestDevToken(user.id, lang);
      const session = { token, user: signedIn };
      saveSession(session, true);
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
      {users === null && <Alert type="warning" showIcon message={t('signInOidcMissing')} />}
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
