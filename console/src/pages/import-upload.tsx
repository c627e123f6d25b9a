/**
 * What both file imports show (名单导入, 一卡通账户): the upload card (the error mode, the drop zone,
 * the upload's progress and the hub's refusal) and the report (its file, status and counts, the
 * columns not read, the row errors paged on the server with their downloads). The page names its
 * endpoint, what to do with the import the hub answers, and the counts of its own report.
 */
import { App, Button, Card, Descriptions, Progress, Radio, Space, Table, Tag, Typography, Upload, type DescriptionsProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { downloadFile, uploadFile } from '../api';
import { cursorPagination, HubErrorAlert } from '../components';
import { formatCount, formatDateTime } from '../format';
import { useLang } from '../i18n';
import type { PageInfo } from './cursor-pages';
import { InboxOutlined } from './icons';

/**
 * What both imports' queries ask of the report besides their own counts: its file, counts and
 * creation, the columns not read and a page of row errors (ImportReportFields; the two report
 * types are distinct in the schema, so no fragment).
 */
export const IMPORT_REPORT_FIELDS = `id fileName totalRows errorCount duplicate createdAt
      ignoredColumns { column header }
      errors(first: $first, after: $after) { nodes { row column value code messageZh messageEn } pageInfo { endCursor hasNextPage } }`;

export type ImportMode = 'reject_file' | 'skip_bad_rows';

export interface ImportUploadProps {
  county: string;
  /** The gateway's upload endpoint: /uploads/rosters, /uploads/one-card-accounts. */
  endpoint: string;
  title: string;
  dropText: string;
  dropHint: string;
  testIds: { mode: string; skip: string; drop: string; progress?: string };
  /** Called before each upload (the page forgets the previous result) and with the hub's answer. */
  onStart(): void;
  onUploaded(answer: { id: string; duplicate: boolean }): void;
}

export function ImportUploadCard(props: ImportUploadProps) {
  const { lang, t } = useLang();
  const [mode, setMode] = useState<ImportMode>('reject_file');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const upload = async (file: File) => {
    setError(null);
    props.onStart();
    setProgress(0);
    try {
      const query = new URLSearchParams({ county: props.county, mode, filename: file.name });
      const answer = await uploadFile(`${props.endpoint}?${query}`, file, lang, setProgress);
      props.onUploaded({ id: String(answer.id), duplicate: Boolean(answer.duplicate) });
    } catch (failure) {
      setError(failure);
      setProgress(null);
    }
  };

  return (
    <Card title={props.title}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          <Typography.Text>{t('modeLabel')}</Typography.Text>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} data-testid={props.testIds.mode}>
            <Radio value="reject_file">{t('modeReject')}</Radio>
            <Radio value="skip_bad_rows" data-testid={props.testIds.skip}>
              {t('modeSkip')}
            </Radio>
          </Radio.Group>
        </Space>
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file as File);
            return false;
          }}
          data-testid={props.testIds.drop}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{props.dropText}</p>
          <p className="ant-upload-hint">{props.dropHint}</p>
        </Upload.Dragger>
        {progress !== null && <Progress percent={progress} status={progress < 100 ? 'active' : 'success'} data-testid={props.testIds.progress} />}
        <HubErrorAlert error={error} />
      </Space>
    </Card>
  );
}

export interface RowError {
  row: number;
  column: string;
  value: string;
  code: string;
  messageZh: string;
  messageEn: string;
}

