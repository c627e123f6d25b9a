import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The households side's copy of the bank registry (the loans side owns it), written by the
 * record-bank-directory job: which banks exist, whether retired, the counties each serves. A
 * township is assigned only to a bank known here, active and serving the township's county.
 * `revision` is the registry's: a row is replaced only by an entry of a higher revision.
 */
@Entity({ name: 'bank_directory' })
export class BankDirectoryRecord {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_households_bank_directory' })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'county_codes', type: 'text', array: true })
  countyCodes: string[];

  @Column({ type: 'boolean' })
  retired: boolean;

  @Column({ type: 'bigint' })
  revision: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
