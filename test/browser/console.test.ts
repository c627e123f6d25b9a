/**
 * The console in a real browser (Debian's Chromium driven by playwright-core; nothing downloads
 * a browser), against a real hub: a bureau clerk signs in, drops a GBK roster export with bad rows
 * in "leave bad rows out" mode, reads the row errors in Chinese and in English, pages through
 * them, downloads the report, opens the draft's diff (old → new values) and publishes it.
 * Screenshots of each step go to test/browser/screenshots/ (git-ignored). Without
 * /usr/bin/chromium the suite is skipped, saying so.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_COUNTY, buildDemoCounty } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { ROSTER_ERRORS } from '../../subgraphs/households/src/roster/domain/roster-errors';
import { registerBanks } from '../support/bank-directory';
import { rosterCsv, rosterLines, toGbk } from '../support/roster-files';
import { consoleMoves, openWatchedPage, describeInBrowser, SCREENSHOTS } from '../support/browser';

const PLACES = [
  { township: '鹿城镇', village: '东兴社区居民委员会' },
  { township: '东瓜镇', village: '永安社区居民委员会' },
];

jest.setTimeout(180_000);

describeInBrowser('the console in a browser, as a bureau clerk', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const { shot } = consoleMoves(() => page, base);

  const published = rosterLines(30, PLACES);
  // The next export: household 1 becomes 边缘易致贫户 and monitored, household 2 has a new head;
  // and 12 new rows whose ID check digit is wrong, left out in skip_bad_rows mode.
  const next = published.map((line) => ({ ...line }));
  next[1] = { ...next[1], category: '边缘易致贫户', monitoringType: '边缘易致贫户' };
  next[2] = { ...next[2], headName: '赵新' };
  const flip = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  const bad = rosterLines(12, PLACES, 1000).map((line) => ({ ...line, idNumber: flip(line.idNumber) }));
  // One column the hub does not read (备注), as exports often carry.
  const csv = rosterCsv([...next, ...bad])
    .split('\r\n')
    .map((row, i) => (row === '' ? row : `${row},${i === 0 ? '备注' : '无'}`))
    .join('\r\n');

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureConsoleBuilt({ say: () => undefined });
    hub = await startTestHub();
    const regions = await loadCountyRegions(DEMO_COUNTY);
    const demo = buildDemoCounty(regions, { households: 1 });
    await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments: demo.assignments, households: [] });
    await registerBanks(hub.apps);
    // Version 1, published through the API: the draft the clerk uploads is compared with it.
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const upload = await fetch(`${base()}/uploads/rosters?county=${DEMO_COUNTY}&mode=reject_file&filename=v1.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/octet-stream' },
      body: rosterCsv(published),
    });
    const { versionId } = (await upload.json()) as { versionId: string };
    const result = await hub.query(bureau, 'mutation($id: ID!) { publishRosterVersion(id: $id) { id } }', { id: versionId });
    expect(result.errors).toBeUndefined();

    ({ browser, page } = await openWatchedPage(problems, { width: 1366, height: 900 }));
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('signs in as the bureau from the development sign-in page', async () => {
    await page.goto(`${base()}/console/`);
    await page.getByText('选择演示用户登录').waitFor();
    await shot('01-sign-in');
    await page.getByTestId('sign-in-bureau').click();
    await page.getByText('上传名单（CSV / XLSX）').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('楚雄市乡村振兴局 · 532301');
    // The token is held in the tab only, never in localStorage.
    expect(await page.evaluate('window.localStorage.length')).toBe(0);
  });

  it('drops a GBK export in "leave bad rows out" mode and reads the counts, the ignored column and the errors in Chinese', async () => {
    await page.getByText('剔除出错行，其余导入').click();
    const bytes = toGbk(csv).toString('base64');
    // In the page (the test's own types know no DOM).
    const dataTransfer = await page.evaluateHandle((b64) => {
      const { DataTransfer, File } = globalThis as any;
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], '楚雄市名单.csv', { type: 'text/csv' }));
      return transfer;
    }, bytes);
    await page.dispatchEvent('.ant-upload-drag .ant-upload-btn', 'drop', { dataTransfer });
    await page.getByTestId('import-result').waitFor();
    await page.getByTestId('row-errors').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('import-status').textContent()).toBe('已生成草稿');
    expect(await page.getByTestId('total-rows').textContent()).toBe('42');
    expect(await page.getByTestId('accepted-rows').textContent()).toBe('30');
    expect(await page.getByTestId('error-count').textContent()).toBe('12');
    expect(await page.getByTestId('ignored-columns').textContent()).toMatch(/^N: 备注$/);
    expect(await page.locator('.ant-progress').getAttribute('aria-valuenow')).toBe('100');
    const table = page.getByTestId('row-errors');
    expect(await table.locator('tbody tr').count()).toBe(10);
    const first = await table.locator('tbody tr').first().innerText();
    expect(first).toContain('32');
    expect(first).toContain('证件号码');
    expect(first).toContain(ROSTER_ERRORS.ROSTER_INVALID_ID_CHECKSUM.zh);
    expect(first).not.toContain(bad[0].idNumber); // masked
    await shot('02-import-result-zh');
  });

  it('shows the same errors in English after the switch, and pages through them', async () => {
    await page.getByTestId('language-switch').click();
    const table = page.getByTestId('row-errors');
    await page.getByText('Import result').waitFor();
    expect(await table.locator('tbody tr').first().innerText()).toContain(ROSTER_ERRORS.ROSTER_INVALID_ID_CHECKSUM.en);
    await shot('03-import-result-en');
    await page.getByTestId('import-result').locator('.ant-pagination-item-2').click();
    // (No waitForFunction: the console's CSP refuses the eval it runs on.)
    await table.locator('tbody tr', { hasText: 'the ID number check character is wrong' }).filter({ hasText: /^43/ }).waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['42', '43']);
    await shot('04-import-errors-page-2');
    await page.getByTestId('language-switch').click();
    await page.getByText('导入结果').waitFor();
  });

  it('downloads the error report as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('下载错误报告 CSV').click()]);
    expect(download.suggestedFilename()).toMatch(/^roster-import-.*-errors\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain(ROSTER_ERRORS.ROSTER_INVALID_ID_CHECKSUM.zh);
    expect(text.trim().split('\n')).toHaveLength(13); // header and 12 errors
  });

  it("opens the draft's diff with old → new values, and publishes it after a confirmation restating the summary", async () => {
    await page.getByTestId('open-draft').click();
    await page.getByTestId('diff-lines').locator('tbody tr').first().waitFor();
    const summary = await page.getByTestId('diff-summary').innerText();
    expect(summary.replace(/\s+/g, ' ')).toContain('新增 0 移出 0 变更 2 户类型变更 1 监测状态变更 1 未变 28');
    const lines = await page.getByTestId('diff-lines').locator('tbody tr').allInnerTexts();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(published[1].householdNo);
    expect(lines[0]).toContain('户类型：脱贫户 → 边缘易致贫户');
    expect(lines[0]).toContain('监测对象：否 → 是');
    expect(lines[1]).toContain(`户主姓名：${Array.from(published[2].headName)[0]}* → 赵*`);
    await shot('05-diff');

    await page.getByTestId('publish').click();
    const dialog = page.locator('.ant-modal-confirm');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('新增 0 户，移出 0 户，变更 2 户（户类型变更 1，监测状态变更 1）');
    await shot('06-publish-confirm');
    await dialog
      .getByRole('button', { name: '发 布' })
      .or(dialog.getByRole('button', { name: '发布' }))
      .click();
    await page.getByText('版本 2 已发布').waitFor();
    await page.getByTestId('version-status').filter({ hasText: '已发布' }).waitFor();
    await shot('07-published');
  });

  it('lists the versions: who published what when', async () => {
    await page.getByRole('menuitem', { name: '名单版本' }).click();
    const rows = page.getByTestId('roster-versions').locator('tbody tr.ant-table-row'); // not the empty table's placeholder row
    await rows.nth(1).waitFor();
    const texts = await rows.allInnerTexts();
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^2\s+已发布\s+30\s/);
    expect(texts[0]).toContain('demo-bureau-chuxiong');
    expect(texts[1]).toMatch(/^1\s+已替代\s+30\s/);
    await page.locator('[data-testid=roster-versions] .ant-spin-spinning').waitFor({ state: 'detached' });
    await shot('08-versions');
  });

  it('opens a page whose chunk a newer build replaced: the tab reloads once and shows it', async () => {
    // As after a deploy: the chunk this tab's index names is gone (404) on the first try.
    let refused = 0;
    await page.route(/\/console\/assets\/RosterBrowsePage-[\w-]+\.js$/, async (route) => {
      if (refused++ === 0) return route.fulfill({ status: 404, body: 'gone' });
      return route.continue();
    });
    const before = problems.length;
    const reloaded = page.waitForEvent('load');
    await page.getByRole('menuitem', { name: '名单查询' }).click();
    await reloaded;
    await page.getByTestId('households').waitFor();
    expect(refused).toBe(2); // refused once, then served after the reload
    expect(await page.evaluate('window.sessionStorage.getItem("huinong-console-reloaded-for-chunk")')).toBeNull();
    // The refused chunk is the one error the browser logged.
    expect(problems.splice(before)).toEqual([expect.stringContaining('404')]);
    await page.unroute(/\/console\/assets\/RosterBrowsePage-[\w-]+\.js$/);
  });

  it('logged no errors in the page', () => {
    expect(problems).toEqual([]);
  });
});
