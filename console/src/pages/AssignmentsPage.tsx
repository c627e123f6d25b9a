/**
 * 分片包干: each township's responsible bank today and its history, reassigning with an
 * effective date (the hub's refusals as it words them), and the banks' list deliveries in server
 * pages, a FAILED one replayed (the API lets the county's bureau and admins do it); the list
 * follows the worker while a delivery is pending or sent (polling), so a replay is seen through.
 */
import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { CursorTable, HubErrorAlert } from '../components';
import { formatCount, formatDateTime } from '../format';
import { useLang } from '../i18n';
import { PAGE_INFO, useCursorPages, type PageInfo } from './cursor-pages';
import { DELIVERY_ROW } from './shared-fragments';
import { useNames } from './finance-common';

const DELIVERY_PAGE = 20;

const ASSIGNMENTS = gql`
  query ConsoleAssignments($county: String!) {
    countyTownshipAssignments(countyCode: $county) {
      townshipCode
      effectiveFrom
      effectiveTo
      bank {
        code
      }
    }
  }
`;

const ASSIGN = gql`
  mutation ConsoleAssignTownship($township: String!, $bank: String!, $from: String!) {
    assignTownship(townshipCode: $township, bankCode: $bank, effectiveFrom: $from) {
      townshipCode
      effectiveFrom
    }
  }
`;

const DELIVERIES = gql`
  ${PAGE_INFO}
  ${DELIVERY_ROW}
  query ConsoleListDeliveries($first: Int, $after: String, $filter: ListDeliveryFilter) {
    listDeliveries(first: $first, after: $after, filter: $filter) {
      nodes {
        ...ConsoleDeliveryRow
        attempts
        lastError
        lastAttemptAt
        bank {
          code
        }
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

const REPLAY = gql`
  mutation ConsoleReplayDelivery($id: ID!) {
    replayListDelivery(id: $id) {
      id
      status
    }
  }
