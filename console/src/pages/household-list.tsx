/**
 * The masked household list the bureau's 名单查询 and the bank's 我行名单 both show: filtered by
 * township, village, category and monitoring, paged on the server, each row with the button that
 * opens the reveal dialog. Each page brings its own query (what it reads of the township), its own
 * words and its own test ids.
 */
import { gql, type DocumentNode } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Space, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { CursorTable, FilterSelect, HubErrorAlert } from '../components';
import { CATEGORY, useLang } from '../i18n';
import { useCursorPages, type PageInfo } from './cursor-pages';
import { useSubRegions, type RegionName } from './sub-regions';

const PAGE = 20;

/** What the list shows of a household (each page adds how it names the township). */
export const LISTED_HOUSEHOLD = gql`
  fragment ConsoleListedHousehold on Household {
    id
    householdNo
    headName
    idNumber
    phone
    category
    isMonitored
    memberCount
    village {
      code
      name
    }
  }
`;

export interface ListedHousehold {
  id: string;
  householdNo: string;
  headName: string;
  idNumber: string;
  phone: string | null;
  category: string;
  isMonitored: boolean;
  memberCount: number;
  village: { code: string; name: string } | null;
}

export type HouseholdColumn = 'householdNo' | 'headName' | 'idNumber' | 'phone' | 'township' | 'village' | 'category' | 'monitored' | 'members' | 'actions';

export interface HouseholdListProps<H extends ListedHousehold> {
  /** Before every test id ('' for the bureau's page, 'bank-' for the bank's). */
  testIdPrefix: string;
  /** A `households(first, after, filter)` query selecting at least ListedHousehold's fields. */
  query: DocumentNode;
  /** What the page always filters by (the bureau its county; a bank nothing: the hub shows it only its own). */
  baseFilter: Record<string, string>;
  townships: RegionName[];
  townshipOf: (household: H) => ReactNode;
  columnLabel: (column: HouseholdColumn) => string;
  /** The page's words (keys of its own part of the dictionary). */
  words: { yes: string; no: string; reveal: string; maskedHint: string };
  onReveal: (household: H) => void;
}

export function HouseholdList<H extends ListedHousehold>({
  testIdPrefix: id,
  query,
  baseFilter,
  townships,
  townshipOf,
  columnLabel,
  words,
  onReveal,
}: HouseholdListProps<H>) {
  const { lang, t } = useLang();
  const [township, setTownship] = useState<string | undefined>();
  const [village, setVillage] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [monitored, setMonitored] = useState<'yes' | 'no' | undefined>();
  const pages = useCursorPages();
  const villages = useSubRegions(township);
  const filter = {
    ...baseFilter,
    townshipCode: township ?? null,
    villageCode: village ?? null,
    category: category ?? null,
    isMonitored: monitored === undefined ? null : monitored === 'yes',
  };
  const { data, previousData, loading, error } = useQuery<{ households: { nodes: H[]; pageInfo: PageInfo } }>(query, {
    variables: { first: PAGE, after: pages.after, filter },
  });
  const connection = (data ?? previousData)?.households;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <FilterSelect<string>
          testId={`${id}filter-township`}
          placeholder={columnLabel('township')}
          width={180}
          value={township}
          onChange={pages.resetting((value: string | undefined) => {
            setTownship(value);
            setVillage(undefined);
          })}
          options={townships.map((r) => ({ value: r.code, label: r.name }))}
        />
        <FilterSelect<string>
          testId={`${id}filter-village`}
          disabled={!township}
          placeholder={columnLabel('village')}
          width={220}
          value={village}
          onChange={pages.resetting(setVillage)}
          options={villages.regions.map((r) => ({ value: r.code, label: r.name }))}
        />
        <FilterSelect<string>
          testId={`${id}filter-category`}
          placeholder={columnLabel('category')}
          width={180}
          value={category}
          onChange={pages.resetting(setCategory)}
          options={Object.entries(CATEGORY).map(([value, label]) => ({ value, label: label[lang] }))}
        />
        <FilterSelect<'yes' | 'no'>
          testId={`${id}filter-monitored`}
          placeholder={columnLabel('monitored')}
          width={140}
          value={monitored}
          onChange={pages.resetting(setMonitored)}
          options={[
            { value: 'yes', label: t(words.yes) },
            { value: 'no', label: t(words.no) },
          ]}
        />
      </Space>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(words.maskedHint)} />
      <HubErrorAlert error={error} />
      <CursorTable<H>
        testId={`${id}households`}
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={PAGE}
        columns={[
          { title: columnLabel('householdNo'), dataIndex: 'householdNo' },
          { title: columnLabel('headName'), dataIndex: 'headName' },
          { title: columnLabel('idNumber'), dataIndex: 'idNumber' },
          { title: columnLabel('phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: columnLabel('township'), key: 'township', render: (_, h) => townshipOf(h) },
          { title: columnLabel('village'), key: 'village', render: (_, h) => h.village?.name ?? '—' },
          { title: columnLabel('category'), dataIndex: 'category', render: (c: string) => CATEGORY[c]?.[lang] ?? c },
          {
            title: columnLabel('monitored'),
            dataIndex: 'isMonitored',
            render: (m: boolean) => (m ? <Tag color="orange">{t(words.yes)}</Tag> : t(words.no)),
          },
          { title: columnLabel('members'), dataIndex: 'memberCount', align: 'right' },
          {
            title: columnLabel('actions'),
            key: 'actions',
            render: (_, h) => (
              <Button size="small" onClick={() => onReveal(h)} data-testid={`${id}reveal-${h.householdNo}`}>
                {t(words.reveal)}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
