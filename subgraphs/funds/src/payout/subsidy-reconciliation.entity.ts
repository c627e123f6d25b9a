import type Decimal from 'decimal.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';

/**
 * The last reconciliation the jobs recorded for a county's quarter (after each batch's answer):
 * what finance files, and what tells whether the quarter balanced. The live figures are always a
 * query away (`subsidyReconciliation`); this is the record of when it was checked and what it said.
 */
@Entity({ name: 'subsidy_reconciliations' })
export class SubsidyReconciliationRecord {
  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  quarter: string;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  computed: Decimal;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  instructed: Decimal;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  confirmed: Decimal;

  /** What the ledger's PAYOUT_CONFIRMED entries of the quarter's batches moved. */
  @Column({ name: 'ledger_confirmed', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  ledgerConfirmed: Decimal;

  @Column({ name: 'difference_count', type: 'integer' })
  differenceCount: number;

  /** Every computed fen confirmed paid, and the ledger says the same. */
  @Column({ type: 'boolean' })
  balanced: boolean;

  @Column({ name: 'reconciled_at', type: 'timestamptz' })
  reconciledAt: Date;
}
