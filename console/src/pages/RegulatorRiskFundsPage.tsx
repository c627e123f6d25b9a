/** 风险补偿金：放大倍数、应补足与暂停放贷 (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function RegulatorRiskFundsPage({ counties }: { counties: string[] }) {
  const { t } = useLang();
  return (
    <Card title={t('menuRegRiskFunds')}>
      <Result status="info" title={t('menuRegRiskFunds')} subTitle={counties.join('、')} />
    </Card>
  );
}
