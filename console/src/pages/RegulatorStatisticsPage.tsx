/**
 * 月度统计: the monthly statistics of a county (one of the regulator's) and its lending banks over
 * a range of months, as the hub computes them on the 1st for the month just ended (aggregates
 * only): borrowers and new loans over time with abnormal swings marked, the balance with what is
 * overdue and non-performing, each bank's NPL rate against the policy's tolerance (its own NPL
 * target for the year plus the tolerated percentage points, drawn as a dashed line), the coverage
 * of listed households (应贷尽贷) per township, and what matures within 3 and 6 months. Each chart
 * has its table below it and the hub's XLSX of the range (GET /downloads/monitoring/…: every
 * figure of the tables, the townships on their own sheet).
 */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Empty, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { downloadFile, errorMessages } from '../api';
import { HubErrorAlert } from '../components';
import { formatCount, formatFen } from '../format';
import { useLang } from '../i18n';
import { money, moneyColumn, useNames } from './finance-common';
import { RegulatorChart } from './regulator-chart';
import { useCountyNames } from './regulator-counties';
import { above, defaultRange, formatPp, formatRate, monthOptions, toleranceLine } from './regulator-common';

const TABLE_PAGE = 12;

const STATISTICS = gql`
  query ConsoleRegulatorStatistics($county: String!, $from: String!, $to: String!) {
    monthlyStatistics(countyCode: $county, from: $from, to: $to) {
      countyCode
      month
      borrowers
      eligibleHouseholds
      coverage
      newLoans
      balance
      nplRate
      banks {
        bankCode
        month
        borrowers
        borrowerChange
        abnormalSwing
        newLoans
        newAmount
        balance
        overdueBalance
        nplBalance
        nplRate
        nplTolerancePp
        maturing3mCount
        maturing3mAmount
        maturing6mCount
        maturing6mAmount
      }
      townships {
        townshipCode
        month
        borrowers
        eligibleHouseholds
        coverage
      }
    }
  }
`;

export interface BankMonth {
  bankCode: string;
  month: string;
  borrowers: number;
  borrowerChange: number | null;
  abnormalSwing: boolean;
  newLoans: number;
  newAmount: string;
  balance: string;
  overdueBalance: string;
  nplBalance: string;
  nplRate: string;
  nplTolerancePp: string | null;
  maturing3mCount: number;
  maturing3mAmount: string;
  maturing6mCount: number;
  maturing6mAmount: string;
}

interface TownshipMonth {
  townshipCode: string;
  month: string;
  borrowers: number;
  eligibleHouseholds: number | null;
  coverage: string | null;
}

interface CountyMonth {
  countyCode: string;
  month: string;
  borrowers: number;
  eligibleHouseholds: number | null;
  coverage: string | null;
  newLoans: number;
  balance: string;
  nplRate: string;
  banks: BankMonth[];
  townships: TownshipMonth[];
}

interface NplTarget {
  bankCode: string;
  year: number;
  target: string;
}

/** One query for the NPL targets of every bank shown (regulators may read them), each under its own alias. */
function targetsQuery(banks: string[]) {
  const variables = banks.map((_, i) => `$b${i}: String!`).join(', ');
  const fields = banks.map((_, i) => `b${i}: bankNplTargets(bankCode: $b${i}) { bankCode year target }`).join('\n');
  return gql(`query ConsoleRegulatorNplTargets(${variables}) {\n${fields}\n}`);
}

const EMPTY_QUERY = gql`
  query ConsoleRegulatorNoTargets {
    __typename
  }
`;

