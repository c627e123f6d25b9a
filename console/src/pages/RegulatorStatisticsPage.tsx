/** 各县、各银行的月度统计看板 (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function RegulatorStatisticsPage({ counties }: { counties: string[] }) {
  const { t } = useLang();
  return (
    <Card title={t('menuRegStatistics')}>
      <Result status="info" title={t('menuRegStatistics')} subTitle={counties.join('、')} />
    </Card>
  );
}
