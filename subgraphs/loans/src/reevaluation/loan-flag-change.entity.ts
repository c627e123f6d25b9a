import type Decimal from 'decimal.js';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { LoanRecord } from '../loan/loan.entity';
import { PolicyReevaluationRecord } from './policy-reevaluation.entity';

/**
 * A stored loan judged again with another outcome: its flags (and subsidized amount) before and
 * after, which policy version judged it (null: none in force) and which re-evaluation, and when.
 * Written with the change, never updated.
 */
@Entity({ name: 'loan_flag_changes' })
@Index('loan_flag_changes_loan_idx', ['loanId', 'id'])
export class LoanFlagChangeRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'loan_id', type: 'uuid' })
  loanId: string;

  @ManyToOne(() => LoanRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'loan_id', foreignKeyConstraintName: 'loan_flag_changes_loan_fk' })
  loan?: LoanRecord;

  @Column({ name: 'reevaluation_id', type: 'uuid' })
  reevaluationId: string;

  @ManyToOne(() => PolicyReevaluationRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reevaluation_id', foreignKeyConstraintName: 'loan_flag_changes_reevaluation_fk' })
  reevaluation?: PolicyReevaluationRecord;

  @Column({ name: 'policy_version_id', type: 'varchar', length: 64, nullable: true })
  policyVersionId: string | null;

  @Column({ name: 'from_flag_codes', type: 'text', array: true })
  fromFlagCodes: string[];

  @Column({ name: 'to_flag_codes', type: 'text', array: true })
  toFlagCodes: string[];

  @Column({ name: 'from_subsidized_amount', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  fromSubsidizedAmount: Decimal;

  @Column({ name: 'to_subsidized_amount', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  toSubsidizedAmount: Decimal;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
