/**
 * A hub configured with an OpenID Connect issuer (a real oidc-provider, test/support/oidc-issuer.ts):
 * what it tells the console at /console/config.json, the console's CSP allowing the issuer's
 * origin, no development sign-in, and tokens from anyone but that issuer refused. Signing in
 * through the issuer in a browser is test/browser/console-oidc.test.ts.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '../../common/config';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { consoleConfig } from '../../gateway/src/console-config';
import { CONSOLE_CSP } from '../../gateway/src/console-static';
import { startTestIssuer, TestIssuer } from '../support/oidc-issuer';

const CLIENT_ID = 'huinong-console';

describe('a hub with an OpenID Connect issuer', () => {
  let issuer: TestIssuer;
  let hub: TestHub;
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');

  beforeAll(async () => {
    issuer = await startTestIssuer();
    hub = await startTestHub({ OIDC_ISSUER_URL: issuer.issuer, OIDC_CONSOLE_CLIENT_ID: CLIENT_ID });
    await issuer.configure({ clientId: CLIENT_ID, hubOrigin: base(), audience: hub.config.jwt.audience, accounts: {} });
  });

  afterAll(async () => {
    await hub?.close();
    await issuer?.close();
  });

  it('tells the console, unauthenticated, the issuer, its client id, scopes and paths, and nothing secret', async () => {
    const response = await fetch(`${base()}/console/config.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toEqual({
      oidc: { issuer: issuer.issuer, clientId: CLIENT_ID, scopes: 'openid profile', redirectPath: '/console/callback', postLogoutRedirectPath: '/console/' },
      devSignIn: false,
      keepTokenInTab: true,
    });
    expect(JSON.stringify(body)).not.toMatch(/secret/i);
  });

  it("adds the issuer's origin to the console's connect-src, and only there", async () => {
    const response = await fetch(`${base()}/console/`);
    const csp = response.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['connect-src']).toBe(`connect-src 'self' ${new URL(issuer.issuer).origin}`);
    expect(csp.replace(` ${new URL(issuer.issuer).origin}`, '')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("connect-src 'self';");
  });

  it('offers no development sign-in', async () => {
    expect((await fetch(`${base()}/auth/dev-users`)).status).toBe(404);
  });

  it('refuses a token from another issuer, one signed by a key the issuer does not publish, and the hub’s own HS256 token: 401 UNAUTHENTICATED', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const sign = (iss: string) =>
      new SignJWT({ role: 'bureau', counties: ['532301'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-issuer-1' })
        .setSubject('intruder')
        .setIssuer(iss)
        .setAudience(hub.config.jwt.audience)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
    const hs256 = await new SignJWT({ role: 'bureau', counties: ['532301'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old-style')
      .setIssuer(issuer.issuer)
      .setAudience(hub.config.jwt.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(loadConfig({ NODE_ENV: 'test' }).jwt.secret!);
    for (const [label, token] of [
      ['another issuer', await sign('https://id.elsewhere.example')],
      ['an unpublished key', await sign(issuer.issuer)],
      ['HS256', hs256],
    ] as const) {
      const result = await hub.query(token, '{ __typename }');
      expect([label, result.status, result.errors?.[0].extensions?.code]).toEqual([label, 401, 'UNAUTHENTICATED']);
    }
    // Verified against the issuer's published keys only (the JWKS its discovery document names).
    const reasons = hub.logs.filter((line) => line.includes('refused token')).map((line) => (JSON.parse(line) as { reason: string }).reason);
    expect(reasons.slice(-3)).toEqual(['token signature is invalid', 'token signature is invalid', 'token algorithm is not allowed']);
  });

  it('without an issuer the console gets no OIDC settings and keeps the development sign-in', () => {
    expect(consoleConfig(loadConfig({ NODE_ENV: 'test' }))).toEqual({ oidc: null, devSignIn: true, keepTokenInTab: true });
    expect(consoleConfig(loadConfig({ NODE_ENV: 'test', OIDC_ISSUER_URL: 'https://id.example' }))).toMatchObject({ oidc: null, devSignIn: false });
  });
});
