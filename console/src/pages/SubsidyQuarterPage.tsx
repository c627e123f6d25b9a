/**
 * 季度贴息: a quarter's settlement window and its run; compute it (the hub refuses before the
 * settlement day, in its own words) or recompute it, with the difference per loan; the runs'
 * history; the lines in server pages, filtered by bank, township and reason.
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { App, Button, Card, Descriptions, Empty, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { cursorPagination, HubErrorAlert, useHubAction } from '../components';
import { formatCount, formatDateTime } from '../format';
import { useLang } from '../i18n';
import { money, moneyColumn, QuarterCard, useNames, useQuarter } from './finance-common';
import { PAGE_INFO, type PageInfo } from './cursor-pages';

const PAGE = 20;

export const LINE_REASONS = [
  'FLAGGED',
  'OFF_LIST_AT_CONTRACT',
  'CONVERTED_TO_FARMER_LOAN',
  'NO_INTEREST_PAID',
  'OVERDUE_INTEREST_EXCLUDED',
  'ABOVE_SUBSIDIZED_PRINCIPAL',
  'ABOVE_CONTRACT_RATE',
];

const RUN_FIELDS = `
  id
  quarter
  status
  revision
  supersedesRunId
  windowStart
  windowEnd
  lineCount
  totalInterest
  totalSubsidy
  totalNetted
  totalRecovered
  totalReceivable
  computedAt
`;

const QUARTER = gql`
  query ConsoleSubsidyQuarter($county: String!, $quarter: String!) {
    subsidySettlementWindow(countyCode: $county, quarter: $quarter) {
      start
      end
      days
    }
    subsidyRuns(countyCode: $county, quarter: $quarter) {
      ${RUN_FIELDS}
    }
    subsidyRun(countyCode: $county, quarter: $quarter) {
      ${RUN_FIELDS}
      changes {
        loanId
        contractNo
        previousSubsidy
        subsidy
        difference
        previousReason
        reason
      }
    }
  }
`;

const LINES = gql`
  ${PAGE_INFO}
  query ConsoleSubsidyLines($county: String!, $quarter: String!, $first: Int, $after: String, $bank: String, $township: String, $reason: String) {
    subsidyRun(countyCode: $county, quarter: $quarter) {
      id
      lines(first: $first, after: $after, bankCode: $bank, townshipCode: $township, reason: $reason) {
        nodes {
          id
          contractNo
          bank {
            code
          }
          townshipCode
          interestPaid
          subsidyRatio
          subsidy
          netted
          payable
          reason
          adjustsQuarter
        }
        pageInfo {
          ...ConsolePageInfo
        }
      }
    }
  }
`;

const COMPUTE = gql`
  mutation ConsoleComputeQuarter($county: String!, $quarter: String!) {
    computeSubsidyQuarter(countyCode: $county, quarter: $quarter) {
      id
      status
      revision
    }
  }
`;

const RECOMPUTE = gql`
  mutation ConsoleRecomputeQuarter($county: String!, $quarter: String!) {
    recomputeSubsidyQuarter(countyCode: $county, quarter: $quarter) {
      id
      status
      revision
    }
  }
`;

interface Run {
  id: string;
  quarter: string;
  status: 'COMPUTING' | 'COMPUTED' | 'SUPERSEDED' | 'CORRECTION';
  revision: number;
  supersedesRunId: string | null;
  windowStart: string;
  windowEnd: string;
  lineCount: number;
  totalInterest: string;
  totalSubsidy: string;
  totalNetted: string;
  totalRecovered: string;
  totalReceivable: string;
  computedAt: string | null;
}

interface Change {
  loanId: string;
  contractNo: string;
  previousSubsidy: string;
  subsidy: string;
  difference: string;
  previousReason: string | null;
  reason: string | null;
}

interface QuarterData {
  subsidySettlementWindow: { start: string; end: string; days: number };
  subsidyRuns: Run[];
  subsidyRun: (Run & { changes: Change[] }) | null;
}

interface Line {
  id: string;
  contractNo: string;
  bank: { code: string };
  townshipCode: string;
  interestPaid: string;
  subsidyRatio: string;
  subsidy: string;
  netted: string;
  payable: string;
  reason: string | null;
  adjustsQuarter: string | null;
}

interface LinesData {
  subsidyRun: { id: string; lines: { nodes: Line[]; pageInfo: PageInfo } } | null;
}

const RUN_COLOR = { COMPUTING: 'processing', COMPUTED: 'green', SUPERSEDED: 'default', CORRECTION: 'orange' } as const;

export function SubsidyQuarterPage({ county }: { county: string }) {
  const { t } = useLang();
  const [quarter, setQuarter] = useQuarter();
  const action = useHubAction();
  const client = useApolloClient();
  const { modal, message } = App.useApp();
  const { data, error, refetch } = useQuery<QuarterData>(QUARTER, { variables: { county, quarter }, fetchPolicy: 'network-only' });
  const run = data?.subsidyRun ?? null;
  const computing = data?.subsidyRuns.some((r) => r.status === 'COMPUTING') ?? false;
  // While the worker computes, ask again each second.
  useQuery<QuarterData>(QUARTER, { variables: { county, quarter }, skip: !computing, pollInterval: 1000, fetchPolicy: 'network-only' });
  const revisionOf = (id: string | null) => data?.subsidyRuns.find((r) => r.id === id)?.revision;

  const ask = (mutation: typeof COMPUTE) =>
    action.run(async () => {
      await client.mutate({ mutation, variables: { county, quarter } });
      message.info(t('computeAsked'));
      await refetch();
    });
  const recompute = () =>
    modal.confirm({
      title: t('recomputeConfirmTitle', { q: quarter }),
      content: t('recomputeConfirmBody'),
      okText: t('recompute'),
      onOk: () => ask(RECOMPUTE),
    });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <QuarterCard
        title={`${t('menuSubsidyQuarter')} · ${county}`}
        quarter={quarter}
        onQuarterChange={(q) => {
          action.clear();
          setQuarter(q);
        }}
        actions={
          <>
            <Button type="primary" onClick={() => void ask(COMPUTE)} data-testid="compute" disabled={computing}>
              {t('compute')}
            </Button>
            <Button onClick={recompute} data-testid="recompute" disabled={!run || computing}>
              {t('recompute')}
            </Button>
          </>
        }
        error={error ?? action.error}
      >
        {data && (
          <Descriptions size="small" column={3} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('settlementWindow')}>
              <span data-testid="settlement-window">{`${data.subsidySettlementWindow.start} – ${data.subsidySettlementWindow.end}`}</span>
              {` (${t('windowDays', { n: data.subsidySettlementWindow.days })})`}
            </Descriptions.Item>
            <Descriptions.Item label={t('colStatus')}>
              {run ? (
                <Tag color={RUN_COLOR[run.status]} data-testid="run-status">
                  {t(`runStatus_${run.status}`)} · {t('revision')} {run.revision}
                </Tag>
              ) : computing ? (
                <Tag color="processing" data-testid="run-status">
                  {t('runStatus_COMPUTING')}
                </Tag>
              ) : (
                <Typography.Text type="secondary" data-testid="run-status">
                  {t('notComputed')}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('computedAt')}>{formatDateTime(run?.computedAt)}</Descriptions.Item>
          </Descriptions>
        )}
        {run && (
          <Space size="large" wrap data-testid="run-totals">
            <Statistic title={t('lineCount')} value={formatCount(run.lineCount)} />
            <Statistic title={t('totalInterest')} value={money(run.totalInterest)} />
            <Statistic title={t('totalSubsidy')} value={money(run.totalSubsidy)} />
            <Statistic title={t('totalNetted')} value={money(run.totalNetted)} />
            <Statistic title={t('totalRecovered')} value={money(run.totalRecovered)} />
            <Statistic title={t('totalReceivable')} value={money(run.totalReceivable)} />
          </Space>
        )}
      </QuarterCard>

      {run && (
        <Card title={t('changesTitle')} size="small">
          <Table<Change>
            data-testid="run-changes"
            size="small"
            rowKey="loanId"
            dataSource={run.changes}
            locale={{ emptyText: <Empty description={t('noChanges')} /> }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('colContractNo'), dataIndex: 'contractNo' },
              { title: t('colPrevious'), dataIndex: 'previousSubsidy', ...moneyColumn },
              { title: t('colNew'), dataIndex: 'subsidy', ...moneyColumn },
              { title: t('colDifference'), dataIndex: 'difference', ...moneyColumn },
              { title: t('colPreviousReason'), dataIndex: 'previousReason', render: (r: string | null) => (r ? t(`reason_${r}`) : '—') },
              { title: t('colReason'), dataIndex: 'reason', render: (r: string | null) => (r ? t(`reason_${r}`) : '—') },
            ]}
          />
        </Card>
      )}

      {data && data.subsidyRuns.length > 0 && (
        <Card title={t('runsHistory')} size="small">
          <Table<Run>
            data-testid="run-history"
            size="small"
            rowKey="id"
            dataSource={data.subsidyRuns}
            pagination={false}
            columns={[
              { title: t('revision'), dataIndex: 'revision', width: 70 },
              { title: t('colStatus'), dataIndex: 'status', render: (s: Run['status']) => <Tag color={RUN_COLOR[s]}>{t(`runStatus_${s}`)}</Tag> },
              {
                title: t('supersedes'),
                dataIndex: 'supersedesRunId',
                render: (id: string | null) => (id ? t('supersedesRevision', { n: revisionOf(id) ?? id }) : '—'),
              },
              { title: t('lineCount'), dataIndex: 'lineCount', align: 'right', render: formatCount },
              { title: t('totalSubsidy'), dataIndex: 'totalSubsidy', ...moneyColumn },
              { title: t('computedAt'), dataIndex: 'computedAt', render: formatDateTime },
            ]}
          />
        </Card>
      )}

      {run && run.status !== 'COMPUTING' && <LinesCard key={`${run.id}-${run.status}`} county={county} quarter={quarter} runId={run.id} />}
    </Space>
  );
}

function LinesCard({ county, quarter, runId }: { county: string; quarter: string; runId: string }) {
  const { t } = useLang();
  const { banks, townships, bankName, townshipName } = useNames(county);
  const [filter, setFilter] = useState<{ bank: string | null; township: string | null; reason: string | null }>({ bank: null, township: null, reason: null });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const { data, previousData, loading, error } = useQuery<LinesData>(LINES, {
    variables: { county, quarter, first: PAGE, after: cursors[pageIndex], ...filter, runId },
    fetchPolicy: 'network-only',
  });
  const lines = (data ?? previousData)?.subsidyRun?.lines;
  const refilter = (patch: Partial<typeof filter>) => {
    setFilter({ ...filter, ...patch });
    setCursors([null]);
    setPageIndex(0);
  };
  const goTo = (index: number) => {
    if (index > pageIndex && data?.subsidyRun) setCursors([...cursors.slice(0, index), data.subsidyRun.lines.pageInfo.endCursor]);
    setPageIndex(index);
  };

  return (
    <Card title={t('linesTitle')} size="small">
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          data-testid="filter-bank"
          style={{ width: 200 }}
          value={filter.bank ?? ''}
          onChange={(v) => refilter({ bank: v || null })}
          options={[{ value: '', label: t('allBanks') }, ...banks.map((b) => ({ value: b.code, label: bankName(b.code) }))]}
        />
        <Select
          data-testid="filter-township"
          style={{ width: 200 }}
          value={filter.township ?? ''}
          onChange={(v) => refilter({ township: v || null })}
          options={[{ value: '', label: t('allTownships') }, ...townships.map((r) => ({ value: r.code, label: r.name }))]}
        />
        <Select
          data-testid="filter-reason"
          style={{ width: 220 }}
          value={filter.reason ?? ''}
          onChange={(v) => refilter({ reason: v || null })}
          options={[{ value: '', label: t('allReasons') }, ...['NONE', ...LINE_REASONS].map((r) => ({ value: r, label: t(`reason_${r}`) }))]}
        />
      </Space>
      <HubErrorAlert error={error} />
      <Table<Line>
        data-testid="subsidy-lines"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={lines?.nodes ?? []}
        pagination={cursorPagination(pageIndex, PAGE, lines?.pageInfo.hasNextPage ?? false, goTo)}
        columns={[
          { title: t('colContractNo'), dataIndex: 'contractNo', render: (c: string, l) => (l.adjustsQuarter ? `${c} (${l.adjustsQuarter})` : c) },
          { title: t('colBank'), key: 'bank', render: (_, l) => bankName(l.bank.code) },
          { title: t('colTownship'), dataIndex: 'townshipCode', render: townshipName },
          { title: t('colInterest'), dataIndex: 'interestPaid', ...moneyColumn },
          { title: t('colRatio'), dataIndex: 'subsidyRatio', align: 'right' },
          { title: t('colSubsidy'), dataIndex: 'subsidy', ...moneyColumn },
          { title: t('colNetted'), dataIndex: 'netted', ...moneyColumn },
          { title: t('colPayable'), dataIndex: 'payable', ...moneyColumn },
          { title: t('colReason'), dataIndex: 'reason', render: (r: string | null) => (r ? <Tag color="orange">{t(`reason_${r}`)}</Tag> : '—') },
        ]}
      />
    </Card>
  );
}
