/**
 * Queues on both backends: BullMQ on PostgreSQL (always; the embedded default) and on Redis
 * (when REDIS_URL is set, as in CI). The worker registers its job scheduler, processes the
 * heartbeat, reports healthy, and stops gracefully — in-process and as a real process on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { createLogger } from '../../common/logger';
import { createQueueBackend, QueueBackendOptions } from '../../common/queue/backend';
import { JOBS, QUEUES } from '../../common/queue/names';
import { HEARTBEAT_SCHEDULER_ID } from '../../queues/src/jobs/record-worker-heartbeat.job';
import { startWorker } from '../../queues/src/worker';
import { isWorkerHealthy, lastHeartbeat } from '../../queues/src/worker-health';
import { createScratchDatabase } from '../../common/db/scratch-database';
import { baseDatabaseUrl } from '../../demo/test-hub';

const ROOT = join(__dirname, '..', '..');
const redisUrl = process.env.REDIS_URL;

const backends: [string, () => Omit<QueueBackendOptions, 'namespace'>][] = [['postgres', () => ({ databaseUrl: baseDatabaseUrl() })]];
if (redisUrl) backends.push(['redis', () => ({ redisUrl })]);
else console.warn('REDIS_URL is not set: the Redis backend tests are skipped (CI sets it)');

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
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
    else await dropRedisNamespace(namespace);
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

  it('registers the scheduler idempotently across restarts', async () => {
    for (let i = 0; i < 2; i++) await (await startWorker(createQueueBackend({ ...options(), namespace }), silent)).close();
    const probe = createQueueBackend({ ...options(), namespace });
    const queue = probe.queue(QUEUES.platform);
    expect(await queue.getJobSchedulersCount()).toBe(1);
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
    const env = { ...process.env, DATABASE_URL: scratch.url, REDIS_URL: '', LOG_LEVEL: 'debug', QUEUE_NAMESPACE: namespace };
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'queues/src/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(async () => output.includes('"job done"'), 45_000);
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
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'queues/src/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [new URL(scratch.url).pathname.slice(1)]);
    await admin.end();
    expect(await exited).toBe(0);
    expect(stdout).toContain('"message":"stopped"');
    expect(stdout + stderr).not.toMatch(/\bat .*:\d+:\d+/); // no stack trace, on stderr or in a log line
    expect(stderr).toBe('');
    await scratch.drop();
  });
});
