/**
 * The loans side of the quarterly subsidy: every loan of a county with interest settled in the
 * window, with what the subsidy needs to know about it, a page at a time (keyset on the loan id).
 * Two statements per page whatever its size.
 */
import type { DataSource } from 'typeorm';
import type { LoanSubsidyFacts } from '../../../../common/subsidy/loan-subsidy-facts';
import type { PolicyDataService } from '../policy-data/policy-data.service';

export class SubsidyFactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policyData: PolicyDataService,
  ) {}

  async page(countyCode: string, window: { start: string; end: string }, afterLoanId: string | null, limit: number): Promise<LoanSubsidyFacts[]> {
    const loans: Record<string, any>[] = await this.dataSource.query(
      `SELECT l.id, l.contract_no, l.bank_code, l.household_id, l.county_code, l.township_code, l.amount::text AS amount,
              l.subsidized_amount::text AS subsidized_amount, l.annual_rate::text AS annual_rate, l.flag_codes, l.converted_to_farmer_loan, l.policy_version_id
       FROM loans.loans l
       WHERE l.county_code = $1 AND ($4::uuid IS NULL OR l.id > $4::uuid)
         AND EXISTS (SELECT 1 FROM loans.loan_interest_payments p WHERE p.loan_id = l.id AND p.settlement_date BETWEEN $2::date AND $3::date)
       ORDER BY l.id LIMIT $5`,
      [countyCode, window.start, window.end, afterLoanId, limit],
    );
    if (loans.length === 0) return [];
    const payments: Record<string, any>[] = await this.dataSource.query(
      `SELECT loan_id, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(settlement_date, 'YYYY-MM-DD') AS settlement_date,
              interest_paid::text AS interest_paid, overdue_interest_paid::text AS overdue_interest_paid
       FROM loans.loan_interest_payments WHERE loan_id = ANY($1::uuid[]) AND settlement_date BETWEEN $2::date AND $3::date
       ORDER BY loan_id, settlement_date`,
      [loans.map((l) => l.id), window.start, window.end],
    );
    const byLoan = new Map<string, LoanSubsidyFacts['payments']>();
    for (const p of payments) {
      const list = byLoan.get(p.loan_id) ?? [];
      list.push({ periodStart: p.period_start, settlementDate: p.settlement_date, interestPaid: p.interest_paid, overdueInterestPaid: p.overdue_interest_paid });
      byLoan.set(p.loan_id, list);
    }
    const ratios = new Map((await this.policyData.load()).versions.map((v) => [v.id, v.rules.subsidyRatio.toFixed()]));
    return loans.map((l) => ({
      loanId: l.id,
      contractNo: l.contract_no,
      bankCode: l.bank_code,
      householdId: l.household_id,
      countyCode: l.county_code,
      townshipCode: l.township_code,
      amount: l.amount,
      subsidizedAmount: l.subsidized_amount,
      annualRate: l.annual_rate,
      flags: l.flag_codes,
      convertedToFarmerLoan: l.converted_to_farmer_loan,
      // A loan checked against no policy is flagged NO_POLICY and gets nothing whatever the ratio.
      subsidyRatio: (l.policy_version_id && ratios.get(l.policy_version_id)) ?? '1',
      payments: byLoan.get(l.id) ?? [],
    }));
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
