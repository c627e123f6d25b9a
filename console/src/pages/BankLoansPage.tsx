/**
 * 贷款与发放: the bank's loans as the hub holds them (status, the policy rules a loan breaks with
 * the policy text and the version that judged it, the subsidized part), filtered and paged on the
 * server; the records the hub rejected and why; and the payout batches the hub sent the bank for
 * the 一卡通 accounts it issued, with the answer the bank gave for each instruction.
 */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Card, Descriptions, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { CursorTable, FilterSelect, HubErrorAlert } from '../components';
import { formatDateTime } from '../format';
import { useLang } from '../i18n';
import { quarterOptions } from '../quarters';
import { StatusTag, useCodeWords, useOwnBank, type PageInfo } from './bank-common';
import { PAGE_INFO, useCursorPages } from './cursor-pages';
import { moneyColumn } from './finance-common';
import { PAYOUT_INSTRUCTION_ROW } from './shared-fragments';

const PAGE = 20;
const REJECTION_PAGE = 10;
const BATCH_PAGE = 10;
const INSTRUCTION_PAGE = 10;

const LOAN_STATUSES = ['APPLIED', 'APPROVED', 'DISBURSED', 'OVERDUE', 'NPL', 'REPAID', 'RENEWED', 'EXTENDED', 'WRITTEN_OFF', 'COMPENSATED'];
const FLAG_CODES = [
  'NO_POLICY',
  'INVALID_RESIDENT_ID',
  'BORROWER_AGE',
  'AMOUNT_ABOVE_CAP',
  'TERM_TOO_LONG',
  'MATURITY_MISMATCH',
  'RATE_ABOVE_CAP',
  'NO_LPR',
  'PURPOSE_NOT_ALLOWED',
  'TOO_MANY_RENEWALS',
  'OUTSIDE_LENDING_WINDOW',
  'CONVERTED_TO_FARMER_LOAN',
];

const LOANS = gql`
  ${PAGE_INFO}
  query ConsoleBankLoans($first: Int, $after: String, $filter: LoanFilter) {
    loans(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        contractNo
        countyCode
        townshipCode
        borrowerIdMasked
        amount
        annualRate
        termMonths
        contractDate
        maturityDate
        status
        statusDate
        outstandingPrincipal
        subsidizedAmount
        purposeCategory
        recordVersion
        policyVersionId
        lprEffectiveDate
        flags {
          code
          message
          messageZh
          source
        }
        flagHistory {
          at
          policyVersionId
          from
          to
          fromSubsidizedAmount
          toSubsidizedAmount
        }
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

const POLICIES = gql`
  query ConsoleBankPolicies($county: String) {
    loanPolicyVersions(countyCode: $county) {
      id
      name
      source
      effectiveFrom
      effectiveTo
    }
  }
