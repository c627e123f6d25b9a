import { serializeLoanPolicyRules, type LoanPolicyVersion } from '../policy/loan-policy';
import type { LoanPolicyVersionType } from './policy-data.type';

/** A policy version with its rules as the stored JSON (decimals as strings), the shape recordLoanPolicyVersion takes back. */
export function toLoanPolicyVersion(version: LoanPolicyVersion): LoanPolicyVersionType {
  return {
    id: version.id,
    regionCode: version.regionCode,
    name: version.name,
    source: version.source,
    effectiveFrom: version.effectiveFrom,
    effectiveTo: version.effectiveTo,
    rulesJson: JSON.stringify(serializeLoanPolicyRules(version.rules)),
  };
}
