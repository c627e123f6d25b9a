import type Decimal from 'decimal.js';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { LoanRecord } from './loan.entity';

/** Interest a borrower paid for one quarterly settlement (结息); the subsidy is computed from it. */
@Entity({ name: 'loan_interest_payments' })
@Check('loan_interest_payments_amounts_ck', `"interest_paid" >= 0 AND "overdue_interest_paid" >= 0`)
@Check('loan_interest_payments_period_ck', `"period_start" <= "settlement_date"`)
export class LoanInterestPaymentRecord {
  @PrimaryColumn({ name: 'loan_id', type: 'uuid' })
  loanId: string;

  @ManyToOne(() => LoanRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'loan_id', foreignKeyConstraintName: 'loan_interest_payments_loan_fk' })
  loan?: LoanRecord;

  @PrimaryColumn({ name: 'settlement_date', type: 'date' })
  settlementDate: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart: string;

  @Column({ name: 'interest_paid', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  interestPaid: Decimal;

  @Column({ name: 'overdue_interest_paid', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  overdueInterestPaid: Decimal;

  /** The record version that last set these figures. */
  @Column({ name: 'record_version', type: 'integer' })
  recordVersion: number;
}
