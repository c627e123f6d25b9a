import type { LoanRecord } from './loan.entity';
import type { Loan } from './loan.type';

export function toLoanView(record: LoanRecord): Loan {
  return {
    id: record.id,
    contractNo: record.contractNo,
    householdId: record.householdId,
    bankCode: record.bankCode,
    countyCode: record.countyCode,
    townshipCode: record.townshipCode,
    amount: record.amount,
    annualRate: record.annualRate,
    termMonths: record.termMonths,
    contractDate: record.contractDate,
    maturityDate: record.maturityDate,
    status: record.status,
  };
}
