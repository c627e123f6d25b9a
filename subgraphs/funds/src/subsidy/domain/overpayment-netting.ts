/**
 * Overpayments are not payments: the rule that nets an overpayment found later (a negative
 * adjustment line: a correction of an earlier, paid quarter gave less than was paid) against a
 * run's lines, pure.
 *
 * - Only against the same household's payable lines of the same run (its 一卡通 account is the
 *   household's): one household's overpayment never reduces another household's money.
 * - Never below zero: a household is paid Σ its payable lines − Σ its overpayments, or nothing.
 * - What cannot be netted is a receivable (overpaid money to recover from the household), not a
 *   negative payment: it is never counted in what the run pays.
 *
 * Which lines give way is fixed so that a recomputation nets alike: payable lines are withheld
 * from, and overpayments recovered, in line order (by id), each as far as it goes.
 */
import Decimal from 'decimal.js';

export interface NettableLine {
  /** The line's id (a bigint as text: ordered numerically). */
  id: string;
  householdId: string;
  /** Positive: payable; negative: an overpayment found later; zero: neither. To the fen. */
  subsidy: Decimal;
}

export interface HouseholdNetting {
  householdId: string;
  /** Σ of its payable lines before netting. */
  payable: Decimal;
  /** Σ of its overpayments (as a positive amount). */
  overpaid: Decimal;
  /** min(payable, overpaid): withheld from its payable lines, recovered of its overpayments. */
  netted: Decimal;
  /** payable − netted: what the household is paid (never below zero). */
  pays: Decimal;
  /** overpaid − netted: what is left to recover from it. */
  receivable: Decimal;
}

export interface Netting {
  /** Per line with something netted: withheld from a payable line, or recovered of an overpayment (both positive; Σ over each kind is equal per household). */
  netted: Map<string, Decimal>;
  households: HouseholdNetting[];
}

const ZERO = new Decimal(0);

function byId(a: NettableLine, b: NettableLine): number {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Takes `amount` from the lines' amounts in order, each as far as it goes; records what each gave. */
function allocate(lines: { id: string; amount: Decimal }[], amount: Decimal, into: Map<string, Decimal>): void {
  let left = amount;
  for (const line of lines) {
    if (left.isZero()) return;
    const take = Decimal.min(left, line.amount);
    if (take.greaterThan(0)) into.set(line.id, take);
    left = left.minus(take);
  }
}

export function netOverpayments(lines: readonly NettableLine[]): Netting {
  const byHousehold = new Map<string, NettableLine[]>();
  for (const line of lines) {
    if (!line.subsidy.isFinite() || line.subsidy.decimalPlaces() > 2)
      throw new RangeError(`line ${line.id}: ${line.subsidy.toString()} is not an amount to the fen`);
    byHousehold.set(line.householdId, [...(byHousehold.get(line.householdId) ?? []), line]);
  }
  const netted = new Map<string, Decimal>();
  const households: HouseholdNetting[] = [];
  for (const [householdId, own] of [...byHousehold.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...own].sort(byId);
    const payableLines = sorted.filter((l) => l.subsidy.greaterThan(0)).map((l) => ({ id: l.id, amount: l.subsidy }));
    const overpaidLines = sorted.filter((l) => l.subsidy.lessThan(0)).map((l) => ({ id: l.id, amount: l.subsidy.negated() }));
    const payable = payableLines.reduce((sum, l) => sum.plus(l.amount), ZERO);
    const overpaid = overpaidLines.reduce((sum, l) => sum.plus(l.amount), ZERO);
    const amount = Decimal.min(payable, overpaid);
    allocate(payableLines, amount, netted);
    allocate(overpaidLines, amount, netted);
    households.push({ householdId, payable, overpaid, netted: amount, pays: payable.minus(amount), receivable: overpaid.minus(amount) });
  }
  return { netted, households };
}
