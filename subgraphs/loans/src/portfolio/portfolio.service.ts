/**
 * The loans side's figures per county and lending bank for the risk funds: what is outstanding
 * and what is non-performing (loans the risk fund compensated are off the balance). One statement
 * over every county and bank; no personal data leaves it.
 */
import type { DataSource } from 'typeorm';
import type { PortfolioPosition } from '../../../../contracts/risk-fund/loan-facts';
import { LoanStatus } from '../loan/loan-status';

/** Statuses whose principal is still on the bank's books (renewed and repaid loans are closed; compensated and written-off ones are off balance sheet). */
export const OUTSTANDING_STATUSES = [LoanStatus.DISBURSED, LoanStatus.OVERDUE, LoanStatus.NPL, LoanStatus.EXTENDED] as const;

/**
 * Every loan with `book_status`, the status it has on the bank's books: COMPENSATED once the risk
 * fund paid for it (账销案存: off the balance, the bank still collecting), whatever its feed still
 * says; otherwise the reported status. The one rule for the risk funds' positions and the
 * regulators' statistics.
 */
export const LOANS_ON_BOOKS_SQL = `(SELECT l.*, CASE WHEN c.loan_id IS NULL THEN l.status ELSE '${LoanStatus.COMPENSATED}' END AS book_status
   FROM loans.loans l LEFT JOIN loans.compensated_loans c ON c.loan_id = l.id)`;

export class PortfolioService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records loans the risk fund compensated (the claim job passes the paid claims' loans); known ones are left as they are. */
  async markCompensated(loans: { loanId: string; claimId: string; compensatedOn: string }[]): Promise<number> {
    if (loans.length === 0) return 0;
    const rows = await this.dataSource.query(
      `INSERT INTO loans.compensated_loans (loan_id, claim_id, compensated_on)
       SELECT c.loan_id, c.claim_id, c.compensated_on FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS c(loan_id, claim_id, compensated_on)
       JOIN loans.loans l ON l.id = c.loan_id
       ON CONFLICT (loan_id) DO NOTHING RETURNING 1`,
      [loans.map((l) => l.loanId), loans.map((l) => l.claimId), loans.map((l) => l.compensatedOn)],
    );
    return rows.length;
  }

  async positions(): Promise<PortfolioPosition[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT county_code, bank_code,
              coalesce(sum(outstanding_principal), 0)::numeric(16, 2)::text AS loan_balance,
              coalesce(sum(outstanding_principal) FILTER (WHERE book_status = 'NPL'), 0)::numeric(16, 2)::text AS npl_balance
       FROM ${LOANS_ON_BOOKS_SQL} loans WHERE book_status = ANY($1::text[])
       GROUP BY county_code, bank_code ORDER BY county_code, bank_code`,
      [[...OUTSTANDING_STATUSES]],
    );
    return rows.map((r) => ({ countyCode: r.county_code, bankCode: r.bank_code, loanBalance: r.loan_balance, nplBalance: r.npl_balance }));
  }
}
