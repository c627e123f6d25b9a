/**
 * The admin's operations pages in a real browser: 个人信息查阅记录 shows the unmasked reads of every
 * county, narrowed by county, reader and field (the figures the API gives); 任务队列 opens Bull
 * Board in a new window through the session the admin's token buys (the hub on BullMQ's
 * PostgreSQL backend, as npm start runs it), which shows a failed job with its error and retries
 * it, and the job then completes. A bureau's user gets no dashboard. Screenshots go to
 * test/browser/screenshots/ (admin-ops-*.png). Skipped, saying so, without /usr/bin/chromium.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { backendOptionsOf, createQueueBackend, type QueueBackend } from '../../common/queue/backend';
import { QUEUES } from '../../common/queue/names';
import { FAIL_ONCE_MESSAGE, failOnceJob } from '../support/fail-once-job';
import { buildDemoCounty, DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { loadCountyRegions } from '../../subgraphs/households/src/households.app';
import { consoleMoves, describeInBrowser, openWatchedPage, SCREENSHOTS } from '../support/browser';
import { until } from '../support/subsidy-hub';

const OTHER = '532322';

jest.setTimeout(180_000);

describeInBrowser('the admin’s operations pages: the personal-data audit across counties, the queue dashboard', () => {
  let hub: TestHub;
  let backend: QueueBackend;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const { signInAs, choose, shot } = consoleMoves(() => page, base);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureConsoleBuilt({ say: () => undefined });
    hub = await startTestHub({ QUEUE_NAMESPACE: `admin_ops_browser_${process.pid}` });
    backend = createQueueBackend(backendOptionsOf(hub.config));
    // Two counties, each with its bureau reading one of its households' values.
    for (const [county, subject, field] of [
      [DEMO_COUNTY, 'clerk-li', 'phone'],
      [OTHER, 'clerk-wang', 'idNumber'],
    ] as const) {
      const regions = await loadCountyRegions(county);
      const demo = buildDemoCounty(regions, { households: 2, seed: county === OTHER ? 7 : undefined });
      await hub.apps.households.loadDemo({ countyCode: county, regions, assignments: demo.assignments, households: demo.households });
      const bureau = await hub.token({ role: 'bureau', counties: [county], subject });
      const [household] = (await hub.data(bureau, `{ households(first: 1, filter: { countyCode: "${county}" }) { nodes { id } } }`)).households.nodes;
      await hub.data(bureau, `query($id: ID!) { household(id: $id) { ${field}(reveal: true, reason: "核对信息") } }`, { id: household.id });
    }
    ({ browser, page } = await openWatchedPage(problems));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    await hub?.close();
  });

  it('个人信息查阅记录 lists the reads of every county and narrows them by county, reader and field', async () => {
    await signInAs('admin');
    await page.getByRole('menuitem', { name: '个人信息查阅记录' }).click();
    const rows = page.getByTestId('admin-pii-audit').locator('tbody tr.ant-table-row');
    await rows.nth(1).waitFor();
    const admin = await hub.token({ role: 'admin' });
    const api = (await hub.data(admin, '{ piiAccesses(first: 20) { nodes { countyCode householdNo subject } } }')).piiAccesses.nodes as {
      countyCode: string;
      householdNo: string;
      subject: string;
    }[];
    const texts = await rows.allInnerTexts();
    expect(texts).toHaveLength(api.length);
    api.forEach((access, i) => {
      expect(texts[i]).toContain(access.countyCode);
      expect(texts[i]).toContain(access.householdNo);
      expect(texts[i]).toContain(`${access.subject}（乡村振兴局）`);
    });
    expect(new Set(api.map((a) => a.countyCode))).toEqual(new Set([DEMO_COUNTY, OTHER]));
    await shot('admin-ops-01-pii-audit');

    await page.getByTestId('audit-filter-county').fill(OTHER);
    await page.getByTestId('audit-search').click();
    await until(
      () => rows.allInnerTexts(),
      (t) => t.length === 1 && t[0].includes('clerk-wang'),
      'the reads of the other county only',
    );
    await page.getByTestId('audit-filter-county').fill('');
    await choose('audit-filter-field', '联系电话');
    await page.getByTestId('audit-search').click();
    await until(
      () => rows.allInnerTexts(),
      (t) => t.length === 1 && t[0].includes('clerk-li') && t[0].includes(DEMO_COUNTY),
      'the phone reads only',
    );
  });

  it('任务队列 opens Bull Board on the PostgreSQL backend: a failed job with its error, retried, then completed', async () => {
    const { job, runs, close } = await failOnceJob(backend);
    try {
      await until(
        () => job.getState(),
        (state) => state === 'failed',
        'the job failed',
      );
      await signInAs('admin');
      await page.getByRole('menuitem', { name: '任务队列' }).click();
      const [board] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('open-queue-board').click()]);
      board.on('pageerror', (error) => problems.push(`queue board page error: ${error.message}`));
      await board.waitForURL(/\/admin\/queues\/$/);
      await board.getByText('惠农 Hub 任务队列 (PostgreSQL)').first().waitFor();
      await page.getByTestId('queue-board-opened').waitFor();
      await shot('admin-ops-02-queues-page');
      await board.screenshot({ path: `${SCREENSHOTS}/admin-ops-03-board.png`, fullPage: true });
      await board.goto(`${base()}/admin/queues/queue/${QUEUES.platform}?status=failed`);
      await board.getByText(FAIL_ONCE_MESSAGE).first().waitFor();
      await board.screenshot({ path: `${SCREENSHOTS}/admin-ops-04-failed-job.png`, fullPage: true });
      // 重试全部 (the job cards' own buttons are bare icons); the board asks to confirm.
      await board.getByRole('button', { name: /^(重试全部|Retry all)$/ }).click();
      const confirm = board.getByRole('button', { name: /^(确认|Confirm)$/ });
      await confirm.waitFor();
      await board.screenshot({ path: `${SCREENSHOTS}/admin-ops-05-retry-confirm.png` });
      await confirm.click();
      await until(
        () => job.getState(),
        (state) => state === 'completed',
        'the retried job completed',
      );
      expect(runs()).toBe(2);
      await board.close();
    } finally {
      await close();
    }
  });

  it("gives a bureau's user no dashboard: no menu entry, and its token buys no session (403)", async () => {
    await signInAs('bureau');
    expect(await page.getByRole('menuitem', { name: '任务队列' }).count()).toBe(0);
    // The signed-in bureau's own token (from the tab; sent from here, so the refusal is not a failed request of the page's).
    const token = await page.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('huinong-console-session')).token as string);
    const refused = await fetch(`${base()}/admin/queues/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe('the queue dashboard is for administrators');
  });

  it('logged no errors in the page', () => {
    expect(problems).toEqual([]);
  });
});
