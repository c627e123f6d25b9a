/** A well-formed loan record as a bank sends it: the unit tests' starting point, each changes what it tests. */
import { composeResidentId } from '../../common/domain/resident-id';

export const LOAN_RECORD_RESIDENT_ID = composeResidentId('532301', '1980-05-17', 123);

export const LOAN_RECORD = {
  contractNo: 'ABC-2025-0001',
  recordVersion: 2,
  householdId: null as string | null,
  borrowerResidentId: LOAN_RECORD_RESIDENT_ID,
  countyCode: '532301',
  townshipCode: '532301101',
  amount: '50000.00',
  annualRate: '0.0345',
  termMonths: 36,
  contractDate: '2024-02-29',
  maturityDate: '2027-02-28',
  purposeCategory: 'BREEDING',
  status: 'DISBURSED',
  statusDate: '2024-02-29',
  outstandingPrincipal: '50000.00',
  previousContractNo: null,
  renewalCount: 0,
  insured: false,
  convertedToFarmerLoan: false,
  interestPayments: [
    { settlementDate: '2024-03-20', periodStart: '2024-02-29', interestPaid: '101.46', overdueInterestPaid: '0.00' },
    { settlementDate: '2024-06-20', periodStart: '2024-03-21', interestPaid: '441.67', overdueInterestPaid: '0.00' },
  ],
};

/** A plain one-year loan of 10,000 yuan, disbursed on its contract date and not yet repaid: what the policy tests judge. */
export function oneYearLoan(loan: {
  bankCode: string;
  contractNo: string;
  contractDate: string;
  householdId: string;
  residentId: string;
  townshipCode: string;
  annualRate?: string;
}) {
  const { contractDate } = loan;
  return {
    bankCode: loan.bankCode,
    contractNo: loan.contractNo,
    recordVersion: 1,
    householdId: loan.householdId,
    borrowerResidentId: loan.residentId,
    countyCode: loan.townshipCode.slice(0, 6),
    townshipCode: loan.townshipCode,
    amount: '10000.00',
    annualRate: loan.annualRate ?? '0.0300',
    termMonths: 12,
    contractDate,
    maturityDate: `${Number(contractDate.slice(0, 4)) + 1}${contractDate.slice(4)}`,
    purposeCategory: 'BREEDING' as const,
    status: 'DISBURSED' as const,
    statusDate: contractDate,
    outstandingPrincipal: '10000.00',
    previousContractNo: null,
    renewalCount: 0,
    insured: false,
    convertedToFarmerLoan: false,
    interestPayments: [],
  };
}
