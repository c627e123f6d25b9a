/**
 * npm run bench:subsidy [-- --loans 1000000 --county 532301]
 *
 * The quarterly subsidy at a county's full size, on a scratch database beside DATABASE_URL (or an
 * embedded PostgreSQL), paid through the bank simulator (its own process) over real HTTP:
 *   1. N loans over the county's townships and 5 banks, each with the interest it settled in
 *      2025Q3 (some above 50,000, some flagged, some with overdue interest), and a 一卡通
 *      account per household (a few frozen), written straight into the tables (setup, not timed);
 *   2. compute: the loans side's facts → the funds side's lines, through the job's own code;
 *   3. batch: DRAFT batches per issuing bank (5,000 lines each);            target 2 + 3 ≤ 30 s
 *   4. approve every batch (the finance bureau's step, with its ledger entries);
 *   5. send: every batch to its bank and the answers recorded, 4 at a time (the worker's concurrency);
 *   6. reconcile the quarter (computed, instructed, confirmed, ledger) and record it.
 *                                                                            target 6 (1M results) ≤ 20 s
 * Prints the figures; asserts nothing.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { Caller } from '../common/auth/caller';
import { BENCH_BANKS as BANKS, sealedBenchCards, sendPayoutBatches, startBenchBanks } from './bench-banks';
import { openBenchDatabase } from './bench-database';
import { createLogger } from '../common/logger';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import { computeQuarterlySubsidy } from '../queues/src/jobs/subsidy-jobs';
import { fundsSubgraph } from '../subgraphs/funds/src';
import { loadCountyRegions } from '../subgraphs/households/src/households.app';
import { loansSubgraph } from '../subgraphs/loans/src';

const FINANCE: Caller = { subject: 'bench-finance', role: 'admin', counties: [], bank: null };
/** Four eyes: another person, of the county's finance bureau, approves what FINANCE prepared. */
const approverOf = (countyCode: string): Caller => ({ subject: 'bench-finance-approver', role: 'finance', counties: [countyCode], bank: null });
const QUARTER = '2025Q3';
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;

