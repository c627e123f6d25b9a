/**
 * The hub's queues on a local 3-master Redis Cluster (REDIS_CLUSTER_NODES), end to end: a
 * finance clerk uploads a 一卡通 file through the gateway, the funds subgraph queues its matching
 * on the cluster, the worker's real jobs (households match, funds apply) run from it, and the
 * import ends APPLIED; the one-card queue's keys are all in its own slot ({namespace:queue}).
 * Runs when REDIS_CLUSTER=1 (.ci/run sets it; the nodes are started and stopped here);
 * otherwise it says plainly that it was skipped and why.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { QUEUES } from '../../common/queue/names';
import type { RunningWorker } from '../../queues/src/worker';
import { oneCardCsv } from '../support/one-card-files';
import { accountLines, startOneCardHub, type OneCardDemo } from '../support/one-card-hub';
import { mastersHolding, redisClusterUnavailable, startRedisCluster, type RedisClusterNodes } from '../support/redis-cluster';
import { until } from '../support/subsidy-hub';
import { startTestWorker } from '../support/test-worker';

const skipped = redisClusterUnavailable();
if (skipped) process.stderr.write(`\nredis-cluster: skipped, ${skipped}\n`);
const describeOnCluster = skipped ? describe.skip : describe;

describeOnCluster('the hub on a Redis Cluster', () => {
  const namespace = `cluster_${randomBytes(4).toString('hex')}`;
  let cluster: RedisClusterNodes;
  let hub: TestHub;
  let worker: RunningWorker;
  let demo: OneCardDemo;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    ({ hub, demo } = await startOneCardHub({ REDIS_CLUSTER_NODES: cluster.env, QUEUE_NAMESPACE: namespace }));
    worker = await startTestWorker(hub, ['oneCardImports']);
  }, 120_000);

  afterAll(async () => {
    await worker?.close().catch(() => undefined);
    await hub?.close();
    await cluster?.stop();
  });

  it('matches and applies a 一卡通 file through jobs queued and run on the cluster', async () => {
    expect(hub.config.redisClusterNodes).toHaveLength(3);
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    const lines = accountLines(demo, 8101);
    const uploaded = await hub.upload('/uploads/one-card-accounts', finance, oneCardCsv(lines), {
      county: DEMO_COUNTY,
      mode: 'reject_file',
      filename: 'accounts.csv',
    });
    expect(uploaded.status).toBe(202);
    const { id } = uploaded.body as { id: string };
    const done = await until(
      async () => (await hub.data(finance, `query($id: ID!) { oneCardImport(id: $id) { status appliedRows errorCount } }`, { id })).oneCardImport,
      (i) => i.status !== 'PENDING_MATCH',
      'the worker matched the file',
    );
    expect(done).toEqual({ status: 'APPLIED', appliedRows: 3, errorCount: 0 });

    // The one-card queue's keys, on the cluster, in its own hash slot: one master holds them all.
    const held = await mastersHolding(cluster.nodes, `{${namespace}:${QUEUES.oneCardAccounts}}:*`);
    const holders = [...held].filter(([, keys]) => keys.length > 0);
    expect(holders).toHaveLength(1);
    expect(holders[0][1].length).toBeGreaterThan(0);
  });
});

if (skipped)
  describe('the hub on a Redis Cluster', () => {
    it.skip(`SKIPPED: ${skipped}`, () => undefined);
  });
