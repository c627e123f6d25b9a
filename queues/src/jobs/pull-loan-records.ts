/**
 * One pull of a bank's loan-record feed: page after page from the saved cursor until the bank
 * has nothing more. Each batch of pages is applied and the cursor saved past its last page in one
 * transaction, so a crash anywhere re-reads the batch it was on and never skips a page;
 * re-reading is harmless because records are idempotent by (bank, contract, version). Used by the
 * pull job and the CLI.
 *
 * The pages are read ahead while a batch is applied (the reading and the writing overlap), and a
 * batch is the pages read in a row, up to `recordsPerApply` records: the feed comes in day order,
 * so a contract's versions are spread over many pages, and applying them together stores the
 * contract once at its last version (its every version still judged in order, with its digest,
 * its status event and the interest payments it set, loan-ingest.service.ts) instead of once per
 * page it appears in (issue 17). A batch waits for its next page only while pages keep coming
 * (`pagePatienceMs`): the pages of a bank that answers slowly, or stops answering, are stored as
 * they came.
 */
import type { LoansApp } from '../../../subgraphs/loans/src/loans.app';
import type { BankConnectorClient } from '../bank-connector/bank-connector.client';
import type { PullTotals } from '../../../common/queue/job-types';

/** The most records applied in one transaction (and so held in memory, with as many read ahead). */
export const RECORDS_PER_APPLY = 25_000;
/** How long a batch short of RECORDS_PER_APPLY waits for the next page before it is applied without it. */
export const PAGE_PATIENCE_MS = 1000;
const PATIENCE_TICK_MS = 50;

export async function pullLoanRecords(
  bankCode: string,
  deps: { connector: BankConnectorClient; ingest: LoansApp['ingest']; pageSize: number; recordsPerApply?: number; pagePatienceMs?: number },
  onPage: (totals: PullTotals) => Promise<void> | void = () => undefined,
): Promise<PullTotals> {
  const totals: PullTotals = { pages: 0, received: 0, applied: 0, duplicates: 0, rejected: 0, rejectionCodes: [] };
  const codes = new Set<string>();
  const ahead = readAhead(
    bankCode,
    deps.connector,
    await deps.ingest.savedCursor(bankCode),
    deps.pageSize,
    Math.max(deps.pageSize, deps.recordsPerApply ?? RECORDS_PER_APPLY),
    deps.pagePatienceMs ?? PAGE_PATIENCE_MS,
  );
  try {
    for (;;) {
      const batch = await ahead.take();
      const result = await deps.ingest.applyPulledPage(bankCode, batch.records, batch.cursor);
      totals.pages += batch.pages;
      totals.received += result.received;
      totals.applied += result.applied;
      totals.duplicates += result.duplicates;
      totals.rejected += result.rejected.length;
      for (const rejection of result.rejected) codes.add(rejection.code);
      totals.rejectionCodes = [...codes];
      await onPage(totals);
      if (batch.last) return totals;
    }
  } finally {
    ahead.stop();
  }
}

interface ReadPage {
  records: unknown[];
  /** Where the feed continues after this page (the cursor before it when the bank gives none). */
  cursor: string | null;
  /** The bank has nothing after this page. */
  last: boolean;
}

/**
 * The feed read one page after another from `from`, ahead of the applying, until `limit` records
 * wait. `take` hands over the pages read so far and those that follow within `patienceMs` of each
 * other, up to `limit` records (at least one page, waited for if none is read yet); a failed read
 * is thrown by the `take` after the pages read before it, so those are stored first.
 */
function readAhead(bankCode: string, connector: BankConnectorClient, from: string | null, pageSize: number, limit: number, patienceMs: number) {
  const pages: ReadPage[] = [];
  let waiting = 0;
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let pageRead: (() => void) | null = null;
  let roomMade: (() => void) | null = null;
  const wake = (signal: (() => void) | null) => signal?.();
  /**
   * Whether a page is read within `ms` of the event loop's own time (false at once when the reader
   * has stopped on a failure). Time the loop spent blocked (another bank's batch being judged, in
   * the same process) counts for one tick only: a page that came meanwhile is handled after the
   * timer, and would otherwise be given up on while it waited to be read.
   */
  const nextPageWithin = (ms: number) =>
    new Promise<boolean>((resolve) => {
      let waited = 0;
      let last = performance.now();
      const tick = () => {
        const now = performance.now();
        waited += Math.min(now - last, PATIENCE_TICK_MS);
        last = now;
        if (waited >= ms) resolve(false);
        else timer = setTimeout(tick, PATIENCE_TICK_MS);
      };
      let timer = setTimeout(tick, PATIENCE_TICK_MS);
      pageRead = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });

  void (async () => {
    let cursor = from;
    try {
      for (;;) {
        while (waiting >= limit && !stopped) await new Promise<void>((resolve) => (roomMade = resolve));
        if (stopped) return;
        const page = await connector.fetchLoanRecords(bankCode, cursor, pageSize);
        if (stopped) return;
        cursor = page.nextCursor ?? cursor;
        const last = !page.hasMore || page.records.length === 0;
        pages.push({ records: page.records, cursor, last });
        waiting += page.records.length;
        wake(pageRead);
        if (last) return;
      }
    } catch (error) {
      failure = { error };
      wake(pageRead);
    }
  })();

  return {
    async take(): Promise<{ records: unknown[]; cursor: string | null; last: boolean; pages: number }> {
      const taken: ReadPage[] = [];
      let count = 0;
      for (;;) {
        while (pages.length > 0 && (taken.length === 0 || count + pages[0].records.length <= limit)) {
          count += pages[0].records.length;
          taken.push(pages.shift()!);
        }
        const end = taken.at(-1);
        // Enough, the end of the feed, or the next page not coming (a slow or failed read): apply what there is.
        if (end && (end.last || pages.length > 0 || failure || waiting >= limit || !(await nextPageWithin(patienceMs)))) break;
        if (!end) {
          if (failure) throw failure.error;
          await new Promise<void>((resolve) => (pageRead = resolve));
        }
      }
      waiting -= count;
      wake(roomMade);
      const end = taken[taken.length - 1];
      return { records: taken.length === 1 ? end.records : taken.flatMap((p) => p.records), cursor: end.cursor, last: end.last, pages: taken.length };
    },
    /** No page is read after this (one on its way is dropped). */
    stop(): void {
      stopped = true;
      wake(roomMade);
    },
  };
}
