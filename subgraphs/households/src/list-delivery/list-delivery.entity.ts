import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ListDeliveryStatus = 'PENDING' | 'SENT' | 'ACKNOWLEDGED' | 'FAILED';
export type ListDeliveryKind = 'DELTA' | 'SNAPSHOT';

/**
 * One message of a bank's beneficiary list: a delta (or a snapshot part) of at most 5,000
 * households, numbered 1, 2, 3 … per bank. A bank receives n only after acknowledging n − 1;
 * a delivery that failed every attempt is parked (FAILED) and holds back the later ones until
 * it is replayed.
 */
@Entity({ name: 'list_deliveries' })
@Index('list_deliveries_bank_sequence_uq', ['bankCode', 'sequence'], { unique: true })
@Index('list_deliveries_idempotency_key_uq', ['idempotencyKey'], { unique: true })
@Index('list_deliveries_open_idx', ['bankCode', 'sequence'], { where: `"status" <> 'ACKNOWLEDGED'` })
@Index('list_deliveries_version_idx', ['rosterVersionId'])
@Check('list_deliveries_status_ck', `"status" IN ('PENDING', 'SENT', 'ACKNOWLEDGED', 'FAILED')`)
@Check('list_deliveries_kind_ck', `"kind" IN ('DELTA', 'SNAPSHOT')`)
export class ListDeliveryRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ type: 'bigint' })
  sequence: string;

  /** Sent as the Idempotency-Key header; the same on every attempt. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 80 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 8 })
  kind: ListDeliveryKind;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'roster_version_id', type: 'uuid', nullable: true })
  rosterVersionId: string | null;

  /** The outbox event this delivery was planned from. */
  @Column({ name: 'outbox_event_id', type: 'bigint' })
  outboxEventId: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate: string;

  @Column({ name: 'snapshot_id', type: 'uuid', nullable: true })
  snapshotId: string | null;

  @Column({ name: 'snapshot_townships', type: 'text', array: true, nullable: true })
  snapshotTownships: string[] | null;

  @Column({ name: 'snapshot_part', type: 'integer', nullable: true })
  snapshotPart: number | null;

  @Column({ name: 'snapshot_last_part', type: 'boolean', nullable: true })
  snapshotLastPart: boolean | null;

  @Column({ name: 'upsert_count', type: 'integer' })
  upsertCount: number;

  @Column({ name: 'removal_count', type: 'integer' })
  removalCount: number;

  @Column({ type: 'varchar', length: 16 })
  status: ListDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** The sequence the bank said it expects next, when its last answer to this delivery was SEQUENCE_GAP (what a resync starts from). */
  @Column({ name: 'expected_sequence', type: 'bigint', nullable: true })
  expectedSequence: string | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
