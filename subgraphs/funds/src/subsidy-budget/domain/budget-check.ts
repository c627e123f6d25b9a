/**
 * Whether a year's subsidy budget covers a payout batch, pure. The ledger balance of the budget
 * account already holds every batch whose PAYOUT_INSTRUCTED entry is posted; an approved batch
 * whose entry is not posted yet (it is posted just after the approval commits, or by the
 * dispatcher's repair round after a crash) is reserved on top, so it is never counted twice nor
 * missed. Likewise the failed lines of a closed batch whose PAYOUT_FAILED entry is not posted yet
 * (posted just after the close commits) are already back: a batch read as closed never leaves
 * its failed money committed.
 */
import type Decimal from 'decimal.js';

export interface BudgetFigures {
  /** The budget account's balance on its normal (credit) side: allocated − drawn + returned. */
  balance: Decimal;
  /** Totals of approved batches of the year whose ledger entry is not posted yet. */
  unposted: Decimal;
  /** Failed amounts of closed batches of the year whose return to the budget is not posted yet. */
  returning: Decimal;
}

export interface BudgetCheck {
  available: Decimal;
  /** How much more budget the batch needs (total − available); null when the budget covers it. */
  shortfall: Decimal | null;
}

export function availableBudget(figures: BudgetFigures): Decimal {
  return figures.balance.minus(figures.unposted).plus(figures.returning);
}

export function checkBudget(figures: BudgetFigures, total: Decimal): BudgetCheck {
  const available = availableBudget(figures);
  return { available, shortfall: available.greaterThanOrEqualTo(total) ? null : total.minus(available) };
}
