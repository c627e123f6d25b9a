/**
 * The gateway's console routes (static files, SPA fallback, caching, CSP, the 503 without a
 * build) and the development sign-in (a token from the hub, refused outside development).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleRoutes } from '../../gateway/src/console-static';
import { devSignInEnabled, devSignInRoutes } from '../../gateway/src/dev-sign-in';
import { startTestHub, TestHub, testConfig } from '../../demo/test-hub';
import { createLogger } from '../../common/logger';

function serve(dir: string): Promise<{ server: Server; base: string }> {
  const [route] = consoleRoutes(dir);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = route.path.exec(url.pathname);
    if (!match) return void response.writeHead(404).end();
    void route.handle(request, response, match.slice(1), url);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('the console, served by the gateway', () => {
  let built: { server: Server; base: string };
  let missing: { server: Server; base: string };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>控制台</title><script type="module" src="/console/assets/index-abc123.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'secret-outside.txt'), 'secret');
    built = await serve(dir);
    missing = await serve(join(dir, 'nowhere'));
  });
  afterAll(() => Promise.all([built, missing].map(({ server }) => new Promise((resolve) => server.close(resolve)))));

  it('serves index.html at /console/ and for client routes, never cached, with the CSP and nosniff', async () => {
    for (const path of ['/console/', '/console/rosters/versions/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed']) {
      const response = await fetch(built.base + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('控制台');
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('redirects /console to /console/', async () => {
    const response = await fetch(built.base + '/console', { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/console/');
  });

  it('serves hashed assets with their content type and a year of caching; a missing asset is a 404, not HTML', async () => {
    const asset = await fetch(built.base + '/console/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const gone = await fetch(built.base + '/console/assets/index-old999.js');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('never serves a file outside the build', async () => {
    for (const path of ['/console/..%2f..%2fsecret-outside.txt', '/console/%2e%2e/%2e%2e/secret-outside.txt']) {
      const response = await fetch(built.base + path);
      expect(await response.text()).not.toBe('secret');
    }
  });

  it('without a build, answers 503 with a page saying to run the build', async () => {
    const response = await fetch(missing.base + '/console/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run console:build');
  });
});

describe('development sign-in', () => {
  let hub: TestHub;
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it("lists the demo's users and issues a token the gateway accepts", async () => {
    const users = (await (await fetch(`${base()}/auth/dev-users`)).json()) as { id: string; role: string }[];
    expect(users.map((u) => u.id)).toEqual(['bureau', 'finance', 'finance-2', 'bank-abc', 'bank-psbc', 'regulator', 'admin']);
    const response = await fetch(`${base()}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'bureau' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token, user } = (await response.json()) as { token: string; user: { subject: string; counties: string[] } };
    expect(user).toMatchObject({ subject: 'demo-bureau-chuxiong', counties: ['532301'] });
    const result = await hub.query(token, '{ rosterVersions(countyCode: "532301", first: 1) { nodes { id } } }');
    expect(result.errors).toBeUndefined();
  });

  it('refuses an unknown user and a body that is not JSON', async () => {
    const unknown = await fetch(`${base()}/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"root"}' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toContain('bureau');
    const form = await fetch(`${base()}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=admin',
    });
    expect(form.status).toBe(415);
  });

  it('does not exist in production or beside an OpenID Connect provider', () => {
    const logger = createLogger({ service: 'test' }, 'error', () => undefined);
    // A production hub (its required secrets aside): only env differs from the test config.
    const production = { ...testConfig(), env: 'production' as const };
    expect(devSignInEnabled(production)).toBe(false);
    expect(devSignInRoutes(production, logger)).toEqual([]);
    const oidc = testConfig({ JWT_JWKS_URL: 'https://login.example.cn/.well-known/jwks.json' });
    expect(devSignInEnabled(oidc)).toBe(false);
    expect(devSignInEnabled(testConfig())).toBe(true);
  });
});
