import type Decimal from 'decimal.js';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { SubsidyRunRecord } from './subsidy-run.entity';

/**
 * A loan's subsidy for a quarter in one run: one line per loan a run, so that whatever happens to
 * the job a loan is paid at most once for the quarter (only the quarter's COMPUTED run is paid,
 * and a run is superseded only while none of its money is approved). An adjustment line
 * (`adjustsQuarter` set) carries into this run the difference a correction of an earlier, paid
 * quarter found: one per loan and corrected quarter a run; negative when too much was paid (an
 * overpayment: never a payment, netted against the same household's payable lines of the run as
 * far as they go, the rest a receivable: domain/overpayment-netting.ts).
 */
@Entity({ name: 'subsidy_lines' })
@Index('subsidy_lines_run_loan_uq', ['runId', 'loanId'], { unique: true, where: '"adjusts_quarter" IS NULL' })
@Index('subsidy_lines_run_adjustment_uq', ['runId', 'loanId', 'adjustsQuarter'], { unique: true, where: '"adjusts_quarter" IS NOT NULL' })
@Index('subsidy_lines_loan_quarter_idx', ['loanId', 'quarter'])
@Index('subsidy_lines_run_idx', ['runId', 'id'])
@Check('subsidy_lines_amounts_ck', `("subsidy" >= 0 OR "adjusts_quarter" IS NOT NULL) AND "interest_paid" >= 0 AND "overdue_interest_paid" >= 0`)
@Check('subsidy_lines_netted_ck', `"netted" >= 0 AND "netted" <= abs("subsidy")`)
export class SubsidyLineRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  // No per-row foreign key: each INSERT is checked as a set (migration 1796330000000-SubsidyBulkIntegrity).
  @ManyToOne(() => SubsidyRunRecord, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'run_id' })
  run?: SubsidyRunRecord;

  @Column({ type: 'varchar', length: 6 })
  quarter: string;

  @Column({ name: 'loan_id', type: 'uuid' })
  loanId: string;

  @Column({ name: 'contract_no', type: 'varchar', length: 64 })
  contractNo: string;

  /** The lending bank (the payout goes to the bank that issued the household's 一卡通). */
  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'township_code', type: 'varchar', length: 9 })
  townshipCode: string;

  @Column({ name: 'interest_paid', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  interestPaid: Decimal;

  @Column({ name: 'overdue_interest_paid', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  overdueInterestPaid: Decimal;

  @Column({ name: 'subsidy_ratio', type: 'numeric', precision: 5, scale: 4, transformer: decimalTransformer })
  subsidyRatio: Decimal;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  subsidy: Decimal;

  /**
   * What was netted against the household's overpayments in this run: on a payable line, the part
   * withheld (it pays subsidy − netted); on an overpayment (subsidy < 0), the part recovered (the
   * receivable is −subsidy − netted). 0 ≤ netted ≤ |subsidy|.
   */
  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0, transformer: decimalTransformer })
  netted: Decimal;

  /** Why it is zero or reduced (null: the full subsidy). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  @Column({ type: 'text', array: true })
  notes: string[];

  // The figures behind the line, from which its detail text is written when shown.

  /** Σ min(subsidized share, contract-rate cap) over the window's payments: unrounded, before the ratio. */
  @Column({ name: 'eligible_interest', type: 'numeric', transformer: decimalTransformer })
  eligibleInterest: Decimal;

  /** What the contract-rate cap left out, unrounded. */
  @Column({ name: 'removed_by_cap', type: 'numeric', transformer: decimalTransformer })
  removedByCap: Decimal;

  @Column({ name: 'payments_in_window', type: 'smallint' })
  paymentsInWindow: number;

  @Column({ name: 'subsidized_amount', type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  subsidizedAmount: Decimal;

  @Column({ name: 'annual_rate', type: 'numeric', precision: 8, scale: 6, transformer: decimalTransformer })
  annualRate: Decimal;

  /** The earlier quarter whose paid subsidy this line adjusts (null: the quarter's own line). */
  @Column({ name: 'adjusts_quarter', type: 'varchar', length: 6, nullable: true })
  adjustsQuarter: string | null;

  /** The line of that quarter's paid run it adjusts (null when the loan had none there). */
  @Column({ name: 'adjusts_line_id', type: 'bigint', nullable: true })
  adjustsLineId: string | null;

  /** The line of the correction (that quarter recomputed) whose figure it brings the payment up or down to (null when the correction has no line for the loan: it dropped it, so the figure is 0). */
  @Column({ name: 'correction_line_id', type: 'bigint', nullable: true })
  correctionLineId: string | null;

  /** Policy flags other than the conversion to a farmer loan and being off the list. */
  @Column({ name: 'flag_codes', type: 'text', array: true })
  flagCodes: string[];
}
