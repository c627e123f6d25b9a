import type { HouseholdRecord } from './household.entity';
import type { Household } from './household.type';

/** Database record → GraphQL view. Lists every outgoing field; personal data stays sealed until a field resolver masks or reveals it. */
export function toHouseholdView(record: HouseholdRecord): Household {
  return {
    id: record.id,
    householdNo: record.householdNo,
    sealed: { keyId: record.piiKeyId, envelope: record.piiSealed },
    countyCode: record.countyCode,
    townshipCode: record.townshipCode,
    villageCode: record.villageCode,
    category: record.category,
    isMonitored: record.isMonitored,
    liftedOutYear: record.liftedOutYear,
    memberCount: record.memberCount,
    riskEliminated: record.riskEliminated,
    onRoster: record.onRoster,
  };
}
