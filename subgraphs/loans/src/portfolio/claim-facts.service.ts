/**
 * What the funds side needs to check a bank's risk-fund claim, read by the claim job: for each
 * contract the bank lists, the loan as the hub knows it (status, amounts, policy flags). Contracts
 * the bank never reported in the county come back missing. One statement whatever the claim's size.
 */
import type { DataSource } from 'typeorm';
import type { ClaimedLoanFacts } from '../../../../contracts/risk-fund/loan-facts';

export class ClaimFactsService {
  constructor(private readonly dataSource: DataSource) {}

  async facts(bankCode: string, countyCode: string, contractNos: string[]): Promise<Map<string, ClaimedLoanFacts>> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT l.contract_no, l.id, l.status, l.amount::text, l.subsidized_amount::text, l.outstanding_principal::text, l.flag_codes,
              l.status = 'EXTENDED' OR EXISTS (SELECT 1 FROM loans.loan_status_events e WHERE e.loan_id = l.id AND e.to_status = 'EXTENDED') AS extended
       FROM loans.loans l WHERE l.bank_code = $1 AND l.county_code = $2 AND l.contract_no = ANY($3::text[])`,
      [bankCode, countyCode, contractNos],
    );
    return new Map(
      rows.map((r) => [
        r.contract_no,
        {
          contractNo: r.contract_no,
          loanId: r.id,
          status: r.status,
          amount: r.amount,
          subsidizedAmount: r.subsidized_amount,
          outstandingPrincipal: r.outstanding_principal,
          flags: r.flag_codes,
          extended: r.extended,
        },
      ]),
    );
  }
}
