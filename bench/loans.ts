/**
 * npm run bench:loans [-- --households 100000 --county 532301]
 *
 * The banks' side of the hub, measured over real HTTP against the bank simulator (its own
 * process) on a scratch database beside DATABASE_URL (or an embedded PostgreSQL):
 *   1. a roster of N households over the county's townships, 分片包干 to 5 banks, published and
 *      pushed to them through the real worker and queues;
 *   2. a second version changing 10,000 households: time from publish to the last bank's
 *      acknowledgement, through the worker (target ≤ 5 s);
 *   3. every listed household borrows at its bank (every record version in the feed), then the
 *      hub pulls all records from the 5 banks and applies them: records/s (target ≥ 60,000/s).
 * Prints the figures; asserts nothing.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Caller } from '../common/auth/caller';
import { BENCH_BANKS as BANKS, continueNationalRules, startBenchBanks } from './bench-banks';
import { openBenchDatabase } from './bench-database';
import { shanghaiDate } from '../common/domain/calendar-date';
import { createLogger } from '../common/logger';
import { backendOptionsOf, createQueueBackend } from '../common/queue/backend';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import { createBankJobs } from '../queues/src/jobs/bank-jobs';
import { pullLoanRecords } from '../queues/src/jobs/pull-loan-records';
import { startWorker } from '../queues/src/worker';
import { householdsSubgraph } from '../subgraphs/households/src';
import { loadCountyRegions } from '../subgraphs/households/src/households.app';
import { loansSubgraph } from '../subgraphs/loans/src';
import { writeRoster } from './roster';

const CALLER: Caller = { subject: 'bench', role: 'admin', counties: [], bank: null };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { households: { type: 'string' }, county: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('usage: npm run bench:loans [-- --households 100000 --county 532301]');
    return;
  }
  const households = Number(values.households ?? 100_000);
  const countyCode = values.county ?? '532301';
  const quiet = createLogger({ service: 'bench' }, 'error', () => undefined);
  const database = await openBenchDatabase('loans', quiet);
  const { work } = database;
  const { simulator, sim, config, connector } = await startBenchBanks(database.url, 'loans');
  const householdsDb = await createDataSourceFor(householdsSubgraph, database.url, { poolSize: 6 }).initialize();
  const loansDb = await createDataSourceFor(loansSubgraph, database.url, { poolSize: 6 }).initialize();
  try {
    await migrate(householdsSubgraph, householdsDb);
    await migrate(loansSubgraph, loansDb);
    const householdsApp = householdsSubgraph.createApp({ dataSource: householdsDb, config, logger: quiet });
    const loansApp = loansSubgraph.createApp({ dataSource: loansDb, config, logger: quiet });
    const regions = await loadCountyRegions(countyCode);
    const townships = regions.filter((r) => r.level === 'township');
    const assignments = townships.map((t, i) => ({ townshipCode: t.code, bankCode: BANKS[i % BANKS.length].code, effectiveFrom: '2021-06-01' }));
    await householdsApp.loadDemo({ countyCode, regions, assignments, households: [] });
    await loansApp.loadDemo({ banks: BANKS, listed: [], loans: [] });

    const { rosterImports: imports, rosterVersions: versions } = householdsApp;
    const importVersion = async (changedEvery: number | null) => {
      const path = join(work, `roster-${changedEvery ?? 'base'}.csv`);
      await writeRoster(path, households, countyCode, changedEvery);
      const outcome = await imports.importFile(CALLER, { countyCode, path, mode: 'reject_file' });
      if (!outcome.import.versionId) throw new Error('the generated roster was rejected');
      return outcome.import.versionId;
    };
    const acknowledged = async () => {
      const logs = await Promise.all(BANKS.map((b) => sim(`/_sim/banks/${b.code}/deliveries`)));
      return logs.map((log) => log.lastAppliedSequence as number);
    };
    const waitForSequences = async (expected: number[]) => {
      for (;;) {
        const now = await acknowledged();
        if (now.every((n, i) => n >= expected[i])) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };

    const worker = await startWorker(createQueueBackend(backendOptionsOf(config, database.url)), quiet, {
      jobs: (queue) => createBankJobs({ config, logger: quiet, households: householdsApp, loans: loansApp, queue }),
    });
    let started = performance.now();
    await versions.publish(CALLER, await importVersion(null));
    const parts = Math.ceil(households / BANKS.length / 5000);
    await waitForSequences(BANKS.map(() => parts));
    console.log(
      `${households.toLocaleString()} households published and delivered to ${BANKS.length} banks (import, publish, push): ${seconds(performance.now() - started)}`,
    );

    // Every n-th household changes, 10,000 in all (every one of a smaller roster: with none changed the
    // file would be the one already imported, and there would be no new version to publish).
    const changedEvery = Math.max(1, Math.round(households / 10_000));
    const second = await importVersion(changedEvery);
    const before = await acknowledged();
    started = performance.now();
    await versions.publish(CALLER, second);
    const publishMs = performance.now() - started;
    await waitForSequences(before.map((n) => n + 1));
    const deltaMs = performance.now() - started;
    console.log(
      `delta of ${Math.ceil(households / changedEvery).toLocaleString()} households to ${BANKS.length} banks, publish → last acknowledgement, through the worker: ${seconds(deltaMs)} (publish ${seconds(publishMs)}; target ≤ 5 s)`,
    );
    await worker.close();

    // The banks lend to every listed household; the county continues the 2021 rules past their
    // window, as data.
    const { policyData, ingest } = loansApp;
    await continueNationalRules(policyData, countyCode);
    started = performance.now();
    // Up to today: a bank's book is never lived past it (the simulator refuses, and the hub refuses
    // records dated later), so with lists delivered today each contract is one disbursed record.
    // Today as the hub dates the lists (Asia/Shanghai), or the contracts precede their listing (UTC runs a day behind after 16:00).
    const asOf = shanghaiDate();
    let records = 0;
    for (const bank of BANKS) records += (await sim(`/_sim/banks/${bank.code}/lend`, { share: 1, asOf })).feedRecordsAdded;
    console.log(
      `the simulated banks lent to every listed household: ${records.toLocaleString()} loan records in their feeds (${seconds(performance.now() - started)})`,
    );

    // The source's own ceiling: the same feeds read over HTTP and parsed, nothing applied.
    started = performance.now();
    const readOnly = await Promise.all(
      BANKS.map(async (bank) => {
        let read = 0;
        for (let cursor: string | null = null; ;) {
          const page = await connector.fetchLoanRecords(bank.code, cursor, 5000);
          read += page.records.length;
          if (!page.hasMore || page.records.length === 0) return read;
          cursor = page.nextCursor;
        }
      }),
    );
    const readMs = performance.now() - started;
    const readCount = readOnly.reduce((sum, n) => sum + n, 0);
    console.log(
      `reading the same feeds over HTTP without applying them (the simulator's and HTTP's share): ${seconds(readMs)}, ${Math.round(readCount / (readMs / 1000)).toLocaleString()} records/s`,
    );
    started = performance.now();
    // The banks' pulls run side by side, as the worker runs them (one job per bank).
    const totals = await Promise.all(BANKS.map((bank) => pullLoanRecords(bank.code, { connector, ingest, pageSize: 5000 })));
    const pullMs = performance.now() - started;
    const received = totals.reduce((sum, t) => sum + t.received, 0);
    const applied = totals.reduce((sum, t) => sum + t.applied, 0);
    const rejected = totals.reduce((sum, t) => sum + t.rejected, 0);
    const [{ loans, flagged, events }] = await loansDb.query(
      `SELECT count(*)::int AS loans, count(*) FILTER (WHERE cardinality(flag_codes) > 0)::int AS flagged, (SELECT count(*)::int FROM loans.loan_status_events) AS events FROM loans.loans`,
    );
    console.log(
      `pulled and applied ${received.toLocaleString()} records from ${BANKS.length} banks over HTTP: ${seconds(pullMs)}, ${Math.round(received / (pullMs / 1000)).toLocaleString()} records/s (target ≥ 60,000/s); ${applied.toLocaleString()} applied, ${rejected} rejected; ${loans.toLocaleString()} loans (${flagged.toLocaleString()} flagged), ${events.toLocaleString()} status events`,
    );
    // Issue 17's measure: the pull against its floor in the same run (the same feeds read and parsed, nothing applied).
    console.log(`pull ÷ read-only floor: ${(pullMs / received / (readMs / readCount)).toFixed(1)}× per record (target ≤ 2×)`);
    const flags: { code: string; loans: number }[] = await loansDb.query(
      `SELECT code, count(*)::int AS loans FROM loans.loans, unnest(flag_codes) AS code GROUP BY code ORDER BY 2 DESC`,
    );
    console.log(`policy flags: ${flags.map((f) => `${f.code} ${f.loans.toLocaleString()}`).join(', ') || 'none'}`);
  } finally {
    await Promise.all([householdsDb.destroy(), loansDb.destroy()]);
    simulator.stop();
    await database.finish();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
