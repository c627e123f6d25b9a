/**
 * The regulator's console in a real browser (Debian's Chromium, playwright-core) against a test
 * hub: the demo county's roster published and its banks' loans reported in two steps, so the
 * monthly job's two months differ (one bank's borrowers swing), one bank's NPL target recorded
 * (its tolerance line drawn, the others' said missing), the risk funds deposited and assessed.
 * `regulator` signs in and reads the 月度统计 dashboards: every table cell and every chart's figures
 * equal monthlyStatistics as the API answers the regulator's token, the swing is highlighted, the
 * XLSX holds the same figures, and nothing on the page is personal (no resident ID, no name of
 * the roster); then the 风险补偿金 page against riskFundSummaries; and the page logged no errors.
 * Screenshots go to test/browser/screenshots/. Skipped, saying so, without /usr/bin/chromium.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { formatCount, formatFen } from '../../console/src/format';
import { addMonths, defaultRange, formatRate, toleranceLine } from '../../console/src/pages/regulator-common';
import { buildDemoCounty, DEMO_COUNTY } from '../../demo/demo-county';
import { publishDemoRoster } from '../../demo/demo-roster';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { computeMonthlyStatistics } from '../../queues/src/jobs/monitoring-jobs';
import { assessRiskFunds } from '../../queues/src/jobs/risk-fund-jobs';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { registerBanks } from '../support/bank-directory';
import { consoleMoves, openWatchedPage, describeInBrowser, SCREENSHOTS } from '../support/browser';

jest.setTimeout(180_000);

const OUTSTANDING = ['DISBURSED', 'OVERDUE', 'NPL', 'EXTENDED'];
const RESIDENT_ID = /\d{6}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]/;

describeInBrowser('the console in a browser, as a regulator: 月度统计 and 风险补偿金', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let regulator: string;
  let demo: ReturnType<typeof buildDemoCounty>;
  let townshipNames: Map<string, string>;
  const problems: string[] = [];
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const { signInAs, choose, shot } = consoleMoves(() => page, base);
  // The months the page shows at first: the twelve ending with the month just ended.
  const range = defaultRange();
  const earlier = addMonths(range.to, -1);
  let swungBank: string;
  let targetBank: string;

  const statistics = async () =>
    (
      await hub.data(
        regulator,
        `query($c: String!, $from: String!, $to: String!) { monthlyStatistics(countyCode: $c, from: $from, to: $to) { month borrowers eligibleHouseholds coverage balance nplRate
          banks { bankCode month borrowers borrowerChange abnormalSwing newLoans newAmount balance overdueBalance nplBalance nplRate nplTolerancePp
            maturing3mCount maturing3mAmount maturing6mCount maturing6mAmount }
          townships { townshipCode month borrowers eligibleHouseholds coverage } } }`,
        { c: DEMO_COUNTY, from: range.from, to: range.to },
      )
    ).monthlyStatistics;
  const bankNames = async (): Promise<Map<string, string>> =>
    new Map((await hub.data(regulator, '{ banks { code name } }')).banks.map((b: { code: string; name: string }) => [b.code, b.name] as [string, string]));
  /** Every cell of a table's body, row by row (the tables here fit one page). */
  const cells = async (testId: string): Promise<string[][]> => {
    const rows = page.getByTestId(testId).locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  };
  const figures = async (testId: string) => JSON.parse((await page.getByTestId(testId).getAttribute('data-figures'))!);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureConsoleBuilt({ say: () => undefined });
    hub = await startTestHub();
    const regions = await loadCountyRegions(DEMO_COUNTY);
    townshipNames = new Map(regions.filter((r) => r.code.length === 9).map((r) => [r.code, r.name]));
    demo = buildDemoCounty(regions, { households: 120 });
    await hub.apps.households.loadDemo(demo);
    expect((await publishDemoRoster(hub.apps.households, demo))?.number).toBe(1);
    await registerBanks(hub.apps);
    // The bank with the most outstanding loans swings: half of them are reported only after the earlier month.
    const outstanding = demo.loans.filter((l) => OUTSTANDING.includes(l.status));
    const byBank = new Map<string, typeof outstanding>();
    for (const loan of outstanding) byBank.set(loan.bankCode, [...(byBank.get(loan.bankCode) ?? []), loan]);
    const [swung, swungLoans] = [...byBank].sort((a, b) => b[1].length - a[1].length)[0];
    swungBank = swung;
    expect(swungLoans.length).toBeGreaterThanOrEqual(20);
    const late = new Set(swungLoans.slice(0, Math.ceil(swungLoans.length / 2)).map((l) => l.contractNo));
    await hub.apps.loans.loadDemo({ banks: demo.banks, listed: demo.listed, loans: demo.loans.filter((l) => !late.has(l.contractNo)) });
    await computeMonthlyStatistics(hub.apps, earlier);
    await hub.apps.loans.loadDemo({ banks: demo.banks, listed: [], loans: demo.loans.filter((l) => late.has(l.contractNo)) });
    await computeMonthlyStatistics(hub.apps, range.to);

    // One bank's own NPL target for the years shown: its tolerance line is drawn; the others have none recorded.
    const admin = await hub.token({ role: 'admin' });
    targetBank = [...byBank.keys()].sort()[0];
    for (const year of new Set([earlier.slice(0, 4), range.to.slice(0, 4)])) {
      await hub.data(admin, 'mutation($input: BankNplTargetInput!) { recordBankNplTarget(input: $input) { year } }', {
        input: { bankCode: targetBank, year: Number(year), target: '0.015', source: '年度经营计划（测试）' },
      });
    }

    // The county's funds at its banks: one far too small (a breach of 1:10), assessed today.
    await hub.apps.funds.loadDemo(demo);
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    for (const [i, bankCode] of [...byBank.keys()].sort().entries()) {
      await hub.data(finance, 'mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { balance } }', {
        input: {
          countyCode: DEMO_COUNTY,
          bankCode,
          kind: 'DEPOSIT',
          amount: i === 0 ? '5000.00' : '900000.00',
          effectiveDate: `${earlier}-01`,
          reference: `REG-B-${bankCode}`,
        },
      });
    }
    await assessRiskFunds(hub.apps, `${range.to}-28`);
    // Four months on, still short: past the deadline its breach set, the top-up is overdue.
    await assessRiskFunds(hub.apps, `${addMonths(range.to, 4)}-15`);

    regulator = await hub.token({ role: 'regulator', counties: [DEMO_COUNTY], subject: 'demo-regulator' });
    ({ browser, page } = await openWatchedPage(problems));
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it("shows the monthly statistics as the API answers the regulator: every table's cells and every chart's figures", async () => {
    const months = await statistics();
    expect(months.map((m: { month: string }) => m.month)).toEqual([earlier, range.to]);
    const names = await bankNames();
    const rows = months.flatMap((m: any) => m.banks);
    const signed = (n: number | null) => (n == null ? '—' : n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '0');
    const targets = new Map<string, string>([[targetBank, '0.015']]);
    const lineOf = (r: any) => toleranceLine(targets.get(r.bankCode) ?? null, r.nplTolerancePp);

    await signInAs('regulator');
    await page.getByTestId('table-borrowers').waitFor();
    expect(await cells('table-borrowers')).toEqual(
      rows.map((r: any) => [
        r.month,
        names.get(r.bankCode),
        formatCount(r.borrowers),
        signed(r.borrowerChange),
        r.abnormalSwing ? '异常波动' : '正常',
        formatCount(r.newLoans),
        formatFen(r.newAmount),
      ]),
    );
    expect(await cells('table-balance')).toEqual(
      rows.map((r: any) => [r.month, names.get(r.bankCode), formatFen(r.balance), formatFen(r.overdueBalance), formatFen(r.nplBalance)]),
    );
    // The NPL table waits for the targets' query: the target bank's line shows.
    await page.getByTestId('table-npl').locator('td', { hasText: '1.50%' }).first().waitFor();
    expect(await cells('table-npl')).toEqual(
      rows.map((r: any) => {
        const line = lineOf(r);
        return [
          r.month,
          names.get(r.bankCode),
          formatRate(r.nplRate),
          formatRate(targets.get(r.bankCode) ?? null),
          formatFen(r.nplTolerancePp),
          formatRate(line),
          line === null ? '未登记目标' : Number(r.nplRate) > Number(line) ? '超出容忍度' : '容忍度内',
        ];
      }),
    );
    // The national policy's 3 points over the bank's own 1.5 %: a line at 4.5 %.
    expect(lineOf(rows.find((r: any) => r.bankCode === targetBank))).toBe('0.045000');
    const latest = months[months.length - 1];
    expect(latest.townships.length).toBeGreaterThan(1);
    expect(await cells('table-coverage')).toEqual(
      latest.townships.map((tw: any) => [
        townshipNames.get(tw.townshipCode),
        tw.townshipCode,
        formatCount(tw.eligibleHouseholds),
        formatCount(tw.borrowers),
        formatRate(tw.coverage),
      ]),
    );
    expect(await cells('table-maturities')).toEqual(
      latest.banks.map((r: any) => [
        r.month,
        names.get(r.bankCode),
        formatCount(r.maturing3mCount),
        formatFen(r.maturing3mAmount),
        formatCount(r.maturing6mCount),
        formatFen(r.maturing6mAmount),
      ]),
    );

    // The charts draw the same figures.
    const banks: string[] = [...new Set<string>(rows.map((r: any) => r.bankCode))].sort();
    const series = (field: string, code: string) =>
      months.map((m: any) => {
        const row = m.banks.find((b: any) => b.bankCode === code);
        return row ? row[field] : null;
      });
    const borrowersChart = await figures('chart-borrowers');
    expect(borrowersChart.categories).toEqual([earlier, range.to]);
    expect(borrowersChart.series).toEqual(
      banks.flatMap((code) => [
        { name: `${names.get(code)} · 贷款户数`, values: series('borrowers', code) },
        { name: `${names.get(code)} · 新增笔数`, values: series('newLoans', code) },
      ]),
    );
    const nplChart = await figures('chart-npl');
    expect(nplChart.series).toEqual(
      banks.flatMap((code) => [
        { name: `${names.get(code)} · 不良率`, values: series('nplRate', code) },
        { name: `${names.get(code)} · 容忍线`, values: months.map((m: any) => lineOf(m.banks.find((b: any) => b.bankCode === code))) },
      ]),
    );
    const coverageChart = await figures('chart-coverage');
    expect(coverageChart.categories).toEqual(latest.townships.map((tw: any) => townshipNames.get(tw.townshipCode)));
    expect(coverageChart.series[0].values).toEqual(latest.townships.map((tw: any) => tw.coverage));
    const cents = (values: string[]) => (values.reduce((n, v) => n + Math.round(Number(v) * 100), 0) / 100).toFixed(2);
    expect((await figures('chart-balance')).series[0].values).toEqual(months.map((m: any) => cents(m.banks.map((b: any) => b.balance))));
    expect((await figures('chart-maturities')).series[1].values).toEqual(
      banks.map((code) => latest.banks.find((b: any) => b.bankCode === code).maturing6mAmount),
    );
    await shot('reg-01-statistics');
  });

  it('highlights the abnormal swing, and says which banks have no NPL target to draw a tolerance line from', async () => {
    const swing = (await statistics())[1].banks.find((b: any) => b.bankCode === swungBank);
    expect(swing.abnormalSwing).toBe(true);
    expect(swing.borrowerChange).toBeGreaterThanOrEqual(10);
    const names = await bankNames();
    const alert = await page.getByTestId('reg-swings').innerText();
    expect(alert).toContain(`${range.to} ${names.get(swungBank)}：+${swing.borrowerChange} 户`);
    const marked = page.getByTestId('table-borrowers').locator('tr[data-swing="true"]');
    expect(await marked.count()).toBe(1);
    expect(await marked.innerText()).toContain(names.get(swungBank));
    expect(await page.getByTestId('reg-no-target').innerText()).not.toContain(names.get(targetBank));
    // Filtered to one bank, every table shows that bank only.
    await choose('reg-bank', names.get(swungBank)!);
    const filtered = await cells('table-balance');
    expect(filtered.map((row) => row[1])).toEqual([names.get(swungBank), names.get(swungBank)]);
    await shot('reg-02-one-bank');
    await choose('reg-bank', '全部银行');
  });

  it('has nothing personal anywhere on the page: no resident ID, no name of the roster', async () => {
    const text = (await page.evaluate('document.body.innerText')) as string;
    expect(text).not.toMatch(RESIDENT_ID);
    const named = demo.households.map((h) => h.headName).filter((name) => text.includes(name));
    expect(named).toEqual([]);
    // Not in what the charts carry either.
    const attributes = (await page.evaluate(
      `[...document.querySelectorAll('[data-figures]')].map((e) => e.getAttribute('data-figures')).join('\\n')`,
    )) as string;
    expect(attributes).not.toMatch(RESIDENT_ID);
    expect(demo.households.filter((h) => attributes.includes(h.headName))).toEqual([]);
  });

  it("downloads the range's XLSX, holding the same figures as the tables", async () => {
    const months = await statistics();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-balance').click()]);
    expect(download.suggestedFilename()).toBe(`monitoring-${DEMO_COUNTY}-${range.from}-${range.to}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const read = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const out: unknown[][] = [];
      for (let r = 2; r <= sheet.rowCount; r++) out.push((sheet.getRow(r).values as unknown[]).slice(1));
      return out;
    };
    const bankRows = read('月度监测');
    expect(bankRows.map((row) => [row[0], row[2], row[3], row[6], row[8], row[9], row[10], row[14], row[17]])).toEqual(
      months
        .flatMap((m: any) => m.banks)
        .map((r: any) => [
          r.month,
          r.bankCode,
          r.borrowers,
          r.newLoans,
          Number(r.balance),
          Number(r.overdueBalance),
          Number(r.nplBalance),
          r.maturing3mCount,
          Number(r.maturing6mAmount),
        ]),
    );
    expect(bankRows.map((row) => row[5])).toEqual(months.flatMap((m: any) => m.banks).map((r: any) => (r.abnormalSwing ? '是' : '否')));
    expect(read('乡镇覆盖')).toEqual(
      months.flatMap((m: any) => m.townships).map((t: any) => [t.month, t.townshipCode, t.borrowers, t.eligibleHouseholds, Number(t.coverage)]),
    );
  });

  it('shows each county’s risk fund summed over its banks as the API answers: leverage against 1:10, top-ups, paused lending', async () => {
    const [summary] = (
      await hub.data(
        regulator,
        `query($c: [String!]!) { riskFundSummaries(countyCodes: $c) { countyCode assessedOn banks loanBalance fundBalance lendingLimit leverage breaches topUpDue
          topUpsOverdue topUpOverdueAmount nextTopUpDeadline triggerReached pausedLending } }`,
        { c: [DEMO_COUNTY] },
      )
    ).riskFundSummaries;
    expect(summary).toMatchObject({ breaches: 1, topUpsOverdue: 1 });
    expect(Number(summary.topUpOverdueAmount)).toBeGreaterThan(0);
    await page.getByRole('menuitem', { name: '风险补偿金' }).click();
    const [row] = await cells('table-risk-funds');
    expect(row).toEqual([
      `楚雄市（${DEMO_COUNTY}）`,
      summary.assessedOn,
      formatCount(summary.banks),
      formatFen(summary.loanBalance),
      formatFen(summary.fundBalance),
      formatFen(summary.lendingLimit),
      `${formatFen(summary.leverage)} 倍`,
      '上限 1:10',
      formatCount(summary.breaches),
      formatFen(summary.topUpDue),
      formatCount(summary.topUpsOverdue),
      formatFen(summary.topUpOverdueAmount),
      summary.nextTopUpDeadline ?? '—',
      formatCount(summary.triggerReached),
      formatCount(summary.pausedLending),
      '1 家银行超限1 家补足逾期',
    ]);
    const chart = await figures('chart-leverage');
    expect(chart.series[0].values).toEqual([summary.leverage]);
    expect(chart.rule).toEqual({ name: '上限 1:10', value: 10 });
    const text = (await page.evaluate('document.body.innerText')) as string;
    expect(text).not.toMatch(RESIDENT_ID);
    await shot('reg-03-risk-funds');
  });

  it('reads both pages in English, every word translated', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByText('Risk compensation funds (per county)').waitFor();
    const funds = (await page.evaluate('document.body.innerText')) as string;
    expect(funds).not.toMatch(/\breg[A-Z]\w+/);
    expect(funds).toContain('1 bank(s) over the limit');
    await page.getByRole('menuitem', { name: 'Monthly statistics' }).click();
    await page.getByTestId('table-borrowers').waitFor();
    await page.getByText('Borrowers and new loans').waitFor();
    const statistics = (await page.evaluate('document.body.innerText')) as string;
    expect(statistics).not.toMatch(/\breg[A-Z]\w+/);
    // The page's own words are English (the banks' and townships' names stay as the hub has them).
    expect(statistics).not.toMatch(/贷款户数|不良率|覆盖率|月度统计/);
    await shot('reg-04-statistics-en');
    await page.getByTestId('language-switch').click();
  });

  it('logged no errors on the page', () => {
    expect(problems).toEqual([]);
  });
});
