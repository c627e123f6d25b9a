import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { HouseholdCategory } from '../domain/household-category';

/**
 * A household of a county, identified by its 户编号 for good: loans and accounts refer to its
 * id. Its fields are those of the roster version that last published it; a household dropped
 * from the roster keeps its row with `onRoster = false`. Personal data is stored sealed
 * (AES-256-GCM, key id kept) with a keyed hash for matching; plaintext never reaches the database.
 */
@Entity({ name: 'households' })
// A village lies in its township, a township in its county: the codes say so, and the database checks it.
@Check('households_region_codes_ck', `"township_code" LIKE "county_code" || '___' AND "village_code" LIKE "township_code" || '___'`)
@Check('households_member_count_ck', `"member_count" > 0`)
@Index('households_county_household_no_uq', ['countyCode', 'householdNo'], { unique: true })
// One household per ID number among those on the roster (a removed household keeps its row).
// Checked at commit: publishing rewrites many rows in one statement, and two households that
// exchange ID numbers between versions hold the same one for an instant in between.
@Exclusion('households_one_holder_per_id', `USING btree ("county_code" WITH =, "id_number_hash" WITH =) WHERE ("on_roster")`, {
  deferrable: 'INITIALLY DEFERRED',
})
@Index('households_scope_idx', ['countyCode', 'townshipCode', 'villageCode', 'id'])
@Index('households_township_idx', ['townshipCode', 'id'])
@Index('households_created_txid_idx', ['createdTxid', 'id'])
export class HouseholdRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 户编号 from the national monitoring system. */
  @Column({ name: 'household_no', type: 'varchar', length: 32 })
  householdNo: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'township_code', type: 'varchar', length: 9 })
  townshipCode: string;

  @Column({ name: 'village_code', type: 'varchar', length: 12 })
  villageCode: string;

  /** Head's name, ID number and phone, sealed as one envelope (household-pii.ts). */
  @Column({ name: 'pii_sealed', type: 'bytea' })
  piiSealed: Buffer;

  @Column({ name: 'id_number_hash', type: 'char', length: 64 })
  idNumberHash: string;

  @Column({ name: 'phone_hash', type: 'char', length: 64, nullable: true })
  phoneHash: string | null;

  /** Id of the PII key that sealed this row's envelope. */
  @Column({ name: 'pii_key_id', type: 'varchar', length: 32 })
  piiKeyId: string;

  /** 户类型 */
  @Column({ name: 'category', type: 'varchar', length: 24 })
  category: HouseholdCategory;

  /** 监测对象 */
  @Column({ name: 'is_monitored', type: 'boolean', default: false })
  isMonitored: boolean;

  /** 脱贫年度 */
  @Column({ name: 'lifted_out_year', type: 'smallint', nullable: true })
  liftedOutYear: number | null;

  @Column({ name: 'member_count', type: 'smallint' })
  memberCount: number;

  /** 风险是否消除 (monitored households). */
  @Column({ name: 'risk_eliminated', type: 'boolean', nullable: true })
  riskEliminated: boolean | null;

  @Column({ name: 'on_roster', type: 'boolean', default: true })
  onRoster: boolean;

  /** The published roster version this row was last written from (null: loaded directly, e.g. demo). */
  @Column({ name: 'roster_version_id', type: 'uuid', nullable: true })
  rosterVersionId: string | null;

  /** Same hash as the roster entry it came from: publishing rewrites only rows that changed. */
  @Column({ name: 'content_hash', type: 'char', length: 32, nullable: true })
  contentHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /**
   * The id of the transaction that created the row (never written by the hub, only defaulted).
   * Other subgraphs' jobs copy the household → county pairs in this order: every transaction
   * below the oldest one still running has ended, so a reader that stops there misses no row,
   * however long an import ran (see HouseholdLookupService.householdsCreatedAfter).
   */
  @Column({ name: 'created_txid', type: 'bigint', default: () => 'households.current_txid()', insert: false, update: false })
  createdTxid: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
