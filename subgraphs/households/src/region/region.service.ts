import type { DataSource } from 'typeorm';
import { RegionRecord } from './region.entity';
import { Region, RegionLevelType } from './region.type';

export function toRegionView(record: RegionRecord): Region {
  return { code: record.code, name: record.name, level: record.level as RegionLevelType, parentCode: record.parentCode };
}

/** The region directory is public data (rosters are published by region); no row scoping. */
export class RegionService {
  constructor(private readonly dataSource: DataSource) {}

  async findByCodes(codes: readonly string[]): Promise<Region[]> {
    const rows = await this.dataSource
      .getRepository(RegionRecord)
      .createQueryBuilder('r')
      .where('r.code = ANY(:codes)', { codes: [...codes] })
      .getMany();
    return rows.map(toRegionView);
  }

  /** Children of a region, or the counties when `parentCode` is null. */
  async children(parentCode: string | null): Promise<Region[]> {
    const query = this.dataSource.getRepository(RegionRecord).createQueryBuilder('r');
    if (parentCode) query.where('r.parentCode = :parentCode', { parentCode });
    else query.where("r.level = 'county'");
    return (await query.orderBy('r.code').getMany()).map(toRegionView);
  }

  async childrenOf(parentCodes: readonly string[]): Promise<RegionRecord[]> {
    return this.dataSource
      .getRepository(RegionRecord)
      .createQueryBuilder('r')
      .where('r.parentCode = ANY(:parentCodes)', { parentCodes: [...parentCodes] })
      .orderBy('r.code')
      .getMany();
  }
}
