/**
 * One pull of a bank's loan-record feed: page after page from the saved cursor until the bank
 * has nothing more. Each page is applied and the cursor saved in one transaction, so a crash
 * anywhere re-reads the page it was on and never skips one; re-reading is harmless because
 * records are idempotent by (bank, contract, version). Used by the pull job and the CLI.
 */
import type { LoansApp } from '../../../subgraphs/loans/src/loans.app';
import type { BankConnectorClient } from '../bank-connector/bank-connector.client';
import type { PullTotals } from '../../../common/queue/job-types';

export async function pullLoanRecords(
  bankCode: string,
  deps: { connector: BankConnectorClient; ingest: LoansApp['ingest']; pageSize: number },
  onPage: (totals: PullTotals) => Promise<void> | void = () => undefined,
): Promise<PullTotals> {
  const totals: PullTotals = { pages: 0, received: 0, applied: 0, duplicates: 0, rejected: 0, rejectionCodes: [] };
  const codes = new Set<string>();
  for (;;) {
    const saved = await deps.ingest.savedCursor(bankCode);
    const page = await deps.connector.fetchLoanRecords(bankCode, saved, deps.pageSize);
    const result = await deps.ingest.applyPulledPage(bankCode, page.records, page.nextCursor ?? saved);
    totals.pages++;
    totals.received += result.received;
    totals.applied += result.applied;
    totals.duplicates += result.duplicates;
    totals.rejected += result.rejected.length;
    for (const rejection of result.rejected) codes.add(rejection.code);
    totals.rejectionCodes = [...codes];
    await onPage(totals);
    if (!page.hasMore || page.records.length === 0) return totals;
  }
}
