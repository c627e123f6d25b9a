/**
 * What the loans side tells the funds side about a loan for one quarter's subsidy: carried by the
 * quarterly job, so the funds subgraph never reads the loans tables. Money and rates as decimal
 * strings; no personal data (the household is its hub id).
 */
export interface LoanSubsidyFacts {
  loanId: string;
  contractNo: string;
  bankCode: string;
  householdId: string;
  countyCode: string;
  townshipCode: string;
  amount: string;
  subsidizedAmount: string;
  /** Fraction ("0.0345"). */
  annualRate: string;
  /** Policy flag codes on the loan (OFF_LIST_AT_CONTRACT among them when it applies). */
  flags: string[];
  convertedToFarmerLoan: boolean;
  /** The subsidy ratio of the policy version the loan was checked against ("1" = full). */
  subsidyRatio: string;
  /** Interest settlements whose settlement day falls in the window. */
  payments: { periodStart: string; settlementDate: string; interestPaid: string; overdueInterestPaid: string }[];
}
