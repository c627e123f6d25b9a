/**
 * 名单公示: a printable public notice of a published roster version for one township or village
 * (001 §二(二): posted at township and village level so that no ineligible household rides along).
 * Heads' names as the hub masks them, no ID number or phone (the page never asks for them), the
 * household type and monitoring status, the notice period (from today in Asia/Shanghai, the days
 * the clerk chooses) and where to object. Printed through the browser (打印/导出PDF): the print
 * stylesheet hides the console around the notice and sets A4 pages. The same for a quarter's
 * interest subsidy before it is paid (贴息公示): each household of the village or township with
 * what the computed run would pay it (its lines summed to the fen).
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { HubErrorAlert } from '../components';
import { formatDate } from '../format';
import { CATEGORY, useLang } from '../i18n';
import { formatFen } from '../format';
import { chineseDate, DEFAULT_NOTICE_DAYS, MAX_NOTICE_DAYS, noticePeriod, sumFen } from '../notice';
import { quarterOptions } from '../quarters';
import { useSubRegions } from './sub-regions';
import { PAGE_INFO, type PageInfo } from './cursor-pages';

const VERSIONS = gql`
  query ConsoleNoticeVersions($county: String!) {
    rosterVersions(countyCode: $county, first: 50) {
      nodes {
        id
        number
        status
        householdCount
        publishedAt
      }
    }
    county: region(code: $county) {
      code
      name
    }
  }
`;

/** Masked head's name and the public fields only: no idNumber, no phone. */
const ENTRIES = gql`
  ${PAGE_INFO}
  query ConsoleNoticeEntries($id: ID!, $township: String, $village: String, $first: Int, $after: String) {
    rosterVersion(id: $id) {
      id
      entries(townshipCode: $township, villageCode: $village, first: $first, after: $after) {
        nodes {
          householdNo
          headName
          townshipCode
          villageCode
          category
          isMonitored
          memberCount
        }
        pageInfo {
          ...ConsolePageInfo
        }
      }
    }
  }
`;

const ENTRY_PAGE = 500;

/** The payable lines of a township, each with its household (name masked) and village. */
const SUBSIDY_LINES = gql`
  ${PAGE_INFO}
  query ConsoleNoticeSubsidyLines($county: String!, $quarter: String!, $township: String!, $first: Int, $after: String) {
    subsidyRun(countyCode: $county, quarter: $quarter) {
      id
      status
      approvedAmount
      lines(townshipCode: $township, payableOnly: true, first: $first, after: $after) {
        nodes {
          id
          payable
          household {
            id
            householdNo
            headName
            village {
              code
              name
            }
          }
        }
        pageInfo {
          ...ConsolePageInfo
        }
      }
    }
  }
`;

interface SubsidyNoticeLine {
  id: string;
  payable: string;
  household: { id: string; householdNo: string; headName: string; village: { code: string; name: string } | null } | null;
}
type SubsidyLinesData = {
  subsidyRun: {
    id: string;
    status: string;
    approvedAmount: string;
    lines: { nodes: SubsidyNoticeLine[]; pageInfo: PageInfo };
  } | null;
};
interface SubsidyRow {
  householdNo: string;
  headName: string;
  villageCode: string;
  villageName: string;
  amount: string;
}

