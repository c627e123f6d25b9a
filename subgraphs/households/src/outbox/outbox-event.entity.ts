import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxEventType = 'roster.published' | 'township.reassigned' | 'list.snapshot-requested';

/**
 * Transactional outbox: written in the same transaction as the publish or reassignment it
 * announces, read by the beneficiary-push job. Nothing is lost if the queue is down.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_pending_idx', ['id'], { where: `"dispatched_at" IS NULL` })
export class OutboxEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: OutboxEventType;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
