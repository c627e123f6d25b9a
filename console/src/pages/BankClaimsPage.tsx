/**
 * 风险补偿: the bank's risk-compensation claims in a county it serves: filing one (the quarter,
 * the claim's documents and each defaulted loan with its ground, insurance paid and documents, as
 * the typed items of RiskFundClaimInput), following the hub's check of each loan, the township
 * review, the approval and the payment, and reporting money recovered on a compensated loan. The
 * claims in server pages, filtered by status. The hub's refusals are shown as it words them.
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { App, AutoComplete, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CursorTable, HubErrorAlert, useHubAction } from '../components';
import { formatDateTime } from '../format';
import { useLang } from '../i18n';
import { quarterOptions } from '../quarters';
import { StatusTag, useCodeWords, useOwnBank, type PageInfo } from './bank-common';
import { PAGE_INFO, useCursorPages } from './cursor-pages';
import { moneyColumn } from './finance-common';

const CLAIM_PAGE = 10;

const CLAIMS = gql`
  ${PAGE_INFO}
  query ConsoleBankClaims($county: String!, $status: String, $first: Int, $after: String) {
    riskFundClaimPage(countyCode: $county, status: $status, first: $first, after: $after) {
      nodes {
        id
        countyCode
        quarter
        status
        filedOn
        rulesVersionId
        townshipReviewDue
        confirmationDue
        fundPays
        rejectionReason
        documents {
          kind
          reference
        }
        lines {
          contractNo
          cause
          insurancePaid
          documents {
            kind
            reference
          }
          refusal
          refusalDetail
          loss
          compensable
          fundPays
          bankBears
          notes
          flags
        }
        events {
          step
          actor
          note
          at
        }
        recoveries {
          contractNo
          reference
          recovered
          returnToFund
          receivedOn
          returnDue
          late
        }
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

/** The bank's defaulted loans in the county, offered as the claim's contracts (any contract may still be typed). */
const CANDIDATES = gql`
  query ConsoleBankClaimCandidates($bank: String!, $county: String!) {
    npl: loans(first: 200, filter: { bankCode: $bank, countyCode: $county, status: NPL }) {
      nodes {
        contractNo
        outstandingPrincipal
      }
    }
    overdue: loans(first: 200, filter: { bankCode: $bank, countyCode: $county, status: OVERDUE }) {
      nodes {
        contractNo
        outstandingPrincipal
      }
    }
  }
`;

const FILE = gql`
  mutation ConsoleBankFileClaim($input: RiskFundClaimInput!) {
    fileRiskFundClaim(input: $input) {
      id
      status
    }
  }
`;

const RECOVER = gql`
  mutation ConsoleBankReportRecovery($input: RiskFundRecoveryInput!) {
    reportRiskFundRecovery(input: $input) {
      contractNo
      recovered
      returnToFund
      returnDue
      late
    }
  }
`;

interface Document {
  kind: string;
  reference: string;
}

interface Line {
  contractNo: string;
  cause: string | null;
  insurancePaid: string;
  documents: Document[];
  refusal: string | null;
  refusalDetail: string | null;
  loss: string | null;
  compensable: string | null;
  fundPays: string | null;
  bankBears: string | null;
  notes: string[];
  flags: string[];
}

interface Recovery {
  contractNo: string;
  reference: string;
  recovered: string;
  returnToFund: string;
  receivedOn: string;
  returnDue: string | null;
  late: boolean;
}

interface Claim {
  id: string;
  countyCode: string;
  quarter: string;
  status: string;
  filedOn: string;
  rulesVersionId: string | null;
  townshipReviewDue: string | null;
  confirmationDue: string | null;
  fundPays: string;
  rejectionReason: string | null;
  documents: Document[];
  lines: Line[];
  events: { step: string; actor: string; note: string | null; at: string }[];
  recoveries: Recovery[];
}

