/**
 * Recomputed quarters in SQL: what a recomputation changed against the run it replaces or
 * corrects, and the adjustment lines a quarter's run carries for earlier quarters whose money
 * was approved before a correction found a different figure.
 */
import Decimal from 'decimal.js';
import type { DataSource, QueryRunner } from 'typeorm';
import type { SubsidyRunRecord } from './subsidy-run.entity';

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
 * run plus the adjustments other standing runs already carry. So a correction is carried once
 * (a recomputed carrying run supersedes its own lines), a second correction carries only what the
 * first did not, and the key (run, loan, adjusted quarter) makes a repeat add nothing. A negative
 * difference (too much was paid) is recorded as such and never paid (batches take lines above 0).
 * Returns the number of lines added.
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
       SELECT l.id, l.loan_id, l.quarter, l.subsidy FROM funds.subsidy_runs r JOIN funds.subsidy_lines l ON l.run_id = r.id AND l.adjusts_quarter IS NULL
       WHERE r.county_code = $3 AND r.status = 'COMPUTED' AND r.quarter IN (SELECT quarter FROM corrections)),
     adjusted AS (
       SELECT l.loan_id, l.adjusts_quarter, sum(l.subsidy) AS subsidy FROM funds.subsidy_runs r JOIN funds.subsidy_lines l ON l.run_id = r.id
       WHERE r.county_code = $3 AND r.status = 'COMPUTED' AND r.id <> $1 AND l.adjusts_quarter IN (SELECT quarter FROM corrections)
       GROUP BY l.loan_id, l.adjusts_quarter),
     written AS (
       INSERT INTO funds.subsidy_lines (run_id, quarter, loan_id, contract_no, bank_code, household_id, township_code, interest_paid, overdue_interest_paid,
         subsidy_ratio, subsidy, reason, notes, eligible_interest, removed_by_cap, payments_in_window, subsidized_amount, annual_rate, flag_codes,
         adjusts_quarter, adjusts_line_id, correction_line_id)
       SELECT $1, $2, c.loan_id, c.contract_no, c.bank_code, c.household_id, c.township_code, 0, 0,
              c.subsidy_ratio, c.subsidy - coalesce(p.subsidy, 0) - coalesce(a.subsidy, 0), 'ADJUSTMENT', ARRAY['ADJUSTMENT'], 0, 0, 0, c.subsidized_amount, c.annual_rate, c.flag_codes,
              c.corrects, p.id, c.id
       FROM corrected c
       LEFT JOIN paid p ON p.loan_id = c.loan_id AND p.quarter = c.corrects
       LEFT JOIN adjusted a ON a.loan_id = c.loan_id AND a.adjusts_quarter = c.corrects
       WHERE c.subsidy - coalesce(p.subsidy, 0) - coalesce(a.subsidy, 0) <> 0
       ORDER BY c.corrects, c.loan_id
       ON CONFLICT (run_id, loan_id, adjusts_quarter) WHERE adjusts_quarter IS NOT NULL DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [run.id, run.quarter, run.countyCode],
  );
  return inserted[0].n;
}
