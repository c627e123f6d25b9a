/**
 * 任务队列 (admin): the hub's job queues in Bull Board, which the gateway mounts at /admin/queues/
 * on whichever BullMQ backend the hub runs (Redis or PostgreSQL). The page buys the dashboard's
 * session with the admin's token, then opens it in a new window.
 */
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { openQueueBoardSession } from '../api';
import { HubErrorAlert } from '../components';
import { useLang } from '../i18n';

export function AdminQueuesPage() {
  const { t, lang } = useLang();
  const [error, setError] = useState<unknown>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const open = async () => {
    setError(null);
    setBlocked(null);
    // The window is opened on the click (so no pop-up blocker stops it), then sent to the board once the session is set.
    const target = window.open('about:blank', 'huinong-queue-board');
    try {
      const url = await openQueueBoardSession(lang);
      if (target) {
        target.location.href = url;
        setOpened(url);
      } else setBlocked(url);
    } catch (e) {
      target?.close();
      setError(e);
    }
  };
  return (
    <Card title={t('queuesTitle')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t('queuesIntro')}</Typography.Paragraph>
        <Button type="primary" onClick={() => void open()} data-testid="open-queue-board">
          {t('queuesOpen')}
        </Button>
        {opened && <Alert type="success" showIcon title={t('queuesOpened')} data-testid="queue-board-opened" />}
        {blocked && <Alert type="warning" showIcon title={t('queuesPopupBlocked', { url: blocked })} />}
        <HubErrorAlert error={error} />
      </Space>
    </Card>
  );
}
