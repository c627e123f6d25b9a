/** Every reason a loan can be flagged by the policy check (evaluate-loan.ts); policy versions cite a source per code. */
export const LOAN_FLAG_CODES = [
  'NO_POLICY',
  'INVALID_RESIDENT_ID',
  'BORROWER_AGE',
  'AMOUNT_ABOVE_CAP',
  'TERM_TOO_LONG',
  'MATURITY_MISMATCH',
  'RATE_ABOVE_CAP',
  'NO_LPR',
  'PURPOSE_NOT_ALLOWED',
  'TOO_MANY_RENEWALS',
  'OUTSIDE_LENDING_WINDOW',
  'CONVERTED_TO_FARMER_LOAN',
] as const;
export type LoanFlagCode = (typeof LOAN_FLAG_CODES)[number];
