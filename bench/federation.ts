/**
 * npm run bench:federation [-- --households 2000 --requests 300 --concurrency 8 --page 100 --rounds 2]
 *
 * A federated query (households → loans with banks → 一卡通 accounts) over a demo county, through
 * the hub's gateway and, over the same subgraphs and supergraph in the same run, through its floor:
 * stock Apollo Gateway + Apollo Server with no plugin (bench/federation-gateway.ts). Each gateway
 * runs in a process of its own, so its CPU per request is its own; the subgraphs (and the load
 * generator) run in this one. Printed per gateway: throughput, p50/p95/p99, gateway CPU ms per
 * request, SQL statements per query per subgraph; then the ratios hub ÷ stock.
 * Rounds alternate the gateways (hub, stock, hub, stock…) so a busy machine hurts both alike.
 * `--profile DIR` writes a V8 CPU profile of each gateway process into DIR (node --cpu-prof), and
 * subgraphs.cpuprofile: this process over the measured windows.
 * Runs on DATABASE_URL (a scratch database beside it) or, without it, an embedded PostgreSQL.
 */
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../common/db/embedded-postgres';
import { createLogger } from '../common/logger';
import type { SubgraphName } from '../common/subgraph-service';
import { loadDemoCounty } from '../demo/load-demo-county';
import { freePort } from '../common/net/free-port';
import { startTestHub, TestHub } from '../demo/test-hub';
import { BENCH_GATEWAY_ENV, type BenchGatewayKind } from './federation-gateway';

const QUERY = `query($first: Int) {
  households(first: $first) {
    nodes {
      householdNo headName idNumber village { name }
      loans { contractNo amount annualRate status bank { name } }
      oneCardAccount { accountNumber status issuingBank { name } }
    }
  }
}`;

const SUBGRAPH_NAMES: SubgraphName[] = ['households', 'loans', 'funds'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface BenchGateway {
  kind: BenchGatewayKind;
  url: string;
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

function startBenchGateway(kind: BenchGatewayKind, hub: TestHub, overrides: Record<string, string>, profileDir: string | undefined): Promise<BenchGateway> {
  const child: ChildProcess = fork(resolve(__dirname, 'federation-gateway.ts'), [], {
    execArgv: ['-r', '@swc-node/register', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}.cpuprofile`] : [])],
    env: { ...process.env, [BENCH_GATEWAY_ENV]: JSON.stringify({ kind, subgraphUrls: hub.subgraphUrls, overrides }) },
    // The hub's gateway logs a line per request, as in production: discarded here.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = <T>(message: string, key: string): Promise<T> =>
    new Promise((resolveAnswer) => {
      const onMessage = (answer: Record<string, T>) => {
        if (!(key in answer)) return;
        child.off('message', onMessage);
        resolveAnswer(answer[key]);
      };
      child.on('message', onMessage);
      child.send(message);
    });
  return new Promise((resolveStarted, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${kind} gateway exited (${code}) before listening`)));
    child.once('message', (message: { url: string }) =>
      resolveStarted({
        kind,
        url: message.url,
        cpu: () => ask<NodeJS.CpuUsage>('cpu', 'cpu'),
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.send('stop');
          }),
      }),
    );
  });
}

