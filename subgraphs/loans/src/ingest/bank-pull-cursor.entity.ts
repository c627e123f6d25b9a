import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far the hub has read each bank's loan-record feed; saved in the same transaction as the page it follows. */
@Entity({ name: 'bank_pull_cursors' })
export class BankPullCursorRecord {
  @PrimaryColumn({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cursor: string | null;

  @Column({ name: 'records_read', type: 'bigint', default: 0 })
  recordsRead: string;

  @Column({ name: 'pulled_at', type: 'timestamptz', nullable: true })
  pulledAt: Date | null;
}
