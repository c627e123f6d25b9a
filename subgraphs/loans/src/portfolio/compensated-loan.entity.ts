import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A loan the county's risk fund compensated (told by the funds side through the claim job): off
 * the bank's program balance from then on (账销案存: the bank keeps collecting), whatever status
 * the bank's own feed still reports.
 */
@Entity({ name: 'compensated_loans' })
export class CompensatedLoanRecord {
  @PrimaryColumn({ name: 'loan_id', type: 'uuid' })
  loanId: string;

  /** The funds side's claim that paid it. */
  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @Column({ name: 'compensated_on', type: 'date' })
  compensatedOn: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
