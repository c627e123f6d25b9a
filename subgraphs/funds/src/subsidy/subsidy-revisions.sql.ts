/**
 * Recomputed quarters in SQL: what a recomputation changed against the run it replaces or
 * corrects, the adjustment lines a quarter's run carries for earlier quarters whose money was
 * approved before a correction found a different figure, and the netting of the overpayments
 * among them against the same households' lines.
 */
import Decimal from 'decimal.js';
import type { DataSource, QueryRunner } from 'typeorm';
import type { SubsidyRunRecord } from './subsidy-run.entity';
import { netOverpayments } from './domain/overpayment-netting';

/** A loan whose line differs between a recomputation and the run before it. */
export interface RunChange {
  loanId: string;
  contractNo: string;
  /** The line of the run before (0 when the loan had none). */
  previousSubsidy: Decimal;
  subsidy: Decimal;
  /** subsidy − previousSubsidy. */
  difference: Decimal;
  previousReason: string | null;
  reason: string | null;
}

export async function runChanges(dataSource: DataSource, runId: string, previousRunId: string): Promise<RunChange[]> {
  const rows: Record<string, any>[] = await dataSource.query(
    `SELECT coalesce(n.loan_id, o.loan_id) AS loan_id, coalesce(n.contract_no, o.contract_no) AS contract_no,
            coalesce(o.subsidy, 0)::text AS previous, coalesce(n.subsidy, 0)::text AS subsidy, o.reason AS previous_reason, n.reason AS reason
     FROM (SELECT * FROM funds.subsidy_lines WHERE run_id = $1 AND adjusts_quarter IS NULL) n
     FULL JOIN (SELECT * FROM funds.subsidy_lines WHERE run_id = $2 AND adjusts_quarter IS NULL) o ON o.loan_id = n.loan_id
     WHERE n.subsidy IS DISTINCT FROM o.subsidy OR n.reason IS DISTINCT FROM o.reason
     ORDER BY 2, 1`,
    [runId, previousRunId],
  );
  return rows.map((r) => {
    const previousSubsidy = new Decimal(r.previous);
    const subsidy = new Decimal(r.subsidy);
    return {
      loanId: r.loan_id,
      contractNo: r.contract_no,
      previousSubsidy,
      subsidy,
      difference: subsidy.minus(previousSubsidy),
      previousReason: r.previous_reason,
      reason: r.reason,
    };
  });
}

/**
 * Adds to a run about to be COMPUTED one adjustment line per loan and earlier quarter of the
 * county whose latest CORRECTION differs from what stands for it: the line of that quarter's paid
 * run plus the adjustments other standing runs already carry. Every loan of either side counts: a
 * loan the correction has no line for (it dropped it: no settlement in the window any more) stands
 * corrected to 0, so what was paid for it comes back as a negative adjustment. So a correction is
 * carried once (a recomputed carrying run supersedes its own lines), a second correction carries
 * only what the first did not, and the key (run, loan, adjusted quarter) makes a repeat add nothing.
 * A negative difference (too much was paid) is an overpayment, never a payment: `netOverpaymentsWithin`
 * nets it against the same household's lines of the run. Returns the number of lines added.
 */
