/**
 * The quarterly subsidy in SQL, for volume: the same rule as the pure module
 * (domain/compute-subsidy.ts, which documents it and is the reference), over every loan of a
 * county at once. test/integration/subsidy-sql-parity.test.ts runs both over thousands of generated
 * loans and the hand-computed cases and requires the same subsidy, reasons and figures.
 *
 * Exactness: like the module, it sums each line's payments as fractions over 360 × amount and
 * divides once, at 30 places: a line that is exactly a half fen (86.9533… × 0.75 = 65.215) is
 * computed as one and rounds up; dividing per payment first would make it 65.2149… and lose a fen.
 */
import type { QueryRunner } from 'typeorm';
import type { SubsidyRunRecord } from './subsidy-run.entity';

/**
 * Temporary tables (dropped at commit) that the job's COPY streams fill, in the columns of
 * contracts/subsidy/loan-subsidy-facts.ts. No index: they are read once, by hash joins, and a loan
 * comes once (the loans side's primary key).
 */
export async function createFactStaging(runner: QueryRunner): Promise<void> {
  await runner.query(
    `CREATE TEMP TABLE subsidy_fact_loans (
       loan_id uuid NOT NULL, contract_no text NOT NULL, bank_code text NOT NULL, household_id uuid NOT NULL, township_code text NOT NULL,
       amount numeric NOT NULL CHECK (amount > 0), subsidized_amount numeric NOT NULL CHECK (subsidized_amount >= 0 AND subsidized_amount <= amount),
       annual_rate numeric NOT NULL CHECK (annual_rate >= 0 AND annual_rate < 1), flag_codes text[] NOT NULL, converted_to_farmer_loan boolean NOT NULL,
       subsidy_ratio numeric NOT NULL CHECK (subsidy_ratio >= 0 AND subsidy_ratio <= 1)
     ) ON COMMIT DROP`,
  );
  await runner.query(
    `CREATE TEMP TABLE subsidy_fact_payments (
       loan_id uuid NOT NULL, period_start date NOT NULL, settlement_date date NOT NULL CHECK (period_start <= settlement_date),
       interest_paid numeric NOT NULL CHECK (interest_paid >= 0), overdue_interest_paid numeric NOT NULL CHECK (overdue_interest_paid >= 0)
     ) ON COMMIT DROP`,
  );
}

/**
 * One line per staged loan (lines already stored for the loan in this run are kept as they are).
 * Per payment in the window: subsidized principal = min(subsidized amount, amount); share = interest
 * × subsidized / amount; cap = subsidized × rate × days / 360; eligible = Σ min(share, cap); the
 * line's subsidy = round(eligible × ratio, 2), half up. Exclusions and reasons as in the module.
 */
