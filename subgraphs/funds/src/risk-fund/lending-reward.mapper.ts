import type { LendingRewardRecord } from './lending-reward.entity';
import type { LendingReward } from './lending-reward.type';

/** A reward as the schema shows it; who declared it and when each step happened stay inside. */
export function toLendingReward(record: LendingRewardRecord): LendingReward {
  return {
    countyCode: record.countyCode,
    bank: { code: record.bankCode },
    year: record.year,
    status: record.status,
    pursuedLoans: record.pursuedLoans,
    collectionReference: record.collectionReference,
    newLending: record.newLending,
    principalDue: record.principalDue,
    repaidByMaturity: record.repaidByMaturity,
    overdueLoans: record.overdueLoans,
    recoveryRate: record.recoveryRate,
    collectionCoverage: record.collectionCoverage,
    eligible: record.eligible,
    maxReward: record.maxReward,
    unmet: record.unmet,
    awarded: record.awarded,
    awardReference: record.awardReference,
    decidedBy: record.decidedBy,
  };
}
