/**
 * Auth and the graph's perimeter: bad tokens at the gateway, direct or forged calls to
 * subgraphs, CSRF, introspection and operation limits. Every refusal has a code and no stack.
 */
import { SignJWT } from 'jose';
import { spawn } from 'node:child_process';
import { createServer, IncomingHttpHeaders, request as httpRequest, Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { join } from 'node:path';
import type { Caller } from '../../common/auth/caller';
import { BODY_MAC_TRAILER, CONTEXT_HEADER, sha256Hex, signContext } from '../../common/auth/signed-context';
import { DEV_SECRETS } from '../../common/config';
import { createLogger } from '../../common/logger';
import type { SubgraphName } from '../../common/subgraph-service';
import { RunningGateway, startGateway } from '../../gateway/src/gateway';
import { readCommittedSupergraph } from '../../gateway/src/supergraph-file';
import { startTestHub, TestHub } from '../../demo/test-hub';

const SIMPLE = '{ banks { code } }';

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return {
    status: response.status,
    body: text,
    json: (() => {
      try {
        return JSON.parse(text);
      } catch {
        return null;
      }
    })(),
  };
}

describe('gateway authentication', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  const sign = (
    claims: Record<string, unknown>,
    options: { secret?: string; alg?: string; issuer?: string; audience?: string; exp?: number; iat?: number } = {},
  ) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'HS256' })
      .setSubject('tester')
      .setIssuer(options.issuer ?? hub.config.jwt.issuer)
      .setAudience(options.audience ?? hub.config.jwt.audience);
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
    [
      'a token signed with another secret',
      async () => sign({ role: 'admin' }, { secret: 'another-secret-that-is-long-enough-for-hs256!' }),
      /signature is invalid/,
    ],
    [
      'an expired token',
      async () => sign({ role: 'admin' }, { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }),
      /expired/,
    ],
    ['a token for another audience', async () => sign({ role: 'admin' }, { audience: 'someone-else' }), /"aud"/],
    ['a token from another issuer', async () => sign({ role: 'admin' }, { issuer: 'evil' }), /"iss"/],
    [
      'a token older than the maximum age',
      async () => sign({ role: 'admin' }, { iat: Math.floor(Date.now() / 1000) - 3 * 86400, exp: Math.floor(Date.now() / 1000) + 600 }),
      /older than the maximum token age/,
    ],
    [
      'an unsigned (alg none) token',
      async () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', iss: 'huinong-hub', aud: 'huinong-hub-api', exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) })).toString('base64url')}.`,
      /malformed|algorithm/,
    ],
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

  const graphqlBody = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });
  /** A context as the gateway signs it for this GraphQL body. */
  const contextFor = (caller: Caller, body: string, options: { secret?: Buffer; now?: number; ttlSeconds?: number } = {}) =>
    signContext(caller, 'r', { method: 'POST', target: '/graphql', body: sha256Hex(body) }, options.secret ?? hub.config.contextSigning.secret, {
      ttlSeconds: options.ttlSeconds ?? 60,
      now: options.now,
    });
  const postRaw = async (url: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, json: (await response.json()) as any };
  };

  it('refuses a context signed with another secret', async () => {
    const body = graphqlBody(SIMPLE);
    const forged = contextFor(admin, body, { secret: Buffer.from('a-forged-secret-of-at-least-32-bytes!!') });
    const response = await postRaw(hub.subgraphUrls.loans, body, { [CONTEXT_HEADER]: forged });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].message).toContain('bad-signature');
  });

  it('refuses an expired context', async () => {
    const body = graphqlBody(SIMPLE);
    const expired = contextFor(admin, body, { now: Date.now() - 120_000 });
    const response = await postRaw(hub.subgraphUrls.loans, body, { [CONTEXT_HEADER]: expired });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].message).toContain('expired');
  });

  it('refuses a correctly signed context issued two minutes ago, though its exp is a year ahead', async () => {
    const body = graphqlBody(SIMPLE);
    const longLived = contextFor(admin, body, { now: Date.now() - 120_000, ttlSeconds: 365 * 86400 });
    const response = await postRaw(hub.subgraphUrls.loans, body, { [CONTEXT_HEADER]: longLived });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].message).toContain('expired');
  });

  it('refuses a context issued in the future beyond the clock skew', async () => {
    const body = graphqlBody(SIMPLE);
    const ahead = contextFor(admin, body, { now: Date.now() + 120_000 });
    const response = await postRaw(hub.subgraphUrls.loans, body, { [CONTEXT_HEADER]: ahead });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].message).toContain('issued-in-future');
  });

  it('refuses a context whose payload was altered after signing', async () => {
    const body = graphqlBody(SIMPLE);
    const bank = contextFor({ subject: 'b', role: 'bank', counties: [], bank: 'ABC' }, body);
    const [original, signature] = bank.split('.');
    const payload = Buffer.from(
      Buffer.from(original, 'base64url').toString('utf8').replace('"role":"bank"', '"role":"admin"').replace('"bank":"ABC"', '"bank":null'),
    ).toString('base64url');
    const response = await postRaw(hub.subgraphUrls.loans, body, { [CONTEXT_HEADER]: `${payload}.${signature}` });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].message).toContain('bad-signature');
  });

  it('accepts a correctly signed context (so the check, not the route, is what refuses)', async () => {
    const body = graphqlBody(SIMPLE);
    const response = await postRaw(hub.subgraphUrls.loans, body, { [CONTEXT_HEADER]: contextFor(admin, body) });
    expect(response.status).toBe(200);
    expect(response.json.data.banks).toEqual([]);
  });

  it('refuses a valid context sent with a body other than the one it was signed for', async () => {
    const signedFor = graphqlBody(SIMPLE);
    const header = contextFor(admin, signedFor);
    const other = graphqlBody('{ banks { code name } }');
    const response = await postRaw(hub.subgraphUrls.loans, other, { [CONTEXT_HEADER]: header });
    expect(response.status).toBe(401);
    expect(response.json.errors[0].message).toContain('wrong-request');
    // The same JSON, spaced differently, is other bytes: the subgraph hashes what it receives.
    const respaced = JSON.stringify(JSON.parse(signedFor), null, 1);
    expect((await postRaw(hub.subgraphUrls.loans, respaced, { [CONTEXT_HEADER]: header })).status).toBe(401);
    expect(hub.logs.some((line) => line.includes('refused request without a valid gateway context') && line.includes('wrong-request'))).toBe(true);
  });

  describe('headers the gateway sent, captured between it and the subgraphs', () => {
    let proxy: RecordingProxy;
    let gateway: RunningGateway;
    let base: string;
    beforeAll(async () => {
      proxy = await startRecordingProxy(hub.subgraphUrls);
      gateway = await startGateway(
        hub.config,
        createLogger({ service: 'gateway-2' }, 'debug', (line) => hub.logs.push(line)),
        readCommittedSupergraph(),
        { port: 0, host: '127.0.0.1', subgraphUrls: proxy.urls },
      );
      base = gateway.url.replace(/\/graphql$/, '');
    });
    afterAll(async () => {
      await gateway.close();
      await proxy.close();
    });
    const refusedWith = (reason: string) =>
      hub.logs.filter((line) => line.includes('refused request without a valid gateway context') && line.includes(`"reason":"${reason}"`)).length;

    it('GraphQL: the header works for the body it was signed for and for no other', async () => {
      const token = await hub.token({ role: 'admin' });
      const answer = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: SIMPLE }),
      });
      expect(((await answer.json()) as any).data).toEqual({ banks: [] });
      const sent = proxy.recorded.find((r) => r.subgraph === 'loans' && r.url === '/graphql')!;
      const header = String(sent.headers[CONTEXT_HEADER]);
      expect(JSON.parse(Buffer.from(header.split('.')[0], 'base64url').toString())).toMatchObject({
        role: 'admin',
        iat: expect.any(Number),
        exp: expect.any(Number),
        req: expect.any(String),
      });
      // The very bytes the gateway sent pass (within the header's 60 s) ...
      const same = await send(hub.subgraphUrls.loans, 'POST', '/graphql', { 'content-type': 'application/json', [CONTEXT_HEADER]: header }, sent.body);
      expect(same.status).toBe(200);
      // ... another operation or other variables under the same header do not.
      const before = refusedWith('wrong-request');
      for (const body of [JSON.stringify({ query: '{ banks { code name } }' }), JSON.stringify({ ...JSON.parse(sent.body.toString()), variables: { x: 1 } })]) {
        const replay = await send(
          hub.subgraphUrls.loans,
          'POST',
          '/graphql',
          { 'content-type': 'application/json', [CONTEXT_HEADER]: header },
          Buffer.from(body),
        );
        expect(replay.status).toBe(401);
        expect(replay.body).toContain('wrong-request');
      }
      expect(refusedWith('wrong-request')).toBe(before + 2);
    });

    it('file routes: a download header works for its own path and query only', async () => {
      const token = await hub.token({ role: 'bureau', counties: ['532301'] });
      await fetch(`${base}/downloads/monitoring/532301/2025-01/2025-03.xlsx`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
      const sent = proxy.recorded.find((r) => r.url.startsWith('/monitoring/532301/'))!;
      const header = String(sent.headers[CONTEXT_HEADER]);
      expect((await send(hub.subgraphUrls.loans, 'GET', sent.url, { [CONTEXT_HEADER]: header })).status).not.toBe(401);
      const elsewhere = await send(hub.subgraphUrls.loans, 'GET', '/monitoring/500237/2025-01/2025-03.xlsx', { [CONTEXT_HEADER]: header });
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.body).toContain('wrong-request');
    });

    it('file routes: an upload header with its body MAC in the trailer; another body is refused with or without that trailer', async () => {
      const token = await hub.token({ role: 'bank', bank: 'ABC' });
      const original = '{"records":[]}';
      // No bank ABC in this database: the handler's own answer shows the request reached it.
      const answer = await fetch(`${base}/reports/loans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: original,
      });
      expect([answer.status, ((await answer.json()) as any).code]).toEqual([400, 'UNKNOWN_BANK']);
      const sent = proxy.recorded.find((r) => r.url === '/loans/reports')!;
      expect(sent.body.toString()).toBe(original);
      expect(sent.trailers[BODY_MAC_TRAILER]).toEqual(expect.any(String));
      const headers = { 'content-type': 'application/json', [CONTEXT_HEADER]: String(sent.headers[CONTEXT_HEADER]) };
      // The exact request again reaches the handler (bytes and trailer as sent) ...
      const same = await send(hub.subgraphUrls.loans, 'POST', '/loans/reports', headers, sent.body, sent.trailers);
      expect([same.status, JSON.parse(same.body).code]).toEqual([400, 'UNKNOWN_BANK']);
      // ... another body does not, whether it comes with the captured trailer or none: the
      // request is dropped as its body ends, before the handler has a complete body.
      const before = refusedWith('wrong-request');
      const other = Buffer.from('{"records":[{"contractNo":"X"}]}');
      for (const trailers of [sent.trailers, {}]) {
        const replay = await send(hub.subgraphUrls.loans, 'POST', '/loans/reports', headers, other, trailers);
        expect(replay.body).not.toContain('UNKNOWN_BANK');
        expect(replay.status).not.toBe(400);
      }
      // Nor does the same header on another upload route.
      const elsewhere = await send(hub.subgraphUrls.households, 'POST', '/rosters/imports?county=532301', headers, sent.body, sent.trailers);
      expect(elsewhere.status).toBe(401);
      expect(refusedWith('wrong-request')).toBe(before + 3);
    });
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
    const deep =
      '{ region(code: "532301") { children { children { children { children { children { children { children { children { children { children { children { code } } } } } } } } } } } } }';
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
    const response = await postJson(
      hub.gatewayUrl,
      { query: SIMPLE, variables: { pad: 'x'.repeat(hub.config.limits.maxBodyBytes) } },
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(413);
    expect(response.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives no schema hints ("Did you mean …") in validation errors outside development', async () => {
    const misspelled = await hub.query(token, '{ banks { cod } }');
    expect(misspelled.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(misspelled.errors?.[0].message).toBe('Cannot query field "cod" on type "Bank".');
    const argument = await hub.query(token, '{ households(frist: 3) { nodes { id } } }');
    expect(argument.errors?.map((e) => e.message).join(' ')).toContain('Unknown argument "frist"');
    // Variables are checked after validation, by graphql-js's coercion, which also suggests.
    const variable = await hub.query(token, 'query($f: LoanFilter) { loans(filter: $f) { nodes { id } } }', { f: { status: 'DISBURSD' } });
    expect(variable.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(variable.errors?.[0].message).toBe(
      'Variable "$f" got invalid value "DISBURSD" at "f.status"; Value "DISBURSD" does not exist in "LoanStatus" enum.',
    );
    const field = await hub.query(token, 'query($f: LoanFilter) { loans(filter: $f) { nodes { id } } }', { f: { statuss: 'DISBURSED' } });
    expect(field.errors?.[0].message).toContain('Field "statuss" is not defined by type "LoanFilter".');
    expect(JSON.stringify([misspelled, argument, variable, field])).not.toMatch(/Did you mean/i);
  });

  it('closes the connection after refusing an oversize /reports/loans body, instead of leaving it unread', async () => {
    const bank = await hub.token({ role: 'bank', bank: 'ABC' });
    // The loans subgraph takes reports up to 32 MB; this one declares and sends 40 MB.
    const result = await oversizeOverRawSocket(hub.gatewayUrl, '/reports/loans', bank, 40 * 1024 * 1024);
    expect(result.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.head).toMatch(/^connection: close$/im);
    expect(result.closedByServer).toBe(true);
  });

  it('answers 413 to an oversize GraphQL body sent without a length, then closes the connection', async () => {
    const result = await oversizeOverRawSocket(hub.gatewayUrl, '/graphql', token, hub.config.limits.maxBodyBytes + 1024 * 1024, { chunked: true });
    expect(result.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.closedByServer).toBe(true);
  });

  it('refuses batched requests', async () => {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: SIMPLE }, { query: SIMPLE }]),
    });
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

interface RecordedRequest {
  subgraph: SubgraphName;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  trailers: Record<string, string>;
}

interface RecordingProxy {
  urls: Record<SubgraphName, string>;
  recorded: RecordedRequest[];
  close(): Promise<void>;
}

/** Stands between a gateway and the subgraphs and keeps a copy of every request, trailers included. */
async function startRecordingProxy(targets: Record<SubgraphName, string>): Promise<RecordingProxy> {
  const recorded: RecordedRequest[] = [];
  const servers: Server[] = [];
  const urls = {} as Record<SubgraphName, string>;
  for (const [subgraph, target] of Object.entries(targets) as [SubgraphName, string][]) {
    const server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const entry: RecordedRequest = {
        subgraph,
        method: request.method!,
        url: request.url!,
        headers: request.headers,
        body: Buffer.concat(chunks),
        trailers: request.trailers as Record<string, string>,
      };
      recorded.push(entry);
      const answer = await send(
        target,
        entry.method,
        entry.url,
        Object.fromEntries(
          Object.entries(entry.headers).filter(([name]) => !['host', 'content-length', 'transfer-encoding', 'trailer', 'connection'].includes(name)),
        ) as Record<string, string>,
        entry.body,
        entry.trailers,
      );
      response.writeHead(answer.status, { 'content-type': answer.contentType });
      response.end(answer.raw);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    servers.push(server);
    urls[subgraph] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  return { urls, recorded, close: () => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined) };
}

/** One HTTP request with an exact body and, if given, trailers (then chunked). Status 0: the connection was dropped. */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
  trailers: Record<string, string> = {},
): Promise<{ status: number; body: string; raw: Buffer; contentType: string }> {
  return new Promise((resolve) => {
    const withTrailers = Object.keys(trailers).length > 0;
    const request = httpRequest(
      new URL(path, base),
      {
        method,
        headers: { ...headers, ...(withTrailers ? { trailer: Object.keys(trailers).join(', ') } : body ? { 'content-length': String(body.length) } : {}) },
        agent: false,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: answer.statusCode!, body: raw.toString(), raw, contentType: String(answer.headers['content-type'] ?? '') });
        });
        answer.on('error', () => resolve({ status: 0, body: '', raw: Buffer.alloc(0), contentType: '' }));
      },
    );
    request.on('error', () => resolve({ status: 0, body: '', raw: Buffer.alloc(0), contentType: '' }));
    if (body) request.write(body);
    if (withTrailers) request.addTrailers(trailers);
    request.end();
  });
}

/**
 * POSTs `size` bytes over a plain socket, all written at once as a client uploading would, and
 * reports the answer's head and whether the server closed the connection within 10 s.
 */
function oversizeOverRawSocket(
  gatewayUrl: string,
  path: string,
  token: string,
  size: number,
  options: { chunked?: boolean } = {},
): Promise<{ head: string; closedByServer: boolean }> {
  const { port } = new URL(gatewayUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ head: received.split('\r\n\r\n')[0].replace(/\r\n/g, '\n'), closedByServer });
    };
    const timer = setTimeout(() => finish(false), 10_000);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    // Writing into a connection the server closed fails (EPIPE/ECONNRESET): that is the close.
    socket.on('error', () => finish(true));
    const length = options.chunked ? 'transfer-encoding: chunked' : `content-length: ${size}`;
    socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\n${length}\r\n\r\n`);
    const payload = Buffer.alloc(size, 0x20);
    socket.write(options.chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]) : payload);
  });
}

describe('production refuses the public development secrets', () => {
  const ROOT = join(__dirname, '..', '..');
  const key = Buffer.alloc(32, 7).toString('base64');
  const production = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    CONTEXT_SIGNING_SECRET: 'c'.repeat(40),
    JWT_SECRET: 'j'.repeat(40),
    PII_ENCRYPTION_KEY: key,
    PII_HASH_KEY: Buffer.alloc(32, 8).toString('base64'),
  };

  /** Runs a service's entry point and returns its exit code and everything it printed. */
  function run(entry: string, env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  it.each([
    ['the gateway', 'gateway/src/main.ts', 'CONTEXT_SIGNING_SECRET'],
    ['the gateway', 'gateway/src/main.ts', 'JWT_SECRET'],
    ['a subgraph', 'subgraphs/loans/src/main.ts', 'CONTEXT_SIGNING_SECRET'],
  ] as const)('%s (%s) does not start with the development %s', async (_label, entry, name) => {
    const result = await run(entry, { ...production, [name]: DEV_SECRETS[name] });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`${name} is the public development secret; production needs a secret of its own`);
    expect(result.output).not.toContain('listening');
  });
});
