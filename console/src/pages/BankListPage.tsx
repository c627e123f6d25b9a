/**
 * 我行名单: the beneficiary list of the townships the bank is responsible for today, masked,
 * filtered and paged on the server; one value of one household revealed with a stated reason (the
 * API lets the responsible bank do so and audits the read before it answers; the audit trail
 * itself is the county's, not shown to a bank); and the list deliveries the bank received, each
 * with the households it added, changed and removed, in pages.
 */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Card, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CursorTable, FilterSelect, HubErrorAlert } from '../components';
import { formatCount, formatDateTime } from '../format';
import { CATEGORY, useLang } from '../i18n';
import { StatusTag, useCodeWords, useOwnBank, type PageInfo } from './bank-common';
import { PAGE_INFO, useCursorPages } from './cursor-pages';
import { DELIVERY_ROW } from './shared-fragments';
import { HouseholdList, LISTED_HOUSEHOLD, type ListedHousehold } from './household-list';
import { RevealDialog } from './household-reveal';

const DELIVERY_PAGE = 10;
const ITEM_PAGE = 10;

const HOUSEHOLDS = gql`
  ${PAGE_INFO}
  ${LISTED_HOUSEHOLD}
  query ConsoleBankHouseholds($first: Int, $after: String, $filter: HouseholdFilter) {
    households(first: $first, after: $after, filter: $filter) {
      nodes {
        ...ConsoleListedHousehold
        townshipCode
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

const DELIVERIES = gql`
  ${PAGE_INFO}
  ${DELIVERY_ROW}
  query ConsoleBankDeliveries($first: Int, $after: String, $filter: ListDeliveryFilter) {
    listDeliveries(first: $first, after: $after, filter: $filter) {
      nodes {
        ...ConsoleDeliveryRow
        countyCode
        snapshotTownships
        acknowledgedAt
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

const ITEMS = gql`
  ${PAGE_INFO}
  query ConsoleBankDeliveryItems($id: ID!, $first: Int, $after: String, $change: ListDeliveryChange) {
    listDeliveries(first: 1, filter: { id: $id }) {
      nodes {
        id
        items(first: $first, after: $after, change: $change) {
          nodes {
            householdNo
            change
            townshipCode
            villageCode
            category
            isMonitored
            headName
            idNumber
            removalReason
          }
          pageInfo {
            ...ConsolePageInfo
          }
        }
      }
    }
  }
`;

interface Household extends ListedHousehold {
  townshipCode: string;
}

interface Delivery {
  id: string;
  sequence: number;
  kind: string;
  status: string;
  countyCode: string;
  effectiveDate: string;
  upserts: number;
  removals: number;
  snapshotTownships: string[] | null;
  createdAt: string;
  acknowledgedAt: string | null;
}

interface Item {
  householdNo: string;
  change: 'ADD' | 'CHANGE' | 'REMOVE';
  townshipCode: string;
  villageCode: string | null;
  category: string | null;
  isMonitored: boolean | null;
  headName: string | null;
  idNumber: string | null;
  removalReason: string | null;
}

const DELIVERY_COLOR = { PENDING: 'blue', SENT: 'gold', ACKNOWLEDGED: 'green', FAILED: 'red' };
const CHANGE_COLOR = { ADD: 'green', CHANGE: 'blue', REMOVE: 'red' };

/** The bank's dialog: the read is audited for the county, whose trail a bank does not read. */
function BankRevealDialog({ household, onClose }: { household: Household; onClose: () => void }) {
  const { t } = useLang();
  return (
    <RevealDialog
      household={household}
      testIdPrefix="bank-"
      words={{ title: 'bkRevealTitle', hint: 'bkRevealHint', reason: 'bkRevealReason', submit: 'bkRevealSubmit', audited: 'bkRevealAudited', close: 'bkClose' }}
      fieldLabel={(f) => t(`bkCol_${f}`)}
      auditOf={async () => t('bkRevealAuditedValue')}
      onClose={onClose}
    />
  );
}

function DeliveryItems({ delivery, townshipName }: { delivery: Delivery; townshipName: (code: string) => string }) {
  const { lang, t } = useLang();
  const removal = useCodeWords('bkRemoval_');
  const [change, setChange] = useState<'' | Item['change']>('');
  const pages = useCursorPages();
  const { data, previousData, loading, error } = useQuery<{ listDeliveries: { nodes: { id: string; items: { nodes: Item[]; pageInfo: PageInfo } }[] } }>(
    ITEMS,
    { variables: { id: delivery.id, first: ITEM_PAGE, after: pages.after, change: change || null } },
  );
  const connection = (data ?? previousData)?.listDeliveries.nodes[0]?.items;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group value={change} onChange={(e) => pages.resetting(setChange)(e.target.value)} data-testid={`bank-delivery-change-${delivery.sequence}`}>
        <Radio.Button value="">{t('bkChangeAll')}</Radio.Button>
        <Radio.Button value="ADD">{t('bkChange_ADD')}</Radio.Button>
        <Radio.Button value="CHANGE">{t('bkChange_CHANGE')}</Radio.Button>
        <Radio.Button value="REMOVE">{t('bkChange_REMOVE')}</Radio.Button>
      </Radio.Group>
      <HubErrorAlert error={error} />
      <CursorTable<Item>
        testId={`bank-delivery-items-${delivery.sequence}`}
        rowKey="householdNo"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={ITEM_PAGE}
        columns={[
          { title: t('bkCol_change'), dataIndex: 'change', render: (c: Item['change']) => <Tag color={CHANGE_COLOR[c]}>{t(`bkChange_${c}`)}</Tag> },
          { title: t('bkCol_householdNo'), dataIndex: 'householdNo' },
          { title: t('bkCol_headName'), dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
          { title: t('bkCol_idNumber'), dataIndex: 'idNumber', render: (v: string | null) => v ?? '—' },
          { title: t('bkCol_township'), dataIndex: 'townshipCode', render: townshipName },
          { title: t('bkCol_category'), dataIndex: 'category', render: (c: string | null) => (c ? (CATEGORY[c]?.[lang] ?? c) : '—') },
          { title: t('bkCol_monitored'), dataIndex: 'isMonitored', render: (m: boolean | null) => (m == null ? '—' : m ? t('bkYes') : t('bkNo')) },
          { title: t('bkCol_removalReason'), dataIndex: 'removalReason', render: (r: string | null) => removal(r) },
        ]}
      />
    </Space>
  );
}

function Deliveries({ bank, townshipName }: { bank: string; townshipName: (code: string) => string }) {
  const { t } = useLang();
  const [status, setStatus] = useState<string | undefined>();
  const pages = useCursorPages();
  const { data, previousData, loading, error } = useQuery<{ listDeliveries: { nodes: Delivery[]; pageInfo: PageInfo } }>(DELIVERIES, {
    variables: { first: DELIVERY_PAGE, after: pages.after, filter: { bankCode: bank, status: status ?? null } },
    fetchPolicy: 'network-only',
  });
  const connection = (data ?? previousData)?.listDeliveries;
  return (
    <Card title={t('bkDeliveriesTitle')}>
      <Space style={{ marginBottom: 12 }}>
        <FilterSelect<string>
          testId="bank-delivery-filter-status"
          placeholder={t('bkCol_status')}
          width={180}
          value={status}
          onChange={pages.resetting(setStatus)}
          options={['PENDING', 'SENT', 'ACKNOWLEDGED', 'FAILED'].map((s) => ({ value: s, label: t(`bkDelivery_${s}`) }))}
        />
      </Space>
      <HubErrorAlert error={error} />
      <CursorTable<Delivery>
        testId="bank-deliveries"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={DELIVERY_PAGE}
        expandable={{ expandedRowRender: (d) => <DeliveryItems delivery={d} townshipName={townshipName} /> }}
        columns={[
          { title: t('bkCol_sequence'), dataIndex: 'sequence', align: 'right' },
          { title: t('bkCol_kind'), dataIndex: 'kind', render: (k: string) => t(`bkKind_${k}`) },
          { title: t('bkCol_county'), dataIndex: 'countyCode' },
          {
            title: t('bkCol_snapshotTownships'),
            dataIndex: 'snapshotTownships',
            render: (codes: string[] | null) => (codes?.length ? codes.map(townshipName).join('、') : '—'),
          },
          { title: t('bkCol_effective'), dataIndex: 'effectiveDate' },
          { title: t('bkCol_status'), dataIndex: 'status', render: (s: string) => <StatusTag prefix="bkDelivery_" status={s} colors={DELIVERY_COLOR} /> },
          {
            title: t('bkCol_counts'),
            key: 'counts',
            render: (_, d) => t('bkCountsValue', { up: formatCount(d.upserts), rm: formatCount(d.removals) }),
          },
          { title: t('bkCol_created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('bkCol_acknowledged'), dataIndex: 'acknowledgedAt', render: (v: string | null) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}

export function BankListPage({ bank }: { bank: string }) {
  const { t } = useLang();
  const own = useOwnBank(bank);
  const [revealing, setRevealing] = useState<Household | null>(null);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={`${t('bkListTitle')} · ${own.name}`}>
        <HubErrorAlert error={own.error} />
        <Space wrap style={{ marginBottom: 12 }} data-testid="bank-townships">
          <Typography.Text>{t('bkTownshipsToday')}</Typography.Text>
          {own.townships.length === 0 && !own.loading ? <Typography.Text type="secondary">{t('bkNoTownships')}</Typography.Text> : null}
          {own.townships.map((tw) => (
            <Tag key={tw.townshipCode} color="green">
              {t('bkTownshipSince', { name: tw.name, code: tw.townshipCode, since: tw.since })}
            </Tag>
          ))}
        </Space>
        <HouseholdList<Household>
          testIdPrefix="bank-"
          query={HOUSEHOLDS}
          baseFilter={{}}
          townships={own.townships.map((tw) => ({ code: tw.townshipCode, name: tw.name }))}
          townshipOf={(h) => own.townshipName(h.townshipCode)}
          columnLabel={(c) => t(`bkCol_${c}`)}
          words={{ yes: 'bkYes', no: 'bkNo', reveal: 'bkReveal', maskedHint: 'bkMaskedHint' }}
          onReveal={setRevealing}
        />
      </Card>
      <Deliveries bank={bank} townshipName={own.townshipName} />
      {revealing && <BankRevealDialog household={revealing} onClose={() => setRevealing(null)} />}
    </Space>
  );
}
