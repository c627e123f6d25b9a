/**
 * What the funds side needs to judge a bank's yearly reward for collection (004 第十三条), per
 * county and bank, read by the reward job in one statement per year: new program lending, the
 * principal that fell due and how much of it came back by maturity, and the loans that were
 * overdue in the year (what the bank had to pursue). Flagged loans are not program lending.
 */
import type { DataSource } from 'typeorm';
import type { LendingYearFacts } from '../../../../contracts/risk-fund/loan-facts';
import { LoanStatus } from '../loan/loan-status';

export class LendingYearFactsService {
  constructor(private readonly dataSource: DataSource) {}

  async facts(year: number, pairs: readonly { countyCode: string; bankCode: string }[]): Promise<Map<string, LendingYearFacts>> {
    if (pairs.length === 0) return new Map();
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    const rows: Record<string, string & number>[] = await this.dataSource.query(
      `WITH wanted AS (SELECT * FROM unnest($3::text[], $4::text[]) AS w(county_code, bank_code)),
       -- Loans contracted after the year cannot count in any of its figures.
       program AS (
         SELECT l.* FROM loans.loans l JOIN wanted w ON w.county_code = l.county_code AND w.bank_code = l.bank_code
         WHERE cardinality(l.flag_codes) = 0 AND l.status <> ALL($5::text[]) AND l.contract_date <= $2::date
       ),
       -- Repaid, or renewed (the new loan pays the old one off), on or before maturity.
       repaid_on_time AS (
         SELECT DISTINCT e.loan_id FROM loans.loan_status_events e JOIN program p ON p.id = e.loan_id
         WHERE e.to_status = ANY($6::text[]) AND e.status_date <= p.maturity_date
       ),
       -- Overdue at some time in the year: it went overdue (or NPL) during the year, or its last
       -- status before the year was overdue or NPL.
       status_before AS (
         SELECT DISTINCT ON (e.loan_id) e.loan_id, e.to_status FROM loans.loan_status_events e JOIN program p ON p.id = e.loan_id
         WHERE e.status_date < $1::date ORDER BY e.loan_id, e.status_date DESC, e.record_version DESC
       ),
       overdue AS (
         SELECT e.loan_id FROM loans.loan_status_events e JOIN program p ON p.id = e.loan_id
         WHERE e.to_status = ANY($7::text[]) AND e.status_date BETWEEN $1::date AND $2::date
         UNION
         SELECT loan_id FROM status_before WHERE to_status = ANY($7::text[])
       )
       SELECT p.county_code, p.bank_code,
              coalesce(sum(p.amount) FILTER (WHERE p.contract_date BETWEEN $1::date AND $2::date), 0)::numeric(16, 2)::text AS new_lending,
              coalesce(sum(p.amount) FILTER (WHERE p.maturity_date BETWEEN $1::date AND $2::date), 0)::numeric(16, 2)::text AS principal_due,
              coalesce(sum(p.amount) FILTER (WHERE p.maturity_date BETWEEN $1::date AND $2::date AND r.loan_id IS NOT NULL), 0)::numeric(16, 2)::text AS repaid_by_maturity,
              count(o.loan_id)::int AS overdue_loans
       FROM program p LEFT JOIN repaid_on_time r ON r.loan_id = p.id LEFT JOIN overdue o ON o.loan_id = p.id
       GROUP BY p.county_code, p.bank_code`,
      [
        start,
        end,
        pairs.map((p) => p.countyCode),
        pairs.map((p) => p.bankCode),
        [LoanStatus.APPLIED, LoanStatus.APPROVED],
        [LoanStatus.REPAID, LoanStatus.RENEWED],
        [LoanStatus.OVERDUE, LoanStatus.NPL],
      ],
    );
    const found = new Map(rows.map((r) => [`${r.county_code} ${r.bank_code}`, r]));
    // A pair with no program loan at all still gets its (zero) figures: the reward is judged on them.
    return new Map(
      pairs.map(({ countyCode, bankCode }) => {
        const r = found.get(`${countyCode} ${bankCode}`);
        const facts: LendingYearFacts = {
          countyCode,
          bankCode,
          year,
          newLending: r?.new_lending ?? '0.00',
          principalDue: r?.principal_due ?? '0.00',
          repaidByMaturity: r?.repaid_by_maturity ?? '0.00',
          overdueLoans: r?.overdue_loans ?? 0,
        };
        return [`${countyCode} ${bankCode}`, facts];
      }),
    );
  }
}
