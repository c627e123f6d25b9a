/**
 * A due quarter for the finance console's tests: 2026Q2 of the demo county (window 2026-03-21 to
 * 2026-06-20), whose loans bank ABC reports with the interest each settled in it, the households'
 * 一卡通 accounts at the rural credit cooperative, and the year's budget. On a hub of
 * startSubsidyHub (its households listed with ABC in SUBSIDY_TOWNSHIP).
 */
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { reportedLoan, reportLoans, ruralCard, settledIn, type TestHousehold } from './subsidy-hub';

export const DUE_QUARTER = '2026Q2';

export interface QuarterLoan {
  household: TestHousehold;
  contractNo: string;
  amount: string;
  /** Normal interest settled on 2026-06-20 ('0.00': the line's reason is NO_INTEREST_PAID). */
  interestPaid: string;
}

export async function reportQuarterLoans(hub: TestHub, loans: QuarterLoan[]): Promise<void> {
  const records = loans.map((loan) =>
    reportedLoan(loan.household, {
      contractNo: loan.contractNo,
      recordVersion: 1,
      amount: loan.amount,
      interestPayments: [settledIn({ periodStart: '2026-03-21', settlementDate: '2026-06-20' }, loan.interestPaid)],
    }),
  );
  const reported = await reportLoans(hub, records);
  if (reported.applied !== loans.length) throw new Error(`loans not reported: ${JSON.stringify(reported)}`);
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
