/**
 * 政策参数: policy as data, for one county and a date (today in China unless asked): the loan
 * policy versions of the county and the regions above it, the LPR fixings, the subsidy's
 * settlement rules and the risk-fund rules, each as a timeline per region (oldest first) with the
 * version in force on the date marked, and the one the hub applies to the county then (as the API
 * answers: loanPolicyInForce, lprFixingInForce, riskFundRules). Editing never rewrites history:
 * each form records a new version through the API's record* mutations, and the hub's refusals
 * (an overlapping version, a known date with other rates) show in its words.
 */
import { gql } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Tag, Timeline, Typography, type FormItemProps } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { CursorTable, HubErrorAlert, useHubAction } from '../components';
import { formatDateTime, formatFen } from '../format';
import { useLang } from '../i18n';
import { PAGE_INFO, useCursorPages, type PageInfo } from './cursor-pages';
import { chinaToday, fractionToPercent, inForceOf, percentToFraction, regionChain, useCounties, type Dated } from './admin-common';

const LPR_PAGE = 12;

const LOAN_POLICY = gql`
  query ConsoleAdminLoanPolicy($county: String!, $on: String) {
    loanPolicyVersions(countyCode: $county) {
      id
      regionCode
      name
      source
      effectiveFrom
      effectiveTo
      rulesJson
    }
    loanPolicyInForce(countyCode: $county, on: $on) {
      id
    }
  }
`;

const RECORD_LOAN_POLICY = gql`
  mutation ConsoleRecordLoanPolicyVersion($input: LoanPolicyVersionInput!) {
    recordLoanPolicyVersion(input: $input) {
      id
    }
  }
`;

const LPR = gql`
  ${PAGE_INFO}
  query ConsoleAdminLpr($on: String, $first: Int, $after: String) {
    lprFixingPage(first: $first, after: $after) {
      nodes {
        effectiveDate
        oneYear
        fiveYearPlus
        source
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
    lprFixingInForce(on: $on) {
      effectiveDate
    }
  }
`;

const RECORD_LPR = gql`
  mutation ConsoleRecordLprFixings($fixings: [LprFixingInput!]!) {
    recordLprFixings(fixings: $fixings) {
      added
      unchanged
    }
  }
`;

const SETTLEMENT = gql`
  query ConsoleAdminSettlementRules($county: String!) {
    subsidySettlementRules(countyCode: $county) {
      id
      regionCode
      effectiveFrom
      settlementDay
      source
      recordedBy
      recordedAt
    }
  }
`;

const RECORD_SETTLEMENT = gql`
  mutation ConsoleRecordSettlementRule($input: SubsidySettlementRuleInput!) {
    recordSubsidySettlementRule(input: $input) {
      id
    }
  }
`;

const RISK_FUND = gql`
  query ConsoleAdminRiskFundRules($county: String!, $on: String) {
    riskFundRuleVersions(countyCode: $county) {
      id
      regionCode
      effectiveFrom
      effectiveTo
      name
      source
      leverageMultiple
      fundShare
      bankShare
      insuranceFirst
      compensablePrincipalCap
      pauseLendingMargin
      rulesJson
    }
    riskFundRules(countyCode: $county, on: $on) {
      id
    }
  }
`;

const RECORD_RISK_FUND = gql`
  mutation ConsoleRecordRiskFundRules($input: RiskFundRulesInput!) {
    recordRiskFundRules(input: $input) {
      id
    }
  }
`;

interface PolicyVersion extends Dated {
  id: string;
  name: string;
  source: string;
  effectiveTo: string | null;
  rulesJson: string;
}

interface LprFixing {
  effectiveDate: string;
  oneYear: string;
  fiveYearPlus: string;
  source: string;
}

interface SettlementRule extends Dated {
  id: string;
  settlementDay: number;
  source: string;
  recordedBy: string;
  recordedAt: string;
}

interface RiskFundVersion extends Dated {
  id: string;
  effectiveTo: string | null;
  name: string;
  source: string;
  leverageMultiple: string;
  fundShare: string;
  bankShare: string;
  insuranceFirst: boolean;
  compensablePrincipalCap: string;
  pauseLendingMargin: string | null;
  rulesJson: string;
}

/** JSON as the hub stores it, indented for reading and editing (as is when it does not parse). */
function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function useRegionName() {
  const { t } = useLang();
  const { countyName } = useCounties();
  return (code: string) =>
    code === ''
      ? t('adminPolicyNational')
      : code.length === 2
        ? t('adminPolicyProvince', { code })
        : code.length === 4
          ? t('adminPolicyPrefecture', { code })
          : `${countyName(code)}（${code}）`;
}

