/**
 * 名单查询: the county's households on the published roster, masked, filtered and paged on the
 * server; one field of one household revealed with a stated reason (the hub audits the read
 * before it answers), and the county's audit trail of such reads.
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { Card, Space } from 'antd';
import { useState } from 'react';
import { CursorTable, HubErrorAlert } from '../components';
import { formatDateTime } from '../format';
import { useLang } from '../i18n';
import { PAGE_INFO, useCursorPages, type PageInfo } from './cursor-pages';
import { useSubRegions } from './sub-regions';
import { PII_ACCESS_ROW } from './shared-fragments';
import { HouseholdList, LISTED_HOUSEHOLD, type ListedHousehold } from './household-list';
import { RevealDialog, type PiiField } from './household-reveal';
import { piiAccessColumns } from './pii-access-columns';

const AUDIT_PAGE = 10;

const HOUSEHOLDS = gql`
  ${PAGE_INFO}
  ${LISTED_HOUSEHOLD}
  query ConsoleHouseholds($first: Int, $after: String, $filter: HouseholdFilter) {
    households(first: $first, after: $after, filter: $filter) {
      nodes {
        ...ConsoleListedHousehold
        township {
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

/** The bureau's words for a column: 'colHouseholdNo' for householdNo. */
const columnWord = (column: string) => `col${column[0].toUpperCase()}${column.slice(1)}`;

interface Household extends ListedHousehold {
  township: { code: string; name: string } | null;
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
type AccessData = { piiAccesses: { nodes: Access[]; pageInfo: PageInfo } };

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
      fieldLabel={(f) => t(columnWord(f))}
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
  const { t } = useLang();
  const [revealing, setRevealing] = useState<Household | null>(null);
  const [audits, setAudits] = useState(0);
  const townships = useSubRegions(county);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('browseTitle')}>
        <HouseholdList<Household>
          testIdPrefix=""
          query={HOUSEHOLDS}
          baseFilter={{ countyCode: county }}
          townships={townships.regions}
          townshipOf={(h) => h.township?.name ?? '—'}
          columnLabel={(c) => t(columnWord(c))}
          words={{ yes: 'monitoredYes', no: 'monitoredNo', reveal: 'reveal', maskedHint: 'browseMaskedHint' }}
          onReveal={setRevealing}
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
