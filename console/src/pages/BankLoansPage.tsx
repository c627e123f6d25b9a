/** 本行贷款（状态、政策校验、贴息）、被拒记录、贴息发放指令与本行的回复 (issue 16; being built). */
import { Card, Result } from 'antd';
import { useLang } from '../i18n';

export function BankLoansPage({ bank }: { bank: string }) {
  const { t } = useLang();
  return (
    <Card title={t('menuBankLoans')}>
      <Result status="info" title={t('menuBankLoans')} subTitle={bank} />
    </Card>
  );
}
