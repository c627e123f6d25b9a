/**
 * 银行管理: the hub's bank registry in server pages (code, names, 一卡通 card prefixes, counties,
 * the connector's address and the name of its credential as the API shows them to an admin,
 * status), filtered by a search, a county and status; registering a bank, changing one, retiring
 * one after a confirmation (the hub refuses while townships are still assigned to it, in its own
 * words); each bank's audit trail (who registered, changed, retired it).
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CursorTable, HubErrorAlert, useHubAction } from '../components';
import { formatDateTime } from '../format';
import { useLang } from '../i18n';
import { useCounties } from './admin-common';
import { PAGE_INFO, useCursorPages, type PageInfo } from './cursor-pages';

const BANK_PAGE = 20;

const BANK_FIELDS = `
  code
  name
  nameEn
  cardPrefixes
  countyCodes
  connectorUrl
  credentialRef
  registeredAt
  retiredAt
  retired
  changes {
    action
    actor
    at
    changesJson
    reason
  }
`;

const BANKS = gql`
  ${PAGE_INFO}
  query ConsoleAdminBanks($first: Int, $after: String, $filter: BankFilter) {
    registeredBanks(first: $first, after: $after, filter: $filter) {
      nodes {
        ${BANK_FIELDS}
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

const REGISTER = gql`
  mutation ConsoleRegisterBank($input: RegisterBankInput!) {
    registerBank(input: $input) {
      ${BANK_FIELDS}
    }
  }
`;

const UPDATE = gql`
  mutation ConsoleUpdateBank($code: String!, $input: UpdateBankInput!) {
    updateBank(code: $code, input: $input) {
      ${BANK_FIELDS}
    }
  }
`;

const RETIRE = gql`
  mutation ConsoleRetireBank($code: String!, $reason: String) {
    retireBank(code: $code, reason: $reason) {
      ${BANK_FIELDS}
    }
  }
`;

interface BankChange {
  action: 'REGISTERED' | 'UPDATED' | 'RETIRED';
  actor: string;
  at: string;
  changesJson: string;
  reason: string | null;
}

interface Bank {
  code: string;
  name: string;
  nameEn: string | null;
  cardPrefixes: string[];
  countyCodes: string[];
  connectorUrl: string | null;
  credentialRef: string | null;
  registeredAt: string | null;
  retiredAt: string | null;
  retired: boolean;
  changes: BankChange[];
}

interface BankForm {
  code: string;
  name: string;
  nameEn: string;
  cardPrefixes: string[];
  countyCodes: string[];
  connectorUrl?: string;
  credentialRef?: string;
}

/** An empty connector field is no connector: null (which clears it on an update). */
const orNull = (text: string | undefined) => (text && text.trim() ? text.trim() : null);

