import type { RiskFundClaimRecord } from './risk-fund-claim.entity';
import type { RiskFundClaim } from './risk-fund-claim.type';

/** A claim as the schema shows it; who filed, reviewed and approved it and the ledger entry stay inside. */
export function toRiskFundClaim(record: RiskFundClaimRecord): RiskFundClaim {
  return {
    id: record.id,
    countyCode: record.countyCode,
    bank: { code: record.bankCode },
    quarter: record.quarter,
    status: record.status,
    filedOn: record.filedOn,
    rulesVersionId: record.rulesVersionId,
    documents: record.documents,
    townshipReviewDue: record.townshipReviewDue,
    confirmationDue: record.confirmationDue,
    fundPays: record.fundPays,
    rejectionReason: record.rejectionReason,
  };
}
