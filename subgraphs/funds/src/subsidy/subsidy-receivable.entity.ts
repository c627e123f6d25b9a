import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';
import { SubsidyRunRecord } from './subsidy-run.entity';

/**
 * What a household still owed after a run's own netting (its overpayments found later, less
 * what its own lines of the run covered): one per run and household, written in the transaction
 * that freezes the run, and never changed. What becomes of it is its history (events below); it
 * stands only while the run that found it is COMPUTED (a superseded run's receivables are void).
 */
@Entity({ name: 'subsidy_receivables' })
@Index('subsidy_receivables_run_household_uq', ['runId', 'householdId'], { unique: true })
@Index('subsidy_receivables_county_household_idx', ['countyCode', 'householdId', 'createdAt'])
@Check('subsidy_receivables_amount_ck', `"amount" > 0`)
export class SubsidyReceivableRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The run that found it (its adjustment lines hold the overpayments). */
  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @ManyToOne(() => SubsidyRunRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'subsidy_receivables_run_fk' })
  run?: SubsidyRunRecord;

  /** That run's quarter. */
  @Column({ type: 'varchar', length: 6 })
  quarter: string;

  /** Owed when found. */
  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  amount: Decimal;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export type ReceivableEventKind = 'NETTED' | 'REPAID' | 'WRITTEN_OFF';

/**
 * One change to a receivable, append-only: NETTED (withheld from the household's lines of a later
 * run: counts while that run is COMPUTED), REPAID (the household paid it back: a finance user
 * recorded it with the payment's reference, unique in the county) or WRITTEN_OFF (by decision,
 * with the reason).
 */
@Entity({ name: 'subsidy_receivable_events' })
@Index('subsidy_receivable_events_netted_uq', ['receivableId', 'runId'], { unique: true, where: `"kind" = 'NETTED'` })
@Index('subsidy_receivable_events_reference_uq', ['countyCode', 'reference'], { unique: true, where: `"kind" = 'REPAID'` })
@Index('subsidy_receivable_events_written_off_uq', ['receivableId'], { unique: true, where: `"kind" = 'WRITTEN_OFF'` })
@Index('subsidy_receivable_events_receivable_idx', ['receivableId', 'id'])
@Index('subsidy_receivable_events_run_idx', ['runId'])
@Check('subsidy_receivable_events_kind_ck', `"kind" IN ('NETTED', 'REPAID', 'WRITTEN_OFF')`)
@Check('subsidy_receivable_events_amount_ck', `"amount" > 0`)
@Check(
  'subsidy_receivable_events_fields_ck',
  `("kind" = 'NETTED') = ("run_id" IS NOT NULL) AND ("kind" = 'REPAID') = ("reference" IS NOT NULL AND "paid_on" IS NOT NULL) AND ("kind" = 'WRITTEN_OFF') = ("reason" IS NOT NULL)`,
)
export class SubsidyReceivableEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'receivable_id', type: 'uuid' })
  receivableId: string;

  @ManyToOne(() => SubsidyReceivableRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'receivable_id', foreignKeyConstraintName: 'subsidy_receivable_events_receivable_fk' })
  receivable?: SubsidyReceivableRecord;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'varchar', length: 12 })
  kind: ReceivableEventKind;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: decimalTransformer })
  amount: Decimal;

  /** NETTED: the run whose lines it was withheld from. */
  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @ManyToOne(() => SubsidyRunRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'subsidy_receivable_events_run_fk' })
  run?: SubsidyRunRecord;

  /** REPAID: the payment's reference (bank slip or receipt number). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reference: string | null;

  /** REPAID: the day the household paid. */
  @Column({ name: 'paid_on', type: 'date', nullable: true })
  paidOn: string | null;

  /** WRITTEN_OFF: why. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
