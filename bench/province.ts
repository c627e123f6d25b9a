/**
 * npm run bench:province [-- --households 2500000 --counties 25 --share 0.4 --province 53]
 *
 * A province on one machine, end to end, through the hub's own code paths (the same services the
 * subgraphs and the worker run), the bank simulator in its own process over real HTTP, on a
 * scratch database beside DATABASE_URL (or an embedded PostgreSQL):
 *   1. roster import: each county's bureau imports its roster file (CSV, N ÷ counties households);
 *   2. list push: every county publishes; the worker pushes each bank its townships' lists and
 *      records what the banks acknowledged on the loans side (分片包干 over 5 banks);
 *   3. loan pull: the banks lend to a share of their listed households at the start of the last
 *      settled quarter and live the book to today; the hub pulls every record version and judges it;
 *   4. quarter: each county's subsidy computed, batched, approved (four eyes, budget), sent to
 *      the banks' payout desks and answered;
 *   5. reconciliation: each county's quarter reconciled and recorded.
 * Prints each step's time, its rate and the database's size after it, then the tables that hold
 * the most. Asserts nothing; the figures feed the README's capacity statement.
 *
 * What is set up rather than measured, because the simulator lives no further than today:
 *   - the lists' periods on the loans side start on 1 January of the lending year (as if the
 *     province had been on the hub since), so loans contracted before today's publication are
 *     judged on the list: one UPDATE, printed;
 *   - one 一卡通 account per household at its township's bank, written straight into the funds
 *     side's table (an account import is measured by its own tests; the card numbers repeat every
 *     1,000 households, sealing is not this bench's subject).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { shanghaiDate } from '../common/domain/calendar-date';
import { createLogger } from '../common/logger';
import { HubDecimal } from '../common/money';
import { backendOptionsOf, createQueueBackend } from '../common/queue/backend';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import { createBankJobs } from '../queues/src/jobs/bank-jobs';
import { pullLoanRecords } from '../queues/src/jobs/pull-loan-records';
import { computeQuarterlySubsidy } from '../queues/src/jobs/subsidy-jobs';
import { startWorker } from '../queues/src/worker';
import { fundsSubgraph } from '../subgraphs/funds/src';
import { formatQuarter, previousQuarter, quarterOfDate, settlementWindow, type FundsApp } from '../subgraphs/funds/src/funds.app';
import { householdsSubgraph } from '../subgraphs/households/src';
import { readRegistry, type RegionRow } from '../subgraphs/households/src/households.app';
import { loansSubgraph } from '../subgraphs/loans/src';
import { BENCH_BANKS as BANKS, continueNationalRules, sealedBenchCards, sendPayoutBatches, startBenchBanks } from './bench-banks';
import { openBenchDatabase } from './bench-database';
import { writeRoster } from './roster';

const ADMIN: Caller = { subject: 'bench-finance', role: 'admin', counties: [], bank: null };
/** Four eyes: another person, of the county's finance bureau, approves what ADMIN prepared. */
const approverOf = (countyCode: string): Caller => ({ subject: 'bench-finance-approver', role: 'finance', counties: [countyCode], bank: null });
const USAGE = `usage: npm run bench:province [-- --households 2500000 --counties 25 --share 0.4 --province 53 --keep]
  households  the province's listed households, spread evenly over its counties (default 2,500,000)
  counties    how many of the province's counties (default 25; the first ones of the region register that have villages)
  share       the share of listed households that borrow (default 0.4: 1,000,000 loans of 2,500,000 households)
  province    the province's 2-digit code (default 53, 云南)
  keep        keep the scratch database for inspection (not on an embedded PostgreSQL)
needs nothing installed; uses a scratch database beside DATABASE_URL, or an embedded PostgreSQL`;

const count = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (n: number, ms: number) => `${count(Math.round(n / (ms / 1000)))}/s`;
const megabytes = (bytes: number) => `${count(Math.round(bytes / 1e6))} MB`;

interface StepFigure {
  step: string;
  ms: number;
  what: string;
  databaseBytes: number;
}

