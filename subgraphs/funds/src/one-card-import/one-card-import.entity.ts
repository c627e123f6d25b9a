import { Check, Column, Entity, Index } from 'typeorm';
import { ImportedFileColumns } from '../../../../common/tabular/import-records';

/** PENDING_MATCH: the file's valid rows are staged, waiting for the worker to match them to households. */
export type OneCardImportStatus = 'PENDING_MATCH' | 'APPLIED' | 'REJECTED';

/**
 * One 一卡通 account file a finance bureau imported, and what came of it (the columns every
 * import has, plus the worker's matching of its rows to households). The same content
 * (SHA-256) for the same county is applied once: uploading it again returns this import, unless
 * it was rejected.
 */
@Entity({ name: 'one_card_imports' })
@Index('one_card_imports_county_sha_uq', ['countyCode', 'contentSha256'], { unique: true, where: `"status" <> 'REJECTED'` })
@Index('one_card_imports_county_idx', ['countyCode', 'createdAt'])
@Index('one_card_imports_pending_idx', ['createdAt'], { where: `"status" = 'PENDING_MATCH'` })
@Check('one_card_imports_status_ck', `"status" IN ('PENDING_MATCH', 'APPLIED', 'REJECTED')`)
@Check('one_card_imports_mode_ck', `"mode" IN ('reject_file', 'skip_bad_rows')`)
@Check('one_card_imports_counts_ck', `"valid_rows" <= "total_rows" AND "applied_rows" <= "valid_rows" AND "applied_rows" >= 0 AND "error_count" >= 0`)
export class OneCardImportRecord extends ImportedFileColumns {
  @Column({ type: 'varchar', length: 16 })
  status: OneCardImportStatus;

  /** Rows that passed the file's own checks and were staged for matching. */
  @Column({ name: 'valid_rows', type: 'integer' })
  validRows: number;

  /** Rows matched to a household and recorded on its account (changed, or already so). */
  @Column({ name: 'applied_rows', type: 'integer', default: 0 })
  appliedRows: number;

  /** The resident-ID column's header as the file spells it (the worker's row errors name it). */
  @Column({ name: 'id_number_column', type: 'varchar', length: 64 })
  idNumberColumn: string;

  /** When the import was applied or rejected (null while PENDING_MATCH). */
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
