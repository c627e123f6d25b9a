/**
 * Auth and the graph's perimeter: bad tokens at the gateway, direct or forged calls to
 * subgraphs, CSRF, introspection and operation limits. Every refusal has a code and no stack.
 */
import { SignJWT } from 'jose';
import { CONTEXT_HEADER, signContext } from '../../common/auth/signed-context';
import { startTestHub, TestHub } from '../support/test-hub';

const SIMPLE = '{ banks { code } }';

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text, json: (() => { try { return JSON.parse(text); } catch { return null; } })() };
}

describe('gateway authentication', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  const sign = (claims: Record<string, unknown>, options: { secret?: string; alg?: string; issuer?: string; audience?: string; exp?: number; iat?: number } = {}) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).setSubject('tester').setIssuer(options.issuer ?? hub.config.jwt.issuer).setAudience(options.audience ?? hub.config.jwt.audience);
    jwt.setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000));
    jwt.setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 600);
    return jwt.sign(options.secret ? new TextEncoder().encode(options.secret) : hub.config.jwt.secret!);
  };

  it('accepts a valid token', async () => {
    const result = await hub.query(await hub.token({ role: 'admin' }), SIMPLE);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  });

  it.each([
    ['no token', async () => null, /send a bearer token/],
    ['a token signed with another secret', async () => sign({ role: 'admin' }, { secret: 'another-secret-that-is-long-enough-for-hs256!' }), /signature is invalid/],
    ['an expired token', async () => sign({ role: 'admin' }, { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }), /expired/],
    ['a token for another audience', async () => sign({ role: 'admin' }, { audience: 'someone-else' }), /"aud"/],
    ['a token from another issuer', async () => sign({ role: 'admin' }, { issuer: 'evil' }), /"iss"/],
    ['a token older than the maximum age', async () => sign({ role: 'admin' }, { iat: Math.floor(Date.now() / 1000) - 3 * 86400, exp: Math.floor(Date.now() / 1000) + 600 }), /older than the maximum token age/],
    ['an unsigned (alg none) token', async () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', iss: 'huinong-hub', aud: 'huinong-hub-api', exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) })).toString('base64url')}.`, /malformed|algorithm/],
    ['a token with an unknown role', async () => sign({ role: 'superuser' }), /role must be one of/],
    ['a bank token without a bank', async () => sign({ role: 'bank' }), /must name its bank/],
    ['a bureau token without counties', async () => sign({ role: 'bureau' }), /at least one county/],
    ['garbage', async () => 'not.a.jwt', /malformed/],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_label, makeToken, message) => {
    const result = await hub.query(await makeToken(), SIMPLE);
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toMatch(message);
    expect(JSON.stringify(result)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('logs refused tokens without the token itself', async () => {
    const token = await sign({ role: 'admin' }, { secret: 'another-secret-that-is-long-enough-for-hs256!' });
    await hub.query(token, SIMPLE);
    const logs = hub.logs.join('\n');
    expect(logs).toContain('refused token');
    expect(logs).not.toContain(token);
  });
});

describe('subgraphs accept only the gateway', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  const admin = { subject: 'intruder', role: 'admin' as const, counties: [], bank: null };

  it.each(['households', 'loans', 'funds'] as const)('%s refuses a direct call without a context header', async (name) => {
    const response = await postJson(hub.subgraphUrls[name], { query: '{ _service { sdl } }' });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(response.body).not.toContain('@key');
  });

  it('refuses a direct _entities call that would bypass the gateway', async () => {
    const response = await postJson(hub.subgraphUrls.households, {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { idNumber } } }',
      variables: { r: [{ __typename: 'Household', id: '00000000-0000-4000-8000-000000000000' }] },
    });
    expect(response.status).toBe(401);
  });

  it('refuses a context signed with another secret', async () => {
    const forged = signContext(admin, 'r1', Buffer.from('a-forged-secret-of-at-least-32-bytes!!'), 60);
    const response = await postJson(hub.subgraphUrls.loans, { query: SIMPLE }, { [CONTEXT_HEADER]: forged });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].message).toContain('bad-signature');
  });

  it('refuses an expired context', async () => {
    const expired = signContext(admin, 'r2', hub.config.contextSigning.secret, 60, Date.now() - 120_000);
    const response = await postJson(hub.subgraphUrls.loans, { query: SIMPLE }, { [CONTEXT_HEADER]: expired });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].message).toContain('expired');
  });

  it('refuses a context whose payload was altered after signing', async () => {
    const bank = signContext({ subject: 'b', role: 'bank', counties: [], bank: 'ABC' }, 'r3', hub.config.contextSigning.secret, 60);
    const [, signature] = bank.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'b', role: 'admin', counties: [], bank: null, exp: Math.floor(Date.now() / 1000) + 60, rid: 'r3' })).toString('base64url');
    const response = await postJson(hub.subgraphUrls.loans, { query: SIMPLE }, { [CONTEXT_HEADER]: `${payload}.${signature}` });
    expect(response.status).toBe(401);
  });

  it('accepts a correctly signed context (so the check, not the route, is what refuses)', async () => {
    const valid = signContext(admin, 'r4', hub.config.contextSigning.secret, 60);
    const response = await postJson(hub.subgraphUrls.loans, { query: SIMPLE }, { [CONTEXT_HEADER]: valid });
    expect(response.status).toBe(200);
    expect(response.json.data.banks).toEqual([]);
  });

  it('records refused calls in the log with the reason', () => {
    expect(hub.logs.some((line) => line.includes('refused request without a valid gateway context') && line.includes('bad-signature'))).toBe(true);
  });
});

