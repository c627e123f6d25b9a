import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A list delivery the bank acknowledged and this side has recorded: the primary key makes recording it idempotent. */
@Entity({ name: 'received_list_deliveries' })
export class ReceivedListDeliveryRecord {
  @PrimaryColumn({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @PrimaryColumn({ type: 'bigint' })
  sequence: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate: string;

  @Column({ type: 'integer' })
  upserts: number;

  @Column({ type: 'integer' })
  removals: number;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