async function post(url: string, token: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

interface Measured {
  requests: number;
  seconds: number;
  latencies: number[];
  /** The gateway process's CPU over the window, ms. */
  gatewayCpuMs: number;
  /** This process's CPU over the window (the three subgraphs and the load generator), ms. */
  subgraphsCpuMs: number;
  statements: Record<SubgraphName, number>;
}

async function measure(gateway: BenchGateway, hub: TestHub, token: string, requests: number, concurrency: number, page: number): Promise<Measured> {
  const latencies: number[] = [];
  let next = 0;
  hub.resetStatements();
  const cpuBefore = await gateway.cpu();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const t0 = performance.now();
        const result = await post(gateway.url, token, { first: page });
        if (result.errors) throw new Error(`${gateway.kind}: ${JSON.stringify(result.errors)}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownBefore);
  const cpuAfter = await gateway.cpu();
  const statements = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPH_NAMES) statements[name] = hub.statements[name].length;
  return {
    requests,
    seconds,
    latencies,
    gatewayCpuMs: (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / 1000,
    subgraphsCpuMs: (own.user + own.system) / 1000,
    statements,
  };
}

function combine(runs: Measured[]): Measured {
  const statements = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPH_NAMES) statements[name] = runs.reduce((sum, run) => sum + run.statements[name], 0);
  return {
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
    latencies: runs.flatMap((run) => run.latencies).sort((a, b) => a - b),
    gatewayCpuMs: runs.reduce((sum, run) => sum + run.gatewayCpuMs, 0),
    subgraphsCpuMs: runs.reduce((sum, run) => sum + run.subgraphsCpuMs, 0),
    statements,
  };
}

interface Figures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  gatewayCpu: number;
  subgraphsCpu: number;
}

function figures(run: Measured): Figures {
  return {
    rps: run.requests / run.seconds,
    p50: percentile(run.latencies, 50),
    p95: percentile(run.latencies, 95),
    p99: percentile(run.latencies, 99),
    gatewayCpu: run.gatewayCpuMs / run.requests,
    subgraphsCpu: run.subgraphsCpuMs / run.requests,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      page: { type: 'string' },
      rounds: { type: 'string' },
      gateways: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(
      'usage: npm run bench:federation [-- --households 2000 --requests 300 --concurrency 8 --page 100 --rounds 2 --gateways hub,stock --profile DIR]',
    );
    return;
  }
  const households = Number(values.households ?? 2000);
  const requests = Number(values.requests ?? 300);
  const concurrency = Number(values.concurrency ?? 8);
  const page = Number(values.page ?? 100);
  const rounds = Number(values.rounds ?? 2);
  const kinds = (values.gateways ?? 'hub,stock').split(',') as BenchGatewayKind[];
  for (const kind of kinds) if (kind !== 'hub' && kind !== 'stock') throw new Error(`--gateways: hub or stock, not ${kind}`);
  const profileDir = values.profile ? resolve(values.profile) : undefined;
  const quiet = createLogger({ service: 'bench' }, 'error', () => undefined);

  let embedded: { stop(): Promise<void> } | undefined;
  if (!process.env.DATABASE_URL) {
    const database = await startEmbeddedPostgres({
      dataDir: mkdtempSync(join(tmpdir(), 'huinong-bench-')),
      port: await freePort(),
      database: 'bench',
      logger: quiet,
      persistent: false,
    });
    process.env.DATABASE_URL = database.adminUrl;
    embedded = database;
  }
  const overrides = { LOG_LEVEL: 'error' };
  const hub = await startTestHub(overrides);
  const gateways: BenchGateway[] = [];
  try {
    const started = Date.now();
    const demo = await loadDemoCounty(hub.config, hub.databaseUrl, quiet, { households });
    console.log(
      `demo county: ${demo.households.length} households, ${demo.loans.length} loans, ${demo.accounts.length} accounts loaded in ${Date.now() - started} ms`,
    );
    const token = await hub.token({ role: 'admin' });
    // The gateways' config is the subgraphs' (same secrets): the hub's config, with its scratch database.
    const gatewayOverrides = { ...overrides, DATABASE_URL: hub.databaseUrl };
    for (const kind of kinds) gateways.push(await startBenchGateway(kind, hub, gatewayOverrides, profileDir));

    // Each gateway gives the same answer, at the same SQL cost.
    let expected: string | undefined;
    for (const gateway of gateways) {
      hub.resetStatements();
      const first = await post(gateway.url, token, { first: page });
      if (first.errors) throw new Error(`${gateway.kind}: ${JSON.stringify(first.errors)}`);
      const answer = JSON.stringify(first.data);
      if (expected !== undefined && answer !== expected) throw new Error(`the ${gateway.kind} gateway's answer differs from the ${gateways[0].kind} gateway's`);
      expected = answer;
      console.log(
        `${gateway.kind}: SQL statements for one query of ${page} households: ` +
          SUBGRAPH_NAMES.map((name) => `${name} ${hub.statements[name].length}`).join(', '),
      );
      for (let i = 0; i < 30; i++) await post(gateway.url, token, { first: page }); // warm-up
    }

    const runs = new Map<BenchGatewayKind, Measured[]>(kinds.map((kind) => [kind, []]));
    // With --profile, this process (the subgraphs and the load generator) is profiled over the measured windows only.
    const profiler = profileDir ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    for (let round = 0; round < rounds; round++) {
      for (const gateway of gateways) runs.get(gateway.kind)!.push(await measure(gateway, hub, token, requests, concurrency, page));
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      mkdirSync(profileDir!, { recursive: true });
      writeFileSync(join(profileDir!, 'subgraphs.cpuprofile'), JSON.stringify(profile));
      profiler.disconnect();
    }

    console.log(`\n${rounds} × ${requests} queries of ${page} households per gateway, concurrency ${concurrency}:`);
    const results = new Map<BenchGatewayKind, Figures>();
    for (const kind of kinds) {
      const run = combine(runs.get(kind)!);
      const f = figures(run);
      results.set(kind, f);
      const perRound = runs
        .get(kind)!
        .map((r) => (r.requests / r.seconds).toFixed(1))
        .join(', ');
      console.log(
        `  ${kind.padEnd(5)} ${f.rps.toFixed(1)} queries/s (rounds: ${perRound}), p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; ` +
          `gateway CPU ${f.gatewayCpu.toFixed(2)} ms/query; subgraphs + load generator CPU ${f.subgraphsCpu.toFixed(2)} ms/query; SQL per query: ` +
          SUBGRAPH_NAMES.map((name) => `${name} ${(run.statements[name] / run.requests).toFixed(2)}`).join(', '),
      );
    }
    const hubFigures = results.get('hub');
    const stockFigures = results.get('stock');
    if (hubFigures && stockFigures) {
      console.log(
        `  hub ÷ stock: throughput ${(hubFigures.rps / stockFigures.rps).toFixed(2)}×, p50 ${(hubFigures.p50 / stockFigures.p50).toFixed(2)}×, ` +
          `p95 ${(hubFigures.p95 / stockFigures.p95).toFixed(2)}×, gateway CPU per query ${(hubFigures.gatewayCpu / stockFigures.gatewayCpu).toFixed(2)}× ` +
          `(${hubFigures.gatewayCpu >= stockFigures.gatewayCpu ? '+' : '−'}${Math.abs(hubFigures.gatewayCpu - stockFigures.gatewayCpu).toFixed(2)} ms)`,
      );
    }
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await hub.close();
    await embedded?.stop();
  }
  if (profileDir) console.log(`CPU profiles of the gateways in ${profileDir}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
