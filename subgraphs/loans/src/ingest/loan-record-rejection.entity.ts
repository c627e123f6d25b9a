import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A loan record the hub could not store, with the reason the bank is told. Unique per
 * (bank, contract, version, code): re-reading the same page does not log it twice.
 */
@Entity({ name: 'loan_record_rejections' })
@Index('loan_record_rejections_uq', ['bankCode', 'contractNo', 'recordVersion', 'code'], { unique: true })
@Index('loan_record_rejections_bank_idx', ['bankCode', 'id'])
export class LoanRecordRejectionRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  /** '' when the record had no readable contract number. */
  @Column({ name: 'contract_no', type: 'varchar', length: 64 })
  contractNo: string;

  /** 0 when the record had no readable version. */
  @Column({ name: 'record_version', type: 'integer' })
  recordVersion: number;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  field: string | null;

  @Column({ type: 'varchar', length: 300 })
  message: string;

  @Column({ type: 'varchar', length: 8 })
  source: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
