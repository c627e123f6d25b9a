import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LoanRecord } from './loan.entity';
import type { LoanStatus } from './loan-status';

/**
 * One status change of a loan, as the bank reported it. Unique per (loan, record version): a
 * duplicated or replayed record never adds a second event.
 */
@Entity({ name: 'loan_status_events' })
@Index('loan_status_events_version_uq', ['loanId', 'recordVersion'], { unique: true })
export class LoanStatusEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'loan_id', type: 'uuid' })
  loanId: string;

  @ManyToOne(() => LoanRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'loan_id', foreignKeyConstraintName: 'loan_status_events_loan_fk' })
  loan?: LoanRecord;

  @Column({ name: 'record_version', type: 'integer' })
  recordVersion: number;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: LoanStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: LoanStatus;

  @Column({ name: 'status_date', type: 'date' })
  statusDate: string;

  /** PULL (the hub fetched it) or REPORT (the bank pushed it through GraphQL). */
  @Column({ type: 'varchar', length: 8 })
  source: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