export async function computeLinesFromStaging(
  runner: QueryRunner,
  run: Pick<SubsidyRunRecord, 'id' | 'quarter' | 'windowStart' | 'windowEnd'>,
): Promise<number> {
  await runner.query('ANALYZE subsidy_fact_loans');
  await runner.query('ANALYZE subsidy_fact_payments');
  const inserted: { n: number }[] = await runner.query(
    `WITH paid AS (
       -- Over the common denominator 360 × amount, exactly as the module: share = paid × S × 360,
       -- cap = S × rate × days × amount; the line divides once, at the end.
       SELECT p.loan_id, count(*)::int AS payments, sum(p.interest_paid) AS interest_paid, sum(p.overdue_interest_paid) AS overdue_paid,
              sum(least(c.share, c.cap)) AS eligible_numerator, sum(greatest(c.share - c.cap, 0)) AS removed_numerator,
              bool_or(c.subsidized_principal < f.amount AND p.interest_paid > 0) AS partly_subsidized
       FROM subsidy_fact_payments p
       JOIN subsidy_fact_loans f ON f.loan_id = p.loan_id
       CROSS JOIN LATERAL (SELECT least(f.subsidized_amount, f.amount) AS subsidized_principal) s
       CROSS JOIN LATERAL (
         SELECT s.subsidized_principal,
                p.interest_paid * s.subsidized_principal * 360 AS share,
                s.subsidized_principal * f.annual_rate * (p.settlement_date - p.period_start + 1) * f.amount AS cap) c
       WHERE p.settlement_date BETWEEN $3::date AND $4::date
       GROUP BY p.loan_id),
     judged AS (
       SELECT f.*, coalesce(paid.payments, 0) AS payments, coalesce(paid.interest_paid, 0) AS interest_paid, coalesce(paid.overdue_paid, 0) AS overdue_paid,
              coalesce(paid.eligible_numerator, 0) AS eligible_numerator, coalesce(paid.removed_numerator, 0) AS removed_numerator, 360 * f.amount AS denominator,
              coalesce(paid.partly_subsidized, false) AS partly_subsidized,
              f.converted_to_farmer_loan OR 'CONVERTED_TO_FARMER_LOAN' = ANY (f.flag_codes) AS converted,
              'OFF_LIST_AT_CONTRACT' = ANY (f.flag_codes) AS off_list,
              array_remove(array_remove(f.flag_codes, 'CONVERTED_TO_FARMER_LOAN'), 'OFF_LIST_AT_CONTRACT') AS other_flags
       FROM subsidy_fact_loans f LEFT JOIN paid ON paid.loan_id = f.loan_id),
     noted AS (
       SELECT j.*,
              CASE
                WHEN j.converted OR j.off_list OR cardinality(j.other_flags) > 0 THEN array_remove(ARRAY[
                  CASE WHEN j.converted THEN 'CONVERTED_TO_FARMER_LOAN' END,
                  CASE WHEN j.off_list THEN 'OFF_LIST_AT_CONTRACT' END,
                  CASE WHEN cardinality(j.other_flags) > 0 THEN 'FLAGGED' END], NULL)
                WHEN j.interest_paid = 0 AND j.overdue_paid = 0 THEN ARRAY['NO_INTEREST_PAID']
                ELSE array_remove(ARRAY[
                  CASE WHEN j.overdue_paid > 0 THEN 'OVERDUE_INTEREST_EXCLUDED' END,
                  CASE WHEN j.partly_subsidized THEN 'ABOVE_SUBSIDIZED_PRINCIPAL' END,
                  CASE WHEN j.removed_numerator >= 0.01 * j.denominator THEN 'ABOVE_CONTRACT_RATE' END], NULL)
              END AS notes,
              j.converted OR j.off_list OR cardinality(j.other_flags) > 0 AS excluded
       FROM judged j),
     written AS (
       INSERT INTO funds.subsidy_lines (run_id, quarter, loan_id, contract_no, bank_code, household_id, township_code, interest_paid, overdue_interest_paid,
         subsidy_ratio, subsidy, reason, notes, eligible_interest, removed_by_cap, payments_in_window, subsidized_amount, annual_rate, flag_codes)
       SELECT $1, $2, n.loan_id, n.contract_no, n.bank_code, n.household_id, n.township_code, n.interest_paid, n.overdue_paid,
              n.subsidy_ratio,
              -- At 30 places an exact half fen is exact, and nothing else comes near one.
              CASE WHEN n.excluded THEN 0 ELSE round((n.eligible_numerator * n.subsidy_ratio)::numeric(70, 30) / n.denominator, 2) END,
              n.notes[1], n.notes,
              CASE WHEN n.excluded THEN 0 ELSE n.eligible_numerator::numeric(70, 30) / n.denominator END,
              n.removed_numerator::numeric(70, 30) / n.denominator, n.payments, n.subsidized_amount, n.annual_rate, n.other_flags
       FROM noted n
       ORDER BY n.loan_id
       ON CONFLICT (run_id, loan_id) WHERE adjusts_quarter IS NULL DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [run.id, run.quarter, run.windowStart, run.windowEnd],
  );
  return inserted[0].n;
}
