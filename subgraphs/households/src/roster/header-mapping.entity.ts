import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A county's own header for a canonical roster field, on top of the built-in aliases. */
@Entity({ name: 'roster_header_mappings' })
export class RosterHeaderMappingRecord {
  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  header: string;

  @Column({ type: 'varchar', length: 24 })
  field: string;
}
