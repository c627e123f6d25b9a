/** 银行的登记、变更与停用 (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function AdminBanksPage() {
  const { t } = useLang();
  return (
    <Card title={t('menuAdminBanks')}>
      <Result status="info" title={t('menuAdminBanks')} subTitle={''} />
    </Card>
  );
}
