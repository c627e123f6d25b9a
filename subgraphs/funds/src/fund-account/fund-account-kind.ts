/** What a fund account holds. The ledger (quarterly subsidy issue) adds budget and payable accounts. */
export enum FundAccountKind {
  /** 风险补偿金专户: the county's special deposit account at a lending bank. */
  RISK_COMPENSATION = 'RISK_COMPENSATION',
}
