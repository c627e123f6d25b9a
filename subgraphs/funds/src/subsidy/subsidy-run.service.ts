/**
 * The funds side of the quarterly subsidy: a run per county and quarter, its lines computed from
 * the loans side's facts (passed in, never read from the loans tables) by the pure module, and
 * its totals. Idempotent: lines are unique per (loan, quarter), so a run restarted after a crash
 * adds only what is missing, and a COMPUTED run is frozen.
 */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { parseDecimal } from '../../../../common/money';
import type { LoanSubsidyFacts } from '../../../../common/subsidy/loan-subsidy-facts';
import { computeSubsidy } from './domain/compute-subsidy';
import { formatQuarter, parseQuarter, settlementWindow, type SettlementWindow } from './domain/settlement-window';
import { SubsidyLineRecord } from './subsidy-line.entity';
import { SubsidyRunRecord } from './subsidy-run.entity';

export class SubsidyAccessError extends Error {}

export class SubsidyRunService {
  constructor(private readonly dataSource: DataSource) {}

  /** The quarter's window (the settlement rule is the national default until regions configure theirs). */
  window(quarter: string): SettlementWindow {
    return settlementWindow(parseQuarter(quarter));
  }

  /** Opens the county's run for the quarter, or returns the one there is. */
  async open(countyCode: string, quarterText: string, requestedBy: string): Promise<SubsidyRunRecord> {
    const quarter = formatQuarter(parseQuarter(quarterText));
    const window = this.window(quarter);
    await this.dataSource.query(
      `INSERT INTO funds.subsidy_runs (county_code, quarter, window_start, window_end, status, requested_by)
       VALUES ($1, $2, $3, $4, 'COMPUTING', $5) ON CONFLICT (county_code, quarter) DO NOTHING`,
      [countyCode, quarter, window.start, window.end, requestedBy],
    );
    return this.dataSource.getRepository(SubsidyRunRecord).findOneByOrFail({ countyCode, quarter });
  }

  /** Computes and stores the lines of one page of facts; lines already there are left as they are. */
  async recordFacts(run: SubsidyRunRecord, facts: LoanSubsidyFacts[]): Promise<number> {
    if (run.status === 'COMPUTED') return 0;
    const window = this.window(run.quarter);
    const rows = facts.map((f) => {
      const ratio = parseDecimal(f.subsidyRatio);
      const line = computeSubsidy(
        {
          loanId: f.loanId,
          contractNo: f.contractNo,
          amount: parseDecimal(f.amount),
          subsidizedAmount: parseDecimal(f.subsidizedAmount),
          annualRate: parseDecimal(f.annualRate),
          flags: f.flags.filter((code) => code !== 'OFF_LIST_AT_CONTRACT'),
          convertedToFarmerLoan: f.convertedToFarmerLoan,
          onListAtContract: !f.flags.includes('OFF_LIST_AT_CONTRACT'),
          payments: f.payments.map((p) => ({
            periodStart: p.periodStart,
            settlementDate: p.settlementDate,
            interestPaid: parseDecimal(p.interestPaid),
            overdueInterestPaid: parseDecimal(p.overdueInterestPaid),
          })),
        },
        { window, subsidyRatio: ratio },
      );
      return {
        run_id: run.id,
        quarter: run.quarter,
        loan_id: f.loanId,
        contract_no: f.contractNo,
        bank_code: f.bankCode,
        household_id: f.householdId,
        township_code: f.townshipCode,
        interest_paid: line.interestPaidInWindow.toFixed(2),
        overdue_interest_paid: line.overdueInterestPaidInWindow.toFixed(2),
        subsidy_ratio: ratio.toFixed(4),
        subsidy: line.subsidy.toFixed(2),
        reason: line.reason,
        notes: line.notes,
        detail: line.detail.slice(0, 500),
      };
    });
    if (rows.length === 0) return 0;
    const inserted = await this.dataSource.query(
      `INSERT INTO funds.subsidy_lines (run_id, quarter, loan_id, contract_no, bank_code, household_id, township_code, interest_paid,
         overdue_interest_paid, subsidy_ratio, subsidy, reason, notes, detail)
       SELECT r.run_id, r.quarter, r.loan_id, r.contract_no, r.bank_code, r.household_id, r.township_code, r.interest_paid,
         r.overdue_interest_paid, r.subsidy_ratio, r.subsidy, r.reason, r.notes, r.detail
       FROM jsonb_to_recordset($1::jsonb) AS r(run_id uuid, quarter text, loan_id uuid, contract_no text, bank_code text, household_id uuid,
         township_code text, interest_paid numeric, overdue_interest_paid numeric, subsidy_ratio numeric, subsidy numeric, reason text, notes text[], detail text)
       ON CONFLICT (loan_id, quarter) DO NOTHING RETURNING id`,
      [JSON.stringify(rows)],
    );
    return inserted.length;
  }

  /** Freezes the run with totals that are exactly the sum of its lines. */
  async finish(run: SubsidyRunRecord): Promise<SubsidyRunRecord> {
    await this.dataSource.query(
      `UPDATE funds.subsidy_runs r SET status = 'COMPUTED', computed_at = now(), line_count = t.n, total_interest = t.interest, total_subsidy = t.subsidy
       FROM (SELECT count(*)::int AS n, coalesce(sum(interest_paid), 0) AS interest, coalesce(sum(subsidy), 0) AS subsidy FROM funds.subsidy_lines WHERE run_id = $1) t
       WHERE r.id = $1 AND r.status = 'COMPUTING'`,
      [run.id],
    );
    return this.dataSource.getRepository(SubsidyRunRecord).findOneByOrFail({ id: run.id });
  }

  /** Finance and bureaus of the county, and admins, see its runs. */
  async run(caller: Caller, countyCode: string, quarter: string): Promise<SubsidyRunRecord | null> {
    assertCountyReader(caller, countyCode);
    return this.dataSource.getRepository(SubsidyRunRecord).findOneBy({ countyCode, quarter: formatQuarter(parseQuarter(quarter)) });
  }

  /** A run's lines in loan order, keyset on the line id. */
  async lines(runId: string, size: number, afterId: string | null, onlyPayable: boolean): Promise<SubsidyLineRecord[]> {
    const query = this.dataSource.getRepository(SubsidyLineRecord).createQueryBuilder('l').where('l.runId = :runId', { runId });
    if (afterId) query.andWhere('l.id > :afterId', { afterId });
    if (onlyPayable) query.andWhere('l.subsidy > 0');
    return query.orderBy('l.id', 'ASC').limit(size + 1).getMany();
  }
}

function assertCountyReader(caller: Caller, countyCode: string): void {
  if (caller.role === 'admin') return;
  if ((caller.role === 'finance' || caller.role === 'bureau') && caller.counties.includes(countyCode)) return;
  throw new SubsidyAccessError(`the subsidy of county ${countyCode} is shown to its finance bureau, its bureau and admins`);
}
