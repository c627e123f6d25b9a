/**
 * The loans side's figures per county and lending bank, for the risk funds and the regulators'
 * monitoring: what is outstanding, what is non-performing or overdue, how many borrowers. One
 * statement over every county and bank; no personal data leaves it.
 */
import type { DataSource } from 'typeorm';
import { LoanStatus } from '../loan/loan-status';

/** Statuses whose principal is still on the bank's books (renewed and repaid loans are closed; compensated and written-off ones are off balance sheet). */
export const OUTSTANDING_STATUSES = [LoanStatus.DISBURSED, LoanStatus.OVERDUE, LoanStatus.NPL, LoanStatus.EXTENDED] as const;

export interface PortfolioPosition {
  countyCode: string;
  bankCode: string;
  /** Outstanding principal, CNY (decimal text). */
  loanBalance: string;
  nplBalance: string;
  overdueBalance: string;
  outstandingLoans: number;
  borrowers: number;
}

export class PortfolioService {
  constructor(private readonly dataSource: DataSource) {}

  async positions(): Promise<PortfolioPosition[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT county_code, bank_code,
              coalesce(sum(outstanding_principal), 0)::numeric(16, 2)::text AS loan_balance,
              coalesce(sum(outstanding_principal) FILTER (WHERE status = 'NPL'), 0)::numeric(16, 2)::text AS npl_balance,
              coalesce(sum(outstanding_principal) FILTER (WHERE status = 'OVERDUE'), 0)::numeric(16, 2)::text AS overdue_balance,
              count(*)::int AS outstanding_loans, count(DISTINCT household_id)::int AS borrowers
       FROM loans.loans WHERE status = ANY($1::text[])
       GROUP BY county_code, bank_code ORDER BY county_code, bank_code`,
      [[...OUTSTANDING_STATUSES]],
    );
    return rows.map((r) => ({
      countyCode: r.county_code,
      bankCode: r.bank_code,
      loanBalance: r.loan_balance,
      nplBalance: r.npl_balance,
      overdueBalance: r.overdue_balance,
      outstandingLoans: r.outstanding_loans,
      borrowers: r.borrowers,
    }));
  }
}
