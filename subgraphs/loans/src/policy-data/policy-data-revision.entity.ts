import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The policy data's revision: one row, its counter moved in the same transaction as every write
 * of a loan policy version or an LPR fixing (policy-data-revision.ts). A process that caches the
 * policy data compares this number, one primary-key read, instead of trusting a clock; a loan
 * and a re-evaluation keep the revision whose data judged it.
 */
@Entity({ name: 'policy_data_revision' })
@Check('policy_data_revision_one_row_ck', `"id" = 1`)
export class PolicyDataRevisionRecord {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
