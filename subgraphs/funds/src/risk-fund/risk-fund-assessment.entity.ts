import type Decimal from 'decimal.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';

/**
 * A bank's position against the county's fund on a day, as the daily job assessed it (the pure
 * module's leverage and NPL figures under the rules then in force): kept per day, so the history
 * of a breach and of the NPL rate can be shown.
 */
@Entity({ name: 'risk_fund_assessments' })
export class RiskFundAssessmentRecord {
  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @PrimaryColumn({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @PrimaryColumn({ name: 'assessed_on', type: 'date' })
  assessedOn: string;

  @Column({ name: 'rules_version_id', type: 'varchar', length: 64 })
  rulesVersionId: string;

  @Column({ name: 'loan_balance', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  loanBalance: Decimal;

  @Column({ name: 'npl_balance', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  nplBalance: Decimal;

  @Column({ name: 'fund_balance', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  fundBalance: Decimal;

  @Column({ name: 'lending_limit', type: 'numeric', precision: 18, scale: 2, transformer: decimalTransformer })
  lendingLimit: Decimal;

  @Column({ type: 'boolean' })
  breach: boolean;

  @Column({ name: 'top_up_due', type: 'numeric', precision: 16, scale: 2, transformer: decimalTransformer })
  topUpDue: Decimal;

  @Column({ name: 'top_up_deadline', type: 'date', nullable: true })
  topUpDeadline: string | null;

  /** The first day of the breach still going on (the deadline counts from it); null without a breach. */
  @Column({ name: 'breach_since', type: 'date', nullable: true })
  breachSince: string | null;

  /** nplBalance / loanBalance, to 6 places (display; the trigger was compared exactly). */
  @Column({ name: 'npl_rate', type: 'numeric', precision: 9, scale: 6, transformer: decimalTransformer })
  nplRate: Decimal;

  /** Null: the rules set no portfolio trigger. */
  @Column({ name: 'trigger_reached', type: 'boolean', nullable: true })
  triggerReached: boolean | null;

  /** The bank's own NPL target for the year that the pause rule used (recorded, else the rules'); null: none known. */
  @Column({ name: 'npl_target', type: 'numeric', precision: 8, scale: 6, nullable: true, transformer: decimalTransformer })
  nplTarget: Decimal | null;

  /** Null: no pause rule, or no NPL target known. */
  @Column({ name: 'pause_lending', type: 'boolean', nullable: true })
  pauseLending: boolean | null;
}
