import { describeSubsidyLine } from './domain/compute-subsidy';
import type { SettlementWindow } from './domain/settlement-window';
import type { SubsidyLineRecord } from './subsidy-line.entity';
import type { SubsidyLineType } from './subsidy.type';

/** A line as the schema shows it, with its working spelled out over the run's settlement window. */
export function toSubsidyLine(record: SubsidyLineRecord, window: Pick<SettlementWindow, 'start' | 'end'>): SubsidyLineType {
  return {
    id: record.id,
    loanId: record.loanId,
    contractNo: record.contractNo,
    bank: { code: record.bankCode },
    household: { id: record.householdId },
    townshipCode: record.townshipCode,
    interestPaid: record.interestPaid,
    overdueInterestPaid: record.overdueInterestPaid,
    subsidyRatio: record.subsidyRatio,
    subsidy: record.subsidy,
    reason: record.reason,
    notes: record.notes,
    adjustsQuarter: record.adjustsQuarter,
    adjustsLineId: record.adjustsLineId,
    correctionLineId: record.correctionLineId,
    detail: record.adjustsQuarter
      ? describeAdjustment(record)
      : describeSubsidyLine({
          window,
          subsidizedAmount: record.subsidizedAmount,
          annualRate: record.annualRate,
          ratio: record.subsidyRatio,
          interestPaid: record.interestPaid,
          overduePaid: record.overdueInterestPaid,
          eligible: record.eligibleInterest,
          subsidy: record.subsidy,
          paymentsInWindow: record.paymentsInWindow,
          removedByCap: record.removedByCap,
          notes: record.notes,
          otherFlags: record.flagCodes,
        }),
  };
}

/** An adjustment line's working: what it corrects, and by how much. */
function describeAdjustment(record: SubsidyLineRecord): string {
  const amount = record.subsidy.toFixed(2);
  return record.subsidy.isNegative()
    ? `adjusts ${record.adjustsQuarter}: its correction gives ${amount} less than was approved (overpaid, recorded for recovery, not paid)`
    : `adjusts ${record.adjustsQuarter}: its correction gives ${amount} more than was approved, paid with this quarter`;
}
