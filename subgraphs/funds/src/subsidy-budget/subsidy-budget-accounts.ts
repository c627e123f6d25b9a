/**
 * The ledger accounts of a county's subsidy money for one year, named once: the budget the
 * finance bureau allocates (BUDGET_ALLOCATED: debit funding, credit budget), which approved
 * payout batches draw from and failed lines return to, and the treasury funding it came from
 * (where the money paid out leaves).
 */
export const subsidyBudgetAccountCode = (countyCode: string, year: string | number) => `subsidy-budget:${countyCode}:${year}`;
export const subsidyFundingAccountCode = (countyCode: string, year: string | number) => `subsidy-funding:${countyCode}:${year}`;

/** The year's budget a quarter's payouts draw from: the quarter's own year ('2025Q4' → 2025). */
export const budgetYearOfQuarter = (quarter: string) => quarter.slice(0, 4);
