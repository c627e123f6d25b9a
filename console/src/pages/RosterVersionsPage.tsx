/** 名单版本: the county's versions, newest first, who made and published each; a draft's actions. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { cursorPagination, HubErrorAlert } from '../components';
import { formatCount, formatDateTime } from '../format';
import { useLang } from '../i18n';
import { navigate } from '../router';
import { useVersionActions } from './version-actions';
import { PAGE_INFO, type PageInfo } from './cursor-pages';

const PAGE = 10;

/** A version as its row shows it (who made and published it, when); the diff page asks the same. */
export const VERSION_ROW = gql`
  fragment ConsoleVersionRow on RosterVersion {
    id
    number
    status
    householdCount
    createdBy
    createdAt
    publishedBy
    publishedAt
  }
`;

const VERSIONS = gql`
  ${PAGE_INFO}
  ${VERSION_ROW}
  query ConsoleRosterVersions($county: String!, $first: Int, $after: String) {
    rosterVersions(countyCode: $county, first: $first, after: $after) {
      nodes {
        ...ConsoleVersionRow
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

export interface VersionRow {
  id: string;
  number: number;
  status: 'DRAFT' | 'PUBLISHED' | 'SUPERSEDED';
  householdCount: number;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

interface VersionsData {
  rosterVersions: { nodes: VersionRow[]; pageInfo: PageInfo };
}

export const STATUS_COLOR = { DRAFT: 'gold', PUBLISHED: 'green', SUPERSEDED: 'default' } as const;

export function RosterVersionsPage({ county }: { county: string }) {
  const { t } = useLang();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const { data, previousData, loading, error, refetch } = useQuery<VersionsData>(VERSIONS, {
    variables: { county, first: PAGE, after: cursors[pageIndex] },
  });
  const { publish, discard } = useVersionActions(() => void refetch());
  const page = (data ?? previousData)?.rosterVersions;
  const goTo = (index: number) => {
    if (index > pageIndex && data) setCursors([...cursors.slice(0, index), data.rosterVersions.pageInfo.endCursor]);
    setPageIndex(index);
  };

  return (
    <Card title={`${t('versionsTitle')} · ${county}`}>
      <HubErrorAlert error={error} />
      <Table<VersionRow>
        data-testid="roster-versions"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={page?.nodes ?? []}
        pagination={cursorPagination(pageIndex, PAGE, page?.pageInfo.hasNextPage ?? false, goTo)}
        columns={[
          { title: t('colNumber'), dataIndex: 'number', width: 80 },
          {
            title: t('colStatus'),
            dataIndex: 'status',
            width: 100,
            render: (s: VersionRow['status']) => <Tag color={STATUS_COLOR[s]}>{t(`vstatus_${s}`)}</Tag>,
          },
          { title: t('colHouseholds'), dataIndex: 'householdCount', align: 'right', width: 100, render: formatCount },
          { title: t('colCreated'), key: 'created', render: (_, v) => `${formatDateTime(v.createdAt)} · ${v.createdBy}` },
          { title: t('colPublished'), key: 'published', render: (_, v) => (v.publishedAt ? `${formatDateTime(v.publishedAt)} · ${v.publishedBy}` : '—') },
          {
            title: t('colActions'),
            key: 'actions',
            render: (_, v) => (
              <Space>
                <Button size="small" onClick={() => navigate(`/rosters/versions/${v.id}`)}>
                  {t('viewDiff')}
                </Button>
                {v.status === 'DRAFT' && (
                  <>
                    <Button size="small" type="primary" onClick={() => publish(v.id)}>
                      {t('publish')}
                    </Button>
                    <Button size="small" danger onClick={() => discard(v.id, v.number)}>
                      {t('discard')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
