/**
 * 风险补偿金: each of the regulator's counties' risk fund summed over its lending banks' latest
 * daily assessments (aggregates only: the API gives regulators no bank's own position): loans
 * against the fund (the leverage, held against the rules' multiple, 1:10 in Chuxiong, drawn as a
 * dashed line), how many banks breach it, the top-ups due and overdue with the next deadline, the
 * compensation trigger and the banks that may pause lending.
 */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { HubErrorAlert } from '../components';
import { formatCount, formatFen } from '../format';
import { useLang } from '../i18n';
import { moneyColumn } from './finance-common';
import { RegulatorChart } from './regulator-chart';
import { useCountyNames } from './regulator-counties';

const TABLE_PAGE = 20;

export interface CountySummary {
  countyCode: string;
  assessedOn: string | null;
  banks: number;
  loanBalance: string;
  fundBalance: string;
  lendingLimit: string;
  leverage: string | null;
  breaches: number;
  topUpDue: string;
  topUpsOverdue: number;
  topUpOverdueAmount: string;
  nextTopUpDeadline: string | null;
  triggerReached: number;
  pausedLending: number;
}

interface Rules {
  id: string;
  name: string;
  leverageMultiple: string;
}

/** The summaries, and each county's rules in force today, under one alias per county. */
function riskFundsQuery(counties: string[]) {
  const variables = counties.map((_, i) => `$c${i}: String!`).join(', ');
  const perCounty = counties.map((_, i) => `r${i}: riskFundRules(countyCode: $c${i}) { id name leverageMultiple }`).join('\n');
  return gql(`query ConsoleRegulatorRiskFunds($counties: [String!]!, ${variables}) {
    riskFundSummaries(countyCodes: $counties) {
      countyCode assessedOn banks loanBalance fundBalance lendingLimit leverage breaches topUpDue topUpsOverdue topUpOverdueAmount nextTopUpDeadline triggerReached pausedLending
    }
    ${perCounty}
  }`);
}

type RiskFundsData = { riskFundSummaries: CountySummary[] } & Record<string, unknown>;

export function RegulatorRiskFundsPage({ counties }: { counties: string[] }) {
  const { t } = useLang();
  const document = useMemo(() => riskFundsQuery(counties), [counties.join(',')]);
  const { data, loading, error } = useQuery<RiskFundsData>(document, {
    variables: { counties, ...Object.fromEntries(counties.map((c, i) => [`c${i}`, c])) },
    skip: counties.length === 0,
    fetchPolicy: 'network-only',
  });
  const summaries = data?.riskFundSummaries ?? [];
  const index = (code: string) => counties.indexOf(code);
  const countyName = useCountyNames(counties);
  const rulesOf = (code: string) => (data?.[`r${index(code)}`] as Rules | null | undefined) ?? null;
  const multiple = (code: string) => {
    const rules = rulesOf(code);
    return rules ? formatFen(rules.leverageMultiple).replace(/\.00$/, '') : null;
  };
  // One multiple for every county (a prefecture's rules): drawn as one rule across the chart.
  const multiples = [...new Set(summaries.map((s) => rulesOf(s.countyCode)?.leverageMultiple ?? null))];
  const oneMultiple = multiples.length === 1 ? multiples[0] : null;
  const times = (value: string | null) => (value == null ? '—' : t('regTimes', { n: formatFen(value) }));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('regFundsTitle')}>
        <HubErrorAlert error={error} />
        <Typography.Paragraph type="secondary">{t('regFundsHint')}</Typography.Paragraph>
        {counties.length === 0 && <Empty description={t('regNoCounties')} />}
      </Card>
      {summaries.length > 0 && (
        <Card title={t('regFundsChart')} size="small">
          <RegulatorChart
            testId="chart-leverage"
            categories={summaries.map((s) => countyName(s.countyCode))}
            format={(v) => t('regTimes', { n: v.toFixed(1) })}
            series={[
              { name: t('regLeverage'), kind: 'bar', values: summaries.map((s) => s.leverage) },
              ...(oneMultiple
                ? []
                : [
                    {
                      name: t('regLeverageRule'),
                      kind: 'line' as const,
                      dashed: true,
                      values: summaries.map((s) => rulesOf(s.countyCode)?.leverageMultiple ?? null),
                    },
                  ]),
            ]}
            rule={oneMultiple ? { name: t('regFundsRule', { multiple: multiple(summaries[0].countyCode)! }), value: Number(oneMultiple) } : undefined}
          />
          <Table<CountySummary>
            data-testid="table-risk-funds"
            size="small"
            rowKey="countyCode"
            loading={loading}
            dataSource={summaries}
            pagination={{ pageSize: TABLE_PAGE, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('regCounty'), key: 'county', render: (_, s) => `${countyName(s.countyCode)}（${s.countyCode}）` },
              { title: t('regAssessedOn'), dataIndex: 'assessedOn', render: (d: string | null) => d ?? t('regFundsNone') },
              { title: t('regBanksAssessed'), dataIndex: 'banks', align: 'right', render: formatCount },
              {
                title: t('regGroupLeverage'),
                children: [
                  { title: t('regBalance'), dataIndex: 'loanBalance', ...moneyColumn },
                  { title: t('regFundBalance'), dataIndex: 'fundBalance', ...moneyColumn },
                  { title: t('regLendingLimit'), dataIndex: 'lendingLimit', ...moneyColumn },
                  { title: t('regLeverage'), dataIndex: 'leverage', align: 'right', render: times },
                  {
                    title: t('regLeverageRule'),
                    key: 'rule',
                    align: 'right',
                    render: (_, s) => (multiple(s.countyCode) ? t('regFundsRule', { multiple: multiple(s.countyCode)! }) : t('regNoRules')),
                  },
                  { title: t('regBreaches'), dataIndex: 'breaches', align: 'right', render: formatCount },
                ],
              },
              {
                title: t('regGroupTopUp'),
                children: [
                  { title: t('regTopUpDue'), dataIndex: 'topUpDue', ...moneyColumn },
                  { title: t('regTopUpsOverdue'), dataIndex: 'topUpsOverdue', align: 'right', render: formatCount },
                  { title: t('regTopUpOverdueAmount'), dataIndex: 'topUpOverdueAmount', ...moneyColumn },
                  { title: t('regNextDeadline'), dataIndex: 'nextTopUpDeadline', render: (d: string | null) => d ?? '—' },
                ],
              },
              {
                title: t('regGroupNpl'),
                children: [
                  { title: t('regTriggerReached'), dataIndex: 'triggerReached', align: 'right', render: formatCount },
                  { title: t('regPausedLending'), dataIndex: 'pausedLending', align: 'right', render: formatCount },
                ],
              },
              {
                title: t('regNplStatus'),
                key: 'status',
                render: (_, s) => (
                  <Space size={4} wrap>
                    {s.breaches === 0 ? <Tag color="green">{t('regFundsOk')}</Tag> : <Tag color="orange">{t('regFundsBreach', { n: s.breaches })}</Tag>}
                    {s.topUpsOverdue > 0 && <Tag color="red">{t('regFundsOverdue', { n: s.topUpsOverdue })}</Tag>}
                    {s.pausedLending > 0 && <Tag color="volcano">{t('regFundsPaused', { n: s.pausedLending })}</Tag>}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
