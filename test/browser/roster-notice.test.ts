/**
 * 名单公示 in a real browser (Debian's Chromium, playwright-core) against a test hub: the bureau
 * opens the notice of the published roster for one village, sets the notice period and where to
 * object, presses 打印/导出PDF, and the page printed to an A4 PDF (print media, the page's print
 * stylesheet) reads as a notice: title, masked heads' names, the dates, the objection text, and
 * none of the test data's ID numbers or phones. Then the same for the computed 2026Q2 subsidy of
 * a village (贴息公示): masked names and each household's amount to the fen. The screenshots, the
 * PDFs and their first pages as PNG go to test/browser/screenshots/. Skipped, saying so, without
 * /usr/bin/chromium.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chineseDate, noticePeriod, sumFen } from '../../console/src/notice';
import { formatFen } from '../../console/src/format';
import { buildDemoCounty, DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { HouseholdCategory, loadCountyRegions } from '../../subgraphs/households/src/households.app';
import { registerBanks } from '../support/bank-directory';
import { DUE_QUARTER, recordAccount, reportQuarterLoans } from '../support/finance-quarter';
import { readPdf } from '../support/pdf-text';
import { rosterCsv, rosterLines } from '../support/roster-files';
import { startSubsidyHub, SUBSIDY_TOWNSHIP, testHousehold, until, type SubsidyHub } from '../support/subsidy-hub';
import { consoleMoves, openWatchedPage, describeInBrowser, SCREENSHOTS } from '../support/browser';

const PLACES = [
  { township: '鹿城镇', village: '东兴社区居民委员会' },
  { township: '鹿城镇', village: '西苑社区居民委员会' },
  { township: '东瓜镇', village: '永安社区居民委员会' },
];
const OBJECTION = '楚雄市乡村振兴局（电话 0878-3121234，地址 鹿城南路 1 号）';

jest.setTimeout(180_000);

describeInBrowser('the console in a browser: 名单公示 printed to PDF', () => {
  let subsidy: SubsidyHub;
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const { choose } = consoleMoves(() => page, base);
  const lines = rosterLines(15, PLACES, 4000);
  // The quarter's borrowers: two in one village of SUBSIDY_TOWNSHIP, one in another.
  const borrowers = [1, 2, 3].map((n) => testHousehold(`197${n}-03-1${n}`, 500 + n));
  const borrowerNames = ['赵大伟', '钱小红', '孙建国'];
  const borrowerPhones = ['13900000001', '13900000002', '13900000003'];
  let subsidyVillages: { code: string; name: string }[];
  let townshipName: string;
  let payables: Map<string, string>;
  const printToPdf = async (name: string) => {
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    const pdfPath = join(SCREENSHOTS, `${name}.pdf`);
    writeFileSync(pdfPath, pdf);
    const read = await readPdf(pdfPath, join(SCREENSHOTS, `${name}-page1.png`));
    return { pages: read.pages, flat: read.text.replace(/\s+/g, '') };
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureConsoleBuilt({ say: () => undefined });
    subsidy = await startSubsidyHub({ namespace: 'roster_notice_browser', households: borrowers });
    hub = subsidy.hub;
    const regions = await loadCountyRegions(DEMO_COUNTY);
    townshipName = regions.find((r) => r.code === SUBSIDY_TOWNSHIP)!.name;
    subsidyVillages = regions.filter((r) => r.parentCode === SUBSIDY_TOWNSHIP).slice(0, 2);
    await hub.apps.households.loadDemo({
      countyCode: DEMO_COUNTY,
      regions,
      assignments: buildDemoCounty(regions, { households: 1 }).assignments,
      households: borrowers.map((b, i) => ({
        id: b.householdId,
        householdNo: `532301109900000${i}`,
        headName: borrowerNames[i],
        idNumber: b.residentId,
        phone: borrowerPhones[i],
        countyCode: DEMO_COUNTY,
        townshipCode: SUBSIDY_TOWNSHIP,
        villageCode: subsidyVillages[i < 2 ? 0 : 1].code,
        category: HouseholdCategory.LIFTED_OUT,
        isMonitored: false,
        liftedOutYear: 2018,
        memberCount: 3,
      })),
    });
    await registerBanks(hub.apps);
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    for (const [i, b] of borrowers.entries()) await recordAccount(hub, finance, b, 900 + i, borrowerNames[i]);
    await reportQuarterLoans(hub, [
      { household: borrowers[0], contractNo: 'ABC-NOTICE-1', amount: '50000.00', interestPaid: '440.83' },
      { household: borrowers[1], contractNo: 'ABC-NOTICE-2', amount: '30000.00', interestPaid: '1234.56' },
      { household: borrowers[2], contractNo: 'ABC-NOTICE-3', amount: '20000.00', interestPaid: '300.00' },
    ]);
    await hub.data(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id } }`);
    const run = await until(
      () =>
        hub.data(
          finance,
          `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { status lines(first: 10) { nodes { payable household { id } } } } }`,
        ),
      (d) => d.subsidyRun?.status === 'COMPUTED',
      'the quarter computed',
    );
    payables = new Map(run.subsidyRun.lines.nodes.map((l: { payable: string; household: { id: string } }) => [l.household.id, l.payable]));
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const { status, body } = await hub.upload('/uploads/rosters', bureau, rosterCsv(lines), {
      county: DEMO_COUNTY,
      mode: 'reject_file',
      filename: 'notice.csv',
    });
    expect(status).toBe(201);
    await hub.data(bureau, 'mutation($id: ID!) { publishRosterVersion(id: $id) { id } }', { id: body.versionId });

    ({ browser, page } = await openWatchedPage(problems, { width: 1366, height: 900 }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await subsidy?.close();
  });

  it("prints one village's notice to an A4 PDF: title, masked names, dates, where to object, no ID or phone", async () => {
    await page.goto(`${base()}/console/`);
    await page.getByTestId('sign-in-bureau').click();
    await page.getByTestId('signed-in-as').waitFor();
    await page.getByRole('menuitem', { name: '名单公示' }).click();
    await page.getByTestId('notice-version').filter({ hasText: '第 1 版' }).waitFor();
    await choose('notice-township', '鹿城镇');
    await choose('notice-village', '西苑社区居民委员会');
    await page.locator('input[data-testid="notice-days"], [data-testid="notice-days"] input').fill('10');
    await page.getByTestId('notice-objection').fill(OBJECTION);
    await page.getByTestId('notice-sheet').waitFor();

    const village = lines.filter((l) => l.village === '西苑社区居民委员会');
    const title = '楚雄市鹿城镇西苑社区居民委员会 脱贫人口小额信贷 名单公示';
    const period = noticePeriod(new Date(), 10);
    const dates = `公示期：${chineseDate(period.start)}至${chineseDate(period.end)}（共 10 天）`;
    expect(await page.getByTestId('notice-heading').textContent()).toBe(title);
    expect(await page.getByTestId('notice-period').textContent()).toContain(dates);
    expect(await page.getByTestId('notice-table').locator('tbody tr').count()).toBe(village.length);
    await page.screenshot({ path: join(SCREENSHOTS, '30-roster-notice.png'), fullPage: true });

    // 打印/导出PDF calls the browser's print.
    await page.evaluate('window.__printed = 0; window.print = () => { window.__printed += 1; }');
    await page.getByTestId('notice-print').click();
    expect(await page.evaluate('window.__printed')).toBe(1);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('notice-objection').isVisible()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, '31-roster-notice-print-media.png'), fullPage: true });
    // Back to no emulation: page.pdf() prints with print media unless screen media is emulated.
    await page.emulateMedia({ media: null });

    const { pages, flat } = await printToPdf('32-roster-notice');
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    expect(pages).toBe(1);
    expect(flat).toContain(squeeze(title));
    expect(flat).toContain(squeeze(dates));
    expect(flat).toContain(squeeze(OBJECTION));
    expect(flat).toContain(`的${village.length}户予以公示`);
    for (const line of village) expect(flat).toContain(`${Array.from(line.headName)[0]}*`);
    expect(flat).toContain('边缘易致贫户');
    // The app's shell is not printed; no person's ID number, phone or full name is.
    expect(flat).not.toContain('退出登录');
    expect(flat).not.toContain('名单查询');
    for (const line of lines) {
      expect(flat).not.toContain(line.idNumber);
      expect(flat).not.toContain(line.phone);
      expect(flat).not.toContain(line.headName);
    }
    expect(problems).toEqual([]);
  });

  it("prints a village's quarter subsidy before it is paid: masked names and amounts to the fen, no ID or phone", async () => {
    await page.reload(); // a fresh page: the clerk comes back for the subsidy
    await page.getByTestId('notice-kind-subsidy').click();
    await choose('notice-quarter', DUE_QUARTER);
    await choose('notice-township', townshipName);
    await choose('notice-village', subsidyVillages[0].name);
    await page.getByTestId('notice-objection').fill(OBJECTION);
    await page.getByTestId('notice-sheet').waitFor();
    const title = `楚雄市${townshipName}${subsidyVillages[0].name} 2026年第二季度 脱贫人口小额信贷贴息 公示`;
    expect(await page.getByTestId('notice-heading').textContent()).toBe(title);
    const rows = page.getByTestId('notice-table').locator('tbody tr');
    expect(await rows.count()).toBe(3); // two households and the total
    const amounts = [payables.get(borrowers[0].householdId)!, payables.get(borrowers[1].householdId)!];
    expect(await rows.nth(0).innerText()).toContain(formatFen(amounts[0]));
    expect(await rows.nth(1).innerText()).toContain(formatFen(amounts[1]));
    await page.screenshot({ path: join(SCREENSHOTS, '34-subsidy-notice.png'), fullPage: true });

    const { pages, flat } = await printToPdf('35-subsidy-notice');
    expect(pages).toBe(1);
    expect(flat).toContain(title.replace(/\s+/g, ''));
    expect(flat).toContain('赵*');
    expect(flat).toContain('钱*');
    expect(flat).not.toContain('孙*'); // the other village's borrower
    for (const amount of amounts) expect(flat).toContain(formatFen(amount));
    expect(flat).toContain(`合计${formatFen(sumFen(amounts))}`);
    expect(flat).toContain(OBJECTION.replace(/\s+/g, ''));
    for (const [i, b] of borrowers.entries()) {
      expect(flat).not.toContain(b.residentId);
      expect(flat).not.toContain(borrowerPhones[i]);
      expect(flat).not.toContain(borrowerNames[i]);
    }
    expect(problems).toEqual([]);
  });
});