export async function addAdjustmentLines(runner: QueryRunner, run: Pick<SubsidyRunRecord, 'id' | 'quarter' | 'countyCode'>): Promise<number> {
  const inserted: { n: number }[] = await runner.query(
    `WITH corrections AS (
       SELECT DISTINCT ON (quarter) id, quarter FROM funds.subsidy_runs
       WHERE county_code = $3 AND status = 'CORRECTION' AND quarter < $2
       ORDER BY quarter, revision DESC),
     corrected AS (
       SELECT c.quarter AS corrects, l.* FROM corrections c JOIN funds.subsidy_lines l ON l.run_id = c.id AND l.adjusts_quarter IS NULL),
     paid AS (
       SELECT l.* FROM funds.subsidy_runs r JOIN funds.subsidy_lines l ON l.run_id = r.id AND l.adjusts_quarter IS NULL
       WHERE r.county_code = $3 AND r.status = 'COMPUTED' AND r.quarter IN (SELECT quarter FROM corrections)),
     -- Per loan and quarter: what other standing runs carry already, with the latest such line (its loan's particulars).
     adjusted AS (
       SELECT DISTINCT ON (l.loan_id, l.adjusts_quarter) l.*, sum(l.subsidy) OVER (PARTITION BY l.loan_id, l.adjusts_quarter) AS carried
       FROM funds.subsidy_runs r JOIN funds.subsidy_lines l ON l.run_id = r.id
       WHERE r.county_code = $3 AND r.status = 'COMPUTED' AND r.id <> $1 AND l.adjusts_quarter IN (SELECT quarter FROM corrections)
       ORDER BY l.loan_id, l.adjusts_quarter, l.id DESC),
     -- Every loan of the corrected quarter on either side: in the correction, in the paid run, or adjusted since.
     affected AS (
       SELECT corrects AS quarter, loan_id FROM corrected
       UNION SELECT quarter, loan_id FROM paid
       UNION SELECT adjusts_quarter, loan_id FROM adjusted),
     differences AS (
       SELECT k.quarter, k.loan_id, c.id AS correction_line_id, p.id AS paid_line_id,
              coalesce(c.subsidy, 0) - coalesce(p.subsidy, 0) - coalesce(a.carried, 0) AS difference,
              coalesce(c.contract_no, p.contract_no, a.contract_no) AS contract_no, coalesce(c.bank_code, p.bank_code, a.bank_code) AS bank_code,
              coalesce(c.household_id, p.household_id, a.household_id) AS household_id, coalesce(c.township_code, p.township_code, a.township_code) AS township_code,
              coalesce(c.subsidy_ratio, p.subsidy_ratio, a.subsidy_ratio) AS subsidy_ratio, coalesce(c.subsidized_amount, p.subsidized_amount, a.subsidized_amount) AS subsidized_amount,
              coalesce(c.annual_rate, p.annual_rate, a.annual_rate) AS annual_rate, coalesce(c.flag_codes, p.flag_codes, a.flag_codes) AS flag_codes
       FROM affected k
       LEFT JOIN corrected c ON c.corrects = k.quarter AND c.loan_id = k.loan_id
       LEFT JOIN paid p ON p.quarter = k.quarter AND p.loan_id = k.loan_id
       LEFT JOIN adjusted a ON a.adjusts_quarter = k.quarter AND a.loan_id = k.loan_id),
     written AS (
       INSERT INTO funds.subsidy_lines (run_id, quarter, loan_id, contract_no, bank_code, household_id, township_code, interest_paid, overdue_interest_paid,
         subsidy_ratio, subsidy, reason, notes, eligible_interest, removed_by_cap, payments_in_window, subsidized_amount, annual_rate, flag_codes,
         adjusts_quarter, adjusts_line_id, correction_line_id)
       SELECT $1, $2, d.loan_id, d.contract_no, d.bank_code, d.household_id, d.township_code, 0, 0,
              d.subsidy_ratio, d.difference, 'ADJUSTMENT', ARRAY['ADJUSTMENT'], 0, 0, 0, d.subsidized_amount, d.annual_rate, d.flag_codes,
              d.quarter, d.paid_line_id, d.correction_line_id
       FROM differences d
       WHERE d.difference <> 0
       ORDER BY d.quarter, d.loan_id
       ON CONFLICT (run_id, loan_id, adjusts_quarter) WHERE adjusts_quarter IS NOT NULL DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [run.id, run.quarter, run.countyCode],
  );
  return inserted[0].n;
}

/**
 * Nets the run's overpayments (negative adjustment lines) against the same households' payable
 * lines of the run, by the pure rule (domain/overpayment-netting.ts): only households with an
 * overpayment are read (adjustments are few), and their lines' `netted` written in one statement.
 * Run before the run's totals are taken (`finishWithin`), in the transaction that freezes it.
 */
export async function netOverpaymentsWithin(runner: QueryRunner, runId: string): Promise<void> {
  // Two plain scans of the run's lines, not a semi-join: inside this transaction the statistics
  // know only earlier runs, so the planner expects this run to have ~1 line and picked a nested
  // loop that scanned the whole table once per line (a province's second county stalled for
  // minutes in bench:province).
  const owing: { household_id: string }[] = await runner.query(`SELECT DISTINCT household_id FROM funds.subsidy_lines WHERE run_id = $1 AND subsidy < 0`, [
    runId,
  ]);
  if (!owing.length) return;
  const rows: { id: string; household_id: string; subsidy: string }[] = await runner.query(
    `SELECT id, household_id, subsidy::text AS subsidy FROM funds.subsidy_lines WHERE run_id = $1 AND household_id = ANY($2::uuid[]) ORDER BY id`,
    [runId, owing.map((o) => o.household_id)],
  );
  const { netted } = netOverpayments(rows.map((r) => ({ id: r.id, householdId: r.household_id, subsidy: new Decimal(r.subsidy) })));
  if (!netted.size) return;
  await runner.query(
    `UPDATE funds.subsidy_lines l SET netted = n.netted FROM unnest($2::bigint[], $3::numeric[]) AS n(id, netted) WHERE l.run_id = $1 AND l.id = n.id`,
    [runId, [...netted.keys()], [...netted.values()].map((amount) => amount.toFixed(2))],
  );
}

/** A household's overpayment in a run that netting did not cover: what is left to recover from it. */
export interface Receivable {
  lineId: string;
  loanId: string;
  contractNo: string;
  householdId: string;
  adjustsQuarter: string;
  /** The overpayment (positive). */
  overpaid: Decimal;
  /** Recovered of it in this run, from the household's payable lines. */
  netted: Decimal;
  /** overpaid − netted. */
  receivable: Decimal;
}

/** The run's overpayments with something left to recover, in line order. */
/** The receivables of many runs in one statement (each with its run), in line order. */
export async function runReceivables(dataSource: DataSource, runIds: readonly string[]): Promise<(Receivable & { runId: string })[]> {
  const rows: Record<string, any>[] = await dataSource.query(
    `SELECT id, run_id, loan_id, contract_no, household_id, adjusts_quarter, (-subsidy)::text AS overpaid, netted::text AS netted, (-subsidy - netted)::text AS receivable
     FROM funds.subsidy_lines WHERE run_id = ANY($1::uuid[]) AND subsidy < 0 AND -subsidy - netted > 0 ORDER BY id`,
    [runIds],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    lineId: r.id,
    loanId: r.loan_id,
    contractNo: r.contract_no,
    householdId: r.household_id,
    adjustsQuarter: r.adjusts_quarter,
    overpaid: new Decimal(r.overpaid),
    netted: new Decimal(r.netted),
    receivable: new Decimal(r.receivable),
  }));
}
