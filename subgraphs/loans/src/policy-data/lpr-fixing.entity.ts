import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';

/** One monthly LPR publication (贷款市场报价利率), rates as fractions. Loaded as data, never coded. */
@Entity({ name: 'lpr_fixings' })
@Check('lpr_fixings_rates_ck', `"one_year" > 0 AND "one_year" < 0.2 AND "five_year_plus" > 0 AND "five_year_plus" < 0.2`)
export class LprFixingRecord {
  @PrimaryColumn({ name: 'effective_date', type: 'date' })
  effectiveDate: string;

  @Column({ name: 'one_year', type: 'numeric', precision: 8, scale: 6, transformer: decimalTransformer })
  oneYear: Decimal;

  @Column({ name: 'five_year_plus', type: 'numeric', precision: 8, scale: 6, transformer: decimalTransformer })
  fiveYearPlus: Decimal;

  /** 'shipped', 'file:<name>' or 'mutation'. */
  @Column({ type: 'varchar', length: 120 })
  source: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
