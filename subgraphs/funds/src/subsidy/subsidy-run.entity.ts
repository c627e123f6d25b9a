import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';

/**
 * COMPUTING → COMPUTED (the quarter's payable run); a recomputation is a new revision that ends
 * COMPUTED and turns the one it replaces SUPERSEDED (no money approved for it yet), or ends
 * CORRECTION (money was approved: never paid itself, its differences become adjustment lines of
 * the next quarter's run).
 */
export type SubsidyRunStatus = 'COMPUTING' | 'COMPUTED' | 'SUPERSEDED' | 'CORRECTION';

/**
 * One computation of a county's quarter. A COMPUTED run is frozen; a recomputation on request is
 * a new run (the next revision) that supersedes it or, once money was approved, corrects it.
 * At most one COMPUTED and one COMPUTING run per county and quarter.
 */
@Entity({ name: 'subsidy_runs' })
@Index('subsidy_runs_county_quarter_revision_uq', ['countyCode', 'quarter', 'revision'], { unique: true })
@Index('subsidy_runs_computed_uq', ['countyCode', 'quarter'], { unique: true, where: `"status" = 'COMPUTED'` })
@Index('subsidy_runs_computing_uq', ['countyCode', 'quarter'], { unique: true, where: `"status" = 'COMPUTING'` })
@Check('subsidy_runs_status_ck', `"status" IN ('COMPUTING', 'COMPUTED', 'SUPERSEDED', 'CORRECTION')`)
export class SubsidyRunRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  /** '2025Q3'. */
  @Column({ type: 'varchar', length: 6 })
  quarter: string;

  /** 1 for the first computation, then one more for each recomputation. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  /** The run this recomputation replaces (SUPERSEDED) or corrects (CORRECTION). */
  @Column({ name: 'supersedes_run_id', type: 'uuid', nullable: true })
  supersedesRunId: string | null;

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

  /**
   * What the run pays: exactly the sum of its payable lines (each rounded to the fen on its own)
   * less what was netted against the same households' overpayments. An overpayment (a negative
   * adjustment line) is never counted in it.
   */
  @Column({ name: 'total_subsidy', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  totalSubsidy: Decimal;

  /** Withheld from payable lines to recover the same households' overpayments (the sum of their `netted`). */
  @Column({ name: 'total_netted', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  totalNetted: Decimal;

  /** Overpayments left to recover after netting: owed back by households that had too little payable in the run. */
  @Column({ name: 'total_receivable', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  totalReceivable: Decimal;

  /** Of totalNetted, what was withheld to recover receivables earlier runs left open (the rest nets this run's own overpayments). */
  @Column({ name: 'total_recovered', type: 'numeric', precision: 16, scale: 2, default: 0, transformer: decimalTransformer })
  totalRecovered: Decimal;

  @Column({ name: 'requested_by', type: 'varchar', length: 128 })
  requestedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'computed_at', type: 'timestamptz', nullable: true })
  computedAt: Date | null;
}
