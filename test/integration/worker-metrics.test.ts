/**
 * The worker's /metrics, read over HTTP as Prometheus scrapes it, while a worker of the banks
 * queue pushes the demo county's list to a simulated bank (its own process): first the bank
 * answers 503 once (the push retried, then acknowledged: no lag), then it refuses every push of
 * the next version (the delivery parked: the bank is behind), then it is replayed (caught up).
 * The series show each job's runs and outcome, failures retried and final, retries, the list
 * dispatch's last success, each queue's depth, the bank's lag — and nothing of any household.
 */
import { startSimulatorProcess, type SimulatorProcess } from '../../bank-sim/src/simulator-process';
import type { Caller } from '../../common/auth/caller';
import { startMetricsServer, type RunningMetricsServer } from '../../common/http/metrics-server';
import { pgPoolOf } from '../../common/subgraph-service';
import { buildDemoCounty, DEMO_COUNTY } from '../../demo/demo-county';
import { demoRosterCsv } from '../../demo/demo-roster';
import type { TestHub } from '../../demo/test-hub';
import type { RunningWorker } from '../../queues/src/worker';
import { createWorkerMetrics } from '../../queues/src/worker-metrics';
import { loadCountyRegions } from '../../subgraphs/households/src/households.app';
import { allAcknowledged, deliveriesOf, startDeliveringHub } from '../support/delivered-roster';
import { eventually } from '../support/eventually';
import { sample } from '../support/prometheus-text';

const TOKEN = 'worker-metrics-bank-token';
const ADMIN: Caller = { subject: 'test-admin', role: 'admin', counties: [], bank: null };

