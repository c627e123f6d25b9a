import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OneCardImportRecord } from './one-card-import.entity';

/**
 * A valid row of an import, staged until the worker matches it to a household and applies it
 * (then it is deleted: the account itself is in one_card_accounts). The holder's ID number is
 * kept only as its keyed hash (for the match) and masked (for the report); account number and
 * name are sealed as in one_card_accounts.
 */
@Entity({ name: 'one_card_import_rows' })
@Check('one_card_import_rows_status_ck', `"account_status" IN ('ACTIVE', 'FROZEN', 'CLOSED')`)
export class OneCardImportRowRecord {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' })
  importId: string;

  @ManyToOne(() => OneCardImportRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'one_card_import_rows_import_fk' })
  import?: OneCardImportRecord;

  /** Row in the file (the header is row 1). */
  @PrimaryColumn({ name: 'row_number', type: 'integer' })
  rowNumber: number;

  @Column({ name: 'id_number_hash', type: 'char', length: 64 })
  idNumberHash: string;

  @Column({ name: 'id_number_masked', type: 'varchar', length: 18 })
  idNumberMasked: string;

  @Column({ name: 'holder_name_sealed', type: 'bytea' })
  holderNameSealed: Buffer;

  /** Keyed hash of the normalized holder name, copied to one_card_accounts.holder_name_hash. */
  @Column({ name: 'holder_name_hash', type: 'char', length: 64 })
  holderNameHash: string;

  @Column({ name: 'account_number_sealed', type: 'bytea' })
  accountNumberSealed: Buffer;

  @Column({ name: 'account_number_hash', type: 'char', length: 64 })
  accountNumberHash: string;

  @Column({ name: 'pii_key_id', type: 'varchar', length: 32 })
  piiKeyId: string;

  @Column({ name: 'issuing_bank_code', type: 'varchar', length: 16 })
  issuingBankCode: string;

  @Column({ name: 'account_status', type: 'varchar', length: 8 })
  accountStatus: string;

  /** Set by the worker: the household whose head holds this ID on the county's roster. */
  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;
}