/** An import's row errors: the report downloads, then one server page of errors (row, column as in the file, masked value, message in the chosen language). */
export function RowErrorsSection(props: {
  testId: string;
  errors: RowError[];
  errorCount: number;
  hasNextPage: boolean;
  pageIndex: number;
  pageSize: number;
  loading: boolean;
  goTo(index: number): void;
  download(format: 'csv' | 'xlsx'): void;
}) {
  const { lang, t } = useLang();
  return (
    <>
      <Space style={{ margin: '16px 0' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('rowErrors')}
        </Typography.Title>
        <Button onClick={() => props.download('csv')}>{t('downloadCsv')}</Button>
        <Button onClick={() => props.download('xlsx')}>{t('downloadXlsx')}</Button>
      </Space>
      <Table<RowError>
        data-testid={props.testId}
        size="small"
        rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
        loading={props.loading}
        dataSource={props.errors}
        pagination={{
          ...cursorPagination(props.pageIndex, props.pageSize, props.hasNextPage, props.goTo),
          showTotal: () => t('total', { n: formatCount(props.errorCount) }),
        }}
        columns={[
          { title: t('colRow'), dataIndex: 'row', width: 70 },
          { title: t('colColumn'), dataIndex: 'column', width: 140 },
          { title: t('colValue'), dataIndex: 'value', width: 220 },
          { title: t('colMessage'), key: 'message', render: (_, e) => (lang === 'zh' ? e.messageZh : e.messageEn) },
        ]}
      />
    </>
  );
}

type RowErrorsProps = Parameters<typeof RowErrorsSection>[0];

/** What both reports hold besides their own counts (IMPORT_REPORT_FIELDS). */
export interface ImportReportFields {
  id: string;
  fileName: string;
  totalRows: number;
  errorCount: number;
  duplicate: boolean;
  createdAt: string;
  ignoredColumns: { column: string; header: string }[];
  errors: { nodes: RowError[]; pageInfo: PageInfo };
}

/** A count of the report, by its test id. */
export interface ReportCount {
  label: string;
  value: number;
  testId: string;
}

/**
 * An import's report: whether the hub had the file already, its name, status and creation, the
 * rows read, the page's own counts, the errors and what follows them, the columns not read, and
 * the row errors once there are any; `children` after them all.
 */
export function ImportReportCard({
  testId,
  testIdPrefix: id,
  duplicate,
  report,
  status,
  counts,
  details = [],
  downloads,
  rowErrors,
  children,
}: {
  testId: string;
  /** Before the counts' and errors' test ids ('' for rosters, 'oc-' for 一卡通). */
  testIdPrefix: string;
  duplicate: boolean;
  report: ImportReportFields;
  status: { color: string; text: string; testId: string };
  counts: ReportCount[];
  details?: { label: string; value: ReactNode }[];
  /** Where the error reports download from: /downloads/roster-imports/<id>, then errors.csv or errors.xlsx. */
  downloads: string;
  rowErrors: Omit<RowErrorsProps, 'testId' | 'errors' | 'errorCount' | 'hasNextPage' | 'download'>;
  children?: ReactNode;
}) {
  const { lang, t } = useLang();
  const { message } = App.useApp();
  const download = (format: 'csv' | 'xlsx') =>
    downloadFile(`${downloads}/errors.${format}`, `errors.${format}`, lang).catch((failure: Error) => message.error(failure.message));
  const count = (c: ReportCount) => ({ key: c.testId, label: c.label, children: <span data-testid={c.testId}>{formatCount(c.value)}</span> });
  const items: DescriptionsProps['items'] = [
    { key: 'fileName', label: t('fileName'), children: report.fileName },
    {
      key: 'status',
      label: t('status'),
      children: (
        <Tag color={status.color} data-testid={status.testId}>
          {status.text}
        </Tag>
      ),
    },
    { key: 'created', label: t('colCreated'), children: formatDateTime(report.createdAt) },
    count({ label: t('totalRows'), value: report.totalRows, testId: `${id}total-rows` }),
    ...counts.map(count),
    count({ label: t('errorCount'), value: report.errorCount, testId: `${id}error-count` }),
    ...details.map((d) => ({ key: d.label, label: d.label, children: d.value })),
    {
      key: 'ignored',
      label: t('ignoredColumns'),
      span: 3,
      children: (
        <span data-testid={`${id}ignored-columns`}>
          {report.ignoredColumns.length ? report.ignoredColumns.map((c) => `${c.column}: ${c.header}`).join('，') : t('noIgnoredColumns')}
        </span>
      ),
    },
  ];
  return (
    <Card title={t('importResult')} data-testid={testId}>
      {duplicate && <Typography.Paragraph type="warning">{t('duplicateFile')}</Typography.Paragraph>}
      <Descriptions column={3} size="small" bordered items={items} />
      {report.errorCount > 0 && (
        <RowErrorsSection
          testId={`${id}row-errors`}
          errors={report.errors.nodes}
          errorCount={report.errorCount}
          hasNextPage={report.errors.pageInfo.hasNextPage}
          download={download}
          {...rowErrors}
        />
      )}
      {children}
    </Card>
  );
}
