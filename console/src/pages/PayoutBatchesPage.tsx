/**
 * 发放批次: a quarter's batches (status, bank, total, lines, who prepared, confirmed and approved
 * each), preparing them, confirming a batch the scheduler drafted as its maker, approving as
 * another person (the hub refuses the maker: PAYOUT_SAME_PERSON, shown in its own words), the
 * year's budget, and each batch's instructions in server pages. While a batch is approved or on its
 * way the page follows the worker's sending (polling): attempts, the last error, what each bank
 * paid and failed, and the failed lines with the bank's reason (they wait for an account fix).
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { App, Button, Card, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { cursorPagination, HubErrorAlert, useHubAction } from '../components';
import { formatCount, formatDateTime } from '../format';
import { useLang } from '../i18n';
import { money, moneyColumn, QuarterCard, useNames, useQuarter } from './finance-common';
import { PAGE_INFO, type PageInfo } from './cursor-pages';
import { PAYOUT_INSTRUCTION_ROW } from './shared-fragments';

const INSTRUCTION_PAGE = 10;

const BATCH_FIELDS = `
  id
  quarter
  status
  bank {
    code
  }
  lineCount
  totalAmount
  paidAmount
  failedAmount
  preparedBy
  preparedAt
  confirmedBy
  confirmedAt
  approvedBy
  approvedAt
  attempts
  lastError
`;

/** Polling while a batch is with the worker or the bank (APPROVED, SENT). */
const SENDING_POLL_MS = 1000;

const BATCHES = gql`
  query ConsolePayoutBatches($county: String!, $quarter: String!, $year: Int!) {
    payoutBatches(countyCode: $county, quarter: $quarter) {
      ${BATCH_FIELDS}
      failedLines: instructionPage(status: "FAILED", first: 50) {
        nodes {
          id
          contractNo
          accountNumber
          amount
          failureReason
        }
      }
    }
    subsidyBudget(countyCode: $county, year: $year) {
      countyCode
      year
      allocated
      committed
      available
    }
  }
`;

const PREPARE = gql`
  mutation ConsolePreparePayoutBatches($county: String!, $quarter: String!) {
    preparePayoutBatches(countyCode: $county, quarter: $quarter) {
      batches {
        id
      }
      waiting {
        contractNo
        amount
        reason
        detail
      }
    }
  }
`;

const CONFIRM = gql`
  mutation ConsoleConfirmPayoutBatch($id: ID!) {
    confirmPayoutBatch(id: $id) {
      ${BATCH_FIELDS}
    }
  }
`;

const APPROVE = gql`
  mutation ConsoleApprovePayoutBatch($id: ID!) {
    approvePayoutBatch(id: $id) {
      ${BATCH_FIELDS}
    }
  }
`;

const INSTRUCTIONS = gql`
  ${PAYOUT_INSTRUCTION_ROW}
  ${PAGE_INFO}
  query ConsoleBatchInstructions($county: String!, $quarter: String!, $first: Int, $after: String) {
    payoutBatches(countyCode: $county, quarter: $quarter) {
      id
      instructionPage(first: $first, after: $after) {
        nodes {
          ...ConsolePayoutInstructionRow
        }
        pageInfo {
          ...ConsolePageInfo
        }
      }
    }
  }
`;

interface Batch {
  id: string;
  quarter: string;
  status: 'DRAFT' | 'APPROVED' | 'SENT' | 'CLOSED';
  bank: { code: string };
  lineCount: number;
  totalAmount: string;
  paidAmount: string;
  failedAmount: string;
  preparedBy: string;
  preparedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  attempts: number;
  lastError: string | null;
  failedLines?: { nodes: FailedLine[] };
}

interface FailedLine {
  id: string;
  contractNo: string;
  accountNumber: string;
  amount: string;
  failureReason: string | null;
}

interface BatchesData {
  payoutBatches: Batch[];
  subsidyBudget: { year: number; allocated: string; committed: string; available: string };
}

interface Waiting {
  contractNo: string;
  amount: string;
  reason: string;
  detail: string;
}

const BATCH_COLOR = { DRAFT: 'gold', APPROVED: 'blue', SENT: 'processing', CLOSED: 'green' } as const;