/**
 * One timeline per region (national, province, prefecture, county, as far as any version is
 * recorded), oldest first: green the version in force on the date, blue one still to come, grey
 * one ended; the version the hub applies to the county then carries its own tag.
 */
function RegionTimelines<T extends Dated & { id: string }>({
  testId,
  regions,
  versions,
  asOf,
  applying,
  render,
}: {
  testId: string;
  regions: string[];
  versions: T[];
  asOf: string;
  applying: string | null;
  render: (version: T) => ReactNode;
}) {
  const { t } = useLang();
  const regionName = useRegionName();
  const shown = regions.filter((r) => versions.some((v) => v.regionCode === r));
  if (shown.length === 0) return <Empty description={t('adminPolicyNone')} />;
  return (
    <Space align="start" wrap size="large" data-testid={testId}>
      {shown.map((region) => {
        const own = versions.filter((v) => v.regionCode === region).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
        const current = inForceOf(own, asOf);
        return (
          <Card
            key={region}
            size="small"
            title={regionName(region)}
            style={{ minWidth: 320, maxWidth: 520 }}
            data-testid={`${testId}-region-${region || 'national'}`}
          >
            <Timeline
              items={own.map((v) => {
                const state = v === current ? 'IN_FORCE' : v.effectiveFrom > asOf ? 'UPCOMING' : 'ENDED';
                return {
                  key: v.id,
                  color: state === 'IN_FORCE' ? 'green' : state === 'UPCOMING' ? 'blue' : 'gray',
                  title: (
                    <Typography.Text strong>
                      {v.effectiveTo ? `${v.effectiveFrom} – ${v.effectiveTo}` : t('adminPolicyOpenFrom', { from: v.effectiveFrom })}
                    </Typography.Text>
                  ),
                  content: (
                    <div data-testid={`${testId}-item-${v.id}`} data-state={state}>
                      <Space wrap size={4}>
                        <Tag color={state === 'IN_FORCE' ? 'green' : state === 'UPCOMING' ? 'blue' : 'default'}>
                          {t(`adminPolicyState_${state}`, { date: asOf })}
                        </Tag>
                        {applying === v.id && (
                          <Tag color="gold" data-testid={`${testId}-applying`}>
                            {t('adminPolicyApplies', { date: asOf })}
                          </Tag>
                        )}
                      </Space>
                      {render(v)}
                    </div>
                  ),
                };
              })}
            />
          </Card>
        );
      })}
    </Space>
  );
}

/** The rules document, shown folded. */
function RulesJson({ json }: { json: string }) {
  const { t } = useLang();
  return (
    <details>
      <summary>
        <Typography.Text type="secondary">{t('adminPolicyRules')}</Typography.Text>
      </summary>
      <pre style={{ maxHeight: 240, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }}>{pretty(json)}</pre>
    </details>
  );
}

/** A form in a dialog that records one new version; its refusal stays in the dialog in the hub's words. */
function RecordDialog<V extends object>({
  title,
  initialValues,
  onClose,
  record,
  children,
  testId,
  okText,
}: {
  okText?: string;
  title: string;
  initialValues: Partial<V>;
  onClose: () => void;
  record: (values: V) => Promise<unknown>;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const { run, busy: saving, error } = useHubAction();
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    await run(async () => {
      await record(values);
      message.success(t('adminPolicyRecorded'));
      onClose();
    });
  };
  return (
    <Modal
      open
      width={720}
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={okText ?? t('adminPolicyRecord')}
      okButtonProps={{ loading: saving, 'data-testid': `${testId}-submit` } as never}
    >
      <Typography.Paragraph type="secondary">{t('adminPolicyNeverRewrites')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initialValues as never}>
        {children}
      </Form>
      <HubErrorAlert error={error} />
    </Modal>
  );
}

function RegionSelect({ regions, testId, ...rest }: { regions: string[]; testId: string; value?: string; onChange?: (v: string) => void }) {
  const regionName = useRegionName();
  return <Select data-testid={testId} options={regions.map((r) => ({ value: r, label: regionName(r) }))} {...rest} />;
}

/** A required field of a record dialog, refused in the console's words while empty. */
function RequiredItem(props: FormItemProps) {
  const { t } = useLang();
  return <Form.Item rules={[{ required: true, message: t('adminPolicyRequired') }]} {...props} />;
}

