import { Column, Entity, Index } from 'typeorm';
import { ImportedFileColumns } from '../../../../common/tabular/import-records';

export type RosterImportStatus = 'rejected' | 'draft_created';

/**
 * One file a bureau imported, and what came of it (the columns every import has, plus the draft
 * version it made). A file whose content was already imported into a version for the county
 * (same SHA-256) is recognized and creates nothing new.
 */
@Entity({ name: 'roster_imports' })
@Index('roster_imports_county_sha_uq', ['countyCode', 'contentSha256'], { unique: true, where: `"version_id" IS NOT NULL` })
@Index('roster_imports_county_idx', ['countyCode', 'createdAt'])
export class RosterImportRecord extends ImportedFileColumns {
  @Column({ type: 'varchar', length: 16 })
  status: RosterImportStatus;

  @Column({ name: 'accepted_rows', type: 'integer' })
  acceptedRows: number;

  @Column({ name: 'version_id', type: 'uuid', nullable: true })
  versionId: string | null;
}
