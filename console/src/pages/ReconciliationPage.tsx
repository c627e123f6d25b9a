/**
 * 对账: a quarter's computed = instructed = confirmed (= the ledger), balanced or not; the groups by
 * township and issuing bank as a bar chart beside their table; the differing lines, with their
 * reason, in server pages; and the file the hub exports, as CSV or XLSX.
 */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { App, Button, Card, Col, Empty, Row, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { downloadFile, errorMessages } from '../api';
import { cursorPagination } from '../components';
import { formatCount, formatDateTime } from '../format';
import { useLang } from '../i18n';
import { money, moneyColumn, QuarterCard, useNames, useQuarter } from './finance-common';
import { ReconciliationChart } from './ReconciliationChart';
import { PAGE_INFO, type PageInfo } from './cursor-pages';

const PAGE = 20;

const RECONCILIATION = gql`
  ${PAGE_INFO}
  query ConsoleReconciliation($county: String!, $quarter: String!, $first: Int, $after: String) {
    subsidyReconciliation(countyCode: $county, quarter: $quarter) {
      countyCode
      quarter
      computed
      instructed
      confirmed
      ledgerConfirmed
      balanced
      differenceCount
      carriedOver
      lastRecordedAt
      groups {
        townshipCode
        issuingBank {
          code
        }
        lines
        computed
        instructed
        confirmed
      }
      differences(first: $first, after: $after) {
        nodes {
          subsidyLineId
          contractNo
          townshipCode
          computed
          confirmed
          reason
          lastFailure
        }
        pageInfo {
          ...ConsolePageInfo
        }
      }
    }
  }
`;

interface Group {
  townshipCode: string;
  issuingBank: { code: string } | null;
  lines: number;
  computed: string;
  instructed: string;
  confirmed: string;
}

interface Difference {
  subsidyLineId: string;
  contractNo: string;
  townshipCode: string;
  computed: string;
  confirmed: string;
  reason: string;
  lastFailure: string | null;
}

interface ReconciliationData {
  subsidyReconciliation: {
    computed: string;
    instructed: string;
    confirmed: string;
    ledgerConfirmed: string;
    balanced: boolean;
    differenceCount: number;
    carriedOver: number;
    lastRecordedAt: string | null;
    groups: Group[];
    differences: { nodes: Difference[]; pageInfo: PageInfo };
  } | null;
}

export function ReconciliationPage({ county }: { county: string }) {
  const { lang, t } = useLang();
  const { message } = App.useApp();
  const [quarter, setQuarterState] = useQuarter();
  const { bankName, townshipName } = useNames(county);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const { data, previousData, loading, error } = useQuery<ReconciliationData>(RECONCILIATION, {
    variables: { county, quarter, first: PAGE, after: cursors[pageIndex] },
    fetchPolicy: 'network-only',
  });
  const recon = (data ?? previousData)?.subsidyReconciliation;
  const setQuarter = (q: string) => {
    setCursors([null]);
    setPageIndex(0);
    setQuarterState(q);
  };
  const goTo = (index: number) => {
    if (index > pageIndex && recon) setCursors([...cursors.slice(0, index), recon.differences.pageInfo.endCursor]);
    setPageIndex(index);
  };
  const groups = recon?.groups ?? [];
  const groupBank = (g: Group) => (g.issuingBank ? bankName(g.issuingBank.code) : t('noAccountBank'));
  // The axis names the township; the bank only when the groups' banks differ (as a second line: a county has a dozen townships).
  const oneBank = new Set(groups.map(groupBank)).size <= 1;
  const groupName = (g: Group) => (oneBank ? townshipName(g.townshipCode) : `${townshipName(g.townshipCode)}\n${groupBank(g)}`);
  const chart = {
    categories: groups.map(groupName),
    series: [
      { name: t('colComputed'), values: groups.map((g) => g.computed) },
      { name: t('colInstructed'), values: groups.map((g) => g.instructed) },
      { name: t('colConfirmed'), values: groups.map((g) => g.confirmed) },
    ],
  };
  const download = (format: 'csv' | 'xlsx') =>
    downloadFile(`/downloads/subsidy-reconciliation/${county}/${quarter}.${format}`, `subsidy-reconciliation-${county}-${quarter}.${format}`, lang).catch((e) =>
      errorMessages(e, lang).forEach((m) => message.error({ content: m.text, className: 'hub-error-message' })),
    );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <QuarterCard
        title={`${t('reconTitle')} · ${county}`}
        quarter={quarter}
        onQuarterChange={setQuarter}
        actions={
          <>
            <Button onClick={() => void download('csv')} disabled={!recon} data-testid="download-reconciliation">
              {t('downloadReconCsv')}
            </Button>
            <Button onClick={() => void download('xlsx')} disabled={!recon} data-testid="download-reconciliation-xlsx">
              {t('downloadReconXlsx')}
            </Button>
          </>
        }
        error={error}
      >
        {!recon && !loading && !error && <Empty description={t('reconNone')} />}
        {recon && (
          <Space size="large" wrap data-testid="reconciliation-summary">
            <Statistic title={t('reconComputed')} value={money(recon.computed)} />
            <Statistic title={t('reconInstructed')} value={money(recon.instructed)} />
            <Statistic title={t('reconConfirmed')} value={money(recon.confirmed)} />
            <Statistic title={t('reconLedger')} value={money(recon.ledgerConfirmed)} />
            <Statistic title={t('reconDifferences')} value={formatCount(recon.differenceCount)} />
            <Statistic title={t('reconCarriedOver')} value={formatCount(recon.carriedOver)} />
            <Tag color={recon.balanced ? 'green' : 'red'} data-testid="reconciliation-balanced">
              {recon.balanced ? t('reconBalanced') : t('reconUnbalanced')}
            </Tag>
            <span>
              {t('lastRecorded')}: {formatDateTime(recon.lastRecordedAt)}
            </span>
          </Space>
        )}
      </QuarterCard>
      {recon && (
        <Row gutter={16}>
          <Col span={12}>
            <Card title={t('reconChart')} size="small">
              <ReconciliationChart categories={chart.categories} series={chart.series} />
            </Card>
          </Col>
          <Col span={12}>
            <Card title={t('reconGroups')} size="small">
              <Table<Group>
                data-testid="reconciliation-groups"
                size="small"
                rowKey={(g) => `${g.townshipCode}-${g.issuingBank?.code ?? ''}`}
                dataSource={recon.groups}
                pagination={false}
                columns={[
                  { title: t('colTownship'), dataIndex: 'townshipCode', render: townshipName },
                  { title: t('colBank'), key: 'bank', render: (_, g) => (g.issuingBank ? bankName(g.issuingBank.code) : t('noAccountBank')) },
                  { title: t('colLines'), dataIndex: 'lines', align: 'right', render: formatCount },
                  { title: t('colComputed'), dataIndex: 'computed', ...moneyColumn },
                  { title: t('colInstructed'), dataIndex: 'instructed', ...moneyColumn },
                  { title: t('colConfirmed'), dataIndex: 'confirmed', ...moneyColumn },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
      {recon && (
        <Card title={t('reconDifferencesTitle')} size="small">
          <Table<Difference>
            data-testid="reconciliation-differences"
            size="small"
            rowKey="subsidyLineId"
            loading={loading}
            dataSource={recon.differences.nodes}
            pagination={cursorPagination(pageIndex, PAGE, recon.differences.pageInfo.hasNextPage, goTo, recon.differenceCount)}
            columns={[
              { title: t('colContractNo'), dataIndex: 'contractNo' },
              { title: t('colTownship'), dataIndex: 'townshipCode', render: townshipName },
              { title: t('colComputed'), dataIndex: 'computed', ...moneyColumn },
              { title: t('colConfirmed'), dataIndex: 'confirmed', ...moneyColumn },
              { title: t('colReason'), dataIndex: 'reason', render: (r: string) => t(`diffReason_${r}`) },
              { title: t('colLastFailure'), dataIndex: 'lastFailure', render: (r: string | null) => r ?? '—' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
