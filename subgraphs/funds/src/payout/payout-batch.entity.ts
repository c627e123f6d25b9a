import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { SubsidyRunRecord } from '../subsidy/subsidy-run.entity';

export type PayoutBatchStatus = 'DRAFT' | 'APPROVED' | 'SENT' | 'CLOSED';

/**
 * The subsidy lines of a county's quarter whose 一卡通 accounts one bank issued, as one payment
 * instruction to that bank. DRAFT → APPROVED (the finance bureau) → SENT (tried, no answer yet)
 * → CLOSED (every line answered PAID or FAILED). The idempotency key is the same on every attempt.
 * Maker-checker: a person who prepares a batch is its maker (制单人, `confirmedBy` set as it is
 * created); a batch the quarterly job drafts has no maker until a person of the county's finance
 * bureau confirms it, taking responsibility for it; another person approves (审批).
 */
@Entity({ name: 'payout_batches' })
@Index('payout_batches_idempotency_key_uq', ['idempotencyKey'], { unique: true })
@Index('payout_batches_run_idx', ['runId', 'bankCode'])
@Check('payout_batches_status_ck', `"status" IN ('DRAFT', 'APPROVED', 'SENT', 'CLOSED')`)
@Check('payout_batches_total_ck', `"total_amount" > 0`)
@Check('payout_batches_four_eyes_ck', `"confirmed_by" IS NULL OR "approved_by" IS NULL OR "approved_by" <> "confirmed_by"`)
export class PayoutBatchRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @ManyToOne(() => SubsidyRunRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'payout_batches_run_fk' })
  run?: SubsidyRunRecord;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'varchar', length: 6 })
  quarter: string;

  /** The bank that issued the accounts (not necessarily the lending bank). */
  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 80 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 12 })
  status: PayoutBatchStatus;

  @Column({ name: 'line_count', type: 'integer' })
  lineCount: number;

  /** Exactly the sum of the instructions. */
  @Column({ name: 'total_amount', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  totalAmount: Decimal;

  @Column({ name: 'paid_amount', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  paidAmount: Decimal;

  @Column({ name: 'failed_amount', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  failedAmount: Decimal;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  /** The maker of record: the person who prepared it, or who confirmed a batch the scheduler drafted (null until then). */
  @Column({ name: 'confirmed_by', type: 'varchar', length: 128, nullable: true })
  confirmedBy: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'approved_by', type: 'varchar', length: 128, nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
