/**
 * Two of each stateless service at once, on one database and one queue backend (Redis when
 * REDIS_URL is set, else PostgreSQL): two workers of the banks queue and two gateways over the
 * same subgraphs. A roster published through the second gateway reaches every bank once: the
 * simulated banks (their own process) see each delivery's sequence applied once, none replayed,
 * none out of order; the job schedulers are registered once, not once per worker; both gateways
 * answer alike.
 */
import { startSimulatorProcess, type SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { createLogger } from '../../common/logger';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import { QUEUES } from '../../common/queue/names';
import { buildDemoCounty, DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import { HEARTBEAT_SCHEDULER_ID } from '../../queues/src/jobs/record-worker-heartbeat.job';
import { pullSchedulerId } from '../../queues/src/jobs/bank-jobs';
import { demoRosterCsv } from '../../demo/demo-roster';
import { type TestHub } from '../../demo/test-hub';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway';
import { readCommittedSupergraph } from '../../gateway/src/supergraph-file';
import type { RunningWorker } from '../../queues/src/worker';
import { loadCountyRegions } from '../../subgraphs/households/src/households.app';
import { allAcknowledged, deliveriesOf, startDeliveringHub } from '../support/delivered-roster';
import { eventually } from '../support/eventually';
import { startTestWorker } from '../support/test-worker';

const TOKEN = 'replicas-bank-token';

describe('two workers and two gateways at once', () => {
  let simulator: SimulatorProcess;
  let hub: TestHub;
  const workers: RunningWorker[] = [];
  let second: RunningGateway;
  const quiet = createLogger({ service: 'replica' }, 'error', () => undefined);

  beforeAll(async () => {
    simulator = await startSimulatorProcess(TOKEN);
    const delivering = await startDeliveringHub(simulator.url, TOKEN, 'replicas');
    hub = delivering.hub;
    workers.push(delivering.worker, await startTestWorker(hub, ['banks'], { logger: quiet }));
    second = await startGateway(hub.config, quiet, readCommittedSupergraph(), { port: 0, host: '127.0.0.1', subgraphUrls: hub.subgraphUrls });
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await second?.close();
    await hub?.close();
    simulator?.stop();
  });

  it('delivers a roster published through the second gateway to every bank once, in sequence', async () => {
    const first = await eventually('the first lists acknowledged', allAcknowledged(hub), 60_000);
    // The next export, uploaded and published through the second gateway: one household has a new head.
    const demo = buildDemoCounty(await loadCountyRegions(DEMO_COUNTY), { households: 12 });
    demo.households[0].headName = '赵新';
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const base = second.url.replace(/\/graphql$/, '');
    const upload = await fetch(`${base}/uploads/rosters?county=${DEMO_COUNTY}&mode=reject_file&filename=next.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/octet-stream' },
      body: demoRosterCsv(demo),
    });
    expect(upload.status).toBe(201);
    const { versionId } = (await upload.json()) as { versionId: string };
    const published = await fetch(second.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($id: ID!) { publishRosterVersion(id: $id) { number status } }', variables: { id: versionId } }),
    }).then((r) => r.json() as Promise<any>);
    expect(published.data.publishRosterVersion).toEqual({ number: 2, status: 'PUBLISHED' });

    const all = await eventually('the new version delivered and acknowledged', allAcknowledged(hub, undefined, first.length), 60_000);
    expect(all.length).toBeGreaterThan(first.length);
    for (const bankCode of new Set(all.map((d) => d.bankCode))) {
      const mine = await deliveriesOf(hub, bankCode);
      const seen = await simulator.call('GET', `/_sim/banks/${bankCode}/deliveries`);
      // Each sequence applied once, in order: no push sent twice by the two workers, none skipped.
      expect({ bankCode, applied: seen.lastAppliedSequence, replays: seen.replays, rejected: seen.rejected }).toEqual({
        bankCode,
        applied: Math.max(...mine.map((d) => Number(d.sequence))),
        replays: 0,
        rejected: expect.objectContaining({ SEQUENCE_GAP: 0 }),
      });
      expect(Object.values(seen.rejected as Record<string, number>).every((n) => n === 0)).toBe(true);
    }
  }, 120_000);

  it('registers each job scheduler once, whichever worker came first', async () => {
    const backend = createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl));
    try {
      const schedulers: Record<string, string[]> = {};
      for (const name of [QUEUES.platform, QUEUES.beneficiaryLists, QUEUES.loanRecords]) {
        const queue = backend.queue(name);
        schedulers[name] = (await queue.getJobSchedulers()).map((s) => s.key).sort();
        await queue.close();
      }
      // What one worker registers: the heartbeat, the list dispatch, a loan pull per bank — not one set per worker.
      expect(schedulers).toEqual({
        [QUEUES.platform]: [HEARTBEAT_SCHEDULER_ID],
        [QUEUES.beneficiaryLists]: [expect.any(String)],
        [QUEUES.loanRecords]: DEMO_BANKS.map((b) => pullSchedulerId(b.code)).sort(),
      });
    } finally {
      await backend.close();
    }
  });

  it('answers alike through either gateway', async () => {
    const admin = await hub.token({ role: 'admin' });
    const query = '{ listDeliveries(first: 50) { nodes { bank { code } sequence status } } }';
    const throughSecond = await fetch(second.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    }).then((r) => r.json() as Promise<any>);
    expect(throughSecond.errors).toBeUndefined();
    expect(throughSecond.data).toEqual(await hub.data(admin, query));
  });
});
