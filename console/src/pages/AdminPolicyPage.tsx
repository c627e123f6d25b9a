/** 各地区政策版本、LPR、结息规则与风险补偿规则的时间线 (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function AdminPolicyPage() {
  const { t } = useLang();
  return (
    <Card title={t('menuAdminPolicy')}>
      <Result status="info" title={t('menuAdminPolicy')} subTitle={''} />
    </Card>
  );
}