export function PayoutBatchesPage({ county }: { county: string }) {
  const { t } = useLang();
  const [quarter, setQuarter] = useQuarter();
  const year = Number(quarter.slice(0, 4));
  const client = useApolloClient();
  const { modal, message } = App.useApp();
  const { bankName } = useNames(county);
  const action = useHubAction();
  const [waiting, setWaiting] = useState<Waiting[] | null>(null);
  const { data, error, loading, refetch, startPolling, stopPolling } = useQuery<BatchesData>(BATCHES, {
    variables: { county, quarter, year },
    fetchPolicy: 'network-only',
  });
  const sending = (data?.payoutBatches ?? []).some((b) => b.status === 'APPROVED' || b.status === 'SENT');
  useEffect(() => {
    if (!sending) return undefined;
    startPolling(SENDING_POLL_MS);
    return () => stopPolling();
  }, [sending, startPolling, stopPolling]);
  const failedLines = (data?.payoutBatches ?? []).flatMap((b) => (b.failedLines?.nodes ?? []).map((line) => ({ ...line, bankCode: b.bank.code })));
  const who = (s: string | null) => (s === 'scheduler' ? t('scheduler') : (s ?? '—'));

  const act = (run: () => Promise<unknown>, done: string) =>
    action.run(async () => {
      await run();
      message.success(done);
      await refetch();
    });
  const prepare = () =>
    act(async () => {
      const result = await client.mutate<{ preparePayoutBatches: { batches: { id: string }[]; waiting: Waiting[] } }>({
        mutation: PREPARE,
        variables: { county, quarter },
      });
      setWaiting(result.data!.preparePayoutBatches.waiting);
      message.info(t('prepared', { n: result.data!.preparePayoutBatches.batches.length }));
    }, t('prepare'));
  const confirm = (batch: Batch) => act(() => client.mutate({ mutation: CONFIRM, variables: { id: batch.id } }), t('confirmedOk'));
  const approve = (batch: Batch) =>
    modal.confirm({
      title: t('approveConfirmTitle'),
      content: t('approveConfirmBody', {
        bank: bankName(batch.bank.code),
        lines: formatCount(batch.lineCount),
        total: money(batch.totalAmount),
        maker: who(batch.confirmedBy ?? batch.preparedBy),
        year,
      }),
      okText: t('approveBatch'),
      onOk: () => act(() => client.mutate({ mutation: APPROVE, variables: { id: batch.id } }), t('approvedOk')),
    });

  const budget = data?.subsidyBudget;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <QuarterCard
        title={`${t('batchesTitle')} · ${county}`}
        quarter={quarter}
        onQuarterChange={(q) => {
          action.clear();
          setWaiting(null);
          setQuarter(q);
        }}
        actions={
          <>
            <Button type="primary" onClick={() => void prepare()} data-testid="prepare">
              {t('prepare')}
            </Button>
            <Button onClick={() => void refetch()} data-testid="refresh-batches">
              {t('refresh')}
            </Button>
          </>
        }
        error={error ?? action.error}
      >
        {budget && (
          <div style={{ margin: '12px 0' }}>
            <Typography.Text strong>{t('budgetTitle', { year: budget.year })}</Typography.Text>
            <Space size="large" wrap data-testid="budget" style={{ display: 'flex' }}>
              <Statistic title={t('budgetAllocated')} value={money(budget.allocated)} />
              <Statistic title={t('budgetCommitted')} value={money(budget.committed)} />
              <Statistic title={t('budgetAvailable')} value={money(budget.available)} />
            </Space>
          </div>
        )}
        <Table<Batch>
          data-testid="payout-batches"
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.payoutBatches ?? []}
          pagination={false}
          expandable={{
            expandedRowRender: (batch) => (
              <Instructions county={county} quarter={quarter} batchId={batch.id} answered={`${batch.status}-${batch.paidAmount}-${batch.failedAmount}`} />
            ),
          }}
          columns={[
            { title: t('colStatus'), dataIndex: 'status', render: (s: Batch['status']) => <Tag color={BATCH_COLOR[s]}>{t(`batchStatus_${s}`)}</Tag> },
            { title: t('colBank'), key: 'bank', render: (_, b) => bankName(b.bank.code) },
            { title: t('colLines'), dataIndex: 'lineCount', align: 'right', render: formatCount },
            { title: t('colTotal'), dataIndex: 'totalAmount', ...moneyColumn },
            { title: t('colPaid'), dataIndex: 'paidAmount', ...moneyColumn },
            { title: t('colFailedAmount'), dataIndex: 'failedAmount', ...moneyColumn },
            { title: t('colAttempts'), dataIndex: 'attempts', align: 'right', render: formatCount },
            { title: t('colPreparedBy'), key: 'prepared', render: (_, b) => `${who(b.preparedBy)} · ${formatDateTime(b.preparedAt)}` },
            { title: t('colConfirmedBy'), key: 'confirmed', render: (_, b) => who(b.confirmedBy) },
            { title: t('colApprovedBy'), key: 'approved', render: (_, b) => (b.approvedBy ? `${b.approvedBy} · ${formatDateTime(b.approvedAt)}` : '—') },
            { title: t('colLastError'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
            {
              title: t('colActions'),
              key: 'actions',
              render: (_, b) =>
                b.status === 'DRAFT' && (
                  <Space>
                    {b.preparedBy === 'scheduler' && !b.confirmedBy && (
                      <Button size="small" onClick={() => void confirm(b)} data-testid="confirm-batch">
                        {t('confirmBatch')}
                      </Button>
                    )}
                    <Button size="small" type="primary" onClick={() => approve(b)} data-testid="approve-batch">
                      {t('approveBatch')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
        {sending && (
          <Typography.Text type="secondary" data-testid="batches-sending">
            {t('batchesSending')}
          </Typography.Text>
        )}
      </QuarterCard>
      {failedLines.length > 0 && (
        <Card title={t('failedLinesTitle')} size="small">
          <Table<FailedLine & { bankCode: string }>
            data-testid="failed-lines"
            size="small"
            rowKey="id"
            dataSource={failedLines}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('colContractNo'), dataIndex: 'contractNo' },
              { title: t('colBank'), dataIndex: 'bankCode', render: bankName },
              { title: t('colAccount'), dataIndex: 'accountNumber' },
              { title: t('colTotal'), dataIndex: 'amount', ...moneyColumn },
              { title: t('colFailure'), dataIndex: 'failureReason', render: (r: string | null) => failureText(r, t) },
            ]}
          />
          <Typography.Text type="secondary">{t('failedLinesHint')}</Typography.Text>
        </Card>
      )}
      {waiting && waiting.length > 0 && (
        <Card title={t('waitingTitle')} size="small">
          <Table<Waiting>
            data-testid="waiting-lines"
            size="small"
            rowKey="contractNo"
            dataSource={waiting}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('colContractNo'), dataIndex: 'contractNo' },
              { title: t('colTotal'), dataIndex: 'amount', ...moneyColumn },
              { title: t('colReason'), dataIndex: 'reason', render: (r: string) => t(`waiting_${r}`) },
              { title: t('colMessage'), dataIndex: 'detail' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

interface Instruction {
  id: string;
  contractNo: string;
  accountNumber: string;
  amount: string;
  status: 'PENDING' | 'PAID' | 'FAILED';
  failureReason: string | null;
  bankReference: string | null;
}

interface InstructionsData {
  payoutBatches: { id: string; instructionPage: { nodes: Instruction[]; pageInfo: PageInfo } }[];
}

/** The bank's reason in the console's words, with its code ('账户已销户 (ACCOUNT_CLOSED)'). */
function failureText(reason: string | null, t: (key: string) => string): string {
  if (!reason) return '—';
  const words = t(`payFail_${reason}`);
  return words === `payFail_${reason}` ? reason : `${words} (${reason})`;
}

/** `answered` changes when the bank's answer changes the batch: the page is read again. */
function Instructions({ county, quarter, batchId, answered }: { county: string; quarter: string; batchId: string; answered: string }) {
  const { t } = useLang();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const { data, previousData, loading, error, refetch } = useQuery<InstructionsData>(INSTRUCTIONS, {
    variables: { county, quarter, first: INSTRUCTION_PAGE, after: cursors[pageIndex] },
    fetchPolicy: 'network-only',
  });
  const [seen, setSeen] = useState(answered);
  useEffect(() => {
    if (answered === seen) return;
    setSeen(answered);
    void refetch();
  }, [answered, seen, refetch]);
  const page = (data ?? previousData)?.payoutBatches.find((b) => b.id === batchId)?.instructionPage;
  const goTo = (index: number) => {
    if (index > pageIndex && page) setCursors([...cursors.slice(0, index), page.pageInfo.endCursor]);
    setPageIndex(index);
  };
  return (
    <>
      <HubErrorAlert error={error} />
      <Table<Instruction>
        data-testid="batch-instructions"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={page?.nodes ?? []}
        pagination={cursorPagination(pageIndex, INSTRUCTION_PAGE, page?.pageInfo.hasNextPage ?? false, goTo)}
        columns={[
          { title: t('colContractNo'), dataIndex: 'contractNo' },
          { title: t('colAccount'), dataIndex: 'accountNumber' },
          { title: t('colTotal'), dataIndex: 'amount', ...moneyColumn },
          { title: t('colInstructionStatus'), dataIndex: 'status', render: (s: Instruction['status']) => t(`instrStatus_${s}`) },
          { title: t('colFailure'), dataIndex: 'failureReason', render: (r: string | null) => failureText(r, t) },
          { title: t('colBankReference'), dataIndex: 'bankReference', render: (r: string | null) => r ?? '—' },
        ]}
      />
    </>
  );
}