/**
 * The first `wanted` counties of a province in the register's order that have villages to list
 * households in, with their regions: the register streamed twice (its counties, then the regions
 * of the province's), not once per county.
 */
async function provinceCounties(province: string, wanted: number): Promise<Map<string, RegionRow[]>> {
  const candidates: string[] = [];
  for await (const row of readRegistry()) {
    if (row.level !== 'county') break; // the register yields every county before any township
    if (row.code.startsWith(province)) candidates.push(row.code);
  }
  const regions = new Map(candidates.map((code) => [code, [] as RegionRow[]]));
  for await (const row of readRegistry(candidates)) regions.get(row.countyCode)!.push(row);
  const chosen = new Map([...regions].filter(([, rows]) => rows.some((r) => r.level === 'village')).slice(0, wanted));
  if (chosen.size < wanted) throw new Error(`province ${province} has only ${chosen.size} counties with villages in the register, not ${wanted}`);
  return chosen;
}

async function databaseSize(dataSource: DataSource): Promise<number> {
  const [{ bytes }] = await dataSource.query('SELECT pg_database_size(current_database())::float8 AS bytes');
  return bytes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      counties: { type: 'string' },
      share: { type: 'string' },
      province: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const households = Number(values.households ?? 2_500_000);
  const countyCount = Number(values.counties ?? 25);
  const share = Number(values.share ?? 0.4);
  const province = values.province ?? '53';
  if (!Number.isInteger(households) || households < 1) throw new Error(`--households must be a positive whole number, not ${values.households}`);
  if (!Number.isInteger(countyCount) || countyCount < 1 || countyCount > households)
    throw new Error(`--counties must be a whole number from 1 to --households, not ${values.counties}`);
  if (!(share > 0 && share <= 1)) throw new Error(`--share must be a number above 0 and at most 1, not ${values.share}`);
  if (!/^\d{2}$/.test(province)) throw new Error(`--province must be a 2-digit province code, not ${values.province}`);

  const today = shanghaiDate();
  const quarter = previousQuarter(quarterOfDate(today));
  const quarterName = formatQuarter(quarter);
  const window = settlementWindow(quarter);
  const lendingDay = window.start;
  const regionsOf = await provinceCounties(province, countyCount);
  const counties = [...regionsOf.keys()];
  const perCounty = Math.floor(households / countyCount);
  const householdsOf = (i: number) => perCounty + (i < households - perCounty * countyCount ? 1 : 0);

  console.log(
    `bench:province — ${count(households)} households in ${countyCount} counties of province ${province}0000 (${counties[0]}…${counties[counties.length - 1]}), ` +
      `${BANKS.length} banks, ${Math.round(share * 100)} % borrowing from ${lendingDay}, quarter ${quarterName} (settlements ${window.start}..${window.end}), today ${today}`,
  );
  const quiet = createLogger({ service: 'bench' }, 'error', () => undefined);
  const database = await openBenchDatabase('province', quiet);
  const { simulator, sim, config, connector } = await startBenchBanks(database.url, 'province');
  const householdsDb = await createDataSourceFor(householdsSubgraph, database.url, { poolSize: 6 }).initialize();
  const loansDb = await createDataSourceFor(loansSubgraph, database.url, { poolSize: 6 }).initialize();
  const fundsDb = await createDataSourceFor(fundsSubgraph, database.url, { poolSize: 8 }).initialize();
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 500);
  const figures: StepFigure[] = [];
  const step = async <T>(name: string, run: () => Promise<T>, describe: (result: T, ms: number) => string): Promise<T> => {
    process.stdout.write(`${name.padEnd(15)} … `);
    const started = performance.now();
    const result = await run();
    const ms = performance.now() - started;
    const what = describe(result, ms);
    const databaseBytes = await databaseSize(householdsDb);
    figures.push({ step: name, ms, what, databaseBytes });
    console.log(`${seconds(ms).padStart(8)}  ${what}; database ${megabytes(databaseBytes)}`);
    return result;
  };
  try {
    await migrate(householdsSubgraph, householdsDb);
    await migrate(loansSubgraph, loansDb);
    await migrate(fundsSubgraph, fundsDb);
    const apps = {
      households: householdsSubgraph.createApp({ dataSource: householdsDb, config, logger: quiet }),
      loans: loansSubgraph.createApp({ dataSource: loansDb, config, logger: quiet }),
      funds: fundsSubgraph.createApp({ dataSource: fundsDb, config, logger: quiet }),
    };
    await apps.loans.seed();
    await apps.funds.seed();
    await apps.households.regionDirectory.load(readRegistry(counties));
    const townships = [...regionsOf.values()].flat().filter((r) => r.level === 'township');
    const bankOfTownship = new Map(townships.map((t, i) => [t.code, BANKS[i % BANKS.length].code]));
    await apps.households.loadDemo({
      countyCode: counties[0],
      regions: [],
      assignments: townships.map((t) => ({ townshipCode: t.code, bankCode: bankOfTownship.get(t.code)!, effectiveFrom: '2021-06-01' })),
      households: [],
    });
    await apps.loans.loadDemo({ banks: BANKS, listed: [], loans: [] });
    // The 2021 rules continued past their lending window across the province, as data (a county would record its own).
    await continueNationalRules(apps.loans.policyData, province);
    console.log(`set up: ${count(townships.length)} townships assigned to ${BANKS.length} banks; database ${megabytes(await databaseSize(householdsDb))}`);

    // 1. Roster import (the files are written first, not timed).
    const files = counties.map((code) => join(database.work, `roster-${code}.csv`));
    for (let i = 0; i < counties.length; i++) await writeRoster(files[i], householdsOf(i), counties[i], null, regionsOf.get(counties[i])!);
    const versionIds = await step(
      'roster import',
      async () => {
        const ids: string[] = [];
        for (let i = 0; i < counties.length; i++) {
          const outcome = await apps.households.rosterImports.importFile(ADMIN, { countyCode: counties[i], path: files[i], mode: 'reject_file' });
          if (!outcome.import.versionId) throw new Error(`county ${counties[i]}'s generated roster was rejected (${outcome.import.errorCount} row errors)`);
          ids.push(outcome.import.versionId);
        }
        return ids;
      },
      (_ids, ms) => `${count(households)} households in ${countyCount} files (${perSecond(households, ms)}), drafts checked and sealed`,
    );

    // 2. List push: publish every county, the worker delivers to the banks and records what they acknowledged.
    const worker = await startWorker(createQueueBackend(backendOptionsOf(config, database.url)), quiet, {
      jobs: (queue) => createBankJobs({ config, logger: quiet, households: apps.households, loans: apps.loans, queue }),
    });
    let publishMs = 0;
    await step(
      'list push',
      async () => {
        const started = performance.now();
        for (const id of versionIds) await apps.households.rosterVersions.publish(ADMIN, id);
        publishMs = performance.now() - started;
        for (;;) {
          const lag = await apps.households.listDeliveries.lagByBank();
          // Deliveries are planned from the publications' outbox events by the worker: none may be pending.
          const [{ sent, pending }] = await householdsDb.query(
            `SELECT (SELECT count(*)::int FROM households.list_deliveries) AS sent,
                    (SELECT count(*)::int FROM households.outbox_events WHERE dispatched_at IS NULL) AS pending`,
          );
          const [{ recorded }] = await loansDb.query(`SELECT count(*)::int AS recorded FROM loans.received_list_deliveries`);
          if (lag.some((b) => b.parked > 0)) throw new Error(`a delivery was parked: ${JSON.stringify(lag)}`);
          if (pending === 0 && sent > 0 && lag.every((b) => b.unacknowledged === 0) && recorded === sent) return sent as number;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      (deliveries, ms) =>
        `${count(deliveries)} deliveries to ${BANKS.length} banks acknowledged and recorded (publish ${seconds(publishMs)}; ${perSecond(households, ms)} households)`,
    );
    await worker.close();

    // Set up (see the header): the lists' periods start on 1 January of the lending year.
    const listedSince = `${lendingDay.slice(0, 4)}-01-01`;
    const moved = await loansDb.query(`UPDATE loans.bank_list_members SET listed_from = $1 WHERE listed_from > $1`, [listedSince]);
    if (moved[1] !== households) throw new Error(`the banks' lists hold ${count(moved[1])} households, not the ${count(households)} published`);
    // As a province's lists would be after months on the hub: compact (the update above rewrote every row), their statistics current.
    await loansDb.query('VACUUM FULL ANALYZE loans.bank_list_members');
    console.log(`set up: ${count(moved[1])} list periods on the loans side dated from ${listedSince}`);

    // 3. Loan pull: the banks lend and live their books to today (the simulator's time, printed), then the hub pulls.
    let started = performance.now();
    let feedRecords = 0;
    for (const bank of BANKS) {
      feedRecords += (await sim(`/_sim/banks/${bank.code}/lend`, { share, asOf: lendingDay })).feedRecordsAdded;
      feedRecords += (await sim(`/_sim/banks/${bank.code}/advance`, { to: today })).feedRecordsAdded;
    }
    console.log(
      `the simulated banks lent from ${lendingDay} and lived to ${today}: ${count(feedRecords)} records in their feeds (${seconds(performance.now() - started)}, not the hub's)`,
    );
    const pulled = await step(
      'loan pull',
      async () => {
        const totals = await Promise.all(BANKS.map((bank) => pullLoanRecords(bank.code, { connector, ingest: apps.loans.ingest, pageSize: 5000 })));
        const [row] = await loansDb.query(
          `SELECT count(*)::int AS loans, count(*) FILTER (WHERE cardinality(flag_codes) > 0)::int AS flagged FROM loans.loans`,
        );
        return {
          received: totals.reduce((n, t) => n + t.received, 0),
          rejected: totals.reduce((n, t) => n + t.rejected, 0),
          loans: row.loans as number,
          flagged: row.flagged as number,
        };
      },
      (r, ms) => `${count(r.received)} records (${perSecond(r.received, ms)}), ${r.rejected} rejected; ${count(r.loans)} loans, ${count(r.flagged)} flagged`,
    );

    // Set up (see the header): a 一卡通 account per household at its township's bank.
    started = performance.now();
    await writeOneCardAccounts(apps.funds, householdsDb, fundsDb, bankOfTownship);
    console.log(`set up: ${count(households)} 一卡通 accounts written (${seconds(performance.now() - started)})`);

    // 4. The quarter, county by county as each finance bureau runs it.
    const runs = await step(
      'quarter compute',
      async () => {
        const computed = [];
        for (const county of counties) computed.push(await computeQuarterlySubsidy(apps, county, quarterName, 'bench'));
        return computed;
      },
      (computed, ms) => {
        const lines = computed.reduce((n, r) => n + r.lineCount, 0);
        const total = computed.reduce((sum, r) => sum.plus(r.totalSubsidy), new HubDecimal(0));
        return `${count(lines)} lines (${perSecond(lines, ms)}), ${total.toFixed(2)} yuan`;
      },
    );
    const { payouts } = apps.funds;
    const prepared = await step(
      'quarter batch',
      async () => {
        const all = [];
        for (const county of counties) all.push({ county, ...(await payouts.prepare(ADMIN, county, quarterName)) });
        return all;
      },
      (all) =>
        `${count(all.reduce((n, p) => n + p.batches.length, 0))} batches, ${count(all.reduce((n, p) => n + p.waiting.length, 0))} lines waiting for an account`,
    );
    await step(
      'quarter approve',
      async () => {
        let approved = 0;
        for (const [i, { county, batches }] of prepared.entries()) {
          await apps.funds.subsidyBudgets.record(ADMIN, {
            countyCode: county,
            year: Number(quarterName.slice(0, 4)),
            amount: runs[i].totalSubsidy.toFixed(2),
            effectiveDate: `${quarterName.slice(0, 4)}-01-15`,
            reference: `BENCH-BUDGET-${county}`,
          });
          for (const batch of batches) {
            await payouts.approve(approverOf(county), batch.id);
            approved++;
          }
        }
        return approved;
      },
      (approved) => `${count(approved)} batches approved against each county's budget, with their ledger entries`,
    );
    const payments = prepared.reduce((n, p) => n + p.batches.reduce((m, b) => m + b.lineCount, 0), 0);
    await step(
      'quarter send',
      () =>
        sendPayoutBatches(
          payouts,
          connector,
          prepared.flatMap((p) => p.batches.map((b) => b.id)),
        ),
      (_none, ms) => `${count(payments)} payments answered and recorded (${perSecond(payments, ms)}, the simulator's work included)`,
    );

    // 5. Reconciliation.
    await step(
      'reconcile',
      async () => {
        const results = [];
        for (const county of counties) results.push(await apps.funds.reconciliations.record(county, quarterName));
        return results;
      },
      (results) => {
        const balanced = results.filter((r) => r && r.differences.length === 0).length;
        const confirmed = results.reduce((sum, r) => (r ? sum.plus(r.confirmed) : sum), new HubDecimal(0));
        return `${balanced} of ${countyCount} counties balanced to the fen, ${confirmed.toFixed(2)} yuan confirmed`;
      },
    );
    clearInterval(sampler);

    const total = figures.reduce((ms, f) => ms + f.ms, 0);
    console.log(`\nend to end: ${seconds(total)} of the hub's work for ${count(households)} households and ${count(pulled.loans)} loans`);
    console.log('| step | time | what | database after |\n|---|---|---|---|');
    for (const f of figures) console.log(`| ${f.step} | ${seconds(f.ms)} | ${f.what} | ${megabytes(f.databaseBytes)} |`);
    const largest: { schema: string; name: string; bytes: number }[] = await householdsDb.query(
      `SELECT n.nspname AS schema, c.relname AS name, pg_total_relation_size(c.oid)::float8 AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname IN ('households', 'loans', 'funds') ORDER BY 3 DESC LIMIT 8`,
    );
    console.log(`largest tables: ${largest.map((t) => `${t.schema}.${t.name} ${megabytes(t.bytes)}`).join(', ')}`);
    const schemas: { schema: string; bytes: number }[] = await householdsDb.query(
      `SELECT n.nspname AS schema, sum(pg_total_relation_size(c.oid))::float8 AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname IN ('households', 'loans', 'funds') GROUP BY 1 ORDER BY 2 DESC`,
    );
    console.log(`by subgraph: ${schemas.map((s) => `${s.schema} ${megabytes(s.bytes)}`).join(', ')}`);
    console.log(`peak RSS of the hub's side: ${Math.round(Math.max(...rss) / 1024 / 1024)} MB`);
  } finally {
    clearInterval(sampler);
    await Promise.all([householdsDb.destroy(), loansDb.destroy(), fundsDb.destroy()]);
    simulator.stop();
    await database.finish({ keep: values.keep });
  }
}

/** One ACTIVE 一卡通 account per household at its township's bank, in chunks (set-up, see the header). */
async function writeOneCardAccounts(funds: FundsApp, householdsDb: DataSource, fundsDb: DataSource, bankOfTownship: Map<string, string>): Promise<void> {
  const sealed = sealedBenchCards(funds.pii);
  const chunk = 100_000;
  let after = '00000000-0000-0000-0000-000000000000';
  for (let written = 0; ;) {
    const rows: { id: string; county_code: string; township_code: string }[] = await householdsDb.query(
      `SELECT id, county_code, township_code FROM households.households WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, chunk],
    );
    if (rows.length === 0) return;
    await fundsDb.query(
      `INSERT INTO funds.one_card_accounts (household_id, county_code, issuing_bank_code, account_number_sealed, account_number_hash, holder_name_sealed, pii_key_id, status)
       SELECT h.id, h.county_code, h.bank, decode(s.number, 'base64'), s.hash, decode(s.name, 'base64'), s.key_id, 'ACTIVE'
       FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS h(id, county_code, bank, n)
       JOIN jsonb_to_recordset($4::jsonb) AS s(n int, number text, hash text, name text, key_id text) ON s.n = (h.n + $5) % 1000`,
      [rows.map((r) => r.id), rows.map((r) => r.county_code), rows.map((r) => bankOfTownship.get(r.township_code)!), JSON.stringify(sealed), written],
    );
    written += rows.length;
    after = rows[rows.length - 1].id;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