/** A required text (or date) field of a record dialog. */
function RequiredInput({ name, label, testId, extra, type }: { name: string; label: string; testId: string; extra?: string; type?: 'date' }) {
  return (
    <RequiredItem name={name} label={label} extra={extra}>
      <Input type={type} data-testid={testId} />
    </RequiredItem>
  );
}

function RegionItem({ regions, testId }: { regions: string[]; testId: string }) {
  const { t } = useLang();
  return (
    <Form.Item name="regionCode" label={t('adminPolicyRegion')}>
      <RegionSelect regions={regions} testId={testId} />
    </Form.Item>
  );
}

function RulesJsonItem({ testId }: { testId: string }) {
  const { t } = useLang();
  return (
    <Form.Item name="rulesJson" label={t('adminPolicyRulesJson')} extra={t('adminPolicyRulesJsonHint')}>
      <Input.TextArea rows={10} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid={testId} />
    </Form.Item>
  );
}

/** One policy's card: its title, the button that opens its record dialog, the hub's refusal of the read, then the card's own. */
function PolicyCard({
  title,
  recordTestId,
  recordText,
  loading,
  error,
  onRecord,
  children,
}: {
  title: string;
  recordTestId: string;
  recordText: string;
  loading?: boolean;
  error: unknown;
  onRecord: () => void;
  children: ReactNode;
}) {
  return (
    <Card
      title={title}
      loading={loading}
      extra={
        <Button data-testid={recordTestId} onClick={onRecord}>
          {recordText}
        </Button>
      }
    >
      <HubErrorAlert error={error} />
      {children}
    </Card>
  );
}

/**
 * A policy recorded as versions per region with a rules document (the loan policy, the risk-fund
 * rules): its timelines over the county's regions with the version the hub applies marked, and the
 * dialog that records one more, opened on the applying version's rules.
 */
function RulesVersionsCard<T extends Dated & { id: string; rulesJson: string }>({
  testId,
  title,
  hint,
  county,
  asOf,
  versions,
  applyingId,
  loading,
  error,
  render,
  recordDialog,
}: {
  testId: string;
  title: string;
  hint: string;
  county: string;
  asOf: string;
  versions: T[];
  applyingId: string | undefined;
  loading: boolean;
  error: unknown;
  render: (version: T) => ReactNode;
  recordDialog: (dialog: { regions: string[]; initialValues: { regionCode: string; rulesJson: string }; onClose: () => void }) => ReactNode;
}) {
  const { t } = useLang();
  const [recording, setRecording] = useState(false);
  const regions = regionChain(county, true);
  const applying = versions.find((v) => v.id === applyingId) ?? null;
  return (
    <PolicyCard
      title={title}
      recordTestId={`record-${testId}`}
      recordText={t('adminPolicyRecordVersion')}
      loading={loading}
      error={error}
      onRecord={() => setRecording(true)}
    >
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <RegionTimelines testId={testId} regions={regions} versions={versions} asOf={asOf} applying={applying?.id ?? null} render={render} />
      {recording &&
        recordDialog({
          regions,
          initialValues: { regionCode: county, rulesJson: applying ? pretty(applying.rulesJson) : '{}' },
          onClose: () => setRecording(false),
        })}
    </PolicyCard>
  );
}

