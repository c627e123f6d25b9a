import type { IngestResult } from './loan-ingest.service';
import type { LoanRecordRejectionRecord } from './loan-record-rejection.entity';
import type { LoanRecordRejection, ReportLoansResult } from './loan-report.type';

/** What a report call tells the bank: the counts, and each rejected record by its place in the batch. */
export function toReportLoansResult(result: IngestResult, bankCode: string): ReportLoansResult {
  return {
    received: result.received,
    applied: result.applied,
    duplicates: result.duplicates,
    rejected: result.rejected.map((r) => ({
      index: r.index,
      bankCode,
      contractNo: r.contractNo,
      recordVersion: r.recordVersion,
      code: r.code,
      field: r.field,
      message: r.message,
      // Not logged yet when the call answers.
      receivedAt: null,
    })),
  };
}

/** A rejection from the log; its id goes along as the page cursor only. */
export function toLoggedRejection(record: LoanRecordRejectionRecord): LoanRecordRejection & { id: string } {
  return {
    id: record.id,
    index: null,
    bankCode: record.bankCode,
    contractNo: record.contractNo,
    recordVersion: record.recordVersion,
    code: record.code,
    field: record.field,
    message: record.message,
    receivedAt: record.receivedAt,
  };
}
