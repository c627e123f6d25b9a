import type Decimal from 'decimal.js';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { SubsidyLineRecord } from '../subsidy/subsidy-line.entity';
import { PayoutBatchRecord } from './payout-batch.entity';

export type PayoutInstructionStatus = 'PENDING' | 'PAID' | 'FAILED';

/**
 * One payment of one subsidy line into one 一卡通 account. A line may be instructed again only
 * after an earlier instruction FAILED: at most one PENDING or PAID instruction per line, enforced
 * by a partial unique index. Its id is the instruction id the bank pays at most once.
 */
@Entity({ name: 'payout_instructions' })
@Index('payout_instructions_one_live_per_line_uq', ['subsidyLineId'], { unique: true, where: `"status" <> 'FAILED'` })
@Index('payout_instructions_batch_idx', ['batchId'])
@Check('payout_instructions_status_ck', `"status" IN ('PENDING', 'PAID', 'FAILED')`)
@Check('payout_instructions_amount_ck', `"amount" > 0`)
export class PayoutInstructionRecord {
  /** Time-ordered (UUIDv7): a batch's rows land at the index's right edge. */
  @PrimaryColumn('uuid', { default: () => 'funds.uuid_v7()' })
  id: string;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId: string;

  // No per-row foreign key: each INSERT is checked as a set (migration 1796330000000-SubsidyBulkIntegrity).
  @ManyToOne(() => PayoutBatchRecord, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'batch_id' })
  batch?: PayoutBatchRecord;

  @Column({ name: 'subsidy_line_id', type: 'bigint' })
  subsidyLineId: string;

  @ManyToOne(() => SubsidyLineRecord, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'subsidy_line_id' })
  line?: SubsidyLineRecord;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The 一卡通 account it pays into, as it was when the batch was prepared. */
  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  amount: Decimal;

  @Column({ type: 'varchar', length: 8 })
  status: PayoutInstructionStatus;

  @Column({ name: 'failure_reason', type: 'varchar', length: 32, nullable: true })
  failureReason: string | null;

  @Column({ name: 'bank_reference', type: 'varchar', length: 64, nullable: true })
  bankReference: string | null;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;
}
