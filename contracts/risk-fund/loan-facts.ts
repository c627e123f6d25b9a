/**
 * What the loans side tells the funds side for the risk funds, carried by the risk-fund jobs (the
 * funds subgraph never reads the loans tables). Money as decimal strings; no personal data.
 */

/** A lending bank's book in a county: the leverage and NPL assessment and the claim check read it. */
export interface PortfolioPosition {
  countyCode: string;
  bankCode: string;
  /** Outstanding principal, CNY (compensated loans excluded). */
  loanBalance: string;
  nplBalance: string;
}

/** A contract a bank lists on a claim, as the loans side knows it. */
export interface ClaimedLoanFacts {
  contractNo: string;
  loanId: string;
  status: string;
  /** CNY. */
  amount: string;
  subsidizedAmount: string;
  outstandingPrincipal: string;
  flags: string[];
  /** The loan was extended (展期) at some point: one of 004 第十七条's grounds rests on it. */
  extended: boolean;
}

/**
 * A bank's program lending in a county over a calendar year, for the county's reward (004
 * 第十三条). Loans the policy flagged are not program lending and count nowhere.
 */
export interface LendingYearFacts {
  countyCode: string;
  bankCode: string;
  year: number;
  /** Principal of the loans contracted in the year (applications not yet lent excluded), CNY. */
  newLending: string;
  /** Principal of the loans whose maturity falls in the year, CNY. */
  principalDue: string;
  /** Of that, the principal of loans repaid (or renewed) on or before their maturity, CNY. */
  repaidByMaturity: string;
  /** Loans overdue or non-performing at some time in the year. */
  overdueLoans: number;
}
