import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which county each household belongs to, as the households subgraph created it, copied here by
 * the worker (record-household-directory). The funds side's writes about a household (its 一卡通
 * account) are authorized against this county, never against a county the caller names. A
 * household's county never changes, so a pair once recorded stays true.
 */
@Entity({ name: 'household_directory' })
export class HouseholdDirectoryRecord {
  @PrimaryColumn({ name: 'household_id', type: 'uuid', primaryKeyConstraintName: 'PK_household_directory' })
  householdId: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/** How far the copy has read the households side (its HouseholdCursor); one row. */
@Entity({ name: 'household_directory_cursor' })
export class HouseholdDirectoryCursorRecord {
  @PrimaryColumn({ name: 'id', type: 'smallint', default: 1, primaryKeyConstraintName: 'PK_household_directory_cursor' })
  id: number;

  @Column({ name: 'after_txid', type: 'bigint' })
  afterTxid: string;

  @Column({ name: 'after_household_id', type: 'uuid' })
  afterHouseholdId: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
