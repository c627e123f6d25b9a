/** What the finance pages share: the chosen quarter (kept for the tab), the county's banks and townships, money cells. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Card, Select, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { HubErrorAlert } from '../components';
import { formatFen } from '../format';
import { useLang } from '../i18n';
import { quarterOptions } from '../quarters';

const QUARTER_KEY = 'huinong-console-quarter';

/** The quarter chosen on any finance page, the previous quarter at first (the last whose settlement day has surely passed). */
export function useQuarter(): [string, (quarter: string) => void] {
  const [quarter, setQuarter] = useState(() => sessionStorage.getItem(QUARTER_KEY) ?? quarterOptions()[2]);
  return [
    quarter,
    (next) => {
      sessionStorage.setItem(QUARTER_KEY, next);
      setQuarter(next);
    },
  ];
}

export function QuarterSelect({ value, onChange }: { value: string; onChange: (quarter: string) => void }) {
  const { t } = useLang();
  return (
    <span>
      <Typography.Text style={{ marginRight: 8 }}>{t('quarter')}</Typography.Text>
      <Select
        data-testid="quarter-select"
        value={value}
        style={{ width: 120 }}
        onChange={onChange}
        options={quarterOptions().map((q) => ({ value: q, label: q }))}
      />
    </span>
  );
}

/** A finance page's head: its title, the quarter, the page's buttons, the hub's refusal; then the card's own. */
export function QuarterCard({
  title,
  quarter,
  onQuarterChange,
  actions,
  error,
  children,
}: {
  title: string;
  quarter: string;
  onQuarterChange: (quarter: string) => void;
  actions: ReactNode;
  error: unknown;
  children?: ReactNode;
}) {
  return (
    <Card
      title={title}
      extra={
        <Space>
          <QuarterSelect value={quarter} onChange={onQuarterChange} />
          {actions}
        </Space>
      }
    >
      <HubErrorAlert error={error} />
      {children}
    </Card>
  );
}

const NAMES = gql`
  query ConsoleFinanceNames($county: String!) {
    banks {
      code
      name
      nameEn
    }
    regions(parentCode: $county) {
      code
      name
    }
  }
`;

interface NamesData {
  banks: { code: string; name: string; nameEn: string | null }[];
  regions: { code: string; name: string }[];
}

/** Bank and township names for codes (the code itself when the hub knows no name). */
export function useNames(county: string) {
  const { lang } = useLang();
  const { data } = useQuery<NamesData>(NAMES, { variables: { county }, fetchPolicy: 'cache-first' });
  const banks = data?.banks ?? [];
  const townships = data?.regions ?? [];
  const bankName = (code: string | null | undefined) => {
    if (!code) return '—';
    const bank = banks.find((b) => b.code === code);
    return bank ? (lang === 'zh' ? bank.name : (bank.nameEn ?? bank.name)) : code;
  };
  const townshipName = (code: string) => townships.find((r) => r.code === code)?.name ?? code;
  return { banks, townships, bankName, townshipName };
}

/** A money cell: to the fen, with separators, right-aligned by the column. */
export const money = (amount: string | null | undefined) => (amount == null ? '—' : formatFen(amount));

export const moneyColumn = { align: 'right' as const, render: money };
