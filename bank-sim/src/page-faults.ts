/** The page faults a test can arm on the loan-record feed: out-of-order versions and malformed copies. */
import type { LoanRecordWire } from '../../contracts/bank-connector/protocol';
import type { ChangeFeed } from './change-feed';
import type { LoanBook } from './loan-book';

/** An out-of-order page needs a record whose previous version it can put after it. */
export function hasLaterVersion(feed: ChangeFeed, start: number, end: number): boolean {
  for (let position = start; position < end; position++) if (feed.at(position).version > 1) return true;
  return false;
}

/**
 * out-of-order: a contract's newer version before its older one. Swaps two versions of one
 * contract when the page holds both; otherwise puts the previous version right after a newer one.
 */
export function putNewerVersionFirst(book: LoanBook, records: LoanRecordWire[]): void {
  const firstIndexByContract = new Map<string, number>();
  for (let index = 0; index < records.length; index++) {
    const earlier = firstIndexByContract.get(records[index].contractNo);
    if (earlier !== undefined && records[earlier].recordVersion < records[index].recordVersion) {
      [records[earlier], records[index]] = [records[index], records[earlier]];
      return;
    }
    firstIndexByContract.set(records[index].contractNo, index);
  }
  const newer = records.findIndex((record) => record.recordVersion > 1);
  if (newer < 0) return;
  records.splice(newer + 1, 0, book.record(book.slotOf(records[newer].contractNo), records[newer].recordVersion - 1));
}

/** malformed: `count` broken copies, spread over the page, each just before the record it copies (which still follows). */
export function insertCorruptCopies(records: LoanRecordWire[], count: number): void {
  const breakages: Array<(record: Record<string, unknown>) => void> = [
    (record) => delete record.contractDate,
    (record) => (record.amount = 'abc'),
    (record) => (record.statusDate = '2025-13-45'),
    (record) => delete record.recordVersion,
    (record) => (record.outstandingPrincipal = 1234.5), // a JSON number: money must be a string
  ];
  const originals = records.length;
  for (let i = 0; i < count; i++) {
    const at = Math.floor((i * originals) / count) + i; // + i: each earlier insert shifted the rest by one
    const copy = JSON.parse(JSON.stringify(records[at])) as Record<string, unknown>;
    breakages[i % breakages.length](copy);
    records.splice(at, 0, copy as unknown as LoanRecordWire);
  }
}
