/** 本行承办乡镇的脱贫人口名单（现行名单与每次推送的变化） (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function BankListPage({ bank }: { bank: string }) {
  const { t } = useLang();
  return (
    <Card title={t('menuBankList')}>
      <Result status="info" title={t('menuBankList')} subTitle={bank} />
    </Card>
  );
}
