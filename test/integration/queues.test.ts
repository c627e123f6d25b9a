/**
 * Queues on every backend: BullMQ on PostgreSQL (always; the embedded default), on Redis
 * (when REDIS_URL is set, as in CI) and on a local 3-master Redis Cluster (when REDIS_CLUSTER=1,
 * as .ci/run sets: the nodes are started and stopped here; each queue's keys hash-tagged into one
 * slot, the queues spread over the masters). The worker registers its job scheduler, processes the
 * heartbeat, reports healthy, and stops gracefully — in-process and as a real process on SIGTERM.
 * On both, a rule failure (or a malformed payload) fails its job at once, and a transient failure
 * is retried with exponential backoff.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { createLogger } from '../../common/logger';
import { HubError } from '../../common/errors/hub-error';
import { createQueueBackend, QueueBackendOptions } from '../../common/queue/backend';
import { JOBS, QUEUES } from '../../common/queue/names';
import { PermanentDeliveryError } from '../../subgraphs/households/src/households.app';
import { HEARTBEAT_SCHEDULER_ID } from '../../queues/src/jobs/record-worker-heartbeat.job';
import { startWorker } from '../../queues/src/worker';
import { jobMetricsOn } from '../../queues/src/worker-metrics';
import { createServiceMetrics } from '../../common/metrics/service-metrics';
import { isWorkerHealthy, lastHeartbeat } from '../../queues/src/worker-health';
import { createScratchDatabase } from '../../common/db/scratch-database';
import { freePort } from '../../common/net/free-port';
import { baseDatabaseUrl } from '../../demo/test-hub';
import { mastersHolding, redisClusterUnavailable, startRedisCluster, type RedisClusterNodes } from '../support/redis-cluster';

const ROOT = join(__dirname, '..', '..');
const redisUrl = process.env.REDIS_URL;

const backends: [string, () => Omit<QueueBackendOptions, 'namespace'>][] = [['postgres', () => ({ databaseUrl: baseDatabaseUrl() })]];
if (redisUrl) backends.push(['redis', () => ({ redisUrl })]);
else console.warn('REDIS_URL is not set: the Redis backend tests are skipped (CI sets it)');
// The cluster, when it can run here: started before the suites, stopped after them.
let cluster: RedisClusterNodes | undefined;
const clusterSkipped = redisClusterUnavailable();
if (clusterSkipped) console.warn(`the Redis Cluster backend tests are skipped: ${clusterSkipped}`);
else {
  // A test that fails is run once more, its first failure printed: the cluster's three local nodes
  // share the 2 cores with the rest of the suite, and one stall is told apart from a real fault.
  jest.retryTimes(1, { logErrorsBeforeRetry: true });
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());
  backends.push(['redis-cluster', () => ({ redisClusterNodes: cluster!.nodes })]);
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `work`, or a failure naming the step if it takes longer than `ms`. */
async function within<T>(ms: number, step: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${step} took more than ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `read()` once `check` holds of it (a job's 'failed' event may come just after its state is read as failed). */
async function settled<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let value = await read();
  await eventually(async () => check((value = await read())), 5_000).catch(() => undefined);
  return value;
}

async function dropPgNamespace(namespace: string) {
  const client = new Client({ connectionString: baseDatabaseUrl() });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
  await client.end();
}

async function dropRedisNamespace(namespace: string) {
  const redis = new IORedis(redisUrl!);
  const keys = await redis.keys(`${namespace}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

describe.each(backends)('worker on the %s backend', (kind, options) => {
  const namespace = `q_test_${randomBytes(4).toString('hex')}`;
  const silent = createLogger({ service: 'worker' }, 'error', () => undefined);
  afterAll(async () => {
    if (kind === 'postgres') await dropPgNamespace(namespace);
    else if (kind === 'redis') await dropRedisNamespace(namespace); // the cluster's nodes go with their data
  });

  it('reports unhealthy before any heartbeat', async () => {
    const backend = createQueueBackend({ ...options(), namespace });
    expect(backend.kind).toBe(kind);
    expect(await lastHeartbeat(backend)).toBeNull();
    expect(await isWorkerHealthy(backend)).toBe(false);
    await backend.close();
  });

  it('registers the heartbeat scheduler, processes it and becomes healthy', async () => {
    const worker = await startWorker(createQueueBackend({ ...options(), namespace }), silent);
    const probe = createQueueBackend({ ...options(), namespace });
    try {
      await eventually(() => isWorkerHealthy(probe));
      const queue = probe.queue(QUEUES.platform);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key ?? s.id)).toContain(HEARTBEAT_SCHEDULER_ID);
      const [job] = await queue.getJobs(['completed'], 0, 0);
      expect(job.name).toBe(JOBS.recordWorkerHeartbeat);
      expect(job.returnvalue).toMatchObject({ pid: process.pid });
      await queue.close();
    } finally {
      await worker.close();
      await probe.close();
    }
  });

  describe('failures', () => {
    /** When each attempt of a send-payout-batch job started, by batch id; what the next attempt does. */
    const attempts = new Map<string, number[]>();
    const behaviour = new Map<string, (attempt: number) => void>();
    let worker: Awaited<ReturnType<typeof startWorker>>;
    let probe: ReturnType<typeof createQueueBackend>;
    /** The worker's job series (as its /metrics serves them), summed for send-payout-batch. */
    const metrics = createServiceMetrics('worker');
    const counted = async () => {
      // A histogram's _count is one of its metric's values.
      const value = async (name: string, labels: Record<string, string>) =>
        (await metrics.registry.getSingleMetric(name.replace(/_count$/, ''))!.get()).values
          .filter((v) => ((v as { metricName?: string }).metricName ?? name) === name)
          .filter((v) => Object.entries({ job_name: JOBS.sendPayoutBatch, ...labels }).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l))
          .reduce((sum, v) => sum + v.value, 0);
      return {
        retried: await value('hub_job_failures_total', { final: 'false' }),
        final: await value('hub_job_failures_total', { final: 'true' }),
        retries: await value('hub_job_retries_total', {}),
        completed: await value('hub_job_duration_seconds_count', { outcome: 'completed' }),
      };
    };
    const change = async (before: Awaited<ReturnType<typeof counted>>) => {
      const after = await counted();
      return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
    };
    beforeAll(async () => {
      worker = await startWorker(createQueueBackend({ ...options(), namespace }), silent, {
        metrics: jobMetricsOn(metrics),
        jobs: async () => ({
          handlers: {
            [JOBS.sendPayoutBatch]: async (job) => {
              const seen = [...(attempts.get(job.data.batchId) ?? []), Date.now()];
              attempts.set(job.data.batchId, seen);
              behaviour.get(job.data.batchId)?.(seen.length);
              return { status: 'CLOSED', paid: '1.00', failed: '0.00' };
            },
          },
          schedulers: [],
        }),
      });
      probe = createQueueBackend({ ...options(), namespace });
    });
    afterAll(async () => {
      await worker?.close();
      await probe?.close();
    });

    /** Adds a send with 5 attempts and a 200 ms exponential backoff, and waits until it settles. */
    const run = async (batchId: string, data: unknown = { batchId }) => {
      const queue = probe.queue(QUEUES.subsidy);
      try {
        const added = await queue.add(JOBS.sendPayoutBatch, data as { batchId: string }, {
          jobId: `failure-test-${batchId}`,
          attempts: 5,
          backoff: { type: 'exponential', delay: 200 },
        });
        let state = await queue.getJobState(added.id!);
        await eventually(async () => (state = await queue.getJobState(added.id!)) === 'completed' || state === 'failed');
        const job = (await queue.getJob(added.id!))!;
        return { state, attemptsMade: job.attemptsMade, failedReason: job.failedReason, attempts: job.opts.attempts };
      } finally {
        await queue.close();
      }
    };

    it('a rule failure (a HubError refusing the work) fails at once with its reason, attempts left unused', async () => {
      behaviour.set('b-not-found', () => {
        throw new HubError('PAYOUT_BATCH_NOT_FOUND', 'no payout batch b-not-found', { field: 'id' });
      });
      const before = await counted();
      expect(await run('b-not-found')).toEqual({
        state: 'failed',
        attemptsMade: 1,
        failedReason: 'PAYOUT_BATCH_NOT_FOUND: no payout batch b-not-found',
        attempts: 5,
      });
      expect(attempts.get('b-not-found')).toHaveLength(1);
      // Counted as a final failure: /metrics tells it from one that will be retried.
      expect(
        await settled(
          () => change(before),
          (c) => c.final === 1,
        ),
      ).toEqual({ retried: 0, final: 1, retries: 0, completed: 0 });
    });

    it('so does a delivery the bank will refuse the same way again (PermanentDeliveryError)', async () => {
      behaviour.set('b-permanent', () => {
        throw new PermanentDeliveryError('HTTP 400 MALFORMED: the bank refuses the message');
      });
      expect(await run('b-permanent')).toEqual({
        state: 'failed',
        attemptsMade: 1,
        failedReason: 'HTTP 400 MALFORMED: the bank refuses the message',
        attempts: 5,
      });
    });

    it('a malformed payload fails at once, before the handler runs', async () => {
      expect(await run('b-malformed', { batchId: 42 })).toEqual({
        state: 'failed',
        attemptsMade: 1,
        failedReason: 'the payload of send-payout-batch has no valid batchId (a non-empty string expected, got 42)',
        attempts: 5,
      });
      expect(attempts.has('b-malformed')).toBe(false);
    });

    it('a transient failure (database, network, a dependency unavailable) is retried with exponential backoff', async () => {
      behaviour.set('b-transient', (attempt) => {
        if (attempt === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        if (attempt === 2) throw new HubError('UNAVAILABLE', 'the loans subgraph did not answer');
      });
      const before = await counted();
      expect(await run('b-transient')).toEqual({ state: 'completed', attemptsMade: 3, failedReason: 'the loans subgraph did not answer', attempts: 5 });
      expect(await change(before)).toEqual({ retried: 2, final: 0, retries: 2, completed: 1 });
      const [first, second, third] = attempts.get('b-transient')!;
      // 200 ms before the second attempt, 400 ms before the third.
      expect(second - first).toBeGreaterThanOrEqual(200);
      expect(third - second).toBeGreaterThanOrEqual(400);
    });

    it('a transient failure on every attempt fails the job after the last one, with the last reason', async () => {
      behaviour.set('b-down', (attempt) => {
        throw new Error(`the bank did not answer (attempt ${attempt})`);
      });
      const before = await counted();
      expect(await run('b-down')).toEqual({ state: 'failed', attemptsMade: 5, failedReason: 'the bank did not answer (attempt 5)', attempts: 5 });
      expect(
        await settled(
          () => change(before),
          (c) => c.final === 1,
        ),
      ).toEqual({ retried: 4, final: 1, retries: 4, completed: 0 });
      const seen = attempts.get('b-down')!;
      const gaps = seen.slice(1).map((at, i) => at - seen[i]);
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(200 * 2 ** i));
    }, 30_000);
  });

  if (kind === 'redis-cluster')
    it("keeps each queue's keys in one slot, and spreads the queues over the masters", async () => {
      const worker = await startWorker(createQueueBackend({ ...options(), namespace }), silent);
      const probe = createQueueBackend({ ...options(), namespace });
      try {
        for (const name of [QUEUES.subsidy, QUEUES.beneficiaryLists, QUEUES.loanRecords, QUEUES.monitoring])
          await probe.queue(name).add(JOBS.recordWorkerHeartbeat as never, {} as never, { delay: 60_000 });
        await eventually(async () => (await lastHeartbeat(probe)) !== null);
        const held = await mastersHolding(cluster!.nodes, `{${namespace}:*`);
        const mastersOf = new Map<string, Set<string>>();
        for (const [master, keys] of held)
          for (const key of keys) {
            const queue = /^\{[^:]+:([^}]+)\}/.exec(key)![1];
            mastersOf.set(queue, (mastersOf.get(queue) ?? new Set()).add(master));
          }
        // Every queue whose keys exist lives on exactly one master (its slot's), and not all on the same one.
        expect(mastersOf.size).toBeGreaterThanOrEqual(5);
        for (const [queue, masters] of mastersOf) expect({ queue, masters: masters.size }).toEqual({ queue, masters: 1 });
        expect(new Set([...mastersOf.values()].map((m) => [...m][0])).size).toBeGreaterThan(1);
      } finally {
        await worker.close();
        await probe.close();
      }
    });

  it('registers the scheduler idempotently across restarts', async () => {
    // Each step bounded and named: a CI run once saw this test stall past 60 s on the cluster
    // backend, without saying where (not reproduced in 14 runs here, loaded or not).
    for (let i = 0; i < 2; i++) {
      const worker = await within(20_000, `start #${i + 1}`, startWorker(createQueueBackend({ ...options(), namespace }), silent));
      await within(20_000, `close #${i + 1}`, worker.close());
    }
    const probe = createQueueBackend({ ...options(), namespace });
    const queue = probe.queue(QUEUES.platform);
    expect(await within(10_000, 'count the schedulers', queue.getJobSchedulersCount())).toBe(1);
    await queue.close();
    await probe.close();
  });
});

