import type { PiiProtector } from '../../../../common/pii/protector';
import { mask } from '../../../../common/pii/masking';
import type { HouseholdRecord } from './household.entity';
import type { Household } from './household.type';

/** Database record → GraphQL view. Lists every outgoing field; personal data leaves masked. */
export function toHouseholdView(record: HouseholdRecord, pii: PiiProtector): Household {
  const open = (sealed: Buffer) => pii.open({ ciphertext: sealed, keyId: record.piiKeyId });
  return {
    id: record.id,
    householdNo: record.householdNo,
    headName: mask('name', open(record.headNameSealed)),
    idNumber: mask('residentId', open(record.idNumberSealed)),
    phone: record.phoneSealed ? mask('phone', open(record.phoneSealed)) : null,
    countyCode: record.countyCode,
    townshipCode: record.townshipCode,
    villageCode: record.villageCode,
    category: record.category,
    isMonitored: record.isMonitored,
    liftedOutYear: record.liftedOutYear,
    memberCount: record.memberCount,
  };
}