describe("the worker's /metrics", () => {
  let simulator: SimulatorProcess;
  let hub: TestHub;
  let worker: RunningWorker;
  let server: RunningMetricsServer;
  let demo: ReturnType<typeof buildDemoCounty>;
  /** The bank whose townships hold the demo's 12 households (the delivering hub lists the same ones). */
  let bank: string;
  const scrape = async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    return response.text();
  };
  const scrapeUntil = (what: string, check: (text: string) => boolean) =>
    eventually(
      what,
      async () => {
        const text = await scrape();
        return check(text) && text;
      },
      20_000,
    );

  beforeAll(async () => {
    demo = buildDemoCounty(await loadCountyRegions(DEMO_COUNTY), { households: 12 });
    const bankOf = new Map(demo.assignments.map((a) => [a.townshipCode, a.bankCode]));
    const banks = [...new Set(demo.households.map((h) => bankOf.get(h.townshipCode)!))];
    expect(banks).toHaveLength(1);
    bank = banks[0];
    simulator = await startSimulatorProcess(TOKEN);
    // Armed before the first push: the bank fails it once.
    await simulator.call('POST', '/_sim/faults', { kind: 'status', status: 503, count: 1, bankCode: bank, route: 'deliveries' });
    const metrics = createWorkerMetrics({ lagByBank: () => hub.apps.households.listDeliveries.lagByBank() });
    const delivering = await startDeliveringHub(simulator.url, TOKEN, 'workermetrics', { metrics: metrics.jobs });
    hub = delivering.hub;
    worker = delivering.worker;
    for (const dataSource of Object.values(hub.dataSources)) metrics.service.observePool(pgPoolOf(dataSource)!);
    server = await startMetricsServer(metrics.service, 0, '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await worker?.close().catch(() => undefined);
    await hub?.close();
    simulator?.stop();
  });

  it("counts the push retried after a 503, the dispatch's last success and the queues' depth; the bank caught up", async () => {
    await eventually(`${bank}'s list acknowledged`, allAcknowledged(hub, bank), 60_000);
    const text = await scrapeUntil(
      'the push counted',
      (t) => sample(t, 'hub_job_duration_seconds_count', { job_name: 'push-beneficiary-list', outcome: 'completed' }) !== undefined,
    );
    expect(sample(text, 'hub_bank_delivery_lag_seconds', { service: 'worker', bank })).toBe(0);
    expect(sample(text, 'hub_bank_deliveries_unacknowledged', { bank })).toBe(0);
    expect(sample(text, 'hub_bank_deliveries_parked', { bank })).toBe(0);
    const push = { service: 'worker', queue: 'beneficiary-lists', job_name: 'push-beneficiary-list' };
    expect(sample(text, 'hub_job_duration_seconds_count', { ...push, outcome: 'failed' })).toBe(1);
    expect(sample(text, 'hub_job_failures_total', { ...push, final: 'false' })).toBe(1);
    expect(sample(text, 'hub_job_failures_total', { ...push, final: 'true' })).toBeUndefined();
    expect(sample(text, 'hub_job_retries_total', push)).toBe(1);
    // The list dispatch runs every 300 ms here: its last success is recent.
    const dispatched = sample(text, 'hub_scheduled_job_last_success_timestamp_seconds', { service: 'worker', job_name: 'dispatch-beneficiary-lists' });
    expect(Date.now() / 1000 - dispatched!).toBeLessThan(60);
    for (const state of ['waiting', 'active', 'delayed', 'failed'])
      expect(sample(text, 'hub_queue_jobs', { service: 'worker', queue: 'beneficiary-lists', state })).toEqual(expect.any(Number));
    expect(sample(text, 'hub_db_pool_connections', { service: 'worker', state: 'total' })).toBeGreaterThan(0);
  }, 120_000);

  it('shows the bank behind while its next delivery is parked, caught up once it is replayed; nothing of any household', async () => {
    const before = (await deliveriesOf(hub, bank)).length;
    await simulator.call('POST', '/_sim/faults', { kind: 'status', status: 503, count: 1000, bankCode: bank, route: 'deliveries' });
    // The next version: one household has a new head.
    demo.households[0].headName = '赵新';
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const upload = await hub.upload('/uploads/rosters', bureau, demoRosterCsv(demo), { county: DEMO_COUNTY, mode: 'reject_file', filename: 'next.csv' });
    expect(upload.status).toBe(201);
    await hub.data(bureau, 'mutation($id: ID!) { publishRosterVersion(id: $id) { status } }', { id: upload.body.versionId });
    const parked = await eventually(`${bank}'s next delivery parked`, async () => (await deliveriesOf(hub, bank)).find((d) => d.status === 'FAILED'), 60_000);
    expect((await deliveriesOf(hub, bank)).length).toBeGreaterThan(before);

    const text = await scrapeUntil('the parked delivery counted', (t) => sample(t, 'hub_bank_deliveries_parked', { bank }) === 1);
    expect(sample(text, 'hub_bank_deliveries_unacknowledged', { bank })).toBe(1);
    expect(sample(text, 'hub_bank_delivery_lag_seconds', { bank })).toBeGreaterThan(0);
    const push = { service: 'worker', queue: 'beneficiary-lists', job_name: 'push-beneficiary-list' };
    // Three attempts (LIST_PUSH_ATTEMPTS): two failed and retried, the last parks the delivery and so completes (+ the first test's one).
    expect(sample(text, 'hub_job_failures_total', { ...push, final: 'false' })).toBe(1 + 2);
    expect(sample(text, 'hub_job_failures_total', { ...push, final: 'true' })).toBeUndefined();
    expect(sample(text, 'hub_job_retries_total', push)).toBe(1 + 2);
    // Counted by queue, job and bank: nothing of any household or delivery.
    expect(text).not.toContain(parked.id);
    for (const household of demo.households) {
      expect(text).not.toContain(household.idNumber);
      expect(text).not.toContain(household.householdNo);
    }

    await simulator.call('DELETE', `/_sim/faults?bankCode=${bank}`);
    await hub.apps.households.listDeliveries.replay(ADMIN, parked.id);
    await eventually(`${bank}'s list acknowledged after the replay`, allAcknowledged(hub, bank), 60_000);
    const after = await scrapeUntil('the bank caught up', (t) => sample(t, 'hub_bank_deliveries_unacknowledged', { bank }) === 0);
    expect(sample(after, 'hub_bank_delivery_lag_seconds', { bank })).toBe(0);
    expect(sample(after, 'hub_bank_deliveries_parked', { bank })).toBe(0);
  }, 180_000);

  it('answers only GET /metrics and /healthz', async () => {
    expect((await fetch(server.url.replace(/\/metrics$/, '/healthz'))).status).toBe(200);
    expect((await fetch(server.url.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);
  });
});
