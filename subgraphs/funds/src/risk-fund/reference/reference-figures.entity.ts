import type Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../../../../../common/db/decimal.transformer';

/**
 * The figures outside the hub that the risk-fund rules refer to, each recorded as it was published
 * and never edited: a correction is a later record of the same key, and the latest record of a key
 * is the one in use (the earlier ones stay, with who recorded them).
 */

/** What every recorded figure carries: its own id, and who recorded it when. */
abstract class RecordedFigure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/** A deposit rate as posted (the PBoC benchmark, or a bank's own posted demand rate), from a date on. */
@Entity({ name: 'deposit_rates' })
@Index('deposit_rates_key_idx', ['issuer', 'term', 'effectiveFrom', 'recordedAt'])
@Check('deposit_rates_rate_ck', `"rate" >= 0 AND "rate" < 1`)
export class DepositRateRecord extends RecordedFigure {
  /** 'PBOC' or a bank code. */
  @Column({ type: 'varchar', length: 16 })
  issuer: string;

  @Column({ type: 'varchar', length: 16 })
  term: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  /** Annual, as a fraction. */
  @Column({ type: 'numeric', precision: 8, scale: 6, transformer: decimalTransformer })
  rate: Decimal;

  @Column({ type: 'varchar', length: 300 })
  source: string;
}

/**
 * A bank's own annual NPL target for all its loans (自身各项贷款不良率年度目标): Wushan's pause-lending
 * signal (004 第十三条) and its extended-loan ground (第十七条(四)) are measured against it.
 */
@Entity({ name: 'bank_npl_targets' })
@Index('bank_npl_targets_key_idx', ['bankCode', 'year', 'recordedAt'])
@Check('bank_npl_targets_target_ck', `"target" >= 0 AND "target" < 1`)
export class BankNplTargetRecord extends RecordedFigure {
  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'numeric', precision: 8, scale: 6, transformer: decimalTransformer })
  target: Decimal;

  @Column({ type: 'varchar', length: 300 })
  source: string;
}

/** A year's official holiday arrangement (the State Council's notice), for working-day deadlines. */
@Entity({ name: 'holiday_arrangements' })
@Index('holiday_arrangements_key_idx', ['year', 'recordedAt'])
export class HolidayArrangementsRecord extends RecordedFigure {
  @Column({ type: 'int' })
  year: number;

  /** HolidayArrangement[] (domain/working-days.ts), validated before it is stored. */
  @Column({ type: 'jsonb' })
  arrangements: unknown;
}
