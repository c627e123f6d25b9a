/** 任务队列：等待、执行中、失败的任务，重试失败任务 (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function AdminQueuesPage() {
  const { t } = useLang();
  return (
    <Card title={t('menuAdminQueues')}>
      <Result status="info" title={t('menuAdminQueues')} subTitle={''} />
    </Card>
  );
}
