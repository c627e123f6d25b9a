/** A contract's event history (disbursed, settled, overdue, NPL, repaid, renewed): one entry per record version. */
import { settlementDay, settlementsUpTo } from './calendar';
import { Closure, ContractColumns } from './contract-columns';

export const enum Change {
  Disbursed,
  Settled,
  Overdue,
  NonPerforming,
  Repaid,
  Renewed,
}

export interface TimelineEntry {
  day: number;
  change: Change;
}

/**
 * The contract's changes up to the day it is known to, one per record version. On one day:
 * disbursement, then a status change, then the settlement. No settlement falls on or after
 * the day the loan closed or became NPL (a non-performing loan stops paying).
 */
export function timeline(contracts: ContractColumns, slot: number): TimelineEntry[] {
  const known = contracts.knownUntil.values[slot];
  const statusChanges: TimelineEntry[] = [{ day: contracts.contractDay.values[slot], change: Change.Disbursed }];
  const overdue = contracts.overdueDay.values[slot];
  const nonPerforming = contracts.nonPerformingDay.values[slot];
  const closed = contracts.closedDay.values[slot];
  if (overdue && overdue <= known) statusChanges.push({ day: overdue, change: Change.Overdue });
  if (nonPerforming && nonPerforming <= known) statusChanges.push({ day: nonPerforming, change: Change.NonPerforming });
  if (closed && closed <= known)
    statusChanges.push({ day: closed, change: contracts.closure.values[slot] === Closure.Renewed ? Change.Renewed : Change.Repaid });

  let lastPaying = known;
  if (closed) lastPaying = Math.min(lastPaying, closed - 1);
  if (nonPerforming) lastPaying = Math.min(lastPaying, nonPerforming - 1);
  const first = settlementsUpTo(contracts.contractDay.values[slot] - 1) + 1;
  const last = settlementsUpTo(lastPaying);

  const entries: TimelineEntry[] = [];
  let next = 0;
  for (let n = first; n <= last; n++) {
    const day = settlementDay(n);
    while (next < statusChanges.length && statusChanges[next].day <= day) entries.push(statusChanges[next++]);
    entries.push({ day, change: Change.Settled });
  }
  while (next < statusChanges.length) entries.push(statusChanges[next++]);
  return entries;
}
