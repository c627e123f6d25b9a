/** A household row as loadDemoHouseholds takes it: a valid resident ID and the county's first township and village. */
import { randomUUID } from 'node:crypto';
import { composeResidentId } from '../../common/domain/resident-id';
import { HouseholdCategory } from '../../subgraphs/households/src/domain/household-category';

export function householdRow(countyCode: string, n: number) {
  return {
    id: randomUUID(),
    householdNo: `HH${countyCode}${n}`,
    headName: '李文华',
    idNumber: composeResidentId(countyCode, `1970-01-1${n % 10}`, 300 + n),
    phone: `1390000${String(n).padStart(4, '0')}`,
    countyCode,
    townshipCode: `${countyCode}101`,
    villageCode: `${countyCode}101001`,
    category: HouseholdCategory.LIFTED_OUT,
    isMonitored: false,
    liftedOutYear: 2018,
    memberCount: 3,
  };
}
