/**
 * The finance bureau's console in a real browser (Debian's Chromium, playwright-core) against a
 * test hub with an in-process worker: the clerk `finance` signs in, is refused a quarter whose
 * settlement day is ahead (the hub's Chinese message), computes the due 2026Q2, reads its totals
 * and lines (filtered by reason), prepares a batch for the household whose account came late,
 * confirms the scheduler's batch, is refused approving either (PAYOUT_SAME_PERSON, in Chinese);
 * `finance-2` approves both; the reconciliation's chart and table show the GraphQL API's figures.
 * Screenshots go to test/browser/screenshots/. Skipped, saying so, without /usr/bin/chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ERROR_CODES } from '../../common/errors/error-codes';
import { DEMO_COUNTY } from '../../demo/demo-county';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { formatFen } from '../../console/src/format';
import { quarterOptions } from '../../console/src/quarters';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { DUE_QUARTER, recordAccount, recordBudget, reportQuarterLoans } from '../support/finance-quarter';
import { startSubsidyHub, testHousehold, until, type SubsidyHub } from '../support/subsidy-hub';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, 'screenshots');

jest.setTimeout(180_000);

if (!existsSync(CHROMIUM)) {
  describe('the finance console in a browser', () => {
    it.skip(`SKIPPED: ${CHROMIUM} is absent, so the browser tests did not run (apt-get install -y chromium fonts-wqy-zenhei; .ci/run does)`, () => undefined);
  });
  process.stderr.write(`\nbrowser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium fonts-wqy-zenhei)\n`);
} else {
  describe('the console in a browser, as two finance clerks', () => {
    let subsidy: SubsidyHub;
    let browser: Browser;
    let page: Page;
    let financeToken: string;
    const problems: string[] = [];
    const households = [1, 2, 3].map((n) => testHousehold(`196${n}-07-1${n}`, 400 + n));
    const base = () => subsidy.hub.gatewayUrl.replace(/\/graphql$/, '');
    const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

    const signInAs = async (user: string) => {
      await page.goto(`${base()}/console/`);
      await page.evaluate('window.sessionStorage.removeItem("huinong-console-session")');
      await page.goto(`${base()}/console/`);
      await page.getByTestId(`sign-in-${user}`).click();
      await page.getByTestId('signed-in-as').waitFor();
    };
    const payableOf = async (contractNo: string): Promise<string> =>
      (
        await subsidy.hub.data(
          financeToken,
          `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { lines(first: 10) { nodes { contractNo payable } } } }`,
        )
      ).subsidyRun.lines.nodes.find((l: { contractNo: string }) => l.contractNo === contractNo).payable;
    const chooseQuarter = async (quarter: string) => {
      await page.getByTestId('quarter-select').click();
      await page.locator('.ant-select-item-option', { hasText: quarter }).click();
    };

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await ensureConsoleBuilt({ say: () => undefined });
      subsidy = await startSubsidyHub({ namespace: 'finance_console_browser', households });
      const { hub } = subsidy;
      const regions = await loadCountyRegions(DEMO_COUNTY);
      await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments: [], households: [] });
      financeToken = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'demo-finance-chuxiong' });
      // Households 1 and 2 have their 一卡通; household 3's comes after the quarter is computed.
      await recordAccount(hub, financeToken, households[0], 801, '李文华');
      await recordAccount(hub, financeToken, households[1], 802, '王秀英');
      await recordBudget(hub, financeToken);
      await reportQuarterLoans(hub, [
        { household: households[0], contractNo: 'ABC-CON-1', amount: '50000.00', interestPaid: '440.83' },
        { household: households[1], contractNo: 'ABC-CON-2', amount: '20000.00', interestPaid: '0.00' },
        { household: households[2], contractNo: 'ABC-CON-3', amount: '30000.00', interestPaid: '1234.56' },
      ]);

      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Europe/London', acceptDownloads: true });
      page = await context.newPage();
      page.on('console', (message) => {
        // A refused mutation is logged by the browser as a failed request only if HTTP failed; GraphQL refusals answer 200.
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await subsidy?.close();
    });

    it("is refused a quarter whose settlement day is ahead, in the hub's words", async () => {
      await signInAs('finance');
      await page.getByRole('menuitem', { name: '季度贴息' }).click();
      await chooseQuarter(quarterOptions()[0]);
      await page.getByTestId('compute').click();
      const alert = page.getByTestId('hub-error');
      await alert.waitFor();
      expect(await alert.innerText()).toContain(ERROR_CODES.SUBSIDY_QUARTER_NOT_DUE.zh);
      expect(await alert.innerText()).toContain('SUBSIDY_QUARTER_NOT_DUE');
      await shot('11-quarter-not-due');
    });

    it('computes the due quarter: window, totals to the fen, lines filtered by reason', async () => {
      await chooseQuarter(DUE_QUARTER);
      expect(await page.getByTestId('settlement-window').innerText()).toBe('2026-03-21 – 2026-06-20');
      await page.getByTestId('compute').click();
      await page.getByTestId('run-status').filter({ hasText: '已计算 · 版本 1' }).waitFor({ timeout: 30_000 });
      const api = (
        await subsidy.hub.data(
          financeToken,
          `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { lineCount totalInterest totalSubsidy totalNetted totalReceivable } }`,
        )
      ).subsidyRun;
      const totals = (await page.getByTestId('run-totals').innerText()).replace(/\s+/g, ' ');
      expect(totals).toContain(`笔数 ${api.lineCount}`);
      expect(totals).toContain(`结息合计 ${formatFen(api.totalInterest)}`);
      expect(totals).toContain(`应拨贴息 ${formatFen(api.totalSubsidy)}`);
      expect(totals).toContain(`应收退回 ${formatFen(api.totalReceivable)}`);
      expect(formatFen(api.totalInterest)).toBe('1,675.39'); // 440.83 + 0.00 + 1,234.56
      const rows = page.getByTestId('subsidy-lines').locator('tbody tr');
      await rows.nth(2).waitFor();
      expect(await rows.count()).toBe(3);
      const all = (await rows.allInnerTexts()).join('\n');
      expect(all).toContain('1,234.56'); // interest settled; the subsidy is capped at the contract rate
      expect(all).toContain('超出合同利率');
      expect(all).toContain('期间未结息');
      expect(all).toContain('鹿城镇');
      await shot('12-quarter-computed');
      await page.getByTestId('filter-reason').click();
      await page.locator('.ant-select-item-option', { hasText: '期间未结息' }).click();
      await rows.filter({ hasText: 'ABC-CON-2' }).waitFor();
      await page.getByTestId('subsidy-lines').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
      expect(await rows.count()).toBe(1);
      await shot('13-lines-filtered');
    });

    it('prepares a batch, confirms the scheduled one, and is refused approving its own: PAYOUT_SAME_PERSON in Chinese', async () => {
      // The scheduler drafted the batch of household 1 (household 3 had no account: waiting).
      await until(
        () => subsidy.hub.data(financeToken, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id } }`),
        (d) => d.payoutBatches.length === 1,
        'the scheduler drafted a batch',
      );
      await recordAccount(subsidy.hub, financeToken, households[2], 803, '张三');
      await page.getByRole('menuitem', { name: '发放批次' }).click();
      const rows = page.getByTestId('payout-batches').locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      await page.getByTestId('prepare').click();
      await rows.nth(1).waitFor();
      const texts = await rows.allInnerTexts();
      expect(texts[0]).toContain('系统');
      expect(texts[0]).toContain('440.83');
      expect(texts[1]).toContain('demo-finance-chuxiong');
      expect(texts[1]).toContain(formatFen(await payableOf('ABC-CON-3')));

      // Its own batch: refused by the hub, whose Chinese words the console shows as the API gives them.
      const own = (
        await subsidy.hub.data(financeToken, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id preparedBy } }`)
      ).payoutBatches.find((b: { preparedBy: string }) => b.preparedBy === 'demo-finance-chuxiong');
      const refusal = (await subsidy.hub.query(financeToken, 'mutation($id: ID!) { approvePayoutBatch(id: $id) { id } }', { id: own.id })).errors![0];
      expect(refusal.extensions?.code).toBe('PAYOUT_SAME_PERSON');
      const samePerson = refusal.extensions?.zh as string;
      expect(samePerson).toContain('须由财政局另一名工作人员审批');
      await rows.nth(1).getByTestId('approve-batch').click();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /审\s?批/ })
        .click();
      const alert = page.getByTestId('hub-error');
      await alert.waitFor();
      expect(await alert.innerText()).toContain(samePerson);
      expect(await alert.innerText()).toContain('PAYOUT_SAME_PERSON');
      await shot('14-same-person-refused');

      // The scheduler's: confirmed as its maker, then refused the same way.
      await rows.nth(0).getByTestId('confirm-batch').click();
      await page.getByText('已确认制单').waitFor();
      await rows.nth(0).getByTestId('approve-batch').click();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /审\s?批/ })
        .click();
      await page.getByTestId('hub-error').filter({ hasText: 'PAYOUT_SAME_PERSON' }).waitFor();

      // A batch's instructions, in pages.
      await rows.nth(1).locator('.ant-table-row-expand-icon').click();
      await page.getByTestId('batch-instructions').locator('tbody tr', { hasText: 'ABC-CON-3' }).waitFor();
      expect(await page.getByTestId('batch-instructions').locator('tbody tr').first().innerText()).toMatch(/621779\*+\d{4}/);
      await shot('15-batches-instructions');
    });

    it('finance-2 approves both; the batches show who prepared, confirmed and approved each', async () => {
      await signInAs('finance-2');
      await page.getByRole('menuitem', { name: '发放批次' }).click();
      const rows = page.getByTestId('payout-batches').locator('tbody tr.ant-table-row');
      await rows.nth(1).waitFor();
      for (const i of [0, 1]) {
        await rows.nth(i).getByTestId('approve-batch').click();
        const dialog = page.locator('.ant-modal-confirm');
        expect(await dialog.innerText()).toContain('制单人：demo-finance-chuxiong');
        await dialog.getByRole('button', { name: /审\s?批/ }).click();
        await rows.nth(i).filter({ hasText: 'demo-finance-chuxiong-2' }).waitFor();
      }
      const texts = await rows.allInnerTexts();
      for (const text of texts) expect(text).not.toContain('草稿');
      const committed = (Math.round(Number(await payableOf('ABC-CON-1')) * 100) + Math.round(Number(await payableOf('ABC-CON-3')) * 100)) / 100;
      expect((await page.getByTestId('budget').innerText()).replace(/\s+/g, ' ')).toContain(`已支出 ${formatFen(committed.toFixed(2))}`);
      await shot('16-approved-by-second-clerk');
    });

    it("shows the reconciliation's chart and table with the API's figures", async () => {
      await page.getByRole('menuitem', { name: '对账' }).click();
      await page.getByTestId('reconciliation-summary').waitFor();
      const api = (
        await subsidy.hub.data(
          financeToken,
          `{ subsidyReconciliation(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { computed instructed confirmed ledgerConfirmed differenceCount groups { townshipCode issuingBank { code } lines computed instructed confirmed } differences(first: 50) { nodes { contractNo reason } } } }`,
        )
      ).subsidyReconciliation;
      const summary = (await page.getByTestId('reconciliation-summary').innerText()).replace(/\s+/g, ' ');
      expect(summary).toContain(`应拨（计算） ${formatFen(api.computed)}`);
      expect(summary).toContain(`已指令 ${formatFen(api.instructed)}`);
      expect(summary).toContain(`银行确认 ${formatFen(api.confirmed)}`);
      expect(summary).toContain(`差异笔数 ${api.differenceCount}`);
      const groupRows = await page.getByTestId('reconciliation-groups').locator('tbody tr.ant-table-row').allInnerTexts();
      expect(groupRows).toHaveLength(api.groups.length);
      for (const [i, g] of api.groups.entries()) {
        const cells = groupRows[i].split('\t').map((c) => c.trim());
        expect(cells.slice(2)).toEqual([String(g.lines), formatFen(g.computed), formatFen(g.instructed), formatFen(g.confirmed)]);
      }
      // The chart is drawn (a canvas the size of its box) under the console's CSP.
      const canvas = page.getByTestId('reconciliation-chart').locator('canvas');
      await canvas.waitFor();
      expect((await canvas.boundingBox())!.height).toBeGreaterThan(200);
      const differences = page.getByTestId('reconciliation-differences').locator('tbody tr.ant-table-row');
      expect(await differences.count()).toBe(api.differences.nodes.length);
      await shot('17-reconciliation');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-reconciliation').click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
    });

    it('shows the refusal in English after the switch', async () => {
      await signInAs('finance');
      await page.getByRole('menuitem', { name: '季度贴息' }).click();
      await page.getByTestId('language-switch').click();
      await chooseQuarter(quarterOptions()[0]);
      await page.getByTestId('compute').click();
      await page.getByTestId('hub-error').filter({ hasText: 'SUBSIDY_QUARTER_NOT_DUE' }).waitFor();
      expect(await page.getByTestId('hub-error').innerText()).not.toContain(ERROR_CODES.SUBSIDY_QUARTER_NOT_DUE.zh);
      await shot('18-not-due-english');
      await page.getByTestId('language-switch').click();
    });

    it('logged no errors in the page', () => {
      expect(problems).toEqual([]);
    });
  });
}