const CLAIM_COLOR = { FILED: 'blue', VERIFIED: 'cyan', TOWNSHIP_REVIEWED: 'geekblue', APPROVED: 'gold', PAID: 'green', REJECTED: 'red' };
const FLOW = ['FILED', 'VERIFIED', 'TOWNSHIP_REVIEWED', 'APPROVED', 'PAID'];
const CLAIM_DOCUMENT_KINDS = ['APPLICATION_REPORT', 'APPLICATION_FORM', 'EVIDENCE'];
const LOAN_DOCUMENT_KINDS = ['LOAN_RECEIPT', 'COLLECTION_NOTICE', 'EVIDENCE'];
const CAUSES = ['DEATH_ILLNESS_DISABILITY', 'FORCE_MAJEURE', 'MARKET_OR_POLICY', 'EXTENDED_STILL_UNPAID'];

function Documents({ documents }: { documents: Document[] }) {
  const kind = useCodeWords('bkDoc_');
  if (!documents.length) return <>—</>;
  return (
    <Space orientation="vertical" size={0}>
      {documents.map((d, i) => (
        <span key={i}>
          <Tag>{kind(d.kind, false)}</Tag>
          {d.reference}
        </span>
      ))}
    </Space>
  );
}

/** Where the claim is on its way: filed, checked, reviewed, approved, paid (or refused at a step). */
function ClaimProgress({ claim }: { claim: Claim }) {
  const { t } = useLang();
  const rejected = claim.status === 'REJECTED';
  const reached = rejected ? Math.max(0, ...claim.events.map((e) => FLOW.indexOf(e.step))) + 1 : FLOW.indexOf(claim.status);
  return (
    <Steps
      size="small"
      current={Math.min(reached, FLOW.length - 1)}
      status={rejected ? 'error' : claim.status === 'PAID' ? 'finish' : 'process'}
      items={FLOW.map((step) => {
        const event = claim.events.find((e) => e.step === step);
        return { title: t(`bkClaim_${step}`), content: event ? formatDateTime(event.at) : undefined };
      })}
    />
  );
}

