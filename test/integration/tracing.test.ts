/**
 * Traces with an in-memory exporter (what OTEL_EXPORTER_OTLP_ENDPOINT sends over OTLP): one query
 * through the gateway is one trace — the gateway's server span, its client span per subgraph
 * fetch, the subgraph's server span as that fetch's child (its context crossed real HTTP in the
 * traceparent header), and the subgraph's SQL statements below it, without their values. A job
 * the subgraph queued while it answered carries the trace on, and its run is a span of it.
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../common/logger';
import { startTracing, type Tracing } from '../../common/tracing';
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { accountLines, startOneCardHub, type OneCardDemo } from '../support/one-card-hub';
import { oneCardCsv } from '../support/one-card-files';
import type { RunningWorker } from '../../queues/src/worker';
import { until } from '../support/subsidy-hub';
import { startTestWorker } from '../support/test-worker';

describe('traces across the gateway, the subgraphs, SQL and jobs', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let hub: TestHub;
  let worker: RunningWorker | undefined;
  let demo: OneCardDemo;
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

  beforeAll(async () => {
    tracing = startTracing('hub-test', { otlpEndpoint: undefined }, exporter)!;
    ({ hub, demo } = await startOneCardHub({
      QUEUE_NAMESPACE: `trace_${randomBytes(4).toString('hex')}`,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    }));
  }, 120_000);

  afterAll(async () => {
    await worker?.close().catch(() => undefined);
    await hub?.close();
    await tracing?.shutdown();
  });

  it("is one trace from the gateway's span through its subgraph fetch into the subgraph's span and its SQL", async () => {
    exporter.reset();
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    await hub.data(bureau, `query TracedRoster { households(first: 2, filter: { countyCode: "${DEMO_COUNTY}" }) { nodes { householdNo headName idNumber } } }`);
    await tracing.forceFlush();
    const spans = exporter.getFinishedSpans();

    const gateway = spans.find((s) => s.attributes['hub.service'] === 'gateway' && s.attributes['graphql.operation.name'] === 'TracedRoster');
    expect(gateway).toMatchObject({
      name: 'POST /graphql',
      attributes: expect.objectContaining({ 'http.route': '/graphql', 'http.response.status_code': 200 }),
    });
    const trace = spans.filter((s) => traceOf(s) === traceOf(gateway!));
    const fetch = trace.find((s) => s.name === 'subgraph households');
    expect(fetch).toBeDefined();
    const households = trace.find((s) => s.attributes['hub.service'] === 'households');
    // The subgraph's span is the child of the gateway's fetch: its context came over HTTP.
    expect(households).toMatchObject({
      name: 'POST /graphql',
      attributes: expect.objectContaining({ 'graphql.operation.name': 'TracedRoster__households__0' }),
    });
    expect(parentOf(households!)).toBe(fetch!.spanContext().spanId);
    // Its SQL, below it, by shape: no household's ID number is in any span.
    const sql = trace.filter((s) => s.name === 'pg.query');
    expect(sql.length).toBeGreaterThan(0);
    const underHouseholds = (span: ReadableSpan): boolean =>
      parentOf(span) === households!.spanContext().spanId || trace.some((p) => p.spanContext().spanId === parentOf(span) && underHouseholds(p));
    expect(sql.some(underHouseholds)).toBe(true);
    expect(sql.every((s) => typeof s.attributes['db.query.summary'] === 'string')).toBe(true);
    for (const household of demo.households) expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(household.idNumber);
  });

  it('goes on into a job the subgraph queued, and its run', async () => {
    exporter.reset();
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    const lines = accountLines(demo, 8301);
    const uploaded = await hub.upload('/uploads/one-card-accounts', finance, oneCardCsv(lines), {
      county: DEMO_COUNTY,
      mode: 'reject_file',
      filename: 'accounts.csv',
    });
    expect(uploaded.status).toBe(202);
    worker = await startTestWorker(hub, ['oneCardImports'], { logger: createLogger({ service: 'worker' }, 'error', () => undefined) });
    await until(
      async () => (await hub.data(finance, `query($id: ID!) { oneCardImport(id: $id) { status } }`, { id: uploaded.body.id })).oneCardImport,
      (i) => i.status === 'APPLIED',
      'the worker matched and applied the file',
    );
    await tracing.forceFlush();
    const spans = exporter.getFinishedSpans();
    const upload = spans.find((s) => s.attributes['hub.service'] === 'gateway' && s.attributes['http.route'] === '/uploads');
    const job = spans.find((s) => s.name === 'job match-one-card-import');
    expect(job).toBeDefined();
    expect(traceOf(job!)).toBe(traceOf(upload!));
    // The job's own SQL is in the trace, below the job.
    expect(spans.some((s) => s.name === 'pg.query' && parentOf(s) === job!.spanContext().spanId)).toBe(true);
  }, 120_000);
});