/** Sums decimal strings to the fen, on whole fen (the hub's money has two places). */
function sumFen(values: string[]): string {
  let fen = 0n;
  for (const v of values) {
    const [whole, fraction = ''] = v.split('.');
    const negative = whole.startsWith('-');
    const abs = BigInt(whole.replace('-', '')) * 100n + BigInt((fraction + '00').slice(0, 2));
    fen += negative ? -abs : abs;
  }
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

const PAGINATION = { pageSize: TABLE_PAGE, hideOnSinglePage: true, showSizeChanger: false };
const bankMonthKey = (r: BankMonth) => `${r.month}-${r.bankCode}`;

/** A table of bank-months under a chart: the month and the bank, then the chart's own figures. */
function BankMonthTable({
  testId,
  rows,
  bankName,
  columns,
  onRow,
}: {
  testId: string;
  rows: BankMonth[];
  bankName: (code: string) => string;
  columns: TableColumnsType<BankMonth>;
  onRow?: TableProps<BankMonth>['onRow'];
}) {
  const { t } = useLang();
  return (
    <Table<BankMonth>
      data-testid={testId}
      size="small"
      rowKey={bankMonthKey}
      dataSource={rows}
      pagination={PAGINATION}
      onRow={onRow}
      columns={[{ title: t('regMonth'), dataIndex: 'month' }, { title: t('regBank'), dataIndex: 'bankCode', render: bankName }, ...columns]}
    />
  );
}

export function RegulatorStatisticsPage({ counties }: { counties: string[] }) {
  const { lang, t } = useLang();
  const { message } = App.useApp();
  const [county, setCounty] = useState(counties[0] ?? '');
  const [range, setRange] = useState(defaultRange);
  const [bank, setBank] = useState<string>('');
  const [coverageMonth, setCoverageMonth] = useState<string | null>(null);
  const { bankName, townshipName } = useNames(county);
  const countyName = useCountyNames(counties);
  const { data, previousData, loading, error } = useQuery<{ monthlyStatistics: CountyMonth[] }>(STATISTICS, {
    variables: { county, from: range.from, to: range.to },
    skip: !county,
    fetchPolicy: 'network-only',
  });
  const months = (data ?? previousData)?.monthlyStatistics ?? [];
  const allRows = months.flatMap((m) => m.banks);
  const bankCodes = [...new Set(allRows.map((r) => r.bankCode))].sort();
  const rows = allRows.filter((r) => !bank || r.bankCode === bank);
  const shownBanks = bankCodes.filter((code) => !bank || code === bank);
  const monthList = months.map((m) => m.month);

  const targetsDocument = useMemo(() => (bankCodes.length > 0 ? targetsQuery(bankCodes) : EMPTY_QUERY), [bankCodes.join(',')]);
  const targets = useQuery<Record<string, NplTarget[]>>(targetsDocument, {
    variables: Object.fromEntries(bankCodes.map((code, i) => [`b${i}`, code])),
    skip: bankCodes.length === 0,
  });
  const targetOf = (bankCode: string, month: string): string | null => {
    const index = bankCodes.indexOf(bankCode);
    const list = index < 0 ? undefined : targets.data?.[`b${index}`];
    return list?.find((target) => target.year === Number(month.slice(0, 4)))?.target ?? null;
  };
  const lineOf = (row: BankMonth) => toleranceLine(targetOf(row.bankCode, row.month), row.nplTolerancePp);

  const latest = months[months.length - 1];
  const coverageAt = months.find((m) => m.month === coverageMonth) ?? latest;
  const swings = rows.filter((r) => r.abnormalSwing);

  const download = () =>
    downloadFile(`/downloads/monitoring/${county}/${range.from}/${range.to}.xlsx`, `monitoring-${county}-${range.from}-${range.to}.xlsx`, lang).catch((e) =>
      errorMessages(e, lang).forEach((m) => message.error({ content: m.text, className: 'hub-error-message' })),
    );
  const downloadButton = (name: string) => (
    <Button size="small" onClick={() => void download()} disabled={months.length === 0} data-testid={`download-${name}`}>
      {t('regDownloadXlsx')}
    </Button>
  );
  const monthSelect = (value: string, onChange: (month: string) => void, testId: string) => (
    <Select data-testid={testId} value={value} style={{ width: 110 }} onChange={onChange} options={monthOptions().map((m) => ({ value: m, label: m }))} />
  );
  const bankSeries = <K extends keyof BankMonth>(field: K, code: string) =>
    monthList.map((month) => {
      const row = allRows.find((r) => r.bankCode === code && r.month === month);
      return row ? (row[field] as string | number) : null;
    });
  const percentAxis = (v: number) => `${(v * 100).toFixed(1)}%`;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('regStatsTitle')}
        extra={
          <Space wrap>
            <Typography.Text>{t('regCounty')}</Typography.Text>
            <Select
              data-testid="reg-county"
              value={county}
              style={{ width: 180 }}
              onChange={(c) => {
                setCounty(c);
                setBank('');
                setCoverageMonth(null);
              }}
              options={counties.map((c) => ({ value: c, label: `${countyName(c)}（${c}）` }))}
            />
            <Typography.Text>{t('regFrom')}</Typography.Text>
            {monthSelect(range.from, (from) => setRange((r) => ({ from, to: from > r.to ? from : r.to })), 'reg-from')}
            <Typography.Text>{t('regTo')}</Typography.Text>
            {monthSelect(range.to, (to) => setRange((r) => ({ from: to < r.from ? to : r.from, to })), 'reg-to')}
            <Typography.Text>{t('regBank')}</Typography.Text>
            <Select
              data-testid="reg-bank"
              value={bank}
              style={{ width: 200 }}
              onChange={setBank}
              options={[{ value: '', label: t('regAllBanks') }, ...bankCodes.map((code) => ({ value: code, label: bankName(code) }))]}
            />
          </Space>
        }
      >
        <HubErrorAlert error={error} />
        <HubErrorAlert error={targets.error} />
        {counties.length === 0 && <Empty description={t('regNoCounties')} />}
        {county && !loading && !error && months.length === 0 && <Empty description={t('regStatsNone')} />}
        {latest && (
          <Space size="large" wrap data-testid="reg-summary">
            <Statistic title={t('regAsOf')} value={latest.month} />
            <Statistic title={t('regBorrowers')} value={formatCount(latest.borrowers)} />
            <Statistic title={t('regEligible')} value={latest.eligibleHouseholds == null ? '—' : formatCount(latest.eligibleHouseholds)} />
            <Statistic title={t('regCoverage')} value={formatRate(latest.coverage)} />
            <Statistic title={t('regBalance')} value={money(latest.balance)} />
            <Statistic title={t('regNplRate')} value={formatRate(latest.nplRate)} />
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('regStatsHint')}
        </Typography.Paragraph>
      </Card>

      {months.length > 0 && (
        <>
          {swings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="reg-swings"
              title={t('regSwingsTitle', { n: swings.length })}
              description={swings
                .map((r) =>
                  t('regSwingLine', { month: r.month, bank: bankName(r.bankCode), change: signed(r.borrowerChange), borrowers: formatCount(r.borrowers) }),
                )
                .join('；')}
            />
          )}

          <Card title={t('regBorrowersChart')} size="small" extra={downloadButton('borrowers')}>
            <RegulatorChart
              testId="chart-borrowers"
              categories={monthList}
              format={(v) => formatCount(v)}
              series={shownBanks.flatMap((code) => [
                {
                  name: `${bankName(code)} · ${t('regBorrowers')}`,
                  kind: 'line' as const,
                  values: bankSeries('borrowers', code),
                  marked: monthList.flatMap((month, i) => (allRows.some((r) => r.bankCode === code && r.month === month && r.abnormalSwing) ? [i] : [])),
                },
                { name: `${bankName(code)} · ${t('regNewLoans')}`, kind: 'bar' as const, values: bankSeries('newLoans', code) },
              ])}
            />
            <BankMonthTable
              testId="table-borrowers"
              rows={rows}
              bankName={bankName}
              onRow={(r) => ({ style: r.abnormalSwing ? { background: '#fff1f0' } : undefined, 'data-swing': r.abnormalSwing ? 'true' : undefined }) as never}
              columns={[
                { title: t('regBorrowers'), dataIndex: 'borrowers', align: 'right', render: formatCount },
                { title: t('regBorrowerChange'), dataIndex: 'borrowerChange', align: 'right', render: signed },
                {
                  title: t('regSwing'),
                  dataIndex: 'abnormalSwing',
                  render: (swing: boolean) => (swing ? <Tag color="red">{t('regSwingYes')}</Tag> : <Tag>{t('regSwingNo')}</Tag>),
                },
                { title: t('regNewLoans'), dataIndex: 'newLoans', align: 'right', render: formatCount },
                { title: t('regNewAmount'), dataIndex: 'newAmount', ...moneyColumn },
              ]}
            />
          </Card>

          <Card title={t('regBalanceChart')} size="small" extra={downloadButton('balance')}>
            <RegulatorChart
              testId="chart-balance"
              categories={monthList}
              format={(v) => formatFen(v.toFixed(2))}
              series={[
                { name: t('regBalance'), kind: 'bar', values: monthList.map((m) => sumFen(rows.filter((r) => r.month === m).map((r) => r.balance))) },
                { name: t('regOverdue'), kind: 'bar', values: monthList.map((m) => sumFen(rows.filter((r) => r.month === m).map((r) => r.overdueBalance))) },
                { name: t('regNplBalance'), kind: 'bar', values: monthList.map((m) => sumFen(rows.filter((r) => r.month === m).map((r) => r.nplBalance))) },
              ]}
            />
            <BankMonthTable
              testId="table-balance"
              rows={rows}
              bankName={bankName}
              columns={[
                { title: t('regBalance'), dataIndex: 'balance', ...moneyColumn },
                { title: t('regOverdue'), dataIndex: 'overdueBalance', ...moneyColumn },
                { title: t('regNplBalance'), dataIndex: 'nplBalance', ...moneyColumn },
              ]}
            />
          </Card>

          <Card title={t('regNplChart')} size="small" extra={downloadButton('npl')}>
            <RegulatorChart
              testId="chart-npl"
              categories={monthList}
              format={percentAxis}
              series={shownBanks.flatMap((code) => [
                { name: `${bankName(code)} · ${t('regNplRate')}`, kind: 'line' as const, values: bankSeries('nplRate', code) },
                {
                  name: `${bankName(code)} · ${t('regToleranceLine')}`,
                  kind: 'line' as const,
                  dashed: true,
                  values: monthList.map((month) => {
                    const row = allRows.find((r) => r.bankCode === code && r.month === month);
                    return row ? lineOf(row) : null;
                  }),
                },
              ])}
            />
            {shownBanks.some((code) => rows.some((r) => r.bankCode === code && lineOf(r) === null)) && (
              <Typography.Paragraph type="secondary" data-testid="reg-no-target">
                {t('regNoTarget', {
                  banks: shownBanks
                    .filter((code) => rows.some((r) => r.bankCode === code && lineOf(r) === null))
                    .map(bankName)
                    .join('、'),
                })}
              </Typography.Paragraph>
            )}
            <BankMonthTable
              testId="table-npl"
              rows={rows}
              bankName={bankName}
              columns={[
                { title: t('regNplRate'), dataIndex: 'nplRate', align: 'right', render: formatRate },
                { title: t('regNplTarget'), key: 'target', align: 'right', render: (_, r) => formatRate(targetOf(r.bankCode, r.month)) },
                { title: t('regTolerancePp'), dataIndex: 'nplTolerancePp', align: 'right', render: formatPp },
                { title: t('regToleranceLine'), key: 'line', align: 'right', render: (_, r) => formatRate(lineOf(r)) },
                {
                  title: t('regNplStatus'),
                  key: 'status',
                  render: (_, r) => {
                    const line = lineOf(r);
                    if (line === null) return <Tag>{t('regNplUnknown')}</Tag>;
                    return above(r.nplRate, line) ? <Tag color="red">{t('regNplAbove')}</Tag> : <Tag color="green">{t('regNplWithin')}</Tag>;
                  },
                },
              ]}
            />
          </Card>

          <Card
            title={t('regCoverageChart')}
            size="small"
            extra={
              <Space>
                <Typography.Text>{t('regMonth')}</Typography.Text>
                <Select
                  data-testid="reg-coverage-month"
                  size="small"
                  value={coverageAt?.month}
                  style={{ width: 110 }}
                  onChange={setCoverageMonth}
                  options={monthList.map((m) => ({ value: m, label: m }))}
                />
                {downloadButton('coverage')}
              </Space>
            }
          >
            {coverageAt && coverageAt.townships.length === 0 ? (
              <Empty description={t('regCoverageNone')} />
            ) : (
              coverageAt && (
                <>
                  <RegulatorChart
                    testId="chart-coverage"
                    categories={coverageAt.townships.map((tw) => townshipName(tw.townshipCode))}
                    format={percentAxis}
                    formatRight={(v) => formatCount(v)}
                    series={[
                      { name: t('regCoverage'), kind: 'bar', values: coverageAt.townships.map((tw) => tw.coverage) },
                      { name: t('regEligible'), kind: 'line', right: true, values: coverageAt.townships.map((tw) => tw.eligibleHouseholds) },
                      { name: t('regBorrowers'), kind: 'line', right: true, values: coverageAt.townships.map((tw) => tw.borrowers) },
                    ]}
                  />
                  <Table<TownshipMonth>
                    data-testid="table-coverage"
                    size="small"
                    rowKey="townshipCode"
                    dataSource={coverageAt.townships}
                    pagination={PAGINATION}
                    columns={[
                      { title: t('regTownship'), dataIndex: 'townshipCode', render: townshipName },
                      { title: t('regTownshipCode'), dataIndex: 'townshipCode' },
                      {
                        title: t('regEligible'),
                        dataIndex: 'eligibleHouseholds',
                        align: 'right',
                        render: (n: number | null) => (n == null ? '—' : formatCount(n)),
                      },
                      { title: t('regBorrowers'), dataIndex: 'borrowers', align: 'right', render: formatCount },
                      { title: t('regCoverage'), dataIndex: 'coverage', align: 'right', render: formatRate },
                    ]}
                  />
                </>
              )
            )}
          </Card>

          {latest && (
            <Card title={t('regMaturityChart', { month: latest.month })} size="small" extra={downloadButton('maturities')}>
              <RegulatorChart
                testId="chart-maturities"
                categories={shownBanks.map(bankName)}
                format={(v) => formatFen(v.toFixed(2))}
                formatRight={(v) => formatCount(v)}
                series={[
                  { name: t('regDue3mAmount'), kind: 'bar', values: shownBanks.map((code) => bankAt(latest, code)?.maturing3mAmount ?? null) },
                  { name: t('regDue6mAmount'), kind: 'bar', values: shownBanks.map((code) => bankAt(latest, code)?.maturing6mAmount ?? null) },
                  { name: t('regDue3mCount'), kind: 'line', right: true, values: shownBanks.map((code) => bankAt(latest, code)?.maturing3mCount ?? null) },
                  { name: t('regDue6mCount'), kind: 'line', right: true, values: shownBanks.map((code) => bankAt(latest, code)?.maturing6mCount ?? null) },
                ]}
              />
              <BankMonthTable
                testId="table-maturities"
                rows={latest.banks.filter((r) => !bank || r.bankCode === bank)}
                bankName={bankName}
                columns={[
                  { title: t('regDue3mCount'), dataIndex: 'maturing3mCount', align: 'right', render: formatCount },
                  { title: t('regDue3mAmount'), dataIndex: 'maturing3mAmount', ...moneyColumn },
                  { title: t('regDue6mCount'), dataIndex: 'maturing6mCount', align: 'right', render: formatCount },
                  { title: t('regDue6mAmount'), dataIndex: 'maturing6mAmount', ...moneyColumn },
                ]}
              />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}

function bankAt(month: CountyMonth, code: string): BankMonth | undefined {
  return month.banks.find((b) => b.bankCode === code);
}

/** A change with its sign: +12, −3, 0; '—' for a bank's first month. */
function signed(change: number | null): string {
  if (change == null) return '—';
  return change > 0 ? `+${formatCount(change)}` : change < 0 ? `−${formatCount(-change)}` : '0';
}