function ClaimDetail({ claim }: { claim: Claim }) {
  const { t } = useLang();
  const refusal = useCodeWords('bkRefusal_');
  const cause = useCodeWords('bkCause_');
  const step = useCodeWords('bkClaim_');
  const note = useCodeWords('bkNote_');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`bank-claim-detail-${claim.quarter}`}>
      <ClaimProgress claim={claim} />
      <Descriptions size="small" bordered column={2}>
        <Descriptions.Item label={t('bkClaimDocuments')}>
          <Documents documents={claim.documents} />
        </Descriptions.Item>
        <Descriptions.Item label={t('bkCol_rulesVersion')}>{claim.rulesVersionId ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Table<Line>
        data-testid="bank-claim-lines"
        size="small"
        rowKey="contractNo"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={claim.lines}
        title={() => t('bkClaimLines')}
        columns={[
          { title: t('bkCol_contractNo'), dataIndex: 'contractNo' },
          { title: t('bkCol_cause'), dataIndex: 'cause', render: (c: string | null) => cause(c, false) },
          { title: t('bkCol_insurancePaid'), dataIndex: 'insurancePaid', ...moneyColumn },
          { title: t('bkCol_documents'), dataIndex: 'documents', render: (d: Document[]) => <Documents documents={d} /> },
          {
            title: t('bkCol_refusal'),
            key: 'refusal',
            render: (_, l) =>
              l.refusal ? (
                <Space orientation="vertical" size={0}>
                  <Tag color="red">{refusal(l.refusal)}</Tag>
                  {l.refusalDetail && <Typography.Text type="secondary">{l.refusalDetail}</Typography.Text>}
                </Space>
              ) : (
                '—'
              ),
          },
          { title: t('bkCol_loss'), dataIndex: 'loss', ...moneyColumn },
          { title: t('bkCol_compensable'), dataIndex: 'compensable', ...moneyColumn },
          { title: t('bkCol_fundPays'), dataIndex: 'fundPays', ...moneyColumn },
          { title: t('bkCol_bankBears'), dataIndex: 'bankBears', ...moneyColumn },
          { title: t('bkCol_notes'), key: 'notes', render: (_, l) => [...l.notes.map((n) => note(n, false)), ...l.flags].join('、') || '—' },
        ]}
      />
      <Table
        data-testid="bank-claim-events"
        size="small"
        rowKey={(e) => `${e.step}-${e.at}`}
        pagination={false}
        dataSource={claim.events}
        title={() => t('bkClaimEvents')}
        columns={[
          { title: t('bkCol_at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: t('bkCol_step'), dataIndex: 'step', render: (s: string) => step(s, false) },
          { title: t('bkCol_actor'), dataIndex: 'actor' },
          { title: t('bkCol_note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
        ]}
      />
      {claim.recoveries.length > 0 && (
        <Table<Recovery>
          data-testid="bank-claim-recoveries"
          size="small"
          rowKey="reference"
          pagination={false}
          dataSource={claim.recoveries}
          title={() => t('bkRecoveries')}
          columns={[
            { title: t('bkCol_contractNo'), dataIndex: 'contractNo' },
            { title: t('bkCol_reference'), dataIndex: 'reference' },
            { title: t('bkCol_recovered'), dataIndex: 'recovered', ...moneyColumn },
            { title: t('bkCol_returnToFund'), dataIndex: 'returnToFund', ...moneyColumn },
            { title: t('bkCol_receivedOn'), dataIndex: 'receivedOn' },
            { title: t('bkCol_returnDue'), dataIndex: 'returnDue', render: (v: string | null) => v ?? '—' },
            { title: t('bkCol_late'), dataIndex: 'late', render: (late: boolean) => (late ? <Tag color="red">{t('bkYes')}</Tag> : t('bkNo')) },
          ]}
        />
      )}
    </Space>
  );
}

interface FiledLoan {
  contractNo?: string;
  cause?: string;
  insurancePaid?: string;
  documents?: { kind?: string; reference?: string }[];
}

function FileClaimDialog({ bank, county, onClose, onFiled }: { bank: string; county: string; onClose: () => void; onFiled: () => void }) {
  const { t } = useLang();
  const client = useApolloClient();
  const { message } = App.useApp();
  const kind = useCodeWords('bkDoc_');
  const cause = useCodeWords('bkCause_');
  const [form] = Form.useForm();
  const { run, busy, error } = useHubAction();
  const candidates = useQuery<{ npl: { nodes: { contractNo: string }[] }; overdue: { nodes: { contractNo: string }[] } }>(CANDIDATES, {
    variables: { bank, county },
  });
  const contracts = [...(candidates.data?.npl.nodes ?? []), ...(candidates.data?.overdue.nodes ?? [])].map((l) => ({ value: l.contractNo }));
  const documents = (items: { kind?: string; reference?: string }[] | undefined) => (items ?? []).map((d) => ({ kind: d.kind, reference: d.reference ?? '' }));

  const submit = async () => {
    const values = form.getFieldsValue(true) as { quarter?: string; documents?: Document[]; loans?: FiledLoan[] };
    await run(async () => {
      // The input as the hub types it; whatever is wrong (a blank reference, a document the rules require) the hub says.
      await client.mutate({
        mutation: FILE,
        variables: {
          input: {
            countyCode: county,
            quarter: values.quarter,
            documents: documents(values.documents),
            loans: (values.loans ?? []).map((l) => ({
              contractNo: l.contractNo ?? '',
              cause: l.cause ?? null,
              insurancePaid: l.insurancePaid?.trim() || '0.00',
              documents: documents(l.documents),
            })),
          },
        },
      });
      message.success(t('bkFiled', { quarter: values.quarter ?? '' }));
      onFiled();
      onClose();
    });
  };

  const documentList = (name: (string | number)[], kinds: string[], testId: string) => (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((field, i) => (
            <Space key={field.key} align="baseline">
              <Form.Item name={[field.name, 'kind']} noStyle>
                <Select
                  data-testid={`${testId}-kind-${i}`}
                  placeholder={t('bkCol_documentKind')}
                  style={{ width: 230 }}
                  options={kinds.map((k) => ({ value: k, label: kind(k, false) }))}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'reference']} noStyle>
                <Input data-testid={`${testId}-reference-${i}`} placeholder={t('bkCol_documentReference')} maxLength={200} style={{ width: 280 }} />
              </Form.Item>
              <Button size="small" onClick={() => remove(field.name)}>
                {t('bkRemove')}
              </Button>
            </Space>
          ))}
          <Button size="small" onClick={() => add({})} data-testid={`${testId}-add`}>
            {t('bkAddDocument')}
          </Button>
        </Space>
      )}
    </Form.List>
  );

  return (
    <Modal
      open
      width={900}
      title={t('bkFileTitle', { county })}
      onCancel={onClose}
      onOk={submit}
      okText={t('bkFileSubmit')}
      okButtonProps={{ loading: busy, 'data-testid': 'bank-claim-submit' } as never}
    >
      <Form form={form} layout="vertical" initialValues={{ quarter: quarterOptions()[2], documents: [], loans: [{ insurancePaid: '0.00', documents: [] }] }}>
        <Form.Item name="quarter" label={t('bkCol_quarter')}>
          <Select data-testid="bank-claim-quarter" style={{ width: 140 }} options={quarterOptions().map((q) => ({ value: q, label: q }))} />
        </Form.Item>
        <Form.Item label={t('bkClaimDocuments')}>{documentList(['documents'], CLAIM_DOCUMENT_KINDS, 'bank-claim-doc')}</Form.Item>
        <Form.List name="loans">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('bkClaimLoan', { n: i + 1 })}
                  extra={
                    fields.length > 1 && (
                      <Button size="small" onClick={() => remove(field.name)}>
                        {t('bkRemove')}
                      </Button>
                    )
                  }
                >
                  <Space wrap align="start">
                    <Form.Item name={[field.name, 'contractNo']} label={t('bkCol_contractNo')}>
                      <AutoComplete data-testid={`bank-claim-contract-${i}`} options={contracts} style={{ width: 300 }} placeholder={t('bkContractHint')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'cause']} label={t('bkCol_cause')}>
                      <Select
                        data-testid={`bank-claim-cause-${i}`}
                        allowClear
                        style={{ width: 220 }}
                        placeholder={t('bkCauseHint')}
                        options={CAUSES.map((c) => ({ value: c, label: cause(c, false) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'insurancePaid']} label={t('bkCol_insurancePaid')}>
                      <Input data-testid={`bank-claim-insurance-${i}`} style={{ width: 140 }} />
                    </Form.Item>
                  </Space>
                  <Form.Item label={t('bkCol_documents')}>{documentList([field.name, 'documents'], LOAN_DOCUMENT_KINDS, `bank-claim-loan-${i}-doc`)}</Form.Item>
                </Card>
              ))}
              <Button onClick={() => add({ insurancePaid: '0.00', documents: [] })} data-testid="bank-claim-add-loan">
                {t('bkAddLoan')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
      <HubErrorAlert error={error} />
    </Modal>
  );
}

