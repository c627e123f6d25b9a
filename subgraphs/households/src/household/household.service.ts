import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { badInput, forbidden } from '../../../../common/errors/hub-error';
import { COUNTY_CODE, TOWNSHIP_CODE, UUID_PATTERN, VILLAGE_CODE } from '../../../../common/codes';
import { HouseholdRecord } from './household.entity';
import type { HouseholdFilter } from './household.input';
import { toHouseholdView } from './household.mapper';
import { householdScope } from './household-scope';
import type { Household } from './household.type';

const CODE_PATTERNS = { countyCode: COUNTY_CODE, townshipCode: TOWNSHIP_CODE, villageCode: VILLAGE_CODE } as const;

export class HouseholdService {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of households the caller may see, `size + 1` rows at most (the extra one says "more"). */
  async list(caller: Caller, filter: HouseholdFilter, size: number, afterId: string | null): Promise<Household[]> {
    const scope = householdScope(caller);
    if (!scope) throw forbidden('regulators see aggregates only, not household rows');
    const query = this.dataSource.getRepository(HouseholdRecord).createQueryBuilder('h').where(scope.sql, scope.params);
    if (!filter.includeOffRoster) query.andWhere('h.onRoster = true');
    for (const field of ['countyCode', 'townshipCode', 'villageCode'] as const) {
      const value = filter[field];
      if (value == null) continue;
      if (!CODE_PATTERNS[field].test(value)) throw badInput(`${field} "${value}" is not a valid region code`, field);
      query.andWhere(`h.${field} = :${field}`, { [field]: value });
    }
    if (filter.category != null) query.andWhere('h.category = :category', { category: filter.category });
    if (filter.isMonitored != null) query.andWhere('h.isMonitored = :isMonitored', { isMonitored: filter.isMonitored });
    if (afterId) query.andWhere('h.id > :afterId', { afterId });
    const rows = await query
      .orderBy('h.id', 'ASC')
      .limit(size + 1)
      .getMany();
    return rows.map(toHouseholdView);
  }

  /** Households by id, limited to the caller's scope (others are simply absent). One statement. */
  async findByIds(caller: Caller, ids: readonly string[]): Promise<Household[]> {
    const scope = householdScope(caller);
    const valid = ids.filter((id) => UUID_PATTERN.test(id));
    if (!scope || valid.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(HouseholdRecord)
      .createQueryBuilder('h')
      .where(scope.sql, scope.params)
      .andWhere('h.id = ANY(:ids)', { ids: valid })
      .getMany();
    return rows.map(toHouseholdView);
  }
}
