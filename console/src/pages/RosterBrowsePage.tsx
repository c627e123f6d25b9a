/**
 * 名单查询: the county's households on the published roster, masked, filtered and paged on the
 * server; one field of one household revealed with a stated reason (the hub audits the read
 * before it answers), and the county's audit trail of such reads.
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { CursorTable, HubErrorAlert } from '../components';
import { formatDateTime } from '../format';
import { CATEGORY, useLang } from '../i18n';
import { PAGE_INFO, useCursorPages } from './cursor-pages';
import { useSubRegions } from './sub-regions';
import { PII_ACCESS_ROW } from './shared-fragments';
import { RevealDialog, type PiiField } from './household-reveal';
import { piiAccessColumns } from './pii-access-columns';

const PAGE = 20;
const AUDIT_PAGE = 10;

const HOUSEHOLDS = gql`
  ${PAGE_INFO}
  query ConsoleHouseholds($first: Int, $after: String, $filter: HouseholdFilter) {
    households(first: $first, after: $after, filter: $filter) {
      nodes {
        id
        householdNo
        headName
        idNumber
        phone
        category
        isMonitored
        memberCount
        township {
          code
          name
        }
        village {
          code
          name
        }
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

const AUDIT = gql`
  ${PII_ACCESS_ROW}
  ${PAGE_INFO}
  query ConsolePiiAccesses($county: String!, $household: ID, $first: Int, $after: String) {
    piiAccesses(countyCode: $county, householdId: $household, first: $first, after: $after) {
      nodes {
        ...ConsolePiiAccessRow
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

type Field = PiiField;

interface Household {
  id: string;
  householdNo: string;
  headName: string;
  idNumber: string;
  phone: string | null;
  category: string;
  isMonitored: boolean;
  memberCount: number;
  township: { code: string; name: string } | null;
  village: { code: string; name: string } | null;
}

interface Access {
  id: string;
  householdNo: string;
  field: Field;
  reason: string;
  subject: string;
  role: string;
  accessedAt: string;
}
type AccessData = { piiAccesses: { nodes: Access[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };

/** The bureau's dialog: after the value, the audit row the hub just wrote, read back from the county's trail. */
function BureauRevealDialog({ county, household, onClose }: { county: string; household: Household; onClose: () => void }) {
  const { t } = useLang();
  const client = useApolloClient();
  const auditOf = async () => {
    const trail = await client.query<AccessData>({ query: AUDIT, variables: { county, household: household.id, first: 1 }, fetchPolicy: 'no-cache' });
    const audit = trail.data?.piiAccesses.nodes[0];
    return audit ? t('revealAuditLine', { at: formatDateTime(audit.accessedAt), who: audit.subject, reason: audit.reason }) : '—';
  };
  return (
    <RevealDialog
      household={household}
      testIdPrefix=""
      words={{ title: 'revealTitle', hint: 'revealHint', reason: 'revealReason', submit: 'revealSubmit', audited: 'revealAudited', close: 'close' }}
      fieldLabel={(f) => t(`col${f[0].toUpperCase()}${f.slice(1)}`)}
      auditOf={auditOf}
      onClose={onClose}
    />
  );
}

function AuditTrail({ county }: { county: string }) {
  const { t } = useLang();
  const pages = useCursorPages();
  const { data, previousData, loading, error } = useQuery<AccessData>(AUDIT, {
    variables: { county, first: AUDIT_PAGE, after: pages.after },
    fetchPolicy: 'network-only',
  });
  const connection = (data ?? previousData)?.piiAccesses;
  return (
    <Card title={t('auditTitle')}>
      <HubErrorAlert error={error} />
      <CursorTable<Access>
        testId="pii-audit"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={AUDIT_PAGE}
        columns={piiAccessColumns<Access>(t)}
      />
    </Card>
  );
}

export function RosterBrowsePage({ county }: { county: string }) {
  const { lang, t } = useLang();
  const [township, setTownship] = useState<string | undefined>();
  const [village, setVillage] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [monitored, setMonitored] = useState<'yes' | 'no' | undefined>();
  const [revealing, setRevealing] = useState<Household | null>(null);
  const [audits, setAudits] = useState(0);
  const pages = useCursorPages();
  const townships = useSubRegions(county);
  const villages = useSubRegions(township);
  const filter = {
    countyCode: county,
    townshipCode: township ?? null,
    villageCode: village ?? null,
    category: category ?? null,
    isMonitored: monitored === undefined ? null : monitored === 'yes',
  };
  const { data, previousData, loading, error } = useQuery<{ households: { nodes: Household[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } }>(
    HOUSEHOLDS,
    { variables: { first: PAGE, after: pages.after, filter } },
  );
  const connection = (data ?? previousData)?.households;
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      pages.reset();
    };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('browseTitle')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            data-testid="filter-township"
            allowClear
            placeholder={t('colTownship')}
            style={{ width: 180 }}
            value={township}
            onChange={change((value: string | undefined) => {
              setTownship(value);
              setVillage(undefined);
            })}
            options={townships.regions.map((r) => ({ value: r.code, label: r.name }))}
          />
          <Select
            data-testid="filter-village"
            allowClear
            disabled={!township}
            placeholder={t('colVillage')}
            style={{ width: 220 }}
            value={village}
            onChange={change(setVillage)}
            options={villages.regions.map((r) => ({ value: r.code, label: r.name }))}
          />
          <Select
            data-testid="filter-category"
            allowClear
            placeholder={t('colCategory')}
            style={{ width: 180 }}
            value={category}
            onChange={change(setCategory)}
            options={Object.entries(CATEGORY).map(([value, label]) => ({ value, label: label[lang] }))}
          />
          <Select
            data-testid="filter-monitored"
            allowClear
            placeholder={t('colMonitored')}
            style={{ width: 140 }}
            value={monitored}
            onChange={change(setMonitored)}
            options={[
              { value: 'yes', label: t('monitoredYes') },
              { value: 'no', label: t('monitoredNo') },
            ]}
          />
        </Space>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('browseMaskedHint')} />
        <HubErrorAlert error={error} />
        <CursorTable<Household>
          testId="households"
          loading={loading}
          connection={connection}
          pages={pages}
          pageSize={PAGE}
          columns={[
            { title: t('colHouseholdNo'), dataIndex: 'householdNo' },
            { title: t('colHeadName'), dataIndex: 'headName' },
            { title: t('colIdNumber'), dataIndex: 'idNumber' },
            { title: t('colPhone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
            { title: t('colTownship'), key: 'township', render: (_, h) => h.township?.name ?? '—' },
            { title: t('colVillage'), key: 'village', render: (_, h) => h.village?.name ?? '—' },
            { title: t('colCategory'), dataIndex: 'category', render: (c: string) => CATEGORY[c]?.[lang] ?? c },
            {
              title: t('colMonitored'),
              dataIndex: 'isMonitored',
              render: (m: boolean) => (m ? <Tag color="orange">{t('monitoredYes')}</Tag> : t('monitoredNo')),
            },
            { title: t('colMembers'), dataIndex: 'memberCount', align: 'right' },
            {
              title: t('colActions'),
              key: 'actions',
              render: (_, h) => (
                <Button size="small" onClick={() => setRevealing(h)} data-testid={`reveal-${h.householdNo}`}>
                  {t('reveal')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <AuditTrail key={audits} county={county} />
      {revealing && (
        <BureauRevealDialog
          county={county}
          household={revealing}
          onClose={() => {
            setRevealing(null);
            setAudits((n) => n + 1);
          }}
        />
      )}
    </Space>
  );
}
