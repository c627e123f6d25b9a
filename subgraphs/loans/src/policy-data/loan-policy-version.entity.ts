import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A region's loan policy from a date: the rules as a validated JSON document (see
 * policy/loan-policy.ts). '' is national, then province (2), prefecture (4), county (6 digits).
 */
@Entity({ name: 'loan_policy_versions' })
@Index('loan_policy_versions_region_from_uq', ['regionCode', 'effectiveFrom'], { unique: true })
export class LoanPolicyVersionRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The policy text it comes from (seed file and section). */
  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo: string | null;

  @Column({ type: 'jsonb' })
  rules: Record<string, any>;

  /** Rule code → the section a single rule comes from, where it differs from `source`. */
  @Column({ name: 'rule_sources', type: 'jsonb', nullable: true })
  ruleSources: Record<string, string> | null;

  @Column({ name: 'recorded_by', type: 'varchar', length: 128 })
  recordedBy: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