function LoanPolicySection({ county, asOf }: { county: string; asOf: string }) {
  const { t } = useLang();
  const client = useApolloClient();
  const { data, error, loading } = useQuery<{ loanPolicyVersions: PolicyVersion[]; loanPolicyInForce: { id: string } | null }>(LOAN_POLICY, {
    variables: { county, on: asOf },
    fetchPolicy: 'network-only',
  });
  return (
    <RulesVersionsCard
      testId="loan-policy"
      title={t('adminPolicyLoanTitle')}
      hint={t('adminPolicyLoanHint')}
      county={county}
      asOf={asOf}
      versions={data?.loanPolicyVersions ?? []}
      applyingId={data?.loanPolicyInForce?.id}
      loading={loading && !data}
      error={error}
      render={(v) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{v.name}</Typography.Text>
          <Typography.Text type="secondary">
            {v.id} · {v.source}
          </Typography.Text>
          <RulesJson json={v.rulesJson} />
        </Space>
      )}
      recordDialog={(dialog) => (
        <RecordDialog<{ id: string; regionCode: string; name: string; source: string; effectiveFrom: string; effectiveTo?: string; rulesJson: string }>
          testId="loan-policy-form"
          title={t('adminPolicyLoanRecordTitle')}
          initialValues={dialog.initialValues}
          onClose={dialog.onClose}
          record={(v) =>
            client.mutate({
              mutation: RECORD_LOAN_POLICY,
              variables: { input: { ...v, effectiveTo: v.effectiveTo || null } },
              refetchQueries: ['ConsoleAdminLoanPolicy'],
              awaitRefetchQueries: true,
            })
          }
        >
          <RequiredInput name="id" label={t('adminPolicyVersionId')} extra={t('adminPolicyVersionIdHint')} testId="loan-policy-form-id" />
          <RegionItem regions={dialog.regions} testId="loan-policy-form-region" />
          <RequiredInput name="name" label={t('adminPolicyName')} testId="loan-policy-form-name" />
          <RequiredInput name="source" label={t('adminPolicySource')} testId="loan-policy-form-source" />
          <Space size="large">
            <RequiredInput name="effectiveFrom" type="date" label={t('adminPolicyEffectiveFrom')} testId="loan-policy-form-from" />
            <Form.Item name="effectiveTo" label={t('adminPolicyEffectiveTo')} extra={t('adminPolicyEffectiveToHint')}>
              <Input type="date" data-testid="loan-policy-form-to" />
            </Form.Item>
          </Space>
          <RulesJsonItem testId="loan-policy-form-rules" />
        </RecordDialog>
      )}
    />
  );
}

function LprSection({ asOf }: { asOf: string }) {
  const { t } = useLang();
  const client = useApolloClient();
  const [recording, setRecording] = useState(false);
  const pages = useCursorPages();
  const { data, previousData, error, loading } = useQuery<{
    lprFixingPage: { nodes: LprFixing[]; pageInfo: PageInfo };
    lprFixingInForce: { effectiveDate: string } | null;
  }>(LPR, {
    variables: { on: asOf, first: LPR_PAGE, after: pages.after },
    fetchPolicy: 'network-only',
  });
  const connection = (data ?? previousData)?.lprFixingPage;
  const inForce = data?.lprFixingInForce?.effectiveDate ?? null;
  const state = (f: LprFixing) => (f.effectiveDate === inForce ? 'IN_FORCE' : f.effectiveDate > asOf ? 'UPCOMING' : 'ENDED');
  return (
    <PolicyCard
      title={t('adminPolicyLprTitle')}
      recordTestId="record-lpr"
      recordText={t('adminPolicyLprAdd')}
      error={error}
      onRecord={() => setRecording(true)}
    >
      <Typography.Paragraph type="secondary" data-testid="lpr-in-force">
        {inForce ? t('adminPolicyLprInForce', { date: asOf, from: inForce }) : t('adminPolicyLprNoneInForce', { date: asOf })}
      </Typography.Paragraph>
      <CursorTable<LprFixing>
        testId="lpr-fixings"
        rowKey="effectiveDate"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={LPR_PAGE}
        columns={[
          { title: t('adminPolicyLprDate'), dataIndex: 'effectiveDate' },
          { title: t('adminPolicyLprOneYear'), dataIndex: 'oneYear', align: 'right', render: fractionToPercent },
          { title: t('adminPolicyLprFiveYear'), dataIndex: 'fiveYearPlus', align: 'right', render: fractionToPercent },
          {
            title: t('adminPolicySource'),
            dataIndex: 'source',
            // 'mutation': an admin recorded it; 'shipped (…)': the published history the hub ships.
            render: (s: string) => (s === 'mutation' ? t('adminPolicyLprSourceAdmin') : s.startsWith('shipped') ? t('adminPolicyLprSourceShipped') : s),
          },
          {
            title: t('adminPolicyStatus'),
            key: 'state',
            render: (_, f) => {
              const s = state(f);
              return (
                <Tag color={s === 'IN_FORCE' ? 'green' : s === 'UPCOMING' ? 'blue' : 'default'} data-testid={`lpr-state-${f.effectiveDate}`}>
                  {t(`adminPolicyState_${s}`, { date: asOf })}
                </Tag>
              );
            },
          },
        ]}
      />
      {recording && (
        <RecordDialog<{ effectiveDate: string; oneYear: string; fiveYearPlus: string }>
          testId="lpr-form"
          title={t('adminPolicyLprAddTitle')}
          okText={t('adminPolicyLprAdd')}
          initialValues={{}}
          onClose={() => setRecording(false)}
          record={async (v) => {
            await client.mutate({
              mutation: RECORD_LPR,
              variables: {
                fixings: [{ effectiveDate: v.effectiveDate, oneYear: percentToFraction(v.oneYear), fiveYearPlus: percentToFraction(v.fiveYearPlus) }],
              },
              refetchQueries: ['ConsoleAdminLpr'],
              awaitRefetchQueries: true,
            });
            // Back to the newest page, where a new month's fixing shows.
            pages.reset();
          }}
        >
          <RequiredInput name="effectiveDate" type="date" label={t('adminPolicyLprDate')} testId="lpr-form-date" />
          <Space size="large">
            <RequiredItem name="oneYear" label={t('adminPolicyLprOneYear')}>
              <Input data-testid="lpr-form-one-year" suffix="%" placeholder="3.00" style={{ width: 160 }} />
            </RequiredItem>
            <RequiredItem name="fiveYearPlus" label={t('adminPolicyLprFiveYear')}>
              <Input data-testid="lpr-form-five-year" suffix="%" placeholder="3.50" style={{ width: 160 }} />
            </RequiredItem>
          </Space>
        </RecordDialog>
      )}
    </PolicyCard>
  );
}

