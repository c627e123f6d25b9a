/** Writes demo banks and loans into this subgraph's own tables. Idempotent (bank code, contract number). */
import type { DataSource } from 'typeorm';
import { parseDecimal } from '../../../../common/money';
import { BankRecord } from '../bank/bank.entity';
import { LoanRecord } from '../loan/loan.entity';
import type { LoanStatus } from '../loan/loan-status';

export interface DemoLoansInput {
  banks: { code: string; name: string }[];
  loans: {
    contractNo: string;
    bankCode: string;
    householdId: string;
    countyCode: string;
    townshipCode: string;
    amount: string;
    annualRate: string;
    termMonths: number;
    contractDate: string;
    maturityDate: string;
    status: LoanStatus;
  }[];
}

export async function loadDemoLoans(dataSource: DataSource, input: DemoLoansInput): Promise<{ loans: number }> {
  return dataSource.transaction(async (manager) => {
    await manager.createQueryBuilder().insert().into(BankRecord).values(input.banks).orIgnore().execute();
    const rows = input.loans.map((l) => ({ ...l, amount: parseDecimal(l.amount), annualRate: parseDecimal(l.annualRate) }));
    const result = rows.length ? await manager.createQueryBuilder().insert().into(LoanRecord).values(rows).orIgnore().execute() : { raw: [] };
    return { loans: (result.raw as unknown[]).length };
  });
}
