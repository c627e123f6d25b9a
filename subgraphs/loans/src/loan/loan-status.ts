/** Loan statuses as banks report them (DOMAIN.md "The loan"). Transitions are enforced by the status machine. */
export enum LoanStatus {
  APPLIED = 'APPLIED',
  APPROVED = 'APPROVED',
  DISBURSED = 'DISBURSED',
  OVERDUE = 'OVERDUE',
  NPL = 'NPL',
  REPAID = 'REPAID',
  RENEWED = 'RENEWED',
  EXTENDED = 'EXTENDED',
  WRITTEN_OFF = 'WRITTEN_OFF',
  COMPENSATED = 'COMPENSATED',
}
