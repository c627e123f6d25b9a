import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A region's interest settlement day for the subsidy, from a date on (policy as data, versioned
 * per region). The region is a province (2 digits), a prefecture (4) or a county (6) of GB/T 2260;
 * for a county and quarter the most specific region's rule in force at the quarter's end applies,
 * else the national practice (the 20th).
 */
@Entity({ name: 'subsidy_settlement_rules' })
@Index('subsidy_settlement_rules_region_from_uq', ['regionCode', 'effectiveFrom'], { unique: true })
@Check('subsidy_settlement_rules_region_ck', `"region_code" ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'`)
@Check('subsidy_settlement_rules_day_ck', `"settlement_day" BETWEEN 1 AND 28`)
export class SettlementRuleRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'settlement_day', type: 'smallint' })
  settlementDay: number;

  /** Where the rule comes from (the notice's number, e.g. 云财农〔2025〕12号). */
  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
