import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RegionLevel = 'county' | 'township' | 'village';

/** A node of the region directory: GB/T 2260 county (6 digits), township (9), village (12). */
@Entity({ name: 'regions' })
@Index('regions_parent_idx', ['parentCode'])
export class RegionRecord {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  level: RegionLevel;

  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode: string | null;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;
}
