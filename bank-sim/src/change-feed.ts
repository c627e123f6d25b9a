/** The bank's change feed (contract slot, version) and how a round's changes are published to it. */
import type { ContractColumns } from './contract-columns';
import { timeline } from './loan-timeline';
import { int32Column } from './typed-column';

/** The bank's change feed: every record version, in the order the bank made the changes. */
export class ChangeFeed {
  private readonly slots = int32Column();
  private readonly versions = int32Column();
  length = 0;

  append(slot: number, version: number): void {
    this.slots.ensure(this.length + 1);
    this.versions.ensure(this.length + 1);
    this.slots.values[this.length] = slot;
    this.versions.values[this.length] = version;
    this.length++;
  }

  at(position: number): { slot: number; version: number } {
    return { slot: this.slots.values[position], version: this.versions.values[position] };
  }
}

/**
 * Appends to the feed the changes of contracts touched in this round, in day order (then
 * contract order, then version order): contracts before `firstNew` from the day after they
 * were known to (`knownBefore`), new ones from the start. 'latest-version' publishes one record per contract.
 */
export function publishChanges(
  feed: ChangeFeed,
  contracts: ContractColumns,
  firstNew: number,
  knownBefore: Map<number, number>,
  versions: 'every-version' | 'latest-version',
): number {
  const byDay = new Map<number, number[]>(); // day → [slot, version, slot, version, …]
  const add = (day: number, slot: number, version: number) => {
    let bucket = byDay.get(day);
    if (!bucket) byDay.set(day, (bucket = []));
    bucket.push(slot, version);
  };
  const publish = (slot: number, after: number) => {
    const entries = timeline(contracts, slot);
    if (versions === 'latest-version') {
      if (entries.length > 0) add(entries[entries.length - 1].day, slot, entries.length);
      return;
    }
    entries.forEach((entry, index) => {
      if (entry.day > after) add(entry.day, slot, index + 1);
    });
  };
  for (const [slot, known] of knownBefore) publish(slot, known);
  for (let slot = firstNew; slot < contracts.count; slot++) publish(slot, Number.NEGATIVE_INFINITY);

  let added = 0;
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const bucket = byDay.get(day)!;
    for (let i = 0; i < bucket.length; i += 2) feed.append(bucket[i], bucket[i + 1]);
    added += bucket.length / 2;
  }
  return added;
}
