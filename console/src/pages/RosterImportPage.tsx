/** 名单导入: drop a roster file, choose the error mode, watch the upload, read the result. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Space } from 'antd';
import { useState } from 'react';
import { IMPORT_REPORT_FIELDS, ImportReportCard, ImportUploadCard, type ImportReportFields } from './import-upload';
import { HubErrorAlert } from '../components';
import { useLang } from '../i18n';
import { navigate } from '../router';

const ERROR_PAGE = 10;

const ROSTER_IMPORT = gql`
  query ConsoleRosterImport($id: ID!, $first: Int, $after: String) {
    rosterImport(id: $id) {
      acceptedRows
      status
      versionId
      ${IMPORT_REPORT_FIELDS}
    }
  }
`;

interface ImportData {
  rosterImport: ImportReportFields & {
    acceptedRows: number;
    status: 'DRAFT_CREATED' | 'REJECTED';
    versionId: string | null;
  };
}

function ImportResult({ importId, duplicate }: { importId: string; duplicate: boolean }) {
  const { t } = useLang();
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

  return (
    <ImportReportCard
      testId="import-result"
      testIdPrefix=""
      duplicate={duplicate}
      report={report}
      status={{ color: report.status === 'REJECTED' ? 'red' : 'green', text: t(`status_${report.status}`), testId: 'import-status' }}
      counts={[{ label: t('acceptedRows'), value: report.acceptedRows, testId: 'accepted-rows' }]}
      downloads={`/downloads/roster-imports/${report.id}`}
      rowErrors={{ pageIndex, pageSize: ERROR_PAGE, loading, goTo }}
    >
      {report.versionId && (
        <Button type="primary" style={{ marginTop: 16 }} onClick={() => navigate(`/rosters/versions/${report.versionId}`)} data-testid="open-draft">
          {t('openDraft')}
        </Button>
      )}
    </ImportReportCard>
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
