import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { HouseholdCategory } from '../domain/household-category';

/**
 * One household as a roster version lists it. Personal data sealed, with keyed hashes;
 * `contentHash` summarizes every compared field so diffs compare one column first.
 */
@Entity({ name: 'roster_entries' })
@Index('roster_entries_id_hash_idx', ['versionId', 'idNumberHash'])
export class RosterEntryRecord {
  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @PrimaryColumn({ name: 'household_no', type: 'varchar', length: 32 })
  householdNo: string;

  @Column({ name: 'row_number', type: 'integer' })
  rowNumber: number;

  @Column({ name: 'township_code', type: 'varchar', length: 9 })
  townshipCode: string;

  @Column({ name: 'village_code', type: 'varchar', length: 12 })
  villageCode: string;

  /** Head's name, ID number and phone, sealed as one envelope (household-pii.ts). */
  @Column({ name: 'pii_sealed', type: 'bytea' })
  piiSealed: Buffer;

  /** Keyed hash of the head's name: diffs see a renamed head without decrypting. */
  @Column({ name: 'head_name_hash', type: 'char', length: 64 })
  headNameHash: string;

  @Column({ name: 'id_number_hash', type: 'char', length: 64 })
  idNumberHash: string;

  @Column({ name: 'phone_hash', type: 'char', length: 64, nullable: true })
  phoneHash: string | null;

  @Column({ name: 'pii_key_id', type: 'varchar', length: 32 })
  piiKeyId: string;

  @Column({ type: 'varchar', length: 24 })
  category: HouseholdCategory;

  @Column({ name: 'is_monitored', type: 'boolean' })
  isMonitored: boolean;

  @Column({ name: 'risk_eliminated', type: 'boolean', nullable: true })
  riskEliminated: boolean | null;

  @Column({ name: 'lifted_out_year', type: 'smallint', nullable: true })
  liftedOutYear: number | null;

  @Column({ name: 'member_count', type: 'smallint' })
  memberCount: number;

  @Column({ name: 'data_date', type: 'date', nullable: true })
  dataDate: string | null;

  /** md5 over the compared fields (names and IDs by their keyed hash). */
  @Column({ name: 'content_hash', type: 'char', length: 32 })
  contentHash: string;
}
