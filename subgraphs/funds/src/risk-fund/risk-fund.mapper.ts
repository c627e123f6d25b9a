import type { RiskFundRuleVersion } from './domain/risk-fund-rules';
import { serializeRiskFundRules } from './domain/risk-fund-rules-json';
import type { RiskFundAssessmentRecord } from './risk-fund-assessment.entity';
import type { RiskFundPosition, RiskFundRulesType } from './risk-fund.type';

/** A rule version flattened for the schema, with the whole document as recorded beside the figures. */
export function toRiskFundRules(version: RiskFundRuleVersion): RiskFundRulesType {
  const { rules } = version;
  return {
    id: version.id,
    regionCode: version.regionCode,
    effectiveFrom: version.effectiveFrom,
    effectiveTo: version.effectiveTo,
    name: version.name,
    source: version.source,
    leverageMultiple: rules.leverageMultiple,
    fundShare: rules.fundShare,
    bankShare: rules.bankShare,
    insuranceFirst: rules.insuranceFirst,
    nplTriggerRate: rules.nplTriggerRate,
    compensablePrincipalCap: rules.compensablePrincipalCap,
    pauseLendingMargin: rules.pauseLendingMargin,
    extendedLoanNplMargin: rules.extendedLoanNplMargin,
    claimDocumentsPerClaim: [...rules.claimDocuments.perClaim],
    claimDocumentsPerLoan: [...rules.claimDocuments.perLoan],
    rulesJson: JSON.stringify(serializeRiskFundRules(rules)),
  };
}

/** A bank's latest assessment; overdue is read off the assessment's own day, not today. */
export function toRiskFundPosition(assessment: RiskFundAssessmentRecord): RiskFundPosition {
  return {
    bank: { code: assessment.bankCode },
    assessedOn: assessment.assessedOn,
    rulesVersionId: assessment.rulesVersionId,
    loanBalance: assessment.loanBalance,
    nplBalance: assessment.nplBalance,
    fundBalance: assessment.fundBalance,
    lendingLimit: assessment.lendingLimit,
    breach: assessment.breach,
    topUpDue: assessment.topUpDue,
    topUpDeadline: assessment.topUpDeadline,
    breachSince: assessment.breachSince,
    topUpOverdue: assessment.topUpDeadline !== null && assessment.assessedOn > assessment.topUpDeadline,
    nplRate: assessment.nplRate,
    nplTarget: assessment.nplTarget,
    triggerReached: assessment.triggerReached,
    pauseLending: assessment.pauseLending,
  };
}
