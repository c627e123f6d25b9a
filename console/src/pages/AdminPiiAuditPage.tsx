/** 各县个人信息查阅的审计记录 (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function AdminPiiAuditPage() {
  const { t } = useLang();
  return (
    <Card title={t('menuAdminPiiAudit')}>
      <Result status="info" title={t('menuAdminPiiAudit')} subTitle={''} />
    </Card>
  );
}
