import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The funds side's copy of the bank registry (the loans side owns it), written by the
 * record-bank-directory job: which banks exist, whether retired, their names and the 一卡通 card
 * prefixes each issues. A 一卡通 row's issuing bank must be known here and active, and its account
 * number must start with one of the bank's prefixes when it has any. `revision` is the
 * registry's: a row is replaced only by an entry of a higher revision.
 */
@Entity({ name: 'bank_directory' })
export class BankDirectoryRecord {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_funds_bank_directory' })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  @Column({ name: 'card_prefixes', type: 'text', array: true })
  cardPrefixes: string[];

  @Column({ type: 'boolean' })
  retired: boolean;

  @Column({ type: 'bigint' })
  revision: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
