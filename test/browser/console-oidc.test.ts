/**
 * The console's sign-in through an OpenID Connect issuer, in a real browser: a real provider
 * (oidc-provider, with its development login and consent pages; test/support/oidc-issuer.ts) with
 * one public client (PKCE required) for the console, and an account whose access token names the
 * bureau of 532301. The hub runs with OIDC_ISSUER_URL and OIDC_CONSOLE_CLIENT_ID. The clerk
 * signs in at the issuer, lands on the console as the bureau, opens 名单版本 (GraphQL with the
 * issuer's token), signs out (the issuer's session ends too) and is signed out. Without
 * /usr/bin/chromium the suite is skipped, saying so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Caller } from '../../common/auth/caller';
import { DEMO_COUNTY, buildDemoCounty } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { startTestIssuer, TestIssuer } from '../support/oidc-issuer';
import { rosterCsv, rosterLines } from '../support/roster-files';
import { CHROMIUM, consoleMoves, describeInBrowser, SCREENSHOTS } from '../support/browser';

const CLIENT_ID = 'huinong-console';
const ACCOUNT = 'clerk-chuxiong-bureau';

jest.setTimeout(180_000);

describeInBrowser('the console signing in through an OpenID Connect issuer', () => {
  let issuer: TestIssuer;
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const tokensSent: string[] = [];
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const { shot } = consoleMoves(() => page, base);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureConsoleBuilt({ say: () => undefined });
    issuer = await startTestIssuer();
    hub = await startTestHub({ OIDC_ISSUER_URL: issuer.issuer, OIDC_CONSOLE_CLIENT_ID: CLIENT_ID });
    await issuer.configure({
      clientId: CLIENT_ID,
      hubOrigin: base(),
      audience: hub.config.jwt.audience,
      accounts: { [ACCOUNT]: { name: '楚雄市乡村振兴局（统一身份认证）', role: 'bureau', counties: [DEMO_COUNTY] } },
    });
    // One published version, made through the households app (the hub now takes no HS256 token).
    const regions = await loadCountyRegions(DEMO_COUNTY);
    const demo = buildDemoCounty(regions, { households: 1 });
    await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments: demo.assignments, households: [] });
    const clerk: Caller = { subject: 'setup-bureau', role: 'bureau', counties: [DEMO_COUNTY], bank: null };
    const dir = mkdtempSync(join(tmpdir(), 'oidc-roster-'));
    const path = join(dir, 'v1.csv');
    writeFileSync(path, rosterCsv(rosterLines(5, [{ township: '鹿城镇', village: '东兴社区居民委员会' }])));
    const { import: imported } = await hub.apps.households.rosterImports.importFile(clerk, {
      countyCode: DEMO_COUNTY,
      path,
      fileName: 'v1.csv',
      mode: 'reject_file',
    });
    rmSync(dir, { recursive: true, force: true });
    await hub.apps.households.rosterVersions.publish(clerk, imported.versionId!);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    // The provider's development pages import a web font; the test needs no network beyond this machine.
    await context.route(/^https:\/\/fonts\./, (route) => route.abort());
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('net::ERR_FAILED')) problems.push(`console: ${message.text()} @ ${page.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (request.url().startsWith(base()) && authorization) tokensSent.push(authorization.replace(/^Bearer /, ''));
    });
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await issuer?.close();
  });

  it("offers 统一身份认证登录 and no development sign-in; the console's CSP lets it reach the issuer", async () => {
    const response = await page.goto(`${base()}/console/`);
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain(`connect-src 'self' ${issuer.issuer}`);
    await page.getByTestId('sign-in-oidc').waitFor();
    expect(await page.getByTestId('sign-in-oidc').textContent()).toBe('统一身份认证登录');
    expect(await page.locator('[data-testid^="sign-in-bureau"]').count()).toBe(0);
    await shot('oidc-01-sign-in');
  });

  it("signs in at the issuer's login and consent pages (code + PKCE) and lands on the console as the bureau", async () => {
    const authorization = page.waitForRequest((request) => request.url().startsWith(`${issuer.issuer}/auth?`));
    await page.getByTestId('sign-in-oidc').click();
    const authorize = new URL((await authorization).url());
    await page.locator('input[name="login"]').waitFor();
    await page.locator('input[name="login"]').fill(ACCOUNT);
    await page.locator('input[name="password"]').fill('any');
    await shot('oidc-02-issuer-login');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('上传名单（CSV / XLSX）').waitFor();
    expect(page.url()).toBe(`${base()}/console/rosters/import`);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(`楚雄市乡村振兴局（统一身份认证） · ${DEMO_COUNTY}`);
    // The authorization request: code flow with PKCE (S256) for the console's client and its callback.
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${base()}/console/callback`,
      scope: 'openid profile',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await page.evaluate('window.localStorage.length')).toBe(0);
    // Outside production the token may stay in the tab (sessionStorage), never in localStorage.
    const stored = (await page.evaluate('Object.keys(window.sessionStorage)')) as string[];
    expect(stored).toEqual(['huinong-console-session']);
  });

  it('opens 名单版本 with the issuer’s token: the GraphQL page shows the published version', async () => {
    const graphql = page.waitForResponse((r) => r.url() === hub.gatewayUrl && r.request().postData()?.includes('ConsoleRosterVersions') === true);
    await page.getByRole('menuitem', { name: '名单版本' }).click();
    const answer = await graphql;
    expect(answer.status()).toBe(200);
    const body = (await answer.json()) as { data?: { rosterVersions: { nodes: { status: string; publishedBy: string }[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.rosterVersions.nodes).toMatchObject([{ status: 'PUBLISHED', publishedBy: 'setup-bureau' }]);
    await page.getByTestId('roster-versions').locator('tbody tr', { hasText: 'setup-bureau' }).first().waitFor();
    await shot('oidc-03-signed-in-versions');
    // What the console sent is the issuer's access token: RS256, iss = the issuer, aud = the hub's API.
    const token = tokensSent.at(-1)!;
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header.alg).toBe('RS256');
    expect(payload).toMatchObject({ iss: issuer.issuer, aud: hub.config.jwt.audience, sub: ACCOUNT, role: 'bureau', counties: [DEMO_COUNTY] });
  });

  it("signs out: the console forgets the token and the issuer's session ends", async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${issuer.issuer}/session/end`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${base()}/console/`);
    await page.getByTestId('sign-in-oidc').waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    expect(await page.evaluate('window.sessionStorage.length')).toBe(0);
    expect(await page.evaluate('window.localStorage.length')).toBe(0);
    // The issuer's session is gone: signing in again asks for the login again.
    await page.getByTestId('sign-in-oidc').click();
    await page.locator('input[name="login"]').waitFor();
    await shot('oidc-04-signed-out-login-again');
    expect(problems).toEqual([]);
  });
});