function RecoveryDialog({ claim, onClose, onReported }: { claim: Claim; onClose: () => void; onReported: () => void }) {
  const { t } = useLang();
  const client = useApolloClient();
  const { message } = App.useApp();
  const [contractNo, setContractNo] = useState<string | undefined>(claim.lines.find((l) => l.fundPays && Number(l.fundPays) > 0)?.contractNo);
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const [reference, setReference] = useState('');
  const { run, busy, error } = useHubAction();
  const submit = () =>
    run(async () => {
      const answer = await client.mutate<{ reportRiskFundRecovery: Recovery }>({
        mutation: RECOVER,
        variables: { input: { claimId: claim.id, contractNo, amount, receivedOn, reference } },
      });
      message.success(t('bkRecovered', { amount: answer.data!.reportRiskFundRecovery.returnToFund }));
      onReported();
      onClose();
    });
  return (
    <Modal
      open
      title={t('bkRecoveryTitle', { quarter: claim.quarter })}
      onCancel={onClose}
      onOk={submit}
      okText={t('bkRecoverySubmit')}
      okButtonProps={{ loading: busy, disabled: !contractNo || !amount || !receivedOn || !reference, 'data-testid': 'bank-recovery-submit' } as never}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('bkRecoveryHint')}</Typography.Paragraph>
        <Select
          data-testid="bank-recovery-contract"
          style={{ width: '100%' }}
          value={contractNo}
          onChange={setContractNo}
          options={claim.lines.map((l) => ({ value: l.contractNo, label: l.contractNo }))}
        />
        <Input data-testid="bank-recovery-amount" placeholder={t('bkCol_recovered')} value={amount} onChange={(e) => setAmount(e.target.value)} />
        <Space>
          <Typography.Text>{t('bkCol_receivedOn')}</Typography.Text>
          <Input type="date" data-testid="bank-recovery-received" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} style={{ width: 200 }} />
        </Space>
        <Input data-testid="bank-recovery-reference" placeholder={t('bkRecoveryReference')} value={reference} onChange={(e) => setReference(e.target.value)} />
        <HubErrorAlert error={error} />
      </Space>
    </Modal>
  );
}