/** Every payable line of the quarter in the township (the village's, if one is chosen), summed per household. */
function useSubsidyRows(county: string, quarter: string | undefined, township: string | undefined, village: string | undefined) {
  const client = useApolloClient();
  const [state, setState] = useState<{ rows: SubsidyRow[] | null; status: string | null; approved: string | null; loading: boolean; error: unknown }>({
    rows: null,
    status: null,
    approved: null,
    loading: false,
    error: null,
  });
  useEffect(() => {
    if (!quarter || !township) {
      setState({ rows: null, status: null, approved: null, loading: false, error: null });
      return;
    }
    let cancelled = false;
    setState({ rows: null, status: null, approved: null, loading: true, error: null });
    (async () => {
      const lines: SubsidyNoticeLine[] = [];
      let status: string | null = null;
      let approved: string | null = null;
      let after: string | null = null;
      for (;;) {
        const answer: { data?: SubsidyLinesData } = await client.query<SubsidyLinesData>({
          query: SUBSIDY_LINES,
          variables: { county, quarter, township, first: ENTRY_PAGE, after },
          fetchPolicy: 'network-only',
        });
        const run = answer.data?.subsidyRun;
        if (!run) return { rows: null, status: null, approved: null };
        status = run.status;
        approved = run.approvedAmount;
        lines.push(...run.lines.nodes);
        if (!run.lines.pageInfo.hasNextPage) break;
        after = run.lines.pageInfo.endCursor;
      }
      const byHousehold = new Map<string, { line: SubsidyNoticeLine; amounts: string[] }>();
      for (const line of lines) {
        if (!line.household || (village && line.household.village?.code !== village)) continue;
        const seen = byHousehold.get(line.household.id);
        if (seen) seen.amounts.push(line.payable);
        else byHousehold.set(line.household.id, { line, amounts: [line.payable] });
      }
      const rows = [...byHousehold.values()]
        .map(({ line, amounts }) => ({
          householdNo: line.household!.householdNo,
          headName: line.household!.headName,
          villageCode: line.household!.village?.code ?? '',
          villageName: line.household!.village?.name ?? '',
          amount: sumFen(amounts),
        }))
        .sort((a, b) => a.householdNo.localeCompare(b.householdNo));
      return { rows, status, approved };
    })().then(
      ({ rows, status, approved }) => !cancelled && setState({ rows, status, approved, loading: false, error: null }),
      (error) => !cancelled && setState({ rows: null, status: null, approved: null, loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [client, county, quarter, township, village]);
  return state;
}

interface Version {
  id: string;
  number: number;
  status: string;
  householdCount: number;
  publishedAt: string | null;
}
interface Entry {
  householdNo: string;
  headName: string;
  townshipCode: string;
  villageCode: string;
  category: string;
  isMonitored: boolean;
  memberCount: number;
}
type EntriesData = { rosterVersion: { entries: { nodes: Entry[]; pageInfo: PageInfo } } };

/** A4, the console's shell hidden: only the notice goes to paper (or PDF). */
const PRINT_CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
.notice-sheet { background: #fff; color: #000; max-width: 210mm; margin: 0 auto; padding: 16mm 14mm; box-shadow: 0 1px 6px rgba(0,0,0,.15);
  font-family: "SimSun", "Songti SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.7; }
.notice-sheet h1 { text-align: center; font-size: 18pt; margin: 0 0 12pt; font-weight: bold; }
.notice-sheet p { margin: 0 0 8pt; text-indent: 2em; }
.notice-table { width: 100%; border-collapse: collapse; margin: 8pt 0 12pt; font-size: 11pt; }
.notice-table th, .notice-table td { border: 1px solid #000; padding: 2pt 4pt; text-align: center; }
.notice-table thead { display: table-header-group; }
.notice-table tr { break-inside: avoid; }
.notice-sign { text-align: right; margin-top: 18pt; }
.notice-sign div { text-indent: 0; }
@media print {
  html, body { background: #fff !important; }
  .ant-layout-header, .ant-layout-sider, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content { padding: 0 !important; margin: 0 !important; background: #fff !important; min-height: 0 !important; }
  .notice-sheet { box-shadow: none; padding: 0; max-width: none; }
}
`;

/** Every entry of the version in the township or village, page after page. */
function useAllEntries(versionId: string | undefined, township: string | undefined, village: string | undefined) {
  const client = useApolloClient();
  const [state, setState] = useState<{ entries: Entry[] | null; loading: boolean; error: unknown }>({ entries: null, loading: false, error: null });
  useEffect(() => {
    if (!versionId || (!township && !village)) {
      setState({ entries: null, loading: false, error: null });
      return;
    }
    let cancelled = false;
    setState({ entries: null, loading: true, error: null });
    (async () => {
      const all: Entry[] = [];
      let after: string | null = null;
      for (;;) {
        const answer: { data?: EntriesData } = await client.query<EntriesData>({
          query: ENTRIES,
          variables: { id: versionId, township: village ? null : township, village: village ?? null, first: ENTRY_PAGE, after },
          fetchPolicy: 'network-only',
        });
        const connection = answer.data!.rosterVersion.entries;
        all.push(...connection.nodes);
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      return all;
    })().then(
      (entries) => !cancelled && setState({ entries, loading: false, error: null }),
      (error) => !cancelled && setState({ entries: null, loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [client, versionId, township, village]);
  return state;
}

/**
 * One printed notice: its heading and opening paragraph, the lines every notice carries (period,
 * where to object), the households' table (序号, 户主姓名, 行政村 on a township's notice, then the
 * notice's own columns, and its foot), the signature.
 */
function NoticeSheet<R extends { householdNo: string; headName: string }>({
  heading,
  intro,
  lines,
  rows,
  villageOf,
  headers,
  cells,
  foot,
  signature,
}: {
  heading: ReactNode;
  intro: ReactNode;
  lines: ReactNode;
  rows: R[];
  /** A row's village, on a township's notice only. */
  villageOf?: (row: R) => string;
  headers: string[];
  cells: (row: R) => ReactNode;
  foot?: ReactNode;
  signature: ReactNode;
}) {
  return (
    <div className="notice-sheet" data-testid="notice-sheet">
      <h1 data-testid="notice-heading">{heading}</h1>
      <p>{intro}</p>
      {lines}
      <table className="notice-table" data-testid="notice-table">
        <thead>
          <tr>
            <th>序号</th>
            <th>户主姓名</th>
            {villageOf && <th>行政村</th>}
            {headers.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.householdNo}>
              <td>{i + 1}</td>
              <td>{r.headName}</td>
              {villageOf && <td>{villageOf(r)}</td>}
              {cells(r)}
            </tr>
          ))}
          {foot}
        </tbody>
      </table>
      {signature}
    </div>
  );
}

export function RosterNoticePage({ county }: { county: string }) {
  const { t } = useLang();
  const versions = useQuery<{ rosterVersions: { nodes: Version[] }; county: { name: string } | null }>(VERSIONS, {
    variables: { county },
    fetchPolicy: 'network-only',
  });
  const choosable = (versions.data?.rosterVersions.nodes ?? []).filter((v) => v.status === 'PUBLISHED' || v.status === 'SUPERSEDED');
  const [kind, setKind] = useState<'roster' | 'subsidy'>('roster');
  const [versionId, setVersionId] = useState<string | undefined>();
  const version = choosable.find((v) => v.id === versionId) ?? choosable.find((v) => v.status === 'PUBLISHED');
  const [quarter, setQuarter] = useState<string | undefined>();
  const [level, setLevel] = useState<'township' | 'village'>('village');
  const [township, setTownship] = useState<string | undefined>();
  const [village, setVillage] = useState<string | undefined>();
  const [days, setDays] = useState<number>(DEFAULT_NOTICE_DAYS);
  const [objection, setObjection] = useState('');
  const townships = useSubRegions(county);
  const villages = useSubRegions(township);
  const chosenVillage = level === 'village' ? village : undefined;
  const placeChosen = Boolean(township && (level === 'township' || chosenVillage));
  const roster = useAllEntries(kind === 'roster' && placeChosen ? version?.id : undefined, township, chosenVillage);
  const subsidy = useSubsidyRows(county, kind === 'subsidy' && placeChosen ? quarter : undefined, township, chosenVillage);
  const { loading, error } = kind === 'roster' ? roster : subsidy;

  const countyName = versions.data?.county?.name ?? county;
  const townshipName = townships.regions.find((r) => r.code === township)?.name ?? '';
  const villageName = chosenVillage ? (villages.regions.find((r) => r.code === chosenVillage)?.name ?? '') : '';
  const villageNames = new Map(villages.regions.map((r) => [r.code, r.name]));
  const period = noticePeriod(new Date(), Number.isInteger(days) && days >= 1 && days <= MAX_NOTICE_DAYS ? days : DEFAULT_NOTICE_DAYS);
  const place = `${countyName}${townshipName}${villageName}`;
  const rosterReady = kind === 'roster' && Boolean(version && placeChosen && roster.entries);
  const subsidyReady = kind === 'subsidy' && Boolean(quarter && placeChosen && subsidy.rows);
  const [year, q] = (quarter ?? '').split('Q');
  const quarterText = quarter ? `${year}年第${'一二三四'[Number(q) - 1]}季度` : '';
  const total = subsidy.rows ? sumFen(subsidy.rows.map((r) => r.amount)) : '0.00';

  const lines = (
    <>
      <p data-testid="notice-period">
        公示期：{chineseDate(period.start)}至{chineseDate(period.end)}（共 {days} 天）。
      </p>
      <p data-testid="notice-objection-text">
        如对公示内容有异议，请于公示期内向{objection.trim() || '＿＿＿＿＿＿＿＿'}
        反映。为保护个人信息，公示不含身份证号码和联系电话，户主姓名已作脱敏处理。
      </p>
    </>
  );
  const signature = (
    <div className="notice-sign">
      <div>
        {countyName}
        {kind === 'roster' ? '乡村振兴局' : '财政局'}
      </div>
      <div>{chineseDate(period.start)}</div>
    </div>
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <style>{PRINT_CSS}</style>
      <Card title={t('noticeTitle')} className="no-print">
        <Form layout="vertical" style={{ maxWidth: 720 }}>
          <Form.Item label={t('noticeKind')}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} data-testid="notice-kind">
              <Radio value="roster">{t('noticeKindRoster')}</Radio>
              <Radio value="subsidy" data-testid="notice-kind-subsidy">
                {t('noticeKindSubsidy')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {kind === 'roster' ? (
            <Form.Item label={t('noticeVersion')}>
              <Select
                data-testid="notice-version"
                style={{ width: 360 }}
                value={version?.id}
                onChange={setVersionId}
                loading={versions.loading}
                options={choosable.map((v) => ({
                  value: v.id,
                  label: t('noticeVersionOption', { n: v.number, status: t(`vstatus_${v.status}`), count: v.householdCount, at: formatDate(v.publishedAt) }),
                }))}
              />
            </Form.Item>
          ) : (
            <Form.Item label={t('noticeQuarter')}>
              <Select
                data-testid="notice-quarter"
                style={{ width: 200 }}
                value={quarter}
                onChange={setQuarter}
                options={quarterOptions().map((value) => ({ value, label: value }))}
              />
            </Form.Item>
          )}
          <Form.Item label={t('noticeLevel')}>
            <Radio.Group value={level} onChange={(e) => setLevel(e.target.value)} data-testid="notice-level">
              <Radio value="village">{t('noticeLevelVillage')}</Radio>
              <Radio value="township" data-testid="notice-level-township">
                {t('noticeLevelTownship')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Space wrap>
            <Form.Item label={t('colTownship')}>
              <Select
                data-testid="notice-township"
                style={{ width: 200 }}
                value={township}
                onChange={(value: string) => {
                  setTownship(value);
                  setVillage(undefined);
                }}
                options={townships.regions.map((r) => ({ value: r.code, label: r.name }))}
              />
            </Form.Item>
            {level === 'village' && (
              <Form.Item label={t('colVillage')}>
                <Select
                  data-testid="notice-village"
                  style={{ width: 240 }}
                  disabled={!township}
                  value={village}
                  onChange={setVillage}
                  options={villages.regions.map((r) => ({ value: r.code, label: r.name }))}
                />
              </Form.Item>
            )}
            <Form.Item label={t('noticeDays')}>
              <InputNumber
                data-testid="notice-days"
                min={1}
                max={MAX_NOTICE_DAYS}
                precision={0}
                value={days}
                onChange={(v) => setDays(v ?? DEFAULT_NOTICE_DAYS)}
              />
            </Form.Item>
          </Space>
          <Form.Item label={t('noticeObjection')}>
            <Input.TextArea
              data-testid="notice-objection"
              value={objection}
              maxLength={200}
              autoSize={{ minRows: 2 }}
              placeholder={t('noticeObjectionPlaceholder')}
              onChange={(e) => setObjection(e.target.value)}
            />
          </Form.Item>
          <Button type="primary" disabled={!rosterReady && !subsidyReady} onClick={() => window.print()} data-testid="notice-print">
            {t('noticePrint')}
          </Button>
        </Form>
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('noticeHint')} />
        <HubErrorAlert error={versions.error ?? error} />
      </Card>
      {kind === 'roster' && !versions.loading && !versions.error && choosable.length === 0 && (
        <Alert type="warning" className="no-print" title={t('noticeNoPublished')} data-testid="notice-none" />
      )}
      {kind === 'subsidy' && quarter && placeChosen && !subsidy.loading && !subsidy.error && !subsidy.rows && (
        <Alert type="warning" className="no-print" title={t('noticeNoRun')} data-testid="notice-none" />
      )}
      {kind === 'subsidy' && subsidy.status && subsidy.status !== 'COMPUTED' && (
        <Alert type="warning" className="no-print" title={t('noticeRunNotFinal', { status: subsidy.status })} />
      )}
      {kind === 'subsidy' && subsidy.approved && subsidy.approved !== '0.00' && (
        // The notice comes before payment (posted, then paid once no objection is raised): say so when money is already approved.
        <Alert
          type="warning"
          className="no-print"
          title={t('noticeMoneyApproved', { amount: formatFen(subsidy.approved) })}
          data-testid="notice-money-approved"
        />
      )}
      {loading && <Card loading className="no-print" />}
      {rosterReady && version && roster.entries && (
        <NoticeSheet
          heading={`${place} 脱贫人口小额信贷 名单公示`}
          intro={
            <>
              根据脱贫人口小额信贷政策，经审核，现将{countyName}脱贫人口小额信贷名单（第 {version.number} 版，{chineseDate(formatDate(version.publishedAt))}
              发布）中{townshipName}
              {villageName}的 {roster.entries.length} 户予以公示，接受群众监督。
            </>
          }
          lines={lines}
          rows={roster.entries}
          villageOf={level === 'township' ? (e) => villageNames.get(e.villageCode) ?? e.villageCode : undefined}
          headers={['户类型', '是否监测对象', '家庭人口数']}
          cells={(e) => (
            <>
              <td>{CATEGORY[e.category]?.zh ?? e.category}</td>
              <td>{e.isMonitored ? '是' : '否'}</td>
              <td>{e.memberCount}</td>
            </>
          )}
          signature={signature}
        />
      )}
      {subsidyReady && subsidy.rows && (
        <NoticeSheet
          heading={
            <>
              {place} {quarterText} 脱贫人口小额信贷贴息 公示
            </>
          }
          intro={
            <>
              根据脱贫人口小额信贷贴息政策，经核算，{townshipName}
              {villageName}
              {quarterText}拟发放贴息的 {subsidy.rows.length} 户、合计 {formatFen(total)} 元予以公示，接受群众监督；公示无异议后发放至各户一卡通账户。
            </>
          }
          lines={lines}
          rows={subsidy.rows}
          villageOf={level === 'township' ? (r) => r.villageName || villageNames.get(r.villageCode) || r.villageCode : undefined}
          headers={['贴息金额（元）']}
          cells={(r) => <td style={{ textAlign: 'right' }}>{formatFen(r.amount)}</td>}
          foot={
            <tr>
              <td colSpan={level === 'township' ? 3 : 2}>合计</td>
              <td style={{ textAlign: 'right' }} data-testid="notice-total">
                {formatFen(total)}
              </td>
            </tr>
          }
          signature={signature}
        />
      )}
    </Space>
  );
}
