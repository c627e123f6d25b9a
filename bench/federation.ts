/**
 * npm run bench:federation [-- --households 2000 --requests 300 --concurrency 8 --page 100]
 *
 * A federated query through the gateway (households → loans with banks → 一卡通 accounts) over a
 * demo county: latency percentiles, throughput, and SQL statements per query per subgraph.
 * Runs on DATABASE_URL (a scratch database beside it) or, without it, an embedded PostgreSQL.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../common/db/embedded-postgres';
import { createLogger } from '../common/logger';
import { loadDemoCounty } from '../demo/load-demo-county';
import { freePort } from '../common/net/free-port';
import { startTestHub } from '../demo/test-hub';

const QUERY = `query($first: Int) {
  households(first: $first) {
    nodes {
      householdNo headName idNumber village { name }
      loans { contractNo amount annualRate status bank { name } }
      oneCardAccount { accountNumber status issuingBank { name } }
    }
  }
}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      page: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log('usage: npm run bench:federation [-- --households 2000 --requests 300 --concurrency 8 --page 100]');
    return;
  }
  const households = Number(values.households ?? 2000);
  const requests = Number(values.requests ?? 300);
  const concurrency = Number(values.concurrency ?? 8);
  const page = Number(values.page ?? 100);
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
  const hub = await startTestHub({ LOG_LEVEL: 'error' });
  try {
    let started = Date.now();
    const demo = await loadDemoCounty(hub.config, hub.databaseUrl, quiet, { households });
    console.log(
      `demo county: ${demo.households.length} households, ${demo.loans.length} loans, ${demo.accounts.length} accounts loaded in ${Date.now() - started} ms`,
    );
    const token = await hub.token({ role: 'admin' });

    hub.resetStatements();
    const first = await hub.query(token, QUERY, { first: page });
    if (first.errors) throw new Error(JSON.stringify(first.errors));
    console.log(
      `SQL statements for one query of ${page} households: households ${hub.statements.households.length}, loans ${hub.statements.loans.length}, funds ${hub.statements.funds.length}`,
    );

    for (let i = 0; i < 20; i++) await hub.query(token, QUERY, { first: page }); // warm-up
    const latencies: number[] = [];
    let next = 0;
    started = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next++;
          const t0 = performance.now();
          const result = await hub.query(token, QUERY, { first: page });
          if (result.errors) throw new Error(JSON.stringify(result.errors));
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `${requests} queries of ${page} households, concurrency ${concurrency}: ${(requests / elapsed).toFixed(1)} queries/s, ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
  } finally {
    await hub.close();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
