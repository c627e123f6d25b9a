/**
 * Which status may follow which (DOMAIN.md "The loan"). Banks report at their own pace, so a
 * pull can skip intermediate states (approved → overdue never happens, but disbursed → NPL can
 * when the loan went overdue and past 90 days between two pulls). Repeating the same status with
 * a new record version is allowed (new interest, new outstanding principal).
 */
import { LoanStatus } from './loan-status';

const S = LoanStatus;
const NEXT: Record<LoanStatus, readonly LoanStatus[]> = {
  [S.APPLIED]: [S.APPROVED, S.DISBURSED],
  [S.APPROVED]: [S.DISBURSED],
  [S.DISBURSED]: [S.OVERDUE, S.NPL, S.REPAID, S.RENEWED, S.EXTENDED, S.WRITTEN_OFF, S.COMPENSATED],
  [S.OVERDUE]: [S.DISBURSED, S.NPL, S.REPAID, S.RENEWED, S.EXTENDED, S.WRITTEN_OFF, S.COMPENSATED],
  [S.NPL]: [S.REPAID, S.WRITTEN_OFF, S.COMPENSATED],
  // An extension keeps the contract and moves its maturity; it can still go wrong afterwards.
  [S.EXTENDED]: [S.OVERDUE, S.NPL, S.REPAID, S.WRITTEN_OFF, S.COMPENSATED],
  // Compensated loans leave the balance sheet but recovery continues (001 §四(二)).
  [S.COMPENSATED]: [S.REPAID, S.WRITTEN_OFF],
  [S.REPAID]: [],
  [S.RENEWED]: [],
  [S.WRITTEN_OFF]: [],
};

export function canTransition(from: LoanStatus, to: LoanStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function allowedNext(from: LoanStatus): readonly LoanStatus[] {
  return NEXT[from];
}