`;

interface Assignment {
  townshipCode: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  bank: { code: string };
}

interface Delivery {
  id: string;
  sequence: number;
  kind: string;
  status: 'PENDING' | 'SENT' | 'ACKNOWLEDGED' | 'FAILED';
  attempts: number;
  lastError: string | null;
  upserts: number;
  removals: number;
  effectiveDate: string;
  createdAt: string;
  lastAttemptAt: string | null;
  bank: { code: string };
}

const DELIVERY_COLOR = { PENDING: 'blue', SENT: 'gold', ACKNOWLEDGED: 'green', FAILED: 'red' } as const;

function ReassignDialog({ county, township, current, onClose }: { county: string; township: string; current: string | null; onClose: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const { banks, bankName, townshipName } = useNames(county);
  const [bank, setBank] = useState<string | undefined>();
  const [from, setFrom] = useState('');
  const [assign, { loading, error }] = useMutation(ASSIGN, { refetchQueries: ['ConsoleAssignments', 'ConsoleListDeliveries'] });
  const submit = async () => {
    try {
      await assign({ variables: { township, bank, from } });
      message.success(t('reassigned', { township: townshipName(township), bank: bankName(bank), from }));
      onClose();
    } catch {
      // shown below, in the hub's words
    }
  };
  return (
    <Modal
      open
      title={t('reassignTitle', { township: townshipName(township) })}
      onCancel={onClose}
      onOk={submit}
      okText={t('reassign')}
      okButtonProps={{ disabled: !bank || !from, loading, 'data-testid': 'reassign-submit' } as never}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('assignCurrent', { bank: bankName(current) })}</Typography.Text>
        <Select
          data-testid="reassign-bank"
          placeholder={t('assignBank')}
          style={{ width: '100%' }}
          value={bank}
          onChange={setBank}
          options={banks.map((b) => ({ value: b.code, label: `${bankName(b.code)}（${b.code}）` }))}
        />
        <Space>
          <Typography.Text>{t('assignFrom')}</Typography.Text>
          <Input type="date" data-testid="reassign-from" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 200 }} />
        </Space>
        <HubErrorAlert error={error} />
      </Space>
    </Modal>
  );
}

function Deliveries({ county }: { county: string }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const { banks, bankName } = useNames(county);
  const [bank, setBank] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const pages = useCursorPages();
  const { data, previousData, loading, error, startPolling, stopPolling } = useQuery<{
    listDeliveries: { nodes: Delivery[]; pageInfo: PageInfo };
  }>(DELIVERIES, { variables: { first: DELIVERY_PAGE, after: pages.after, filter: { countyCode: county, bankCode: bank ?? null, status: status ?? null } } });
  const [replay, replayed] = useMutation(REPLAY, { refetchQueries: ['ConsoleListDeliveries'] });
  const connection = (data ?? previousData)?.listDeliveries;
  const inFlight = (connection?.nodes ?? []).some((d) => d.status === 'PENDING' || d.status === 'SENT');
  useEffect(() => {
    if (!inFlight) return undefined;
    startPolling(2000);
    return stopPolling;
  }, [inFlight, startPolling, stopPolling]);
  return (
    <Card title={t('deliveriesTitle')}>
      <Space style={{ marginBottom: 12 }}>
        <Select
          data-testid="delivery-filter-bank"
          allowClear
          placeholder={t('assignBank')}
          style={{ width: 220 }}
          value={bank}
          onChange={(v) => {
            setBank(v);
            pages.reset();
          }}
          options={banks.map((b) => ({ value: b.code, label: bankName(b.code) }))}
        />
        <Select
          data-testid="delivery-filter-status"
          allowClear
          placeholder={t('status')}
          style={{ width: 160 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            pages.reset();
          }}
          options={(['PENDING', 'SENT', 'ACKNOWLEDGED', 'FAILED'] as const).map((s) => ({ value: s, label: t(`dstatus_${s}`) }))}
        />
      </Space>
      <HubErrorAlert error={error ?? replayed.error} />
      <CursorTable<Delivery>
        testId="deliveries"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={DELIVERY_PAGE}
        columns={[
          { title: t('assignBank'), key: 'bank', render: (_, d) => bankName(d.bank.code) },
          { title: t('deliverySequence'), dataIndex: 'sequence', align: 'right' },
          { title: t('deliveryKind'), dataIndex: 'kind', render: (k: string) => t(`dkind_${k}`) },
          { title: t('deliveryEffective'), dataIndex: 'effectiveDate' },
          {
            title: t('deliveryCounts'),
            key: 'counts',
            render: (_, d) => t('deliveryCountsValue', { up: formatCount(d.upserts), rm: formatCount(d.removals) }),
          },
          { title: t('status'), dataIndex: 'status', render: (s: Delivery['status']) => <Tag color={DELIVERY_COLOR[s]}>{t(`dstatus_${s}`)}</Tag> },
          { title: t('deliveryAttempts'), dataIndex: 'attempts', align: 'right' },
          { title: t('deliveryLastError'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
          { title: t('colCreated'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('colActions'),
            key: 'actions',
            render: (_, d) =>
              d.status === 'FAILED' ? (
                <Button
                  size="small"
                  danger
                  data-testid={`replay-${d.sequence}`}
                  onClick={() =>
                    replay({ variables: { id: d.id } })
                      .then(() => message.success(t('replayed', { n: d.sequence })))
                      .catch(() => undefined)
                  }
                >
                  {t('replay')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

export function AssignmentsPage({ county }: { county: string }) {
  const { t } = useLang();
  const { townships, bankName, townshipName } = useNames(county);
  const { data, loading, error } = useQuery<{ countyTownshipAssignments: Assignment[] }>(ASSIGNMENTS, { variables: { county } });
  const [reassigning, setReassigning] = useState<{ township: string; current: string | null } | null>(null);
  const all = data?.countyTownshipAssignments ?? [];
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const rows = townships.map((township) => {
    const history = all.filter((a) => a.townshipCode === township.code);
    const current = history.find((a) => a.effectiveFrom <= today && (a.effectiveTo === null || a.effectiveTo > today)) ?? null;
    const upcoming = history.filter((a) => a.effectiveFrom > today);
    return { code: township.code, history, current, upcoming };
  });
  const period = (a: Assignment) => `${a.effectiveFrom} – ${a.effectiveTo ?? t('assignOpen')}`;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('assignTitle')}>
        <HubErrorAlert error={error} />
        <Table
          data-testid="assignments"
          size="small"
          rowKey="code"
          loading={loading}
          dataSource={rows}
          pagination={false}
          expandable={{
            expandedRowRender: (row) => (
              <Table<Assignment>
                data-testid={`assignment-history-${row.code}`}
                size="small"
                rowKey={(a) => `${a.effectiveFrom}-${a.bank.code}`}
                dataSource={[...row.history].reverse()}
                pagination={false}
                columns={[
                  { title: t('assignBank'), key: 'bank', render: (_, a) => `${bankName(a.bank.code)}（${a.bank.code}）` },
                  { title: t('assignPeriod'), key: 'period', render: (_, a) => period(a) },
                ]}
              />
            ),
          }}
          columns={[
            { title: t('colTownship'), key: 'township', render: (_, r) => `${townshipName(r.code)}（${r.code}）` },
            { title: t('assignCurrentBank'), key: 'current', render: (_, r) => (r.current ? bankName(r.current.bank.code) : '—') },
            { title: t('assignSince'), key: 'since', render: (_, r) => r.current?.effectiveFrom ?? '—' },
            {
              title: t('assignUpcoming'),
              key: 'upcoming',
              render: (_, r) => (r.upcoming.length ? r.upcoming.map((a) => `${bankName(a.bank.code)} ${a.effectiveFrom}`).join('；') : '—'),
            },
            { title: t('assignHistoryCount'), key: 'count', align: 'right', render: (_, r) => r.history.length },
            {
              title: t('colActions'),
              key: 'actions',
              render: (_, r) => (
                <Button
                  size="small"
                  data-testid={`reassign-${r.code}`}
                  onClick={() => setReassigning({ township: r.code, current: (r.upcoming.at(-1) ?? r.current)?.bank.code ?? null })}
                >
                  {t('reassign')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Deliveries county={county} />
      {reassigning && <ReassignDialog county={county} township={reassigning.township} current={reassigning.current} onClose={() => setReassigning(null)} />}
    </Space>
  );
}
