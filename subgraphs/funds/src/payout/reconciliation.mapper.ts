import type { Reconciliation, ReconciliationDifference, ReconciliationGroup } from './reconciliation.service';
import type { ReconciliationDifferenceType, ReconciliationGroupType, SubsidyReconciliation } from './reconciliation.type';

/** The whole reconciliation; its differences go out a page at a time through the `differences` field. */
export function toSubsidyReconciliation(reconciliation: Reconciliation, lastRecordedAt: Date | null): SubsidyReconciliation {
  return {
    countyCode: reconciliation.countyCode,
    quarter: reconciliation.quarter,
    computed: reconciliation.computed,
    instructed: reconciliation.instructed,
    confirmed: reconciliation.confirmed,
    groups: reconciliation.groups.map(toReconciliationGroup),
    allDifferences: reconciliation.differences.map(toReconciliationDifference),
    differenceCount: reconciliation.differences.length,
    carriedOver: reconciliation.carriedOver,
    ledgerConfirmed: reconciliation.ledgerConfirmed,
    balanced: reconciliation.balanced,
    lastRecordedAt,
  };
}

function toReconciliationGroup(group: ReconciliationGroup): ReconciliationGroupType {
  return {
    townshipCode: group.townshipCode,
    // '' is the group of households without an account: no bank to point at.
    issuingBank: group.issuingBankCode ? { code: group.issuingBankCode } : null,
    lines: group.lines,
    computed: group.computed,
    instructed: group.instructed,
    confirmed: group.confirmed,
  };
}

function toReconciliationDifference(difference: ReconciliationDifference): ReconciliationDifferenceType {
  return {
    subsidyLineId: difference.subsidyLineId,
    contractNo: difference.contractNo,
    household: { id: difference.householdId },
    townshipCode: difference.townshipCode,
    computed: difference.computed,
    confirmed: difference.confirmed,
    reason: difference.reason,
    lastFailure: difference.lastFailure,
  };
}
