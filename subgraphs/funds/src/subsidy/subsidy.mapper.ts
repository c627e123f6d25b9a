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
    detail: describeSubsidyLine({
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
