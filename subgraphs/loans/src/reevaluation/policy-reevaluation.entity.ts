import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type PolicyReevaluationStatus = 'PENDING' | 'RUNNING' | 'DONE';

/**
 * A re-evaluation of stored loans after a policy version or LPR fixings were recorded: written in
 * the same transaction as what it follows (so it is this side's outbox: nothing recorded is left
 * unjudged if the queue is down), then run by the `reevaluate-loans` job page by page. The loans
 * it covers: those of counties under `regionCode` ('' for all) contracted from `contractFrom`
 * (inclusive) to `contractTo` (exclusive, open when null). `afterLoanId` is where the job stopped.
 */
@Entity({ name: 'policy_reevaluations' })
@Index('policy_reevaluations_unfinished_idx', ['requestedAt'], { where: `"status" <> 'DONE'` })
@Index('policy_reevaluations_version_uq', ['policyVersionId'], { unique: true, where: `"policy_version_id" IS NOT NULL` })
@Check('policy_reevaluations_trigger_ck', `("policy_version_id" IS NULL) <> ("lpr_effective_date" IS NULL)`)
@Check('policy_reevaluations_status_ck', `"status" IN ('PENDING', 'RUNNING', 'DONE')`)
export class PolicyReevaluationRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The policy version recorded (null: LPR fixings were). */
  @Column({ name: 'policy_version_id', type: 'varchar', length: 64, nullable: true })
  policyVersionId: string | null;

  /** The earliest LPR fixing recorded (null: a policy version was). */
  @Column({ name: 'lpr_effective_date', type: 'date', nullable: true })
  lprEffectiveDate: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @Column({ name: 'contract_from', type: 'date' })
  contractFrom: string;

  @Column({ name: 'contract_to', type: 'date', nullable: true })
  contractTo: string | null;

  /** The policy data's revision that the recording moved to (policy_data_revision): the loans it covers end judged by this revision or a later one. */
  @Column({ name: 'policy_revision', type: 'integer', default: 0 })
  policyRevision: number;

  @Column({ type: 'varchar', length: 8, default: 'PENDING' })
  status: PolicyReevaluationStatus;

  /** Loans covered, counted when the job starts. */
  @Column({ name: 'loans_total', type: 'integer', nullable: true })
  loansTotal: number | null;

  @Column({ name: 'loans_checked', type: 'integer', default: 0 })
  loansChecked: number;

  @Column({ name: 'loans_changed', type: 'integer', default: 0 })
  loansChanged: number;

  @Column({ name: 'after_loan_id', type: 'uuid', nullable: true })
  afterLoanId: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 128 })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  /** The job's heartbeat: when it started or last wrote a page. The dispatcher queues again only a run whose heartbeat is stale. */
  @Column({ name: 'progress_at', type: 'timestamptz', nullable: true })
  progressAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
