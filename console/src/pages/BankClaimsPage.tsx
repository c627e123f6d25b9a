/** 风险补偿申请：提交、审核、审批、拨付与追偿 (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function BankClaimsPage({ bank }: { bank: string }) {
  const { t } = useLang();
  return (
    <Card title={t('menuBankClaims')}>
      <Result status="info" title={t('menuBankClaims')} subTitle={bank} />
    </Card>
  );
}