describe('request hardening at the gateway', () => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await startTestHub();
    token = await hub.token({ role: 'admin' });
  });
  afterAll(() => hub.close());

  it('blocks a GET without the CSRF preflight header', async () => {
    const response = await fetch(`${hub.gatewayUrl}?query=${encodeURIComponent(SIMPLE)}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });

  it('has introspection off outside development', async () => {
    const result = await hub.query(token, '{ __schema { types { name } } }');
    expect(result.errors?.[0].message).toMatch(/introspection/i);
  });

  it('refuses queries deeper than the limit', async () => {
    const deep = '{ region(code: "532301") { children { children { children { children { children { children { children { children { children { children { children { code } } } } } } } } } } } } }';
    const result = await hub.query(token, deep);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0].message).toMatch(/is 13 levels deep; at most 12 are allowed/);
    expect(result.data).toBeUndefined();
  });

  it('refuses too many aliases and root fields', async () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: banks { code }`).join(' ')} }`;
    const result = await hub.query(token, aliases);
    expect(result.errors?.map((e) => e.extensions?.code)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.map((e) => e.message).join(' ')).toMatch(/aliases/);
    expect(result.errors?.map((e) => e.message).join(' ')).toMatch(/root fields/);
  });

  it('refuses a body over the size limit', async () => {
    const response = await postJson(hub.gatewayUrl, { query: SIMPLE, variables: { pad: 'x'.repeat(hub.config.limits.maxBodyBytes) } }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(413);
    expect(response.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses batched requests', async () => {
    const response = await fetch(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify([{ query: SIMPLE }, { query: SIMPLE }]) });
    expect(response.status).toBe(400);
  });

  it('answers a malformed query with a parse error and no stack trace', async () => {
    const result = await hub.query(token, '{ banks { ');
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(result)).not.toContain('stacktrace');
  });

  it('masks internal errors: no SQL, table names or stack reach the caller, the log has them', async () => {
    await hub.dataSources.loans.query('ALTER TABLE loans.banks RENAME TO banks_moved');
    try {
      const result = await hub.query(token, SIMPLE);
      expect(result.errors?.[0].message).toBe('Internal server error');
      expect(result.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result.errors)).not.toMatch(/banks_moved|relation|stacktrace|SELECT|loans\./i);
      expect(hub.logs.some((line) => line.includes('internal error') && line.includes('banks'))).toBe(true);
    } finally {
      await hub.dataSources.loans.query('ALTER TABLE loans.banks_moved RENAME TO banks');
    }
  });

  it('reports readiness of the gateway and each subgraph', async () => {
    expect((await fetch(new URL('/readyz', hub.gatewayUrl))).status).toBe(200);
    for (const url of Object.values(hub.subgraphUrls)) {
      expect((await fetch(new URL('/healthz', url))).status).toBe(200);
      expect((await fetch(new URL('/readyz', url))).status).toBe(200);
    }
  });
});