`;

const REJECTIONS = gql`
  ${PAGE_INFO}
  query ConsoleBankRejections($first: Int, $after: String) {
    loanRecordRejections(first: $first, after: $after) {
      nodes {
        contractNo
        recordVersion
        code
        field
        message
        receivedAt
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

const BATCHES = gql`
  ${PAGE_INFO}
  query ConsoleBankPayoutBatches($bank: String!, $quarter: String, $first: Int, $after: String) {
    bankPayoutBatches(bankCode: $bank, quarter: $quarter, first: $first, after: $after) {
      nodes {
        id
        countyCode
        quarter
        status
        lineCount
        totalAmount
        paidAmount
        failedAmount
        attempts
        lastError
        approvedAt
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

const INSTRUCTIONS = gql`
  ${PAYOUT_INSTRUCTION_ROW}
  ${PAGE_INFO}
  query ConsoleBankInstructions($id: ID!, $first: Int, $after: String, $status: String) {
    bankPayoutBatch(id: $id) {
      id
      instructionPage(first: $first, after: $after, status: $status) {
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

interface Flag {
  code: string;
  message: string;
  messageZh: string;
  source: string;
}

interface Loan {
  id: string;
  contractNo: string;
  countyCode: string;
  townshipCode: string;
  borrowerIdMasked: string;
  amount: string;
  annualRate: string;
  termMonths: number;
  contractDate: string;
  maturityDate: string;
  status: string;
  statusDate: string;
  outstandingPrincipal: string;
  subsidizedAmount: string;
  purposeCategory: string;
  recordVersion: number;
  policyVersionId: string | null;
  lprEffectiveDate: string | null;
  flags: Flag[];
  flagHistory: { at: string; policyVersionId: string | null; from: string[]; to: string[]; fromSubsidizedAmount: string; toSubsidizedAmount: string }[];
}

interface Policy {
  id: string;
  name: string;
  source: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

interface Rejection {
  contractNo: string;
  recordVersion: number;
  code: string;
  field: string | null;
  message: string;
  receivedAt: string | null;
}

interface Batch {
  id: string;
  countyCode: string;
  quarter: string;
  status: string;
  lineCount: number;
  totalAmount: string;
  paidAmount: string;
  failedAmount: string;
  attempts: number;
  lastError: string | null;
  approvedAt: string | null;
}

interface Instruction {
  id: string;
  contractNo: string;
  accountNumber: string;
  amount: string;
  status: string;
  failureReason: string | null;
  bankReference: string | null;
}

const LOAN_COLOR: Record<string, string> = { DISBURSED: 'green', OVERDUE: 'orange', NPL: 'red', REPAID: 'default', COMPENSATED: 'purple', WRITTEN_OFF: 'red' };
const BATCH_COLOR = { DRAFT: 'gold', APPROVED: 'blue', SENT: 'processing', CLOSED: 'green' };
const INSTRUCTION_COLOR = { PENDING: 'blue', PAID: 'green', FAILED: 'red' };

const percent = (rate: string) => `${(Number(rate) * 100).toFixed(2)}%`;

function LoanDetail({ loan, policies }: { loan: Loan; policies: Policy[] }) {
  const { lang, t } = useLang();
  const policy = policies.find((p) => p.id === loan.policyVersionId);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`bank-loan-detail-${loan.contractNo}`}>
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label={t('bkCol_policyVersion')}>
          {loan.policyVersionId ? `${policy?.name ?? loan.policyVersionId}（${loan.policyVersionId}）` : t('bkNoPolicyVersion')}
        </Descriptions.Item>
        <Descriptions.Item label={t('bkCol_policySource')}>{policy?.source ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('bkCol_lpr')}>{loan.lprEffectiveDate ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('bkCol_purpose')}>{loan.purposeCategory}</Descriptions.Item>
        <Descriptions.Item label={t('bkCol_recordVersion')}>{loan.recordVersion}</Descriptions.Item>
        <Descriptions.Item label={t('bkCol_statusDate')}>{loan.statusDate}</Descriptions.Item>
      </Descriptions>
      {loan.flags.length > 0 ? (
        <Table<Flag>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={loan.flags}
          columns={[
            { title: t('bkCol_flagCode'), dataIndex: 'code', render: (c: string) => <Tag color="red">{c}</Tag> },
            { title: t('bkCol_flagMessage'), key: 'message', render: (_, f) => (lang === 'zh' ? f.messageZh : f.message) },
            { title: t('bkCol_flagSource'), dataIndex: 'source' },
          ]}
        />
      ) : (
        <Typography.Text type="success">{t('bkCompliant')}</Typography.Text>
      )}
      {loan.flagHistory.length > 0 && (
        <Table
          size="small"
          rowKey="at"
          pagination={false}
          dataSource={loan.flagHistory}
          title={() => t('bkFlagHistory')}
          columns={[
            { title: t('bkCol_judgedAt'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
            { title: t('bkCol_policyVersion'), dataIndex: 'policyVersionId', render: (v: string | null) => v ?? '—' },
            { title: t('bkCol_flagsBefore'), dataIndex: 'from', render: (v: string[]) => v.join('、') || '—' },
            { title: t('bkCol_flagsAfter'), dataIndex: 'to', render: (v: string[]) => v.join('、') || '—' },
            { title: t('bkCol_subsidizedBefore'), dataIndex: 'fromSubsidizedAmount', ...moneyColumn },
            { title: t('bkCol_subsidizedAfter'), dataIndex: 'toSubsidizedAmount', ...moneyColumn },
          ]}
        />
      )}
    </Space>
  );
}

function Loans({ bank }: { bank: string }) {
  const { lang, t } = useLang();
  const own = useOwnBank(bank);
  const status = useCodeWords('bkLoan_');
  const [township, setTownship] = useState<string | undefined>();
  const [loanStatus, setLoanStatus] = useState<string | undefined>();
  const [flagged, setFlagged] = useState<'yes' | 'no' | undefined>();
  const [flag, setFlag] = useState<string | undefined>();
  const pages = useCursorPages();
  const filter = {
    bankCode: bank,
    townshipCode: township ?? null,
    status: loanStatus ?? null,
    flagged: flagged === undefined ? null : flagged === 'yes',
    flag: flag ?? null,
  };
  const { data, previousData, loading, error } = useQuery<{ loans: { nodes: Loan[]; pageInfo: PageInfo } }>(LOANS, {
    variables: { first: PAGE, after: pages.after, filter },
  });
  const policies = useQuery<{ loanPolicyVersions: Policy[] }>(POLICIES, { variables: { county: own.counties[0] ?? null }, skip: !own.counties.length });
  const connection = (data ?? previousData)?.loans;
  return (
    <Card title={`${t('bkLoansTitle')} · ${own.name}`}>
      <Space wrap style={{ marginBottom: 12 }}>
        <FilterSelect<string>
          testId="bank-loan-filter-township"
          placeholder={t('bkCol_township')}
          width={180}
          value={township}
          onChange={pages.resetting(setTownship)}
          options={own.townships.map((r) => ({ value: r.townshipCode, label: r.name }))}
        />
        <FilterSelect<string>
          testId="bank-loan-filter-status"
          placeholder={t('bkCol_loanStatus')}
          width={160}
          value={loanStatus}
          onChange={pages.resetting(setLoanStatus)}
          options={LOAN_STATUSES.map((s) => ({ value: s, label: status(s, false) }))}
        />
        <FilterSelect<'yes' | 'no'>
          testId="bank-loan-filter-flagged"
          placeholder={t('bkCol_compliance')}
          width={160}
          value={flagged}
          onChange={pages.resetting(setFlagged)}
          options={[
            { value: 'yes', label: t('bkFlaggedOnly') },
            { value: 'no', label: t('bkCompliantOnly') },
          ]}
        />
        <FilterSelect<string>
          testId="bank-loan-filter-flag"
          placeholder={t('bkCol_flagCode')}
          width={240}
          value={flag}
          onChange={pages.resetting(setFlag)}
          options={FLAG_CODES.map((c) => ({ value: c, label: c }))}
        />
      </Space>
      <HubErrorAlert error={error ?? policies.error} />
      <CursorTable<Loan>
        testId="bank-loans"
        loading={loading}
        scroll={{ x: 'max-content' }}
        connection={connection}
        pages={pages}
        pageSize={PAGE}
        expandable={{ expandedRowRender: (loan) => <LoanDetail loan={loan} policies={policies.data?.loanPolicyVersions ?? []} /> }}
        columns={[
          { title: t('bkCol_contractNo'), dataIndex: 'contractNo' },
          { title: t('bkCol_borrower'), dataIndex: 'borrowerIdMasked' },
          { title: t('bkCol_township'), dataIndex: 'townshipCode', render: own.townshipName },
          { title: t('bkCol_loanStatus'), dataIndex: 'status', render: (s: string) => <StatusTag prefix="bkLoan_" status={s} colors={LOAN_COLOR} /> },
          { title: t('bkCol_amount'), dataIndex: 'amount', ...moneyColumn },
          { title: t('bkCol_outstanding'), dataIndex: 'outstandingPrincipal', ...moneyColumn },
          { title: t('bkCol_subsidized'), dataIndex: 'subsidizedAmount', ...moneyColumn },
          {
            title: t('bkCol_flags'),
            dataIndex: 'flags',
            render: (flags: Flag[]) =>
              flags.length ? (
                flags.map((f) => (
                  <Tooltip key={f.code} title={`${lang === 'zh' ? f.messageZh : f.message}（${f.source}）`}>
                    <Tag color="red">{f.code}</Tag>
                  </Tooltip>
                ))
              ) : (
                <Tag color="green">{t('bkCompliant')}</Tag>
              ),
          },
          { title: t('bkCol_policyVersion'), dataIndex: 'policyVersionId', render: (v: string | null) => v ?? '—' },
          { title: t('bkCol_rateTerm'), key: 'rate', align: 'right', render: (_, l) => t('bkRateTerm', { rate: percent(l.annualRate), months: l.termMonths }) },
          { title: t('bkCol_period'), key: 'period', render: (_, l) => `${l.contractDate} – ${l.maturityDate}` },
        ]}
      />
    </Card>
  );
}

function Rejections() {
  const { t } = useLang();
  const code = useCodeWords('bkReject_');
  const pages = useCursorPages();
  const { data, previousData, loading, error } = useQuery<{ loanRecordRejections: { nodes: Rejection[]; pageInfo: PageInfo } }>(REJECTIONS, {
    variables: { first: REJECTION_PAGE, after: pages.after },
    fetchPolicy: 'network-only',
  });
  const connection = (data ?? previousData)?.loanRecordRejections;
  return (
    <Card title={t('bkRejectionsTitle')}>
      <HubErrorAlert error={error} />
      <CursorTable<Rejection>
        testId="bank-rejections"
        rowKey={(r) => `${r.contractNo}-${r.recordVersion}-${r.receivedAt}-${r.code}`}
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={REJECTION_PAGE}
        columns={[
          { title: t('bkCol_receivedAt'), dataIndex: 'receivedAt', render: (v: string | null) => formatDateTime(v) },
          { title: t('bkCol_contractNo'), dataIndex: 'contractNo', render: (v: string) => v || '—' },
          { title: t('bkCol_recordVersion'), dataIndex: 'recordVersion', align: 'right' },
          { title: t('bkCol_rejectCode'), dataIndex: 'code', render: (c: string) => code(c) },
          { title: t('bkCol_field'), dataIndex: 'field', render: (f: string | null) => f ?? '—' },
          { title: t('bkCol_hubMessage'), dataIndex: 'message' },
        ]}
      />
    </Card>
  );
}

function Instructions({ batchId }: { batchId: string }) {
  const { t } = useLang();
  const failure = useCodeWords('bkPayFail_');
  const [status, setStatus] = useState<string | undefined>();
  const pages = useCursorPages();
  const { data, previousData, loading, error } = useQuery<{
    bankPayoutBatch: { id: string; instructionPage: { nodes: Instruction[]; pageInfo: PageInfo } } | null;
  }>(INSTRUCTIONS, { variables: { id: batchId, first: INSTRUCTION_PAGE, after: pages.after, status: status ?? null } });
  const page = (data ?? previousData)?.bankPayoutBatch?.instructionPage;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <FilterSelect<string>
        testId="bank-instruction-filter-status"
        placeholder={t('bkCol_answer')}
        width={160}
        value={status}
        onChange={pages.resetting(setStatus)}
        options={['PENDING', 'PAID', 'FAILED'].map((s) => ({ value: s, label: t(`bkInstr_${s}`) }))}
      />
      <HubErrorAlert error={error} />
      <CursorTable<Instruction>
        testId="bank-instructions"
        loading={loading}
        connection={page}
        pages={pages}
        pageSize={INSTRUCTION_PAGE}
        columns={[
          { title: t('bkCol_instructionId'), dataIndex: 'id', render: (v: string) => <Typography.Text code>{v.slice(0, 8)}</Typography.Text> },
          { title: t('bkCol_contractNo'), dataIndex: 'contractNo' },
          { title: t('bkCol_account'), dataIndex: 'accountNumber' },
          { title: t('bkCol_amount'), dataIndex: 'amount', ...moneyColumn },
          { title: t('bkCol_answer'), dataIndex: 'status', render: (s: string) => <StatusTag prefix="bkInstr_" status={s} colors={INSTRUCTION_COLOR} /> },
          { title: t('bkCol_failure'), dataIndex: 'failureReason', render: (r: string | null) => failure(r) },
          { title: t('bkCol_bankReference'), dataIndex: 'bankReference', render: (r: string | null) => r ?? '—' },
        ]}
      />
    </Space>
  );
}

function PayoutBatches({ bank }: { bank: string }) {
  const { t } = useLang();
  const [quarter, setQuarter] = useState<string | undefined>();
  const pages = useCursorPages();
  const { data, previousData, loading, error } = useQuery<{ bankPayoutBatches: { nodes: Batch[]; pageInfo: PageInfo } }>(BATCHES, {
    variables: { bank, quarter: quarter ?? null, first: BATCH_PAGE, after: pages.after },
    fetchPolicy: 'network-only',
  });
  const connection = (data ?? previousData)?.bankPayoutBatches;
  return (
    <Card title={t('bkBatchesTitle')}>
      <Space style={{ marginBottom: 12 }}>
        <FilterSelect<string>
          testId="bank-batch-filter-quarter"
          placeholder={t('bkCol_quarter')}
          width={140}
          value={quarter}
          onChange={pages.resetting(setQuarter)}
          options={quarterOptions().map((q) => ({ value: q, label: q }))}
        />
        <Typography.Text type="secondary">{t('bkBatchesHint')}</Typography.Text>
      </Space>
      <HubErrorAlert error={error} />
      <CursorTable<Batch>
        testId="bank-payout-batches"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={BATCH_PAGE}
        expandable={{ expandedRowRender: (b) => <Instructions batchId={b.id} /> }}
        columns={[
          { title: t('bkCol_county'), dataIndex: 'countyCode' },
          { title: t('bkCol_quarter'), dataIndex: 'quarter' },
          { title: t('bkCol_batchStatus'), dataIndex: 'status', render: (s: string) => <StatusTag prefix="bkBatch_" status={s} colors={BATCH_COLOR} /> },
          { title: t('bkCol_lines'), dataIndex: 'lineCount', align: 'right' },
          { title: t('bkCol_total'), dataIndex: 'totalAmount', ...moneyColumn },
          { title: t('bkCol_paid'), dataIndex: 'paidAmount', ...moneyColumn },
          { title: t('bkCol_failedAmount'), dataIndex: 'failedAmount', ...moneyColumn },
          { title: t('bkCol_attempts'), dataIndex: 'attempts', align: 'right' },
          { title: t('bkCol_approvedAt'), dataIndex: 'approvedAt', render: (v: string | null) => formatDateTime(v) },
          { title: t('bkCol_lastError'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
        ]}
      />
    </Card>
  );
}

export function BankLoansPage({ bank }: { bank: string }) {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Loans bank={bank} />
      <Rejections />
      <PayoutBatches bank={bank} />
    </Space>
  );
}
