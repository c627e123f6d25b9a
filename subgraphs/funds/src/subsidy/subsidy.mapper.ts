import Decimal from 'decimal.js';
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
    netted: record.netted,
    payable: record.subsidy.greaterThan(0) ? record.subsidy.minus(record.netted) : new Decimal(0),
    receivable: record.subsidy.lessThan(0) ? record.subsidy.negated().minus(record.netted) : new Decimal(0),
    reason: record.reason,
    notes: record.notes,
    adjustsQuarter: record.adjustsQuarter,
    adjustsLineId: record.adjustsLineId,
    correctionLineId: record.correctionLineId,
    detail: record.adjustsQuarter
      ? describeAdjustment(record)
      : withNetting(
          record,
          describeSubsidyLine({
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
        ),
  };
}

/** A payable line something was withheld from says so. */
function withNetting(record: SubsidyLineRecord, detail: string): string {
  if (record.netted.isZero()) return detail;
  return `${detail}; ${record.netted.toFixed(2)} withheld against the household's overpayment of an earlier quarter, ${record.subsidy.minus(record.netted).toFixed(2)} paid`;
}

/** An adjustment line's working: what it corrects, and by how much. */
function describeAdjustment(record: SubsidyLineRecord): string {
  const dropped = record.correctionLineId === null ? ' (the correction no longer has the loan)' : '';
  if (!record.subsidy.isNegative()) {
    const withheld = record.netted.isZero() ? '' : `, less ${record.netted.toFixed(2)} withheld against the household's overpayment`;
    return `adjusts ${record.adjustsQuarter}: its correction gives ${record.subsidy.toFixed(2)} more than was approved${dropped}, paid with this quarter${withheld}`;
  }
  const overpaid = record.subsidy.negated();
  const left = overpaid.minus(record.netted);
  return (
    `adjusts ${record.adjustsQuarter}: its correction gives ${overpaid.toFixed(2)} less than was approved${dropped}: an overpayment, never paid; ` +
    `${record.netted.toFixed(2)} netted against the household's lines of this quarter, ${left.toFixed(2)} to recover from the household`
  );
}
