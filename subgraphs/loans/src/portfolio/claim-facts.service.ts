/**
 * What the funds side needs to check a bank's risk-fund claim, read by the claim job: for each
 * contract the bank lists, the loan as the hub knows it (status, amounts, policy flags). Contracts
 * the bank never reported in the county come back missing. One statement whatever the claim's size.
 */
import type { DataSource } from 'typeorm';

export interface ClaimLoanFacts {
  contractNo: string;
  loanId: string;
  householdId: string;
  status: string;
  /** Decimal text, CNY. */
  amount: string;
  subsidizedAmount: string;
  outstandingPrincipal: string;
  flags: string[];
}

export class ClaimFactsService {
  constructor(private readonly dataSource: DataSource) {}

  async facts(bankCode: string, countyCode: string, contractNos: string[]): Promise<Map<string, ClaimLoanFacts>> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT contract_no, id, household_id, status, amount::text, subsidized_amount::text, outstanding_principal::text, flag_codes
       FROM loans.loans WHERE bank_code = $1 AND county_code = $2 AND contract_no = ANY($3::text[])`,
      [bankCode, countyCode, contractNos],
    );
    return new Map(
      rows.map((r) => [
        r.contract_no,
        {
          contractNo: r.contract_no,
          loanId: r.id,
          householdId: r.household_id,
          status: r.status,
          amount: r.amount,
          subsidizedAmount: r.subsidized_amount,
          outstandingPrincipal: r.outstanding_principal,
          flags: r.flag_codes,
        },
      ]),
    );
  }
}