/** Register (no bank given) or change a bank: the fields of RegisterBankInput / UpdateBankInput. */
function BankDialog({ bank, onClose, onSaved }: { bank: Bank | null; onClose: () => void; onSaved: (code: string) => void }) {
  const { t } = useLang();
  const client = useApolloClient();
  const { counties } = useCounties();
  const [form] = Form.useForm<BankForm>();
  const { run, busy: saving, error } = useHubAction();
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const fields = {
      name: values.name,
      nameEn: values.nameEn,
      cardPrefixes: values.cardPrefixes ?? [],
      countyCodes: values.countyCodes ?? [],
      connectorUrl: orNull(values.connectorUrl),
      credentialRef: orNull(values.credentialRef),
    };
    await run(async () => {
      if (bank) await client.mutate({ mutation: UPDATE, variables: { code: bank.code, input: fields } });
      else await client.mutate({ mutation: REGISTER, variables: { input: { code: values.code, ...fields } } });
      onSaved(bank?.code ?? values.code);
    });
  };
  const required = [{ required: true, message: t('adminBankRequired') }];
  return (
    <Modal
      open
      width={640}
      title={bank ? t('adminBankUpdateTitle', { code: bank.code }) : t('adminBankRegisterTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={bank ? t('adminBankSave') : t('adminBankRegister')}
      okButtonProps={{ loading: saving, 'data-testid': 'bank-form-submit' } as never}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          bank
            ? {
                name: bank.name,
                nameEn: bank.nameEn ?? '',
                cardPrefixes: bank.cardPrefixes,
                countyCodes: bank.countyCodes,
                connectorUrl: bank.connectorUrl ?? '',
                credentialRef: bank.credentialRef ?? '',
              }
            : { cardPrefixes: [], countyCodes: [] }
        }
      >
        {!bank && (
          <Form.Item name="code" label={t('adminBankCode')} extra={t('adminBankCodeHint')} rules={required}>
            <Input data-testid="bank-form-code" maxLength={16} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('adminBankName')} rules={required}>
          <Input data-testid="bank-form-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('adminBankNameEn')} rules={required}>
          <Input data-testid="bank-form-name-en" />
        </Form.Item>
        <Form.Item name="cardPrefixes" label={t('adminBankCardPrefixes')} extra={t('adminBankCardPrefixesHint')}>
          <Select mode="tags" data-testid="bank-form-prefixes" tokenSeparators={[',', ' ', '，']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="countyCodes" label={t('adminBankCounties')}>
          <Select
            mode="multiple"
            data-testid="bank-form-counties"
            showSearch={{ optionFilterProp: 'label' }}
            options={counties.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="connectorUrl" label={t('adminBankConnectorUrl')} extra={t('adminBankConnectorUrlHint')}>
          <Input data-testid="bank-form-connector" placeholder="https://" />
        </Form.Item>
        <Form.Item name="credentialRef" label={t('adminBankCredentialRef')} extra={t('adminBankCredentialRefHint')}>
          <Input data-testid="bank-form-credential" />
        </Form.Item>
      </Form>
      <HubErrorAlert error={error} />
    </Modal>
  );
}

/** What one audit entry changed, field by field ("名称：旧 → 新"). */
function ChangeDetail({ change }: { change: BankChange }) {
  const { t } = useLang();
  const { countyName } = useCounties();
  let fields: Record<string, { from: unknown; to: unknown }> = {};
  try {
    fields = JSON.parse(change.changesJson) as typeof fields;
  } catch {
    return <Typography.Text code>{change.changesJson}</Typography.Text>;
  }
  const shown = (v: unknown, field: string) =>
    v == null || (Array.isArray(v) && v.length === 0)
      ? '—'
      : Array.isArray(v)
        ? v.map((x) => (field === 'countyCodes' ? `${countyName(String(x))}（${x}）` : String(x))).join('、')
        : String(v);
  const entries = Object.entries(fields);
  if (entries.length === 0) return <>{change.reason ?? '—'}</>;
  return (
    <Space orientation="vertical" size={0}>
      {entries.map(([field, c]) => (
        <Typography.Text key={field}>
          {t(`adminBankField_${field}`)}：{change.action === 'REGISTERED' ? shown(c.to, field) : `${shown(c.from, field)} → ${shown(c.to, field)}`}
        </Typography.Text>
      ))}
    </Space>
  );
}

export function AdminBanksPage() {
  const { t, lang } = useLang();
  const client = useApolloClient();
  const { modal, message } = App.useApp();
  const { counties, countyName } = useCounties();
  const [search, setSearch] = useState('');
  const [county, setCounty] = useState<string | undefined>();
  const [status, setStatus] = useState<'ACTIVE' | 'RETIRED' | undefined>();
  const [editing, setEditing] = useState<{ bank: Bank | null } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const pages = useCursorPages();
  const filter = { search: search || null, countyCode: county ?? null, retired: status === undefined ? null : status === 'RETIRED' };
  const { data, previousData, loading, error, refetch } = useQuery<{
    registeredBanks: { nodes: Bank[]; pageInfo: PageInfo };
  }>(BANKS, { variables: { first: BANK_PAGE, after: pages.after, filter }, fetchPolicy: 'network-only' });
  const connection = (data ?? previousData)?.registeredBanks;
  const narrowed = (run: () => void) => {
    run();
    pages.reset();
  };

  const retire = (bank: Bank) => {
    let reason = '';
    modal.confirm({
      title: t('adminBankRetireTitle', { name: bank.name, code: bank.code }),
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('adminBankRetireBody')}</Typography.Text>
          <Input.TextArea data-testid="retire-reason" placeholder={t('adminBankRetireReason')} maxLength={500} onChange={(e) => (reason = e.target.value)} />
        </Space>
      ),
      okText: t('adminBankRetire'),
      okButtonProps: { danger: true },
      onOk: async () => {
        setActionError(null);
        try {
          await client.mutate({ mutation: RETIRE, variables: { code: bank.code, reason: reason.trim() || null } });
          message.success(t('adminBankRetired', { code: bank.code }));
          await refetch();
        } catch (e) {
          setActionError(e);
        }
      },
    });
  };

  return (
    <Card
      title={t('menuAdminBanks')}
      extra={
        <Button
          type="primary"
          data-testid="register-bank"
          onClick={() => {
            setActionError(null);
            setEditing({ bank: null });
          }}
        >
          {t('adminBankRegister')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          data-testid="bank-search"
          allowClear
          placeholder={t('adminBankSearch')}
          style={{ width: 260 }}
          onSearch={(v) => narrowed(() => setSearch(v.trim()))}
        />
        <Select
          data-testid="bank-filter-county"
          allowClear
          placeholder={t('adminBankCounty')}
          style={{ width: 200 }}
          value={county}
          onChange={(v) => narrowed(() => setCounty(v))}
          options={counties.map((c) => ({ value: c.code, label: c.name }))}
        />
        <Select
          data-testid="bank-filter-status"
          allowClear
          placeholder={t('adminBankStatus')}
          style={{ width: 140 }}
          value={status}
          onChange={(v) => narrowed(() => setStatus(v))}
          options={[
            { value: 'ACTIVE', label: t('adminBankActive') },
            { value: 'RETIRED', label: t('adminBankRetiredStatus') },
          ]}
        />
      </Space>
      <HubErrorAlert error={error ?? actionError} />
      <CursorTable<Bank>
        testId="banks"
        rowKey="code"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={BANK_PAGE}
        expandable={{
          expandedRowRender: (bank) => (
            <Table<BankChange>
              data-testid={`bank-changes-${bank.code}`}
              size="small"
              rowKey={(c) => `${c.at}-${c.action}`}
              dataSource={bank.changes}
              pagination={false}
              columns={[
                { title: t('adminBankChangeAt'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
                { title: t('adminBankChangeAction'), dataIndex: 'action', render: (a: BankChange['action']) => t(`adminBankAction_${a}`) },
                { title: t('adminBankChangeActor'), dataIndex: 'actor' },
                { title: t('adminBankChangeWhat'), key: 'what', render: (_, c) => <ChangeDetail change={c} /> },
                { title: t('adminBankChangeReason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
              ]}
            />
          ),
        }}
        columns={[
          {
            title: t('adminBankCode'),
            dataIndex: 'code',
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (c: string) => <Typography.Text strong>{c}</Typography.Text>,
          },
          {
            title: t('adminBankName'),
            key: 'name',
            render: (_, b) => (
              <Space orientation="vertical" size={0}>
                <span>{lang === 'zh' ? b.name : (b.nameEn ?? b.name)}</span>
                <Typography.Text type="secondary">{lang === 'zh' ? (b.nameEn ?? '—') : b.name}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('adminBankCardPrefixes'),
            dataIndex: 'cardPrefixes',
            render: (p: string[]) => (p.length ? p.map((x) => <Tag key={x}>{x}</Tag>) : '—'),
          },
          {
            title: t('adminBankCounties'),
            dataIndex: 'countyCodes',
            render: (codes: string[]) => (codes.length ? codes.map((c) => <Tag key={c}>{`${countyName(c)}（${c}）`}</Tag>) : '—'),
          },
          {
            title: t('adminBankConnector'),
            key: 'connector',
            render: (_, b) => (
              <Space orientation="vertical" size={0}>
                {b.connectorUrl ? <Typography.Text code>{b.connectorUrl}</Typography.Text> : '—'}
                <Typography.Text type="secondary">{b.credentialRef ? t('adminBankCredentialShown', { ref: b.credentialRef }) : '—'}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('adminBankStatus'),
            key: 'status',
            render: (_, b) =>
              b.retired ? (
                <Tag color="default">{t('adminBankRetiredOn', { at: formatDateTime(b.retiredAt) })}</Tag>
              ) : (
                <Tag color="green">{t('adminBankActive')}</Tag>
              ),
          },
          { title: t('adminBankRegisteredAt'), dataIndex: 'registeredAt', render: (v: string | null) => formatDateTime(v) },
          {
            title: t('adminBankActions'),
            key: 'actions',
            render: (_, b) =>
              !b.retired && (
                <Space>
                  <Button
                    size="small"
                    data-testid={`update-bank-${b.code}`}
                    onClick={() => {
                      setActionError(null);
                      setEditing({ bank: b });
                    }}
                  >
                    {t('adminBankUpdate')}
                  </Button>
                  <Button size="small" danger data-testid={`retire-bank-${b.code}`} onClick={() => retire(b)}>
                    {t('adminBankRetire')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <BankDialog
          bank={editing.bank}
          onClose={() => setEditing(null)}
          onSaved={(code) => {
            message.success(editing.bank ? t('adminBankUpdated', { code }) : t('adminBankRegistered', { code }));
            setEditing(null);
            void refetch();
          }}
        />
      )}
    </Card>
  );
}
