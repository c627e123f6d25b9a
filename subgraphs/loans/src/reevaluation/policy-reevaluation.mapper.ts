import type { LoanFlagChangeRecord } from './loan-flag-change.entity';
import type { PolicyReevaluationRecord } from './policy-reevaluation.entity';
import type { LoanFlagChange, PolicyReevaluation } from './policy-reevaluation.type';

export function toPolicyReevaluation(record: PolicyReevaluationRecord): PolicyReevaluation {
  return {
    id: record.id,
    policyVersionId: record.policyVersionId,
    lprEffectiveDate: record.lprEffectiveDate,
    regionCode: record.regionCode,
    contractFrom: record.contractFrom,
    contractTo: record.contractTo,
    status: record.status,
    loansTotal: record.loansTotal,
    loansChecked: record.loansChecked,
    loansChanged: record.loansChanged,
    requestedAt: record.requestedAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
  };
}

export function toLoanFlagChange(record: LoanFlagChangeRecord): LoanFlagChange {
  return {
    loanId: record.loanId,
    at: record.changedAt,
    policyVersionId: record.policyVersionId,
    reevaluationId: record.reevaluationId,
    from: record.fromFlagCodes,
    to: record.toFlagCodes,
    fromSubsidizedAmount: record.fromSubsidizedAmount,
    toSubsidizedAmount: record.toSubsidizedAmount,
  };
}
