import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LoanRecord } from '../loan/loan.entity';

/**
 * The content digest of each record version the hub applied (loan-record.content.ts): a record
 * sent again under the same (bank, contract, version) with other content is refused as a
 * conflict, whichever version is on record now. Versions stored before digests were kept have
 * no row; the version on record is then compared with the loan row itself.
 */
@Entity({ name: 'loan_record_digests' })
export class LoanRecordDigestRecord {
  @PrimaryColumn({ name: 'loan_id', type: 'uuid', primaryKeyConstraintName: 'loan_record_digests_pk' })
  loanId: string;

  @ManyToOne(() => LoanRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'loan_id', foreignKeyConstraintName: 'loan_record_digests_loan_fk' })
  loan?: LoanRecord;

  @PrimaryColumn({ name: 'record_version', type: 'integer', primaryKeyConstraintName: 'loan_record_digests_pk' })
  recordVersion: number;

  /** SHA-256 (hex) of the record's canonical content. */
  @Column({ type: 'char', length: 64 })
  digest: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
