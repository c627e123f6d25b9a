/**
 * What both file imports show (名单导入, 一卡通账户): the upload card (the error mode, the drop zone,
 * the upload's progress and the hub's refusal) and the report's row errors, paged on the server
 * with their downloads. The page names its endpoint and what to do with the import the hub answers.
 */
import { Button, Card, Progress, Radio, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { uploadFile } from '../api';
import { cursorPagination, HubErrorAlert } from '../components';
import { formatCount } from '../format';
import { useLang } from '../i18n';
import { InboxOutlined } from './icons';

/**
 * What both imports' queries ask of the report besides their own counts: the columns not read
 * and a page of row errors (the two report types are distinct in the schema, so no fragment).
 */
export const IMPORT_REPORT_ROWS = `ignoredColumns { column header }
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
