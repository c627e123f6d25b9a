/**
 * /metrics on the gateway and on every subgraph, in Prometheus' text format: GraphQL operations
 * by operation name (never the query text, which could carry personal data) with their outcome,
 * errors by the hub's code, the subgraph's database pool, and the process's own series.
 */
import { DEMO_COUNTY, buildDemoCounty } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { loadCountyRegions } from '../../subgraphs/households/src/households.app';
import { sample } from '../support/prometheus-text';

describe('/metrics', () => {
  let hub: TestHub;
  let demo: ReturnType<typeof buildDemoCounty>;
  const gatewayMetrics = () => fetch(hub.gatewayUrl.replace(/\/graphql$/, '/metrics'));

  beforeAll(async () => {
    hub = await startTestHub();
    const regions = await loadCountyRegions(DEMO_COUNTY);
    demo = buildDemoCounty(regions, { households: 3 });
    await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments: demo.assignments, households: demo.households });
  });
  afterAll(() => hub?.close());

  it("counts the gateway's operations by name and outcome, and its errors by code, without the query text", async () => {
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const idNumber = demo.households[0].idNumber;
    await hub.data(bureau, `query ConsoleHouseholds { households(first: 2, filter: { countyCode: "${DEMO_COUNTY}" }) { nodes { householdNo } } }`);
    // Refused with its code (a county code that is not one), and a query naming personal data.
    const refused = await hub.query(bureau, `query CheckCounty { households(first: 1, filter: { countyCode: "53230" }) { nodes { id } } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await hub.query(bureau, `{ households(first: 1, filter: { countyCode: "${DEMO_COUNTY}", search: "${idNumber}" }) { nodes { id } } }`);

    const response = await gatewayMetrics();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const count = 'hub_graphql_operation_duration_seconds_count';
    expect(sample(text, count, { service: 'gateway', operation: 'ConsoleHouseholds', type: 'query', outcome: 'ok' })).toBe(1);
    expect(sample(text, count, { service: 'gateway', operation: 'CheckCounty', type: 'query', outcome: 'error' })).toBe(1);
    expect(sample(text, 'hub_graphql_errors_total', { service: 'gateway', operation: 'CheckCounty', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(sample(text, 'hub_process_resident_memory_bytes', { service: 'gateway' })).toBeGreaterThan(0);
    // The anonymous one is counted as such; nothing of any query's text is in the series.
    expect(text).toMatch(/operation="anonymous"/);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain('countyCode');
  });

  it("serves each subgraph's operations (as the gateway names them) and its database pool", async () => {
    for (const [name, url] of Object.entries(hub.subgraphUrls)) {
      const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
      // The series report the subgraph's own pg pool (a pool idle long enough may hold no connection: 0 is a fair figure).
      const pool = (hub.dataSources[name as keyof typeof hub.dataSources].driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
      const reported = {
        total: sample(text, 'hub_db_pool_connections', { service: name, state: 'total' }),
        idle: sample(text, 'hub_db_pool_connections', { service: name, state: 'idle' }),
        waiting: sample(text, 'hub_db_pool_connections', { service: name, state: 'waiting' }),
      };
      expect({ name, ...reported }).toEqual({ name, total: pool.totalCount, idle: pool.idleCount, waiting: 0 });
    }
    const households = await (await fetch(hub.subgraphUrls.households.replace(/\/graphql$/, '/metrics'))).text();
    // The gateway's query planner names each subgraph fetch after the operation: ConsoleHouseholds__households__0.
    expect(
      sample(households, 'hub_graphql_operation_duration_seconds_count', {
        service: 'households',
        operation: 'ConsoleHouseholds__households__0',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("times each HTTP request by route and each of the gateway's subgraph fetches, and logs one access line per request, under one request id", async () => {
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const requestId = `metrics-test-${Date.now()}`;
    const answer = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query: `query TracedHouseholds { households(first: 1, filter: { countyCode: "${DEMO_COUNTY}" }) { nodes { householdNo } } }` }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    // A request id that is not a plain token is replaced, not logged.
    const odd = await fetch(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'a b\u00e9' }, body: '{}' });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const text = await (await gatewayMetrics()).text();
    expect(
      sample(text, 'hub_http_request_duration_seconds_count', { service: 'gateway', route: '/graphql', method: 'POST', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_subgraph_fetch_duration_seconds_count', { service: 'gateway', subgraph: 'households', outcome: 'ok' })).toBeGreaterThanOrEqual(1);

    // One line at the gateway and one at the subgraph it fetched from, under the caller's request id.
    const lines = hub.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.message === 'request' && line.requestId === requestId);
    expect(lines.map(({ service, method, route, operation, role, status }) => ({ service, method, route, operation, role, status }))).toEqual(
      expect.arrayContaining([
        { service: 'gateway', method: 'POST', route: '/graphql', operation: 'TracedHouseholds', role: 'bureau', status: 200 },
        { service: 'households', method: 'POST', route: '/graphql', operation: 'TracedHouseholds__households__0', role: 'bureau', status: 200 },
      ]),
    );
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.ms).toEqual(expect.any(Number));
    // The lines say which operation, never what it asked for.
    expect(JSON.stringify(lines)).not.toContain(DEMO_COUNTY);
  });
});
