import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ReportedColumn } from '../../../../common/tabular/headers';
import type { TabularImportMode } from '../../../../common/tabular/tabular-import';

export type RosterImportMode = TabularImportMode;
export type RosterImportStatus = 'rejected' | 'draft_created';

/**
 * One file a bureau imported, and what came of it. A file whose content was already imported
 * into a version for the county (same SHA-256) is recognized and creates nothing new.
 */
@Entity({ name: 'roster_imports' })
@Index('roster_imports_county_sha_uq', ['countyCode', 'contentSha256'], { unique: true, where: `"version_id" IS NOT NULL` })
@Index('roster_imports_county_idx', ['countyCode', 'createdAt'])
export class RosterImportRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 8 })
  format: 'csv' | 'xlsx';

  /** Character encoding of a CSV file as read (detected or declared); null for XLSX. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  encoding: string | null;

  @Column({ type: 'varchar', length: 16 })
  mode: RosterImportMode;

  @Column({ type: 'varchar', length: 16 })
  status: RosterImportStatus;

  @Column({ name: 'total_rows', type: 'integer' })
  totalRows: number;

  @Column({ name: 'accepted_rows', type: 'integer' })
  acceptedRows: number;

  @Column({ name: 'error_count', type: 'integer' })
  errorCount: number;

  @Column({ name: 'version_id', type: 'uuid', nullable: true })
  versionId: string | null;

  /** The header row's columns, read as fields or ignored (null for imports before the hub kept them). */
  @Column({ type: 'jsonb', nullable: true })
  columns: { mapped: ReportedColumn[]; ignored: ReportedColumn[] } | null;

  @Column({ name: 'imported_by', type: 'varchar', length: 128 })
  importedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
