import type Decimal from 'decimal.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';

/**
 * What regulators ask for each month per county and lending bank (001 §五(三); 002 §二(一),
 * §三(二)): aggregates only, no household or person. Computed by the monthly job from the loans
 * as they stand when it runs (the 1st), with the county's households on the roster passed in by
 * the job from the households side.
 */
@Entity({ name: 'monthly_statistics' })
export class MonthlyStatisticsRecord {
  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @PrimaryColumn({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  /** 'YYYY-MM'. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  /** Households with an outstanding loan at the bank. */
  @Column({ type: 'integer' })
  borrowers: number;

  /** Change against the bank's previous month in the county (null for its first month). */
  @Column({ name: 'borrower_change', type: 'integer', nullable: true })
  borrowerChange: number | null;

  /** A swing of 20 % or more (and at least 10 households) against the previous month. */
  @Column({ name: 'abnormal_swing', type: 'boolean' })
  abnormalSwing: boolean;

  @Column({ name: 'new_loans', type: 'integer' })
  newLoans: number;

  @Column({ name: 'new_amount', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  newAmount: Decimal;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  balance: Decimal;

  @Column({ name: 'overdue_balance', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  overdueBalance: Decimal;

  @Column({ name: 'npl_balance', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  nplBalance: Decimal;

  @Column({ name: 'npl_rate', type: 'numeric', precision: 9, scale: 6, transformer: decimalTransformer })
  nplRate: Decimal;

  /** The policy's tolerance above the bank's own NPL target, in percentage points (null: no policy in force). */
  @Column({ name: 'npl_tolerance_pp', type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: decimalTransformer })
  nplTolerancePp: Decimal | null;

  /** The county's households on the roster when computed (the same on each bank's row; null when unknown). */
  @Column({ name: 'eligible_households', type: 'integer', nullable: true })
  eligibleHouseholds: number | null;

  @Column({ name: 'maturing_3m_count', type: 'integer' })
  maturing3mCount: number;

  @Column({ name: 'maturing_3m_amount', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  maturing3mAmount: Decimal;

  @Column({ name: 'maturing_6m_count', type: 'integer' })
  maturing6mCount: number;

  @Column({ name: 'maturing_6m_amount', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  maturing6mAmount: Decimal;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