function SettlementSection({ county, asOf }: { county: string; asOf: string }) {
  const { t } = useLang();
  const client = useApolloClient();
  const [recording, setRecording] = useState(false);
  const { data, error, loading } = useQuery<{ subsidySettlementRules: SettlementRule[] }>(SETTLEMENT, { variables: { county }, fetchPolicy: 'network-only' });
  const rules = data?.subsidySettlementRules ?? [];
  const regions = regionChain(county, false);
  // The most specific region with a rule in force on the date (settlementRule.service's ruleAt); none: the hub's default day.
  const applying =
    [...regions]
      .reverse()
      .map((r) =>
        inForceOf(
          rules.filter((x) => x.regionCode === r),
          asOf,
        ),
      )
      .find((x) => x !== null) ?? null;
  return (
    <PolicyCard
      title={t('adminPolicySettlementTitle')}
      recordTestId="record-settlement"
      recordText={t('adminPolicyRecordVersion')}
      loading={loading && !data}
      error={error}
      onRecord={() => setRecording(true)}
    >
      <Typography.Paragraph type="secondary" data-testid="settlement-county-rule">
        {applying ? t('adminPolicySettlementApplies', { date: asOf, day: applying.settlementDay }) : t('adminPolicySettlementDefault', { date: asOf })}
      </Typography.Paragraph>
      <RegionTimelines
        testId="settlement"
        regions={regions}
        versions={rules.map((r) => ({ ...r, effectiveTo: null }))}
        asOf={asOf}
        applying={applying?.id ?? null}
        render={(r) => (
          <Space orientation="vertical" size={0}>
            <Typography.Text>{t('adminPolicySettlementDay', { day: r.settlementDay })}</Typography.Text>
            <Typography.Text type="secondary">{r.source}</Typography.Text>
            <Typography.Text type="secondary">{t('adminPolicyRecordedBy', { who: r.recordedBy, at: formatDateTime(r.recordedAt) })}</Typography.Text>
          </Space>
        )}
      />
      {recording && (
        <RecordDialog<{ regionCode: string; effectiveFrom: string; settlementDay: number; source: string }>
          testId="settlement-form"
          title={t('adminPolicySettlementRecordTitle')}
          initialValues={{ regionCode: county, settlementDay: applying?.settlementDay ?? 20 }}
          onClose={() => setRecording(false)}
          record={(v) =>
            client.mutate({ mutation: RECORD_SETTLEMENT, variables: { input: v }, refetchQueries: ['ConsoleAdminSettlementRules'], awaitRefetchQueries: true })
          }
        >
          <RegionItem regions={regions} testId="settlement-form-region" />
          <Space size="large">
            <RequiredInput
              name="effectiveFrom"
              type="date"
              label={t('adminPolicyEffectiveFrom')}
              extra={t('adminPolicySettlementFromHint')}
              testId="settlement-form-from"
            />
            <RequiredItem name="settlementDay" label={t('adminPolicySettlementDayLabel')}>
              <InputNumber data-testid="settlement-form-day" precision={0} style={{ width: 120 }} />
            </RequiredItem>
          </Space>
          <RequiredInput name="source" label={t('adminPolicySource')} testId="settlement-form-source" />
        </RecordDialog>
      )}
    </PolicyCard>
  );
}

