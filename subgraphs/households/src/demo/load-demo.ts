/** Writes demo regions, township assignments and households into this subgraph's own tables. Idempotent. */
import type { DataSource } from 'typeorm';
import type { PiiProtector } from '../../../../common/pii/protector';
import { TownshipAssignmentRecord } from '../assignment/township-assignment.entity';
import type { HouseholdCategory } from '../domain/household-category';
import { checkResidentId } from '../../../../common/domain/resident-id';
import { sealHouseholdPii } from '../household/household-pii';
import { HouseholdRecord } from '../household/household.entity';
import { RegionRecord } from '../region/region.entity';

export interface DemoHouseholdsInput {
  countyCode: string;
  regions: { code: string; name: string; parentCode: string | null; level: 'county' | 'township' | 'village' }[];
  assignments: { townshipCode: string; bankCode: string; effectiveFrom: string }[];
  households: {
    id: string;
    householdNo: string;
    headName: string;
    idNumber: string;
    phone: string;
    countyCode: string;
    townshipCode: string;
    villageCode: string;
    category: HouseholdCategory;
    isMonitored: boolean;
    liftedOutYear: number | null;
    memberCount: number;
  }[];
}

const CHUNK = 500;

export async function loadDemoHouseholds(dataSource: DataSource, pii: PiiProtector, input: DemoHouseholdsInput): Promise<{ households: number }> {
  return dataSource.transaction(async (manager) => {
    const regionRows = input.regions.map((r) => ({ ...r, countyCode: input.countyCode }));
    for (let i = 0; i < regionRows.length; i += CHUNK) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(RegionRecord)
        .values(regionRows.slice(i, i + CHUNK))
        .orIgnore()
        .execute();
    }
    const existing = await manager.getRepository(TownshipAssignmentRecord).count();
    if (existing === 0) await manager.createQueryBuilder().insert().into(TownshipAssignmentRecord).values(input.assignments).execute();

    const rows = input.households.map((h) => {
      const id = checkResidentId(h.idNumber);
      if (!id.ok) throw new Error(`demo household ${h.householdNo} has an invalid ID number (${id.problem})`);
      const sealed = sealHouseholdPii(pii, { headName: h.headName, idNumber: id.normalized, phone: h.phone });
      return {
        id: h.id,
        householdNo: h.householdNo,
        countyCode: h.countyCode,
        townshipCode: h.townshipCode,
        villageCode: h.villageCode,
        piiSealed: sealed.sealed,
        idNumberHash: pii.hash(id.normalized),
        phoneHash: pii.hash(h.phone),
        piiKeyId: sealed.keyId,
        category: h.category,
        isMonitored: h.isMonitored,
        liftedOutYear: h.liftedOutYear,
        memberCount: h.memberCount,
      };
    });
    let inserted = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      // An explicit conflict target: ON CONFLICT cannot arbitrate the deferred one-holder-per-ID constraint.
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(HouseholdRecord)
        .values(rows.slice(i, i + CHUNK))
        .orUpdate([], ['county_code', 'household_no'])
        .execute();
      inserted += (result.raw as unknown[]).length;
    }
    return { households: inserted };
  });
}
