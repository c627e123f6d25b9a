/**
 * 一卡通账户: upload an account file, follow the worker's match, read the report; the county's
 * accounts in server pages; correct one (number, holder, issuing bank, status: setOneCardAccount,
 * the hub's refusal shown in its words, the list read again).
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { IMPORT_REPORT_FIELDS, ImportReportCard, ImportUploadCard, type ImportReportFields } from './import-upload';
import { CursorTable, HubErrorAlert, useHubAction } from '../components';
import { formatDateTime } from '../format';
import { useLang } from '../i18n';
import { useNames } from './finance-common';
import { PAGE_INFO, useCursorPages, type PageInfo } from './cursor-pages';

const ERROR_PAGE = 10;
const ACCOUNT_PAGE = 20;

const ONE_CARD_IMPORT = gql`
  query ConsoleOneCardImport($id: ID!, $first: Int, $after: String) {
    oneCardImport(id: $id) {
      encoding
      mode
      status
      validRows
      appliedRows
      finishedAt
      ${IMPORT_REPORT_FIELDS}
    }
  }
`;

const ONE_CARD_ACCOUNTS = gql`
  ${PAGE_INFO}
  query ConsoleOneCardAccounts($first: Int, $after: String, $filter: OneCardAccountFilter) {
    oneCardAccounts(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        householdId
        accountNumber
        holderName
        status
        issuingBank {
          code
        }
        household {
          id
          householdNo
        }
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

interface ImportData {
  oneCardImport: ImportReportFields & {
    encoding: string | null;
    mode: 'REJECT_FILE' | 'SKIP_BAD_ROWS';
    status: 'PENDING_MATCH' | 'APPLIED' | 'REJECTED';
    validRows: number;
    appliedRows: number;
    finishedAt: string | null;
  };
}

const SET_ONE_CARD_ACCOUNT = gql`
  mutation ConsoleSetOneCardAccount($input: OneCardAccountInput!) {
    setOneCardAccount(input: $input)
  }
`;

const ACCOUNT_STATUSES = ['ACTIVE', 'FROZEN', 'CLOSED'] as const;

interface Account {
  id: string;
  householdId: string;
  accountNumber: string;
  holderName: string;
  status: 'ACTIVE' | 'FROZEN' | 'CLOSED';
  issuingBank: { code: string };
  household: { id: string; householdNo: string } | null;
}

const STATUS_COLOR = { PENDING_MATCH: 'blue', APPLIED: 'green', REJECTED: 'red' } as const;

function ImportReport({ importId, onFinished }: { importId: string; onFinished: () => void }) {
  const { t } = useLang();
  const pages = useCursorPages();
  const { data, previousData, loading, error, stopPolling } = useQuery<ImportData>(ONE_CARD_IMPORT, {
    variables: { id: importId, first: ERROR_PAGE, after: pages.after },
    pollInterval: 1000,
  });
  const report = (data ?? previousData)?.oneCardImport;
  const finished = report != null && report.status !== 'PENDING_MATCH';
  useEffect(() => {
    if (!finished) return;
    stopPolling();
    onFinished();
  }, [finished]);
  if (error) return <HubErrorAlert error={error} />;
  if (!report) return <Card loading />;

  return (
    <ImportReportCard
      testId="one-card-report"
      testIdPrefix="oc-"
      duplicate={report.duplicate}
      report={report}
      status={{ color: STATUS_COLOR[report.status], text: t(`ocStatus_${report.status}`), testId: 'one-card-status' }}
      counts={[
        { label: t('ocValidRows'), value: report.validRows, testId: 'oc-valid-rows' },
        { label: t('ocAppliedRows'), value: report.appliedRows, testId: 'oc-applied-rows' },
      ]}
      details={[
        { label: t('ocFinished'), value: formatDateTime(report.finishedAt) },
        { label: t('ocEncoding'), value: report.encoding ?? '—' },
      ]}
      downloads={`/downloads/one-card-imports/${report.id}`}
      rowErrors={{
        pageIndex: pages.pageIndex,
        pageSize: ERROR_PAGE,
        loading: loading && !data,
        goTo: (i) => pages.goTo(i, report.errors.pageInfo.endCursor),
      }}
    />
  );
}

function AccountsTable({ county }: { county: string }) {
  const { t } = useLang();
  const { banks, bankName } = useNames(county);
  const [bank, setBank] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const pages = useCursorPages();
  const [editing, setEditing] = useState<Account | null>(null);
  const { data, previousData, loading, error, refetch } = useQuery<{
    oneCardAccounts: { nodes: Account[]; pageInfo: PageInfo };
  }>(ONE_CARD_ACCOUNTS, {
    variables: { first: ACCOUNT_PAGE, after: pages.after, filter: { countyCode: county, issuingBankCode: bank ?? null, status: status ?? null } },
    fetchPolicy: 'network-only',
  });
  const connection = (data ?? previousData)?.oneCardAccounts;
  return (
    <Card title={t('ocAccountsTitle')}>
      <Space style={{ marginBottom: 12 }}>
        <Select
          data-testid="oc-filter-bank"
          allowClear
          placeholder={t('ocIssuingBank')}
          style={{ width: 220 }}
          value={bank}
          onChange={(value) => {
            setBank(value);
            pages.reset();
          }}
          options={banks.map((b) => ({ value: b.code, label: bankName(b.code) }))}
        />
        <Select
          data-testid="oc-filter-status"
          allowClear
          placeholder={t('status')}
          style={{ width: 140 }}
          value={status}
          onChange={(value) => {
            setStatus(value);
            pages.reset();
          }}
          options={ACCOUNT_STATUSES.map((s) => ({ value: s, label: t(`acct_${s}`) }))}
        />
      </Space>
      <HubErrorAlert error={error} />
      <CursorTable<Account>
        testId="oc-accounts"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={ACCOUNT_PAGE}
        columns={[
          { title: t('colHouseholdNo'), key: 'household', render: (_, a) => a.household?.householdNo ?? '—' },
          { title: t('ocHolder'), dataIndex: 'holderName' },
          { title: t('ocAccountNumber'), dataIndex: 'accountNumber' },
          { title: t('ocIssuingBank'), key: 'bank', render: (_, a) => bankName(a.issuingBank.code) },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: Account['status']) => <Tag color={s === 'ACTIVE' ? 'green' : s === 'FROZEN' ? 'orange' : 'default'}>{t(`acct_${s}`)}</Tag>,
          },
          {
            title: t('colActions'),
            key: 'actions',
            render: (_, a) => (
              <Button size="small" onClick={() => setEditing(a)} data-testid="oc-edit">
                {t('ocEdit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <EditAccountDialog
          key={editing.id}
          county={county}
          account={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refetch();
          }}
        />
      )}
    </Card>
  );
}

interface AccountForm {
  accountNumber: string;
  holderName: string;
  issuingBankCode: string;
  status: Account['status'];
}

/** The correction: number and holder entered in full (the list has them masked), bank and status as they are. */
function EditAccountDialog({ county, account, onClose, onSaved }: { county: string; account: Account; onClose: () => void; onSaved: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const client = useApolloClient();
  const { banks, bankName } = useNames(county);
  const [form] = Form.useForm<AccountForm>();
  const { run, busy: saving, error: refusal } = useHubAction();
  const save = async () => {
    const values = await form.validateFields();
    await run(async () => {
      await client.mutate({
        mutation: SET_ONE_CARD_ACCOUNT,
        variables: {
          input: {
            householdId: account.householdId,
            countyCode: county,
            issuingBankCode: values.issuingBankCode,
            accountNumber: values.accountNumber.trim(),
            holderName: values.holderName.trim(),
            status: values.status,
          },
        },
      });
      message.success(t('ocSaved'));
      onSaved();
    });
  };
  return (
    <Modal
      open
      title={`${t('ocEditTitle')} · ${account.accountNumber}`}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'oc-edit-save' } as Record<`data-${string}`, string>}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('ocEditHint')}</Typography.Paragraph>
      <Form<AccountForm>
        form={form}
        layout="vertical"
        data-testid="oc-edit-form"
        initialValues={{ accountNumber: '', holderName: '', issuingBankCode: account.issuingBank.code, status: account.status }}
      >
        <Form.Item name="accountNumber" label={t('ocAccountNumberFull')} rules={[{ required: true }]}>
          <Input data-testid="oc-edit-number" inputMode="numeric" autoComplete="off" />
        </Form.Item>
        <Form.Item name="holderName" label={t('ocHolderFull')} rules={[{ required: true }]}>
          <Input data-testid="oc-edit-holder" autoComplete="off" />
        </Form.Item>
        <Form.Item name="issuingBankCode" label={t('ocIssuingBank')} rules={[{ required: true }]}>
          <Select data-testid="oc-edit-bank" options={banks.map((b) => ({ value: b.code, label: bankName(b.code) }))} />
        </Form.Item>
        <Form.Item name="status" label={t('status')} rules={[{ required: true }]}>
          <Select data-testid="oc-edit-status" options={ACCOUNT_STATUSES.map((s) => ({ value: s, label: t(`acct_${s}`) }))} />
        </Form.Item>
      </Form>
      <HubErrorAlert error={refusal} />
    </Modal>
  );
}

export function OneCardAccountsPage({ county }: { county: string }) {
  const { t } = useLang();
  const [importId, setImportId] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ImportUploadCard
        county={county}
        endpoint="/uploads/one-card-accounts"
        title={t('ocUploadTitle')}
        dropText={t('ocDrop')}
        dropHint={t('ocDropHint')}
        testIds={{ mode: 'oc-mode', skip: 'oc-mode-skip', drop: 'one-card-drop' }}
        onStart={() => setImportId(null)}
        onUploaded={(answer) => setImportId(answer.id)}
      />
      {importId && <ImportReport key={importId} importId={importId} onFinished={() => setRefresh((n) => n + 1)} />}
      <Space>
        <Button onClick={() => setRefresh((n) => n + 1)} data-testid="oc-refresh">
          {t('refresh')}
        </Button>
      </Space>
      <AccountsTable key={refresh} county={county} />
    </Space>
  );
}
