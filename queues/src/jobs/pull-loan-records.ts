/**
 * One pull of a bank's loan-record feed: page after page from the saved cursor until the bank
 * has nothing more. Each page is applied and the cursor saved in one transaction, so a crash
 * anywhere re-reads the page it was on and never skips one; re-reading is harmless because
 * records are idempotent by (bank, contract, version). Used by the pull job and the CLI.
 */
import type { DataSource } from 'typeorm';
import type { LoanIngestService } from '../../../subgraphs/loans/src/ingest/loan-ingest.service';
import type { BankConnectorClient } from '../bank-connector/bank-connector.client';

export interface PullTotals {
  pages: number;
  received: number;
  applied: number;
  duplicates: number;
  rejected: number;
  rejectionCodes: string[];
}

export async function pullLoanRecords(
  bankCode: string,
  deps: { connector: BankConnectorClient; ingest: LoanIngestService; loans: DataSource; pageSize: number },
  onPage: (totals: PullTotals) => Promise<void> | void = () => undefined,
): Promise<PullTotals> {
  const totals: PullTotals = { pages: 0, received: 0, applied: 0, duplicates: 0, rejected: 0, rejectionCodes: [] };
  const codes = new Set<string>();
  for (;;) {
    const [saved] = await deps.loans.query('SELECT cursor FROM loans.bank_pull_cursors WHERE bank_code = $1', [bankCode]);
    const page = await deps.connector.fetchLoanRecords(bankCode, saved?.cursor ?? null, deps.pageSize);
    const nextCursor = page.nextCursor ?? saved?.cursor ?? null;
    const result = await deps.ingest.apply(bankCode, page.records, 'PULL', async (manager) => {
      await manager.query(
        `INSERT INTO loans.bank_pull_cursors (bank_code, cursor, records_read, pulled_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (bank_code) DO UPDATE SET cursor = EXCLUDED.cursor, records_read = bank_pull_cursors.records_read + EXCLUDED.records_read, pulled_at = now()`,
        [bankCode, nextCursor, page.records.length],
      );
    });
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