export function BankClaimsPage({ bank }: { bank: string }) {
  const { t } = useLang();
  const own = useOwnBank(bank);
  const [chosen, setChosen] = useState<string | undefined>();
  const county = chosen ?? own.counties[0];
  const [status, setStatus] = useState<string | undefined>();
  const [filing, setFiling] = useState(false);
  const [recovering, setRecovering] = useState<Claim | null>(null);
  const pages = useCursorPages();
  const { data, previousData, loading, error, refetch } = useQuery<{ riskFundClaimPage: { nodes: Claim[]; pageInfo: PageInfo } }>(CLAIMS, {
    variables: { county, status: status ?? null, first: CLAIM_PAGE, after: pages.after },
    skip: !county,
    fetchPolicy: 'network-only',
  });
  const connection = (data ?? previousData)?.riskFundClaimPage;
  const reread = () => {
    // A new claim is the newest: back to the first page.
    if (pages.pageIndex === 0) void refetch();
    else pages.reset();
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={`${t('bkClaimsTitle')} · ${own.name}`}
        extra={
          <Space>
            <Typography.Text>{t('bkCol_county')}</Typography.Text>
            <Select
              data-testid="bank-claim-county"
              style={{ width: 120 }}
              value={county}
              onChange={(value) => {
                setChosen(value);
                pages.reset();
              }}
              options={own.counties.map((c) => ({ value: c, label: c }))}
            />
            <Select
              data-testid="bank-claim-filter-status"
              allowClear
              placeholder={t('bkCol_claimStatus')}
              style={{ width: 160 }}
              value={status}
              onChange={(value) => {
                setStatus(value);
                pages.reset();
              }}
              options={[...FLOW, 'REJECTED'].map((s) => ({ value: s, label: t(`bkClaim_${s}`) }))}
            />
            <Button type="primary" disabled={!county} onClick={() => setFiling(true)} data-testid="bank-claim-file">
              {t('bkFileClaim')}
            </Button>
            <Button onClick={() => void refetch()} data-testid="bank-claim-refresh">
              {t('bkRefresh')}
            </Button>
          </Space>
        }
      >
        <HubErrorAlert error={error ?? own.error} />
        <CursorTable<Claim>
          testId="bank-claims"
          loading={loading || own.loading}
          connection={connection}
          pages={pages}
          pageSize={CLAIM_PAGE}
          expandable={{ expandedRowRender: (claim) => <ClaimDetail claim={claim} /> }}
          columns={[
            { title: t('bkCol_quarter'), dataIndex: 'quarter' },
            { title: t('bkCol_claimStatus'), dataIndex: 'status', render: (s: string) => <StatusTag prefix="bkClaim_" status={s} colors={CLAIM_COLOR} /> },
            { title: t('bkCol_filedOn'), dataIndex: 'filedOn' },
            { title: t('bkCol_loans'), key: 'loans', align: 'right', render: (_, c) => c.lines.length },
            { title: t('bkCol_fundPays'), dataIndex: 'fundPays', ...moneyColumn },
            { title: t('bkCol_reviewDue'), dataIndex: 'townshipReviewDue', render: (v: string | null) => v ?? '—' },
            { title: t('bkCol_confirmationDue'), dataIndex: 'confirmationDue', render: (v: string | null) => v ?? '—' },
            { title: t('bkCol_rejectionReason'), dataIndex: 'rejectionReason', render: (v: string | null) => v ?? '—' },
            {
              title: t('bkCol_actions'),
              key: 'actions',
              render: (_, c) =>
                c.status === 'PAID' ? (
                  <Button size="small" onClick={() => setRecovering(c)} data-testid={`bank-claim-recover-${c.quarter}`}>
                    {t('bkReportRecovery')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {filing && county && <FileClaimDialog bank={bank} county={county} onClose={() => setFiling(false)} onFiled={reread} />}
      {recovering && <RecoveryDialog claim={recovering} onClose={() => setRecovering(null)} onReported={() => void refetch()} />}
    </Space>
  );
}
