/**
 * npm run bench:loans [-- --households 100000 --county 532301]
 *
 * The banks' side of the hub, measured over real HTTP against the bank simulator (its own
 * process) on a scratch database beside DATABASE_URL (or an embedded PostgreSQL):
 *   1. a roster of N households over the county's townships, 分片包干 to 5 banks, published and
 *      pushed to them through the real worker and queues;
 *   2. a second version changing 10,000 households: time from publish to the last bank's
 *      acknowledgement, through the worker (target ≤ 5 s);
 *   3. every listed household borrows at its bank over a year (four rounds a quarter apart, the
 *      books lived to today: every record version in the feed), then the hub pulls all records
 *      from the 5 banks and applies them: records/s, against the same feeds only read and parsed
 *      (issue 17: the pull within 2× of that floor).
 * Prints the figures; asserts nothing.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Caller } from '../common/auth/caller';
import { BENCH_BANKS as BANKS, continueNationalRules, startBenchBanks } from './bench-banks';
import { openBenchDatabase } from './bench-database';
import { addDays, shanghaiDate } from '../common/domain/calendar-date';
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
    // Up to today: a bank's book is never lived past it (the simulator refuses, and the hub refuses
    // records dated later). Today as the hub dates the lists (Asia/Shanghai), or the contracts precede their listing (UTC runs a day behind after 16:00).
    const today = shanghaiDate();
    // A year of lending, so that the feed tells each loan's history version by version (issue 17's
    // "every version"): four rounds a quarter apart, each lending to a share of the listed households
    // not borrowing then (the last to all of them), each bank's book lived to the next round, then to
    // today. Set up rather than measured, as bench:province does: the lists' periods on the loans side
    // start on the first lending day (the simulator lends before a list's delivery when asked to).
    const rounds = [-364, -273, -182, -91].map((days) => addDays(today, days));
    const moved = await loansDb.query(`UPDATE loans.bank_list_members SET listed_from = $1 WHERE listed_from > $1`, [rounds[0]]);
    await loansDb.query('VACUUM FULL ANALYZE loans.bank_list_members');
    console.log(`set up: ${moved[1].toLocaleString()} list periods on the loans side dated from ${rounds[0]}`);
    started = performance.now();
    let records = 0;
    for (const [i, asOf] of rounds.entries()) {
      for (const bank of BANKS) {
        records += (await sim(`/_sim/banks/${bank.code}/lend`, { share: 1 / (rounds.length - i), asOf })).feedRecordsAdded;
        records += (await sim(`/_sim/banks/${bank.code}/advance`, { to: rounds[i + 1] ?? today })).feedRecordsAdded;
      }
    }
    const books = await Promise.all(BANKS.map((bank) => sim(`/_sim/banks/${bank.code}/loans`)));
    const contracts = books.reduce((sum, book) => sum + (book.contracts as number), 0);
    console.log(
      `the simulated banks lent to every listed household from ${rounds[0]} and lived their books to ${today}: ${records.toLocaleString()} loan records (versions) of ${contracts.toLocaleString()} contracts in their feeds (${seconds(performance.now() - started)})`,
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
      `pulled and applied ${received.toLocaleString()} records from ${BANKS.length} banks over HTTP: ${seconds(pullMs)}, ${Math.round(received / (pullMs / 1000)).toLocaleString()} records/s; ${applied.toLocaleString()} applied, ${rejected} rejected; ${loans.toLocaleString()} loans (${flagged.toLocaleString()} flagged), ${events.toLocaleString()} status events`,
    );
    // Loan rows written (inserted or updated), from the table's statistics, which each connection
    // reports within seconds of its last transaction: read until they hold still.
    let writes = -1;
    for (let tries = 0; tries < 30; tries++) {
      const [row] = await loansDb.query(
        `SELECT pg_stat_clear_snapshot(), (n_tup_ins + n_tup_upd)::int AS writes FROM pg_stat_user_tables WHERE relid = 'loans.loans'::regclass`,
      );
      if (row.writes === writes && writes >= loans) break;
      writes = row.writes;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`loan row writes: ${writes.toLocaleString()} for ${loans.toLocaleString()} loans (${(writes / loans).toFixed(2)} per loan)`);
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