function RiskFundSection({ county, asOf }: { county: string; asOf: string }) {
  const { t } = useLang();
  const client = useApolloClient();
  const { data, error, loading } = useQuery<{ riskFundRuleVersions: RiskFundVersion[]; riskFundRules: { id: string } | null }>(RISK_FUND, {
    variables: { county, on: asOf },
    fetchPolicy: 'network-only',
  });
  return (
    <RulesVersionsCard
      testId="risk-fund"
      title={t('adminPolicyRiskTitle')}
      hint={t('adminPolicyRiskHint')}
      county={county}
      asOf={asOf}
      versions={data?.riskFundRuleVersions ?? []}
      applyingId={data?.riskFundRules?.id}
      loading={loading && !data}
      error={error}
      render={(v) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{v.name}</Typography.Text>
          <Typography.Text type="secondary">{v.source}</Typography.Text>
          <Typography.Text>
            {t('adminPolicyRiskTerms', {
              leverage: v.leverageMultiple,
              fund: fractionToPercent(v.fundShare),
              bank: fractionToPercent(v.bankShare),
              cap: formatFen(v.compensablePrincipalCap),
            })}
          </Typography.Text>
          <Typography.Text type="secondary">
            {v.insuranceFirst ? t('adminPolicyRiskInsuranceFirst') : t('adminPolicyRiskNoInsuranceFirst')}
            {v.pauseLendingMargin ? ` · ${t('adminPolicyRiskPause', { margin: fractionToPercent(v.pauseLendingMargin) })}` : ''}
          </Typography.Text>
          <RulesJson json={v.rulesJson} />
        </Space>
      )}
      recordDialog={(dialog) => (
        <RecordDialog<{ regionCode: string; effectiveFrom: string; name: string; source: string; rulesJson: string }>
          testId="risk-fund-form"
          title={t('adminPolicyRiskRecordTitle')}
          initialValues={dialog.initialValues}
          onClose={dialog.onClose}
          record={(v) =>
            client.mutate({ mutation: RECORD_RISK_FUND, variables: { input: v }, refetchQueries: ['ConsoleAdminRiskFundRules'], awaitRefetchQueries: true })
          }
        >
          <RegionItem regions={dialog.regions} testId="risk-fund-form-region" />
          <RequiredInput name="name" label={t('adminPolicyName')} testId="risk-fund-form-name" />
          <RequiredInput name="source" label={t('adminPolicySource')} testId="risk-fund-form-source" />
          <RequiredInput
            name="effectiveFrom"
            type="date"
            label={t('adminPolicyEffectiveFrom')}
            extra={t('adminPolicyRiskFromHint')}
            testId="risk-fund-form-from"
          />
          <RulesJsonItem testId="risk-fund-form-rules" />
        </RecordDialog>
      )}
    />
  );
}

export function AdminPolicyPage() {
  const { t } = useLang();
  const { counties } = useCounties();
  const [county, setCounty] = useState<string | undefined>();
  const [asOf, setAsOf] = useState(chinaToday);
  const today = chinaToday();
  useEffect(() => {
    if (!county && counties.length) setCounty(counties[0].code);
  }, [county, counties]);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('menuAdminPolicy')}>
        <Space wrap size="large">
          <span>
            <Typography.Text style={{ marginRight: 8 }}>{t('adminPolicyCounty')}</Typography.Text>
            <Select
              data-testid="policy-county"
              style={{ width: 220 }}
              value={county}
              onChange={setCounty}
              showSearch={{ optionFilterProp: 'label' }}
              options={counties.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
            />
          </span>
          <span>
            <Typography.Text style={{ marginRight: 8 }}>{t('adminPolicyAsOf')}</Typography.Text>
            <Input type="date" data-testid="policy-as-of" value={asOf} onChange={(e) => e.target.value && setAsOf(e.target.value)} style={{ width: 180 }} />
          </span>
          <Button data-testid="policy-today" disabled={asOf === today} onClick={() => setAsOf(today)}>
            {t('adminPolicyToday', { date: today })}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('adminPolicyIntro')}
        </Typography.Paragraph>
      </Card>
      <LprSection asOf={asOf} />
      {county && (
        <>
          <LoanPolicySection county={county} asOf={asOf} />
          <SettlementSection county={county} asOf={asOf} />
          <RiskFundSection county={county} asOf={asOf} />
        </>
      )}
    </Space>
  );
}
