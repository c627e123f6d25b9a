/**
 * The clerks' remaining pages in a real browser (Debian's Chromium, playwright-core) against a
 * test hub with the worker's 一卡通 jobs in process: finance drops a GBK 一卡通 file with one bad
 * row in "leave bad rows out" mode, waits for 已入账, reads the error row in Chinese and finds the
 * account (masked) in the list filtered by bank; the bureau browses the roster by township,
 * reveals one household's phone with a reason (the value shown, the audit read back through the
 * API), and reassigns a township to another bank and sees its history. Screenshots go to
 * test/browser/screenshots/. Skipped, saying so, without /usr/bin/chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO_BANKS, DEMO_COUNTY, buildDemoCounty } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import type { RunningWorker } from '../../queues/src/worker';
import { oneCard, oneCardCsv } from '../support/one-card-files';
import { toGbk } from '../support/roster-files';
import { startTestWorker } from '../support/test-worker';
import { consoleMoves, openWatchedPage, describeInBrowser, startBrowserHub } from '../support/browser';
import { loadKnownDemoHouseholds } from '../support/household-directory';

jest.setTimeout(180_000);

describeInBrowser('the console in a browser: 一卡通账户, 名单查询, 分片包干', () => {
  let hub: TestHub;
  let worker: RunningWorker;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const { signInAs, choose, shot } = consoleMoves(() => page, base);
  let demo: ReturnType<typeof buildDemoCounty>;
  let townshipNames: Map<string, string>;

  beforeAll(async () => {
    hub = await startBrowserHub('clerk_pages_browser');
    const loaded = await loadKnownDemoHouseholds(hub, 12);
    demo = loaded.demo;
    townshipNames = new Map(loaded.regions.filter((r) => r.code.length === 9).map((r) => [r.code, r.name]));
    worker = await startTestWorker(hub, ['oneCardImports']);

    ({ browser, page } = await openWatchedPage(problems));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close().catch(() => undefined);
    await hub?.close();
  });

  it('finance uploads a GBK 一卡通 file with one bad row (skip mode), follows it to 已入账, reads the error in Chinese, finds the account', async () => {
    await signInAs('finance');
    await page.getByRole('menuitem', { name: '一卡通账户' }).click();
    await page.getByText('剔除出错行，其余导入').click();
    const good = demo.households.slice(0, 3).map((h, i) => ({
      holderName: h.headName,
      idNumber: h.idNumber,
      accountNumber: oneCard(7001 + i),
      issuingBank: 'YNRCC',
      status: '正常',
      county: '楚雄市',
    }));
    const flip = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const bad = { ...good[0], holderName: demo.households[3].headName, idNumber: flip(demo.households[3].idNumber), accountNumber: oneCard(7009) };
    const bytes = toGbk(oneCardCsv([...good, bad])).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const { DataTransfer, File } = globalThis as any;
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], '一卡通账户.csv', { type: 'text/csv' }));
      return transfer;
    }, bytes);
    await page.dispatchEvent('.ant-upload-drag .ant-upload-btn', 'drop', { dataTransfer });
    await page.getByTestId('one-card-report').waitFor();
    await page.getByTestId('one-card-status').filter({ hasText: '已入账' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('oc-total-rows').textContent()).toBe('4');
    expect(await page.getByTestId('oc-valid-rows').textContent()).toBe('3');
    expect(await page.getByTestId('oc-applied-rows').textContent()).toBe('3');
    expect(await page.getByTestId('oc-error-count').textContent()).toBe('1');
    const errorRows = page.getByTestId('oc-row-errors').locator('tbody tr');
    await errorRows.first().waitFor();
    expect(await errorRows.count()).toBe(1);
    const errorText = await errorRows.first().innerText();
    expect(errorText).toContain('5'); // row 5: the header is row 1
    expect(errorText).toMatch(/[\u4e00-\u9fa5]{4,}/); // the hub's Chinese message
    expect(errorText).not.toContain(bad.idNumber); // the value is masked
    await shot('21-one-card-applied');

    const accounts = page.getByTestId('oc-accounts').locator('tbody tr');
    await accounts.filter({ hasText: demo.households[0].householdNo }).waitFor();
    expect(await accounts.count()).toBe(3);
    const text = await accounts.filter({ hasText: demo.households[0].householdNo }).innerText();
    expect(text).toContain('621779');
    expect(text).not.toContain(good[0].accountNumber);
    expect(text).not.toContain(good[0].holderName);
    expect(text).toContain('正常');
    await choose('oc-filter-status', '冻结');
    await page.getByTestId('oc-accounts').locator('.ant-empty').waitFor();
    await shot('22-one-card-accounts-filtered');
  });

  it('the bureau browses the roster by township and reveals one phone, audited', async () => {
    await signInAs('bureau');
    await page.getByRole('menuitem', { name: '名单查询' }).click();
    const target = demo.households[0];
    const townshipName = townshipNames.get(target.townshipCode)!;
    await choose('filter-township', townshipName);
    const rows = page.getByTestId('households').locator('tbody tr');
    await rows.filter({ hasText: target.householdNo }).waitFor();
    await page.getByTestId('households').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    const expected = demo.households.filter((h) => h.townshipCode === target.townshipCode).length;
    expect(await rows.count()).toBe(expected);
    for (const row of await rows.allInnerTexts()) expect(row).toContain(townshipName);
    const row = await rows.filter({ hasText: target.householdNo }).innerText();
    expect(row).not.toContain(target.phone);
    expect(row).not.toContain(target.idNumber);
    await shot('23-roster-browse');

    await page.getByTestId(`reveal-${target.householdNo}`).click();
    await page.getByTestId('reveal-field-phone').click();
    await page.getByTestId('reveal-reason').fill('核实联系方式以便入户');
    await page.getByTestId('reveal-submit').click();
    await page.getByTestId('revealed-value').waitFor();
    expect(await page.getByTestId('revealed-value').textContent()).toBe(target.phone);
    expect(await page.getByTestId('revealed-audit').textContent()).toContain('核实联系方式以便入户');
    expect(await page.getByTestId('revealed-audit').textContent()).toContain('demo-bureau-chuxiong');
    await shot('24-roster-revealed');
    // The hub recorded the read: one audit row, read through the API.
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const trail = (
      await hub.data(bureau, `query($h: ID) { piiAccesses(countyCode: "${DEMO_COUNTY}", householdId: $h) { nodes { field reason subject } } }`, {
        h: target.id,
      })
    ).piiAccesses.nodes;
    expect(trail).toEqual([{ field: 'phone', reason: '核实联系方式以便入户', subject: 'demo-bureau-chuxiong' }]);
    await page.getByTestId('reveal-close').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await page.getByTestId('pii-audit').locator('tbody tr', { hasText: target.householdNo }).waitFor();
    await shot('25-roster-audit');
  });

  it('the bureau reassigns a township to another bank and sees its history', async () => {
    await page.getByRole('menuitem', { name: '分片包干' }).click();
    const township = demo.households[0].townshipCode;
    const current = demo.assignments.find((a) => a.townshipCode === township)!.bankCode;
    const other = DEMO_BANKS.find((b) => b.code !== current && b.countyCodes.includes(DEMO_COUNTY))!;
    await page.getByTestId(`reassign-${township}`).click();
    await choose('reassign-bank', other.code);
    await page.getByTestId('reassign-from').fill('2030-07-01');
    await page.getByTestId('reassign-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    const row = page.getByTestId('assignments').locator('tbody tr', { hasText: township }).first();
    await row.filter({ hasText: '2030-07-01' }).waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    const history = page.getByTestId(`assignment-history-${township}`).locator('tbody tr');
    await history.nth(1).waitFor();
    const texts = await history.allInnerTexts();
    expect(texts[0]).toContain(other.code);
    expect(texts[0]).toContain('2030-07-01 – 至今');
    expect(texts[1]).toContain(current);
    expect(texts[1]).toContain('2021-06-01 – 2030-07-01');
    await page.getByTestId('deliveries').waitFor();
    await shot('26-assignments');

    // The hub's refusal as it words it: the same bank again from a later day.
    await page.getByTestId(`reassign-${township}`).click();
    await choose('reassign-bank', other.code);
    await page.getByTestId('reassign-from').fill('2030-08-01');
    await page.getByTestId('reassign-submit').click();
    const alert = page.locator('.ant-modal').getByTestId('hub-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('ROSTER_ASSIGNMENT_CONFLICT');
    await shot('27-assignment-refused');
  });

  it('logged no errors in the page', () => {
    expect(problems).toEqual([]);
  });
});
