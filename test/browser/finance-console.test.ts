/**
 * The finance bureau's console in a real browser (Debian's Chromium, playwright-core) against a
 * test hub with an in-process worker: the clerk `finance` signs in, is refused a quarter whose
 * settlement day is ahead (the hub's Chinese message), computes the due 2026Q2, reads its totals
 * and lines (filtered by reason), prepares a batch for the household whose account came late,
 * confirms the scheduler's batch, is refused approving either (PAYOUT_SAME_PERSON, in Chinese);
 * `finance-2` approves both; the worker sends them to the bank simulator (its own process), which
 * pays one and refuses the other (the card is closed): the console follows the sending and shows
 * each answer; `finance` corrects that household's 一卡通 account (refused once, in the hub's
 * words), prepares again, `finance-2` approves, the bank pays, and the reconciliation shows
 * balanced to the fen with the GraphQL API's figures; its XLSX is downloaded.
 * Screenshots go to test/browser/screenshots/. Skipped, saying so, without /usr/bin/chromium.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { startSimulatorProcess, type SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { ERROR_CODES } from '../../common/errors/error-codes';
import { DEMO_COUNTY } from '../../demo/demo-county';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { formatFen } from '../../console/src/format';
import { quarterOptions } from '../../console/src/quarters';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { DUE_QUARTER, recordAccount, recordBudget, reportQuarterLoans } from '../support/finance-quarter';
import { ruralCard, startSubsidyHub, testHousehold, until, type SubsidyHub } from '../support/subsidy-hub';
import { bankConnectorSettings } from '../support/test-worker';
import { consoleMoves, openWatchedPage, describeInBrowser, SCREENSHOTS } from '../support/browser';

const BANK_TOKEN = 'finance-console-bank-token';

jest.setTimeout(180_000);

describeInBrowser('the console in a browser, as two finance clerks', () => {
  let subsidy: SubsidyHub;
  let simulator: SimulatorProcess;
  let browser: Browser;
  let page: Page;
  let financeToken: string;
  const problems: string[] = [];
  const households = [1, 2, 3].map((n) => testHousehold(`196${n}-07-1${n}`, 400 + n));
  const base = () => subsidy.hub.gatewayUrl.replace(/\/graphql$/, '');
  const { signInAs, shot, confirm } = consoleMoves(() => page, base);

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
    // The worker sends approved batches to the simulated banks; household 3's first card is closed there.
    simulator = await startSimulatorProcess(BANK_TOKEN);
    await simulator.call('POST', '/_sim/banks/YNRCC/accounts', { accountNumber: ruralCard(803), status: 'CLOSED' });
    subsidy = await startSubsidyHub({
      namespace: 'finance_console_browser',
      households,
      env: bankConnectorSettings(simulator.url, BANK_TOKEN, 'finance_console_browser'),
    });
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

    ({ browser, page } = await openWatchedPage(problems));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await subsidy?.close();
    simulator?.stop();
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
    // The filtered page replaces the unfiltered one (which also held ABC-CON-2): wait for the table to hold only the filtered line.
    await until(
      () => rows.count(),
      (n) => n === 1,
      'the lines filtered by reason',
    );
    expect(await rows.first().innerText()).toContain('ABC-CON-2');
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
    await confirm(/审\s?批/);
    const alert = page.getByTestId('hub-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(samePerson);
    expect(await alert.innerText()).toContain('PAYOUT_SAME_PERSON');
    await shot('14-same-person-refused');

    // The scheduler's: confirmed as its maker, then refused the same way.
    await rows.nth(0).getByTestId('confirm-batch').click();
    await page.getByText('已确认制单').waitFor();
    await rows.nth(0).getByTestId('approve-batch').click();
    await confirm(/审\s?批/);
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
      await confirm(/审\s?批/);
      await rows.nth(i).filter({ hasText: 'demo-finance-chuxiong-2' }).waitFor();
    }
    const texts = await rows.allInnerTexts();
    for (const text of texts) expect(text).not.toContain('草稿');
    await shot('16-approved-by-second-clerk');
  });

  const batchesOfApi = async () =>
    (
      await subsidy.hub.data(
        financeToken,
        `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id status paidAmount failedAmount instructions { contractNo status failureReason bankReference } } }`,
      )
    ).payoutBatches as {
      id: string;
      status: string;
      paidAmount: string;
      failedAmount: string;
      instructions: { contractNo: string; status: string; failureReason: string | null; bankReference: string | null }[];
    }[];
  /** Waits until the screen shows every batch 已完成 (the page polls while the worker sends). */
  const allClosedOnScreen = async (n: number) => {
    const rows = page.getByTestId('payout-batches').locator('tbody tr.ant-table-row');
    await rows.nth(n - 1).waitFor();
    for (let i = 0; i < n; i++) await rows.nth(i).filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('batches-sending').waitFor({ state: 'detached' });
    return rows;
  };

  it("follows the sending: the bank pays one batch and refuses the closed card's line, with its reason", async () => {
    const rows = await allClosedOnScreen(2);
    const api = await batchesOfApi();
    expect(api.map((b) => b.status)).toEqual(['CLOSED', 'CLOSED']);
    const texts = await rows.allInnerTexts();
    for (const [i, b] of api.entries()) {
      const cells = texts[i].split('\t').map((c) => c.trim());
      expect(cells).toContain(formatFen(b.paidAmount));
      expect(cells).toContain(formatFen(b.failedAmount));
    }
    expect(api[0]).toMatchObject({ paidAmount: await payableOf('ABC-CON-1'), failedAmount: '0.00' });
    expect(api[1]).toMatchObject({ paidAmount: '0.00', failedAmount: await payableOf('ABC-CON-3') });
    expect(api[1].instructions).toEqual([expect.objectContaining({ contractNo: 'ABC-CON-3', status: 'FAILED', failureReason: 'ACCOUNT_CLOSED' })]);
    // The failed line, with the bank's reason, waits for an account fix.
    const failed = page.getByTestId('failed-lines').locator('tbody tr.ant-table-row');
    expect(await failed.count()).toBe(1);
    const failedText = await failed.first().innerText();
    expect(failedText).toContain('ABC-CON-3');
    expect(failedText).toContain('账户已销户 (ACCOUNT_CLOSED)');
    expect(failedText).toContain(formatFen(api[1].failedAmount));
    // Each bank's answer line by line: the paid one with the bank's reference.
    await rows.nth(0).locator('.ant-table-row-expand-icon').click();
    const paidLine = page.getByTestId('batch-instructions').locator('tbody tr', { hasText: 'ABC-CON-1' });
    await paidLine.filter({ hasText: api[0].instructions[0].bankReference! }).waitFor();
    expect(api[0].instructions[0].bankReference).toMatch(/^YNRCC-PAY-\d+$/);
    expect(await paidLine.innerText()).toContain('已入账');
    // Only the paid line's money stays committed (the failed one's is released after the answer).
    await until(
      () => subsidy.hub.data(financeToken, `{ subsidyBudget(countyCode: "${DEMO_COUNTY}", year: 2026) { committed } }`),
      (d) => d.subsidyBudget.committed === api[0].paidAmount,
      'the failed line released from the budget',
    );
    await page.getByTestId('refresh-batches').click();
    // (The figures' textContent has no space between title and value: read innerText.)
    await until(
      async () => (await page.getByTestId('budget').innerText()).replace(/\s+/g, ' '),
      (text) => text.includes(`已支出 ${formatFen(api[0].paidAmount)}`),
      'the budget on screen',
    );
    await shot('16b-bank-answers');
  });

  const accountRow = (n: number) => {
    const card = ruralCard(n);
    return page.getByTestId('oc-accounts').locator('tbody tr.ant-table-row', { hasText: card.slice(-4) });
  };

  it("corrects household 3's 一卡通 account: refused once in the hub's words, then saved and listed", async () => {
    await signInAs('finance');
    await page.getByRole('menuitem', { name: '一卡通账户' }).click();
    await accountRow(803).waitFor();
    await accountRow(803).getByTestId('oc-edit').click();
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('oc-edit-form') });
    await dialog.waitFor();
    // A YNRCC card number given as ABC's: the hub refuses it (CARD_PREFIX_MISMATCH).
    await dialog.getByTestId('oc-edit-number').fill(ruralCard(804));
    await dialog.getByTestId('oc-edit-holder').fill('张三');
    await dialog.getByTestId('oc-edit-bank').click();
    await page.locator('.ant-select-item-option', { hasText: '中国农业银行' }).click();
    await page.getByTestId('oc-edit-save').click();
    const alert = dialog.getByTestId('hub-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(ERROR_CODES.CARD_PREFIX_MISMATCH.zh);
    expect(await alert.innerText()).toContain('CARD_PREFIX_MISMATCH');
    await shot('19-account-refused');
    // The right issuer: saved, the dialog closes, the list shows the new card (masked).
    await dialog.getByTestId('oc-edit-bank').click();
    await page.locator('.ant-select-item-option', { hasText: '农村信用合作联社' }).click();
    await page.getByTestId('oc-edit-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await accountRow(804).waitFor();
    expect(await accountRow(803).count()).toBe(0);
    expect(await accountRow(804).innerText()).toMatch(/621779\*+\d{4}/);
    expect(await accountRow(804).innerText()).toContain('正常');
    await shot('20-account-corrected');
  });

  it('prepares the corrected line again; finance-2 approves; the bank pays it', async () => {
    await page.getByRole('menuitem', { name: '发放批次' }).click();
    const rows = page.getByTestId('payout-batches').locator('tbody tr.ant-table-row');
    await rows.nth(1).waitFor();
    await page.getByTestId('prepare').click();
    await rows.nth(2).waitFor();
    await signInAs('finance-2');
    await page.getByRole('menuitem', { name: '发放批次' }).click();
    await rows.nth(2).waitFor();
    const draft = rows.filter({ hasText: '草稿' });
    await draft.getByTestId('approve-batch').click();
    await confirm(/审\s?批/);
    await allClosedOnScreen(3);
    const api = await batchesOfApi();
    const again = api.find((b) => b.instructions.some((i) => i.contractNo === 'ABC-CON-3' && i.status === 'PAID'))!;
    expect(again).toMatchObject({ status: 'CLOSED', paidAmount: await payableOf('ABC-CON-3'), failedAmount: '0.00' });
    expect(await page.getByTestId('failed-lines').locator('tbody tr.ant-table-row').count()).toBe(1); // the first attempt stays on record
    const committed = (Math.round(Number(await payableOf('ABC-CON-1')) * 100) + Math.round(Number(await payableOf('ABC-CON-3')) * 100)) / 100;
    expect((await page.getByTestId('budget').innerText()).replace(/\s+/g, ' ')).toContain(`已支出 ${formatFen(committed.toFixed(2))}`);
    await shot('21-paid-after-correction');
  });

  it("shows the reconciliation balanced to the fen, its chart and table with the API's figures", async () => {
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
    expect(summary).toContain(`账簿确认 ${formatFen(api.ledgerConfirmed)}`);
    expect(summary).toContain(`差异笔数 ${api.differenceCount}`);
    // Balanced: computed = instructed = confirmed = ledger, to the fen, and nothing differs.
    const expected = (Math.round(Number(await payableOf('ABC-CON-1')) * 100) + Math.round(Number(await payableOf('ABC-CON-3')) * 100)) / 100;
    expect([api.computed, api.instructed, api.confirmed, api.ledgerConfirmed]).toEqual(Array(4).fill(expected.toFixed(2)));
    expect(api.differenceCount).toBe(0);
    expect(await page.getByTestId('reconciliation-balanced').innerText()).toBe('已平衡');
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
    // The same as a workbook, with the balanced check.
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-reconciliation-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe(`subsidy-reconciliation-${DEMO_COUNTY}-${DUE_QUARTER}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsx.path());
    const cells = workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])));
    expect(cells).toContain('平衡');
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
