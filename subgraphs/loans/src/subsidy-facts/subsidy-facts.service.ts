/**
 * The loans side of the quarterly subsidy: every loan of a county with interest settled in the
 * window, and those settlements, as two COPY streams (contracts/subsidy/loan-subsidy-facts.ts) read
 * in one snapshot. Set-based: a county of a million loans is two statements, streamed.
 */
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { SubsidyFactsRequest } from '../../../../contracts/subsidy/loan-subsidy-facts';
import type { PolicyDataService } from '../policy-data/policy-data.service';
import { COUNTY_CODE } from '../../../../common/codes';
import { BULK_WORK_MEM, pgClientOf } from '../../../../common/db/pg-client';
import { isIsoDate } from '../../../../common/domain/calendar-date';

export class SubsidyFactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policyData: PolicyDataService,
  ) {}

  /**
   * Streams the facts into the writables `into` opens (the funds side's COPY FROM STDIN), loans
   * first. COPY takes no bind parameters: the county and the dates go into the SQL as literals
   * after being checked to be exactly a county code and real dates (the planner needs them as
   * constants to hash the window's settlements; through a joined table it probed them per loan).
   */
  async copyFacts(request: SubsidyFactsRequest, into: (kind: 'loans' | 'payments') => Writable): Promise<void> {
    const { countyCode, window } = request;
    if (!COUNTY_CODE.test(countyCode)) throw new RangeError(`county code "${countyCode}" is not 6 digits`);
    // A real day, not only its shape: Date.parse takes 2025-02-30, which would fail only inside the COPY.
    for (const day of [window.start, window.end]) if (!isIsoDate(day)) throw new RangeError(`"${day}" is not a real YYYY-MM-DD date`);
    const ratios = (await this.policyData.load({ fresh: true })).versions.map((v) => ({ id: v.id, ratio: v.rules.subsidyRatio.toFixed() }));
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // One snapshot for both streams.
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      // A county's loans are hashed in memory (the 4 MB default spills); JIT only costs here.
      await runner.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
      await runner.query('SET LOCAL jit = off');
      await runner.query(
        `CREATE TEMP TABLE subsidy_facts_ratios ON COMMIT DROP AS SELECT * FROM unnest($1::text[], $2::numeric[]) AS r(policy_version_id, ratio)`,
        [ratios.map((r) => r.id), ratios.map((r) => r.ratio)],
      );
      await runner.query('ANALYZE subsidy_facts_ratios');
      const client = pgClientOf(runner);
      const inWindow = `p.settlement_date BETWEEN DATE '${window.start}' AND DATE '${window.end}'`;
      // Columns in the order of LOAN_FACT_COLUMNS and PAYMENT_FACT_COLUMNS.
      const loans = `
        SELECT l.id AS loan_id, l.contract_no, l.bank_code, l.household_id, l.township_code, l.amount, l.subsidized_amount, l.annual_rate, l.flag_codes,
               l.converted_to_farmer_loan, coalesce(r.ratio, 1) AS subsidy_ratio
        FROM loans.loans l
        LEFT JOIN subsidy_facts_ratios r ON r.policy_version_id = l.policy_version_id
        WHERE l.county_code = '${countyCode}' AND l.id IN (SELECT p.loan_id FROM loans.loan_interest_payments p WHERE ${inWindow})`;
      const payments = `
        SELECT p.loan_id, p.period_start, p.settlement_date, p.interest_paid, p.overdue_interest_paid
        FROM loans.loan_interest_payments p JOIN loans.loans l ON l.id = p.loan_id
        WHERE l.county_code = '${countyCode}' AND ${inWindow}`;
      // A loan checked against no policy is flagged NO_POLICY and gets nothing whatever its ratio.
      const stream = (sql: string): Readable => client.query(copyTo(`COPY (${sql}) TO STDOUT`));
      await pipeline(stream(loans), into('loans'));
      await pipeline(stream(payments), into('payments'));
      await runner.query('COMMIT');
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Counties with loans that settled interest in the window: the quarterly job computes each. */
  async counties(window: { start: string; end: string }): Promise<string[]> {
    const rows: { county_code: string }[] = await this.dataSource.query(
      `SELECT DISTINCT l.county_code FROM loans.loans l JOIN loans.loan_interest_payments p ON p.loan_id = l.id
       WHERE p.settlement_date BETWEEN $1::date AND $2::date ORDER BY 1`,
      [window.start, window.end],
    );
    return rows.map((r) => r.county_code);
  }
}