async function timed<T>(label: string, run: () => Promise<T>, describe: (result: T, ms: number) => string): Promise<{ result: T; ms: number }> {
  process.stdout.write(`${label.padEnd(10)} … `);
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  console.log(`${seconds(ms).padStart(9)}  ${describe(result, ms)}`);
  return { result, ms };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { loans: { type: 'string' }, county: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(
      'usage: npm run bench:subsidy [-- --loans 1000000 --county 532301 --keep]\n  needs nothing; uses a scratch database beside DATABASE_URL (kept for inspection with --keep), or an embedded PostgreSQL',
    );
    return;
  }
  const loanCount = Number(values.loans ?? 1_000_000);
  if (!Number.isInteger(loanCount) || loanCount < 1) throw new Error(`--loans must be a positive whole number, not ${values.loans}`);
  const countyCode = values.county ?? '532301';
  const quiet = createLogger({ service: 'bench' }, 'error', () => undefined);
  const database = await openBenchDatabase('subsidy', quiet);
  const { simulator, config, connector } = await startBenchBanks(database.url, 'subsidy');
  const loans = await createDataSourceFor(loansSubgraph, database.url, { poolSize: 4 }).initialize();
  const funds = await createDataSourceFor(fundsSubgraph, database.url, { poolSize: 8 }).initialize();
  try {
    await migrate(loansSubgraph, loans);
    await migrate(fundsSubgraph, funds);
    const apps = {
      loans: loansSubgraph.createApp({ dataSource: loans, config, logger: quiet }),
      funds: fundsSubgraph.createApp({ dataSource: funds, config, logger: quiet }),
    };
    const { pii } = apps.funds;
    await apps.loans.loadDemo({ banks: BANKS, listed: [], loans: [] });
    await apps.loans.seed();
    const townships = (await loadCountyRegions(countyCode)).filter((r) => r.level === 'township').map((r) => r.code);
    const [{ id: policyVersionId }] = await loans.query(`SELECT id FROM loans.loan_policy_versions ORDER BY effective_from DESC LIMIT 1`);

    console.log(`bench:subsidy — ${loanCount.toLocaleString('en-US')} loans in county ${countyCode}, quarter ${QUARTER} (settlements 2025-06-21..2025-09-20)`);
    await timed(
      'setup',
      async () => {
        // Loan i: 10,000–80,000 (an eighth above 50,000), 3.45 %; 1 in 100 flagged, 1 in 50 with overdue interest.
        await loans.query(
          `INSERT INTO loans.loans (contract_no, bank_code, household_id, county_code, township_code, amount, annual_rate, term_months, contract_date, maturity_date,
             status, status_date, record_version, borrower_id_hash, borrower_id_masked, subsidized_amount, outstanding_principal, purpose_category, renewal_count,
             insured, converted_to_farmer_loan, flag_codes, flags, payment_count, policy_version_id)
           SELECT 'BENCH-' || i, ($2::text[])[1 + i % 5], md5('household-' || i)::uuid, $1, ($3::text[])[1 + i % cardinality($3::text[])],
             a.amount, 0.0345, 36, DATE '2025-01-10', DATE '2028-01-10', 'DISBURSED', DATE '2025-01-10', 1,
             encode(sha256(('bench-' || i)::bytea), 'hex'), '532301********' || lpad((i % 10000)::text, 4, '0'), least(a.amount, 50000), a.amount, 'PLANTING', 0,
             false, false, CASE WHEN i % 100 = 0 THEN ARRAY['RATE_ABOVE_LPR'] ELSE ARRAY[]::text[] END, '[]'::jsonb, 1, $4
           FROM generate_series(1, $5::int) AS i, LATERAL (SELECT (10000 + (i::bigint * 7919) % 71 * 1000)::numeric AS amount) a`,
          [countyCode, BANKS.map((b) => b.code), townships, policyVersionId, loanCount],
        );
        await loans.query(
          `INSERT INTO loans.loan_interest_payments (loan_id, settlement_date, period_start, interest_paid, overdue_interest_paid, record_version)
           SELECT id, DATE '2025-09-20', DATE '2025-06-21', round(amount * 0.0345 / 360 * 92, 2),
             CASE WHEN substr(contract_no, 7)::int % 50 = 0 THEN 12.50 ELSE 0 END, 1
           FROM loans.loans WHERE county_code = $1`,
          [countyCode],
        );
        // One 一卡通 account per household at the bank of its loan; 1 in 200 frozen. The card numbers
        // repeat every 1,000 households (sealing a million is setup time, not the subsidy's).
        const sealed = sealedBenchCards(pii);
        await funds.query(
          `INSERT INTO funds.one_card_accounts (household_id, county_code, issuing_bank_code, account_number_sealed, account_number_hash, holder_name_sealed, pii_key_id, status)
           SELECT md5('household-' || i)::uuid, $1, ($2::text[])[1 + i % 5], decode(s.number, 'base64'), s.hash, decode(s.name, 'base64'), s.key_id,
             CASE WHEN i % 200 = 7 THEN 'FROZEN' ELSE 'ACTIVE' END
           FROM generate_series(1, $3::int) AS i
           JOIN jsonb_to_recordset($4::jsonb) AS s(n int, number text, hash text, name text, key_id text) ON s.n = i % 1000`,
          [countyCode, BANKS.map((b) => b.code), loanCount, JSON.stringify(sealed)],
        );
        await loans.query('ANALYZE loans.loans; ANALYZE loans.loan_interest_payments');
        await funds.query('ANALYZE funds.one_card_accounts');
      },
      () => `${loanCount.toLocaleString('en-US')} loans, their interest and accounts written`,
    );

    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 250);
    const compute = await timed(
      'compute',
      () => computeQuarterlySubsidy(apps, countyCode, QUARTER, 'bench'),
      (run, ms) => `${run.lineCount.toLocaleString('en-US')} lines (${perSecond(run.lineCount, ms)}), ${run.totalSubsidy.toFixed(2)} yuan`,
    );
    const { payouts } = apps.funds;
    const batch = await timed(
      'batch',
      () => payouts.prepare(FINANCE, countyCode, QUARTER),
      (prepared) =>
        `${prepared.batches.length} batches of at most 5,000 lines, ${prepared.waiting.length.toLocaleString('en-US')} lines waiting (frozen accounts)`,
    );
    // The write floor of the same run: its lines and instructions written again, in one go each, into
    // ordinary heaps with no index, trigger or check, committed (then dropped). What compute and batch add on top is the
    // computing, the indexes and the set-based checks. (The floor also counts the compute
    // with nothing written, which needs the compute's SQL as a read-only query: not measured here.)
    const floor = await timed(
      'floor',
      () =>
        funds.transaction(async (manager) => {
          // Ordinary (WAL-logged, durable) tables like the real ones, not temp ones: the floor of a durable write.
          await manager.query('CREATE TABLE funds.bench_floor_lines (LIKE funds.subsidy_lines)');
          await manager.query('CREATE TABLE funds.bench_floor_instructions (LIKE funds.payout_instructions)');
          const [{ lines }] = await manager.query(
            'WITH copied AS (INSERT INTO funds.bench_floor_lines SELECT * FROM funds.subsidy_lines WHERE run_id = $1 RETURNING 1) SELECT count(*)::int AS lines FROM copied',
            [compute.result.id],
          );
          const [{ instructions }] = await manager.query(
            `WITH copied AS (INSERT INTO funds.bench_floor_instructions SELECT i.* FROM funds.payout_instructions i JOIN funds.payout_batches b ON b.id = i.batch_id WHERE b.run_id = $1 RETURNING 1)
             SELECT count(*)::int AS instructions FROM copied`,
            [compute.result.id],
          );
          await manager.query('DROP TABLE funds.bench_floor_lines, funds.bench_floor_instructions');
          return { lines: lines as number, instructions: instructions as number };
        }),
      (copied) =>
        `${copied.lines.toLocaleString('en-US')} lines and ${copied.instructions.toLocaleString('en-US')} instructions written again to plain tables (no index, trigger or check)`,
    );
    console.log(
      `           compute + batch = ${seconds(compute.ms + batch.ms)} (target ≤ 30 s); write floor ${seconds(floor.ms)}, ratio ${((compute.ms + batch.ms) / floor.ms).toFixed(1)}×`,
    );
    // The year's budget the approvals draw from: the quarter's whole subsidy.
    await apps.funds.subsidyBudgets.record(FINANCE, {
      countyCode,
      year: Number(QUARTER.slice(0, 4)),
      amount: compute.result.totalSubsidy.toFixed(2),
      effectiveDate: '2025-01-15',
      reference: 'BENCH-BUDGET-2025',
    });
    const approver = approverOf(countyCode);
    await timed(
      'approve',
      async () => {
        for (const b of batch.result.batches) await payouts.approve(approver, b.id);
        return batch.result.batches.length;
      },
      (n, ms) => `${n} batches approved, each checked against the budget and with its ledger entry (${(ms / n).toFixed(1)} ms a batch)`,
    );
    const lines = batch.result.batches.reduce((n, b) => n + b.lineCount, 0);
    await timed(
      'send',
      () =>
        sendPayoutBatches(
          payouts,
          connector,
          batch.result.batches.map((b) => b.id),
        ),
      (_result, ms) => `${lines.toLocaleString('en-US')} payments answered and recorded (${perSecond(lines, ms)}, the simulator's work included)`,
    );
    const reconcile = await timed(
      'reconcile',
      () => apps.funds.reconciliations.record(countyCode, QUARTER),
      (r) =>
        `computed ${r!.computed.toFixed(2)}, confirmed ${r!.confirmed.toFixed(2)}, ledger ${r!.ledgerConfirmed.toFixed(2)}, ${r!.differences.length.toLocaleString('en-US')} differences`,
    );
    clearInterval(sampler);
    console.log(`           reconcile = ${seconds(reconcile.ms)} (target ≤ 20 s for 1M results)`);
    console.log(`peak RSS of the hub's side: ${Math.round(Math.max(...rss) / 1024 / 1024)} MB`);
  } finally {
    await loans.destroy();
    await funds.destroy();
    simulator.stop();
    await database.finish({ keep: values.keep });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
