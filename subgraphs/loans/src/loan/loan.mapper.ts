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
    statusDate: record.statusDate,
    recordVersion: record.recordVersion,
    borrowerIdMasked: record.borrowerIdMasked,
    subsidizedAmount: record.subsidizedAmount,
    outstandingPrincipal: record.outstandingPrincipal,
    purposeCategory: record.purposeCategory,
    previousContractNo: record.previousContractNo,
    renewalCount: record.renewalCount,
    insured: record.insured,
    convertedToFarmerLoan: record.convertedToFarmerLoan,
    flags: record.flags,
    policyVersionId: record.policyVersionId,
    lprEffectiveDate: record.lprEffectiveDate,
  };
}