describe('worker process', () => {
  it('starts, processes, and exits 0 on SIGTERM after closing its connections', async () => {
    const namespace = `q_proc_${randomBytes(4).toString('hex')}`;
    // The worker migrates the schemas its jobs use: a scratch database, not the shared one.
    const scratch = await createScratchDatabase(baseDatabaseUrl(), 'huinong_worker');
    // The process takes its backend from the environment; with REDIS_URL unset it runs on PostgreSQL.
    const metricsPort = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: scratch.url,
      REDIS_URL: '',
      LOG_LEVEL: 'debug',
      QUEUE_NAMESPACE: namespace,
      WORKER_METRICS_PORT: String(metricsPort),
    };
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'queues/src/main.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(async () => output.includes('"job done"') && output.includes('"metrics served"'), 45_000);
    // Its /metrics: the heartbeat's run and last success, the queue's depth, its database pools.
    const metrics = (await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()).split('\n');
    const series = (name: string, ...labels: string[]) => metrics.find((line) => line.startsWith(`${name}{`) && labels.every((l) => line.includes(l)));
    const heartbeat = ['service="worker"', 'job_name="record-worker-heartbeat"'];
    expect(series('hub_job_duration_seconds_count', ...heartbeat, 'queue="platform"', 'outcome="completed"')).toMatch(/ [1-9]\d*$/);
    expect(series('hub_scheduled_job_last_success_timestamp_seconds', ...heartbeat)).toMatch(/ \d{10}/);
    expect(series('hub_queue_jobs', 'queue="platform"', 'state="waiting"')).toMatch(/ \d+$/);
    expect(series('hub_db_pool_connections', 'service="worker"', 'state="total"')).toMatch(/ [1-9]\d*$/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"reason":"SIGTERM"');
    expect(output).toContain('"message":"stopped"');
    expect(output).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
    await scratch.drop();
  });

  it('on SIGINT while the database goes away too (Ctrl-C reaches the whole terminal), closes in order and prints no stack trace', async () => {
    const namespace = `q_int_${randomBytes(4).toString('hex')}`;
    const scratch = await createScratchDatabase(baseDatabaseUrl(), 'huinong_worker');
    const env = { ...process.env, DATABASE_URL: scratch.url, REDIS_URL: '', LOG_LEVEL: 'info', QUEUE_NAMESPACE: namespace };
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'queues/src/main.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(async () => stdout.includes('"worker started"'), 45_000);
    await new Promise((r) => setTimeout(r, 1000)); // its workers waiting on their LISTEN connections
    const admin = new Client({ connectionString: baseDatabaseUrl() });
    await admin.connect();
    child.kill('SIGINT');
    // As the embedded postgres does when it gets the same Ctrl-C: every connection of the worker is cut.
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      new URL(scratch.url).pathname.slice(1),
    ]);
    await admin.end();
    expect(await exited).toBe(0);
    expect(stdout).toContain('"message":"stopped"');
    expect(stdout + stderr).not.toMatch(/\bat .*:\d+:\d+/); // no stack trace, on stderr or in a log line
    expect(stderr).toBe('');
    await scratch.drop();
  });
});
