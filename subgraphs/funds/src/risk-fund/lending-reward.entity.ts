import type Decimal from 'decimal.js';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalTransformer } from '../../../../common/db/decimal.transformer';

export type LendingRewardStatus = 'DECLARED' | 'ASSESSED' | 'DECIDED';

/**
 * A bank's yearly reward for collection in a county (004 第十三条): DECLARED by the bank with how
 * many of its overdue loans it pursued (催收; no feed carries it) → ASSESSED by the reward job with
 * the loans side's figures under the rules in force on the year's last day (eligibility and the
 * ceiling, domain/lending-reward.ts) → DECIDED by the county's finance bureau (the amount, at
 * most the ceiling, and its payment voucher; paid from the county budget, not from the fund).
 * The bank may declare again until the reward is decided.
 */
@Entity({ name: 'lending_rewards' })
@Check('lending_rewards_status_ck', `"status" IN ('DECLARED', 'ASSESSED', 'DECIDED')`)
@Check('lending_rewards_awarded_ck', `"awarded" IS NULL OR ("awarded" >= 0 AND "awarded" <= "max_reward")`)
export class LendingRewardRecord {
  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @PrimaryColumn({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 12 })
  status: LendingRewardStatus;

  /** The bank's declaration: loans it pursued, and its collection register's reference. */
  @Column({ name: 'pursued_loans', type: 'int' })
  pursuedLoans: number;

  @Column({ name: 'collection_reference', type: 'varchar', length: 200 })
  collectionReference: string;

  @Column({ name: 'declared_by', type: 'varchar', length: 128 })
  declaredBy: string;

  @Column({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date;

  /** 1 for the first declaration, +1 each time the bank declares again: an assessment applies to the one it read. */
  @Column({ type: 'int' })
  declaration: number;

  // The assessment (null until ASSESSED).
  @Column({ name: 'rules_version_id', type: 'varchar', length: 64, nullable: true })
  rulesVersionId: string | null;

  @Column({ name: 'new_lending', type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: decimalTransformer })
  newLending: Decimal | null;

  @Column({ name: 'principal_due', type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: decimalTransformer })
  principalDue: Decimal | null;

  @Column({ name: 'repaid_by_maturity', type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: decimalTransformer })
  repaidByMaturity: Decimal | null;

  @Column({ name: 'overdue_loans', type: 'int', nullable: true })
  overdueLoans: number | null;

  /** repaid ÷ due to 6 places, for display (eligibility was compared exactly). */
  @Column({ name: 'recovery_rate', type: 'numeric', precision: 9, scale: 6, nullable: true, transformer: decimalTransformer })
  recoveryRate: Decimal | null;

  @Column({ name: 'collection_coverage', type: 'numeric', precision: 9, scale: 6, nullable: true, transformer: decimalTransformer })
  collectionCoverage: Decimal | null;

  @Column({ type: 'boolean', nullable: true })
  eligible: boolean | null;

  /** The ceiling: new lending × the rules' share, rounded down to the fen; 0 when not eligible. */
  @Column({ name: 'max_reward', type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: decimalTransformer })
  maxReward: Decimal | null;

  /** Why not, one entry per unmet condition. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  unmet: string[];

  @Column({ name: 'assessed_at', type: 'timestamptz', nullable: true })
  assessedAt: Date | null;

  // The decision (null until DECIDED).
  @Column({ type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: decimalTransformer })
  awarded: Decimal | null;

  @Column({ name: 'award_reference', type: 'varchar', length: 64, nullable: true })
  awardReference: string | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 128, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
