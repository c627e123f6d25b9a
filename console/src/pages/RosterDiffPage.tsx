/** A version's diff against the published roster: the summary, then the households, filterable by kind. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Descriptions, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { cursorPagination, HubErrorAlert } from '../components';
import { formatCount, formatDateTime } from '../format';
import { CATEGORY, useLang } from '../i18n';
import { navigate } from '../router';
import { STATUS_COLOR, VERSION_ROW, VersionRow } from './RosterVersionsPage';
import { DIFF_SUMMARY, useVersionActions } from './version-actions';
import { PAGE_INFO, type PageInfo } from './cursor-pages';

const PAGE = 20;

const DIFF = gql`
  ${PAGE_INFO}
  ${VERSION_ROW}
  ${DIFF_SUMMARY}
  query ConsoleRosterDiff($id: ID!, $kind: RosterDiffKind, $first: Int, $after: String) {
    rosterVersion(id: $id) {
      ...ConsoleVersionRow
      diff {
        fromVersionId
        summary {
          ...ConsoleDiffSummary
        }
        lines(kind: $kind, first: $first, after: $after) {
          nodes {
            householdNo
            kind
            changes {
              field
              from
              to
            }
          }
          pageInfo {
            ...ConsolePageInfo
          }
        }
      }
    }
  }
`;

type Kind = 'ADDED' | 'REMOVED' | 'CHANGED';

interface Line {
  householdNo: string;
  kind: Kind;
  changes: { field: string; from: string | null; to: string | null }[];
}

interface DiffData {
  rosterVersion: VersionRow & {
    diff: {
      fromVersionId: string | null;
      summary: { added: number; removed: number; changed: number; categoryChanged: number; monitoringChanged: number; unchanged: number };
      lines: { nodes: Line[]; pageInfo: PageInfo };
    };
  };
}

const KIND_COLOR: Record<Kind, string> = { ADDED: 'green', REMOVED: 'red', CHANGED: 'blue' };
const KIND_LABEL: Record<Kind, string> = { ADDED: 'diffAdded', REMOVED: 'diffRemoved', CHANGED: 'diffChanged' };

export function RosterDiffPage({ versionId }: { versionId: string }) {
  const { lang, t } = useLang();
  const [kind, setKind] = useState<Kind | 'ALL'>('ALL');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const { data, previousData, loading, error, refetch } = useQuery<DiffData>(DIFF, {
    variables: { id: versionId, kind: kind === 'ALL' ? null : kind, first: PAGE, after: cursors[pageIndex] },
  });
  const { publish, discard } = useVersionActions(() => void refetch());
  const version = (data ?? previousData)?.rosterVersion;
  if (error) return <HubErrorAlert error={error} />;
  if (!version) return <Card loading />;
  const { summary, lines } = version.diff;

  const goTo = (index: number) => {
    if (index > pageIndex && data) setCursors([...cursors.slice(0, index), data.rosterVersion.diff.lines.pageInfo.endCursor]);
    setPageIndex(index);
  };
  const show = (field: string, value: string | null) => {
    if (value === null) return '—';
    if (field === 'category') return CATEGORY[value]?.[lang] ?? value;
    if (field === 'isMonitored' || field === 'riskEliminated') return value === 'true' ? t('yes') : t('no');
    return value;
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button onClick={() => navigate('/rosters/versions')}>{t('back')}</Button>
            <span data-testid="diff-title">
              {t('diffTitle', { n: version.number, base: version.diff.fromVersionId ? t('diffBasePublished') : t('diffNoBase') })}
            </span>
            <Tag color={STATUS_COLOR[version.status]} data-testid="version-status">
              {t(`vstatus_${version.status}`)}
            </Tag>
          </Space>
        }
        extra={
          version.status === 'DRAFT' && (
            <Space>
              <Button type="primary" onClick={() => publish(version.id)} data-testid="publish">
                {t('publish')}
              </Button>
              <Button danger onClick={() => discard(version.id, version.number)}>
                {t('discard')}
              </Button>
            </Space>
          )
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('colHouseholds')}>{formatCount(version.householdCount)}</Descriptions.Item>
          <Descriptions.Item label={t('colCreated')}>{`${formatDateTime(version.createdAt)} ${t('by')} ${version.createdBy}`}</Descriptions.Item>
          <Descriptions.Item label={t('colPublished')}>
            {version.publishedAt ? `${formatDateTime(version.publishedAt)} ${t('by')} ${version.publishedBy}` : '—'}
          </Descriptions.Item>
        </Descriptions>
        <Space size="large" wrap data-testid="diff-summary">
          <Statistic title={t('diffAdded')} value={summary.added} />
          <Statistic title={t('diffRemoved')} value={summary.removed} />
          <Statistic title={t('diffChanged')} value={summary.changed} />
          <Statistic title={t('diffCategoryChanged')} value={summary.categoryChanged} />
          <Statistic title={t('diffMonitoringChanged')} value={summary.monitoringChanged} />
          <Statistic title={t('diffUnchanged')} value={summary.unchanged} />
        </Space>
      </Card>
      <Card>
        <Segmented
          style={{ marginBottom: 16 }}
          value={kind}
          onChange={(value) => {
            setKind(value as Kind | 'ALL');
            setCursors([null]);
            setPageIndex(0);
          }}
          options={[
            { value: 'ALL', label: t('allKinds') },
            { value: 'CHANGED', label: `${t('diffChanged')} (${summary.changed})` },
            { value: 'ADDED', label: `${t('diffAdded')} (${summary.added})` },
            { value: 'REMOVED', label: `${t('diffRemoved')} (${summary.removed})` },
          ]}
        />
        <Table<Line>
          data-testid="diff-lines"
          size="small"
          rowKey="householdNo"
          loading={loading}
          dataSource={lines.nodes}
          pagination={cursorPagination(pageIndex, PAGE, lines.pageInfo.hasNextPage, goTo)}
          columns={[
            { title: t('colHouseholdNo'), dataIndex: 'householdNo', width: 220 },
            { title: t('colKind'), dataIndex: 'kind', width: 90, render: (k: Kind) => <Tag color={KIND_COLOR[k]}>{t(KIND_LABEL[k])}</Tag> },
            {
              title: t('colChanges'),
              key: 'changes',
              render: (_, line) =>
                line.changes.map((c) => (
                  <div key={c.field}>
                    <Typography.Text strong>{t(`field_${c.field}`)}</Typography.Text>
                    {'：'}
                    <Typography.Text delete type="secondary">
                      {show(c.field, c.from)}
                    </Typography.Text>
                    {' → '}
                    <Typography.Text>{show(c.field, c.to)}</Typography.Text>
                  </div>
                )),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
