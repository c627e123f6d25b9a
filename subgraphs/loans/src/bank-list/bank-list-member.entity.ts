import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The loans side's own record of a bank's beneficiary list: a household was on bank B's list from
 * `listedFrom` (inclusive) to `listedTo` (exclusive, open while listed), as actually delivered to
 * and acknowledged by B. Loans are checked against it; the households tables are never read.
 */
@Entity({ name: 'bank_list_members' })
@Index('bank_list_members_open_uq', ['bankCode', 'householdId'], { unique: true, where: `"listed_to" IS NULL` })
@Index('bank_list_members_household_idx', ['bankCode', 'householdId', 'listedFrom'])
@Index('bank_list_members_id_hash_idx', ['bankCode', 'idHash'])
@Index('bank_list_members_township_idx', ['bankCode', 'townshipCode'], { where: `"listed_to" IS NULL` })
export class BankListMemberRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** HMAC of the household head's resident ID, to match a borrower reported without a household id. */
  @Column({ name: 'id_hash', type: 'char', length: 64 })
  idHash: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'township_code', type: 'varchar', length: 9 })
  townshipCode: string;

  @Column({ name: 'listed_from', type: 'date' })
  listedFrom: string;

  @Column({ name: 'listed_to', type: 'date', nullable: true })
  listedTo: string | null;

  /** The last delivery (per-bank sequence) that listed or changed this household. */
  @Column({ name: 'last_sequence', type: 'bigint' })
  lastSequence: string;
}
