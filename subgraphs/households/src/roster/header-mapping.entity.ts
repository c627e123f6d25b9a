import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A county's own header for a canonical roster field, on top of the built-in aliases, and whether the county requires the field. */
@Entity({ name: 'roster_header_mappings' })
export class RosterHeaderMappingRecord {
  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  header: string;

  @Column({ type: 'varchar', length: 24 })
  field: string;

  /** The county requires this field in every roster it imports (beyond the hub's REQUIRED_FIELDS). */
  @Column({ type: 'boolean', default: false })
  required: boolean;
}
