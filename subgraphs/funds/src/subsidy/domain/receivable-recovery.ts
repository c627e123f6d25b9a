/**
 * Receivables are recovered (issue 14), pure: what a household still owes after a run's own
 * netting (domain/overpayment-netting.ts) is carried to the next run that has something payable
 * for it, in the same county, and withheld there first.
 *
 * - Only from the same household's lines, and only what they still pay after the run's own
 *   netting: never below zero per household.
 * - Oldest receivable first, each as far as it goes; payable lines give way in line order (by
 *   id), so a recomputation recovers alike.
 * - A receivable is recovered at most up to what is open of it (the caller passes the open
 *   amount: what is left after every standing netting, repayment and write-off).
 */
import Decimal from 'decimal.js';

export interface PayableLine {
  /** The line's id (a bigint as text: ordered numerically). */
  id: string;
  householdId: string;
  /** What the line still pays after the run's own netting (subsidy − netted), ≥ 0, to the fen. */
  pays: Decimal;
}

export interface OpenReceivable {
  id: string;
  householdId: string;
  /** Still to recover, > 0, to the fen. */
  open: Decimal;
  /** Order of recovery: the oldest first (ISO timestamp or any text that sorts by age), then by id. */
  since: string;
}

export interface Recovery {
  /** Per payable line: what more is withheld from it. */
  withheld: Map<string, Decimal>;
  /** Per receivable: what this run recovers of it. */
  recovered: Map<string, Decimal>;
}

const ZERO = new Decimal(0);

function assertFen(what: string, amount: Decimal): void {
  if (!amount.isFinite() || amount.isNegative() || amount.decimalPlaces() > 2)
    throw new RangeError(`${what}: ${amount.toString()} is not an amount to the fen`);
}

const byLineId = (a: PayableLine, b: PayableLine) => {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
};
const byAge = (a: OpenReceivable, b: OpenReceivable) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function recoverReceivables(lines: readonly PayableLine[], receivables: readonly OpenReceivable[]): Recovery {
  const withheld = new Map<string, Decimal>();
  const recovered = new Map<string, Decimal>();
  for (const line of lines) assertFen(`line ${line.id}`, line.pays);
  for (const r of receivables) assertFen(`receivable ${r.id}`, r.open);
  const owed = new Map<string, OpenReceivable[]>();
  for (const r of [...receivables].sort(byAge)) if (r.open.greaterThan(0)) owed.set(r.householdId, [...(owed.get(r.householdId) ?? []), r]);
  for (const [householdId, open] of owed) {
    // The household's lines, each with what it can still give.
    const own = lines.filter((l) => l.householdId === householdId && l.pays.greaterThan(0)).sort(byLineId);
    const left = own.map((l) => ({ id: l.id, left: l.pays }));
    for (const receivable of open) {
      let due = receivable.open;
      for (const line of left) {
        if (due.isZero()) break;
        const take = Decimal.min(due, line.left);
        if (take.isZero()) continue;
        line.left = line.left.minus(take);
        withheld.set(line.id, (withheld.get(line.id) ?? ZERO).plus(take));
        due = due.minus(take);
      }
      const got = receivable.open.minus(due);
      if (got.greaterThan(0)) recovered.set(receivable.id, got);
    }
  }
  return { withheld, recovered };
}

export type ReceivableStatus = 'OPEN' | 'SETTLED' | 'WRITTEN_OFF' | 'VOID';

/**
 * A receivable's standing from its history: VOID when the run that found it was superseded (its
 * figures never stood), WRITTEN_OFF once written off, SETTLED when netting and repayments cover
 * it, OPEN otherwise. Only events that stand count (a superseded run's netting does not).
 */
export function receivableStanding(
  amount: Decimal,
  events: readonly { kind: 'NETTED' | 'REPAID' | 'WRITTEN_OFF'; amount: Decimal; stands: boolean }[],
  originStands: boolean,
): { status: ReceivableStatus; open: Decimal } {
  const standing = events.filter((e) => e.stands);
  const settled = standing.reduce((sum, e) => sum.plus(e.amount), ZERO);
  const open = originStands ? Decimal.max(ZERO, amount.minus(settled)) : ZERO;
  if (!originStands) return { status: 'VOID', open };
  if (standing.some((e) => e.kind === 'WRITTEN_OFF')) return { status: 'WRITTEN_OFF', open };
  return { status: open.isZero() ? 'SETTLED' : 'OPEN', open };
}
