import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';

export type SubsidyRunStatus = 'COMPUTING' | 'COMPUTED';

/**
 * One county's subsidy for one quarter. Computed once: a COMPUTED run is frozen (later roster or
 * loan changes do not alter what was computed; corrections are the next quarter's business).
 */
@Entity({ name: 'subsidy_runs' })
@Index('subsidy_runs_county_quarter_uq', ['countyCode', 'quarter'], { unique: true })
@Check('subsidy_runs_status_ck', `"status" IN ('COMPUTING', 'COMPUTED')`)
export class SubsidyRunRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  /** '2025Q3'. */
  @Column({ type: 'varchar', length: 6 })
  quarter: string;

  @Column({ name: 'window_start', type: 'date' })
  windowStart: string;

  @Column({ name: 'window_end', type: 'date' })
  windowEnd: string;

  @Column({ type: 'varchar', length: 12 })
  status: SubsidyRunStatus;

  @Column({ name: 'line_count', type: 'integer', default: 0 })
  lineCount: number;

  @Column({ name: 'total_interest', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  totalInterest: Decimal;

  /** Exactly the sum of the lines (each rounded to the fen on its own). */
  @Column({ name: 'total_subsidy', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  totalSubsidy: Decimal;

  @Column({ name: 'requested_by', type: 'varchar', length: 128 })
  requestedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'computed_at', type: 'timestamptz', nullable: true })
  computedAt: Date | null;
}
