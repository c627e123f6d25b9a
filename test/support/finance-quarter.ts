/**
 * A due quarter for the finance console's tests: 2026Q2 of the demo county (window 2026-03-21 to
 * 2026-06-20), whose loans bank ABC reports with the interest each settled in it, the households'
 * 一卡通 accounts at the rural credit cooperative, and the year's budget. On a hub of
 * startSubsidyHub (its households listed with ABC in SUBSIDY_TOWNSHIP).
 */
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { REPORTED_LOAN_BASE, ruralCard, type TestHousehold } from './subsidy-hub';

export const DUE_QUARTER = '2026Q2';

export interface QuarterLoan {
  household: TestHousehold;
  contractNo: string;
  amount: string;
  /** Normal interest settled on 2026-06-20 ('0.00': the line's reason is NO_INTEREST_PAID). */
  interestPaid: string;
}

export async function reportQuarterLoans(hub: TestHub, loans: QuarterLoan[]): Promise<void> {
  const bank = await hub.token({ role: 'bank', bank: 'ABC' });
  const records = loans.map((loan) => ({
    recordVersion: 1,
    contractNo: loan.contractNo,
    householdId: loan.household.householdId,
    borrowerResidentId: loan.household.residentId,
    ...REPORTED_LOAN_BASE,
    amount: loan.amount,
    outstandingPrincipal: loan.amount,
    interestPayments: [{ periodStart: '2026-03-21', settlementDate: '2026-06-20', interestPaid: loan.interestPaid, overdueInterestPaid: '0.00' }],
  }));
  const reported = await hub.data(bank, 'mutation($r: [LoanRecordInput!]!) { reportLoans(records: $r) { applied rejected { code message } } }', { r: records });
  if (reported.reportLoans.applied !== loans.length) throw new Error(`loans not reported: ${JSON.stringify(reported.reportLoans)}`);
}

/** Records a household's 一卡通 account (the finance bureau does). */
export async function recordAccount(hub: TestHub, finance: string, household: TestHousehold, n: number, holderName: string): Promise<void> {
  await hub.data(finance, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
    input: { householdId: household.householdId, countyCode: DEMO_COUNTY, issuingBankCode: 'YNRCC', accountNumber: ruralCard(n), holderName },
  });
}

/** The year's subsidy budget, enough for the quarter. */
export async function recordBudget(hub: TestHub, finance: string, amount = '100000.00'): Promise<void> {
  await hub.data(finance, 'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { available } }', {
    input: { countyCode: DEMO_COUNTY, year: 2026, amount, effectiveDate: '2026-01-01', reference: 'CZ-2026-0001' },
  });
}
