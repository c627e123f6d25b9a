import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A region's risk-compensation fund rules from a date on (policy as data): the JSON the pure
 * module reads (domain/risk-fund-rules.ts `parseRiskFundRules`), checked before it is stored.
 * Versions of one region never overlap; the shipped 2017 texts are written on first use.
 */
@Entity({ name: 'risk_fund_rule_versions' })
@Index('risk_fund_rule_versions_region_from_uq', ['regionCode', 'effectiveFrom'], { unique: true })
@Check('risk_fund_rule_versions_region_ck', `"region_code" ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$'`)
@Check('risk_fund_rule_versions_dates_ck', `"effective_to" IS NULL OR "effective_to" > "effective_from"`)
export class RiskFundRuleVersionRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** '' national, 2-digit province, 4-digit prefecture, 6-digit county. */
  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  /** Exclusive; null while in force. */
  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 300 })
  source: string;

  @Column({ type: 'jsonb' })
  rules: unknown;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
