/**
 * A local Redis Cluster of three masters for the tests that run the hub's queues on one: three
 * redis-server processes in cluster mode on free ports, under a temporary directory, joined with
 * `redis-cli --cluster create` (the slots split over the three), nothing kept on disk. Started
 * when REDIS_CLUSTER=1 (.ci/run sets it); otherwise the suites say plainly that they were skipped.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { freePort } from '../../common/net/free-port';

const run = promisify(execFile);
const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';

export interface RedisClusterNodes {
  nodes: { host: string; port: number }[];
  /** `host:port,…` as REDIS_CLUSTER_NODES takes it. */
  env: string;
  stop(): Promise<void>;
}

/** Why the cluster suites cannot run here, or null when they can. */
export function redisClusterUnavailable(): string | null {
  if (process.env.REDIS_CLUSTER !== '1') return 'REDIS_CLUSTER is not 1 (.ci/run sets it; it needs redis-server and redis-cli)';
  if (!existsSync(REDIS_SERVER) || !existsSync(REDIS_CLI)) return `${REDIS_SERVER} or ${REDIS_CLI} is absent (apt-get install -y redis-server)`;
  return null;
}

export async function startRedisCluster(masters = 3): Promise<RedisClusterNodes> {
  const dir = mkdtempSync(join(tmpdir(), 'huinong-redis-cluster-'));
  const processes: ChildProcess[] = [];
  const nodes: { host: string; port: number }[] = [];
  const stop = async () => {
    for (const child of processes) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(processes.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)];
      args.push('--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--loglevel', 'warning');
      processes.push(spawn(REDIS_SERVER, args, { stdio: 'ignore' }));
      nodes.push({ host: '127.0.0.1', port });
    }
    for (const node of nodes) await untilAnswers(node.port);
    await run(REDIS_CLI, ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    await untilClusterOk(nodes);
    return { nodes, env: nodes.map((n) => `${n.host}:${n.port}`).join(','), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function untilAnswers(port: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; ;) {
    try {
      if ((await run(REDIS_CLI, ['-p', String(port), 'ping'])).stdout.trim() === 'PONG') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Until every node says cluster_state:ok (the slots assigned and gossiped). */
async function untilClusterOk(nodes: { port: number }[]): Promise<void> {
  for (const deadline = Date.now() + 20_000; ;) {
    const states = await Promise.all(nodes.map(async (n) => (await run(REDIS_CLI, ['-p', String(n.port), 'cluster', 'info'])).stdout));
    if (states.every((info) => info.includes('cluster_state:ok'))) return;
    if (Date.now() > deadline) throw new Error('the Redis Cluster did not reach cluster_state:ok');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Which master holds each key matching the pattern (a key's slot decides it). */
export async function mastersHolding(nodes: { host: string; port: number }[], pattern: string): Promise<Map<string, string[]>> {
  const cluster = new Cluster(nodes);
  try {
    // The masters are known once the client has read the slot map.
    if (cluster.status !== 'ready') await new Promise((resolve) => cluster.once('ready', resolve));
    const held = new Map<string, string[]>();
    for (const master of cluster.nodes('master')) {
      const keys = await master.keys(pattern);
      held.set(`${master.options.host}:${master.options.port}`, keys);
    }
    return held;
  } finally {
    cluster.disconnect();
  }
}
