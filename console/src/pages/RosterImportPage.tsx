/** 名单导入: drop a roster file, choose the error mode, watch the upload, read the result. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { downloadFile } from '../api';
import { IMPORT_REPORT_ROWS, ImportUploadCard, RowErrorsSection, type RowError } from './import-upload';
import { HubErrorAlert } from '../components';
import { formatCount, formatDateTime } from '../format';
import { useLang } from '../i18n';
import { navigate } from '../router';

const ERROR_PAGE = 10;

const ROSTER_IMPORT = gql`
  query ConsoleRosterImport($id: ID!, $first: Int, $after: String) {
    rosterImport(id: $id) {
      id
      fileName
      totalRows
      acceptedRows
      errorCount
      status
      duplicate
      createdAt
      versionId
      ${IMPORT_REPORT_ROWS}
    }
  }
`;

interface ImportData {
  rosterImport: {
    id: string;
    fileName: string;
    totalRows: number;
    acceptedRows: number;
    errorCount: number;
    status: 'DRAFT_CREATED' | 'REJECTED';
    duplicate: boolean;
    createdAt: string;
    versionId: string | null;
    ignoredColumns: { column: string; header: string }[];
    errors: { nodes: RowError[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
  };
}

function ImportResult({ importId, duplicate }: { importId: string; duplicate: boolean }) {
  const { lang, t } = useLang();
  const { message } = App.useApp();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const { data, previousData, loading, error } = useQuery<ImportData>(ROSTER_IMPORT, {
    variables: { id: importId, first: ERROR_PAGE, after: cursors[pageIndex] },
  });
  const report = (data ?? previousData)?.rosterImport;
  if (error) return <HubErrorAlert error={error} />;
  if (!report) return <Card loading />;

  const goTo = (index: number) => {
    if (index > pageIndex && !cursors[index] && data) setCursors([...cursors.slice(0, index), data.rosterImport.errors.pageInfo.endCursor]);
    setPageIndex(index);
  };
  const download = (format: 'csv' | 'xlsx') =>
    downloadFile(`/downloads/roster-imports/${report.id}/errors.${format}`, `errors.${format}`, lang).catch((failure: Error) => message.error(failure.message));

  return (
    <Card title={t('importResult')} data-testid="import-result">
      {duplicate && <Typography.Paragraph type="warning">{t('duplicateFile')}</Typography.Paragraph>}
      <Descriptions column={3} size="small" bordered>
        <Descriptions.Item label={t('fileName')}>{report.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('status')}>
          <Tag color={report.status === 'REJECTED' ? 'red' : 'green'} data-testid="import-status">
            {t(`status_${report.status}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('colCreated')}>{formatDateTime(report.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('totalRows')}>
          <span data-testid="total-rows">{formatCount(report.totalRows)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('acceptedRows')}>
          <span data-testid="accepted-rows">{formatCount(report.acceptedRows)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('errorCount')}>
          <span data-testid="error-count">{formatCount(report.errorCount)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ignoredColumns')} span={3}>
          <span data-testid="ignored-columns">
            {report.ignoredColumns.length ? report.ignoredColumns.map((c) => `${c.column}: ${c.header}`).join('，') : t('noIgnoredColumns')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {report.errorCount > 0 && (
        <RowErrorsSection
          testId="row-errors"
          errors={report.errors.nodes}
          errorCount={report.errorCount}
          hasNextPage={report.errors.pageInfo.hasNextPage}
          pageIndex={pageIndex}
          pageSize={ERROR_PAGE}
          loading={loading}
          goTo={goTo}
          download={download}
        />
      )}
      {report.versionId && (
        <Button type="primary" style={{ marginTop: 16 }} onClick={() => navigate(`/rosters/versions/${report.versionId}`)} data-testid="open-draft">
          {t('openDraft')}
        </Button>
      )}
    </Card>
  );
}

export function RosterImportPage({ county }: { county: string }) {
  const { t } = useLang();
  const [result, setResult] = useState<{ id: string; duplicate: boolean } | null>(null);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ImportUploadCard
        county={county}
        endpoint="/uploads/rosters"
        title={t('importTitle')}
        dropText={t('importDrop')}
        dropHint={t('importDropHint')}
        testIds={{ mode: 'import-mode', skip: 'mode-skip', drop: 'roster-drop', progress: 'upload-progress' }}
        onStart={() => setResult(null)}
        onUploaded={setResult}
      />
      {result && <ImportResult key={result.id} importId={result.id} duplicate={result.duplicate} />}
    </Space>
  );
}
