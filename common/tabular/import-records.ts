/**
 * The columns every imported file's records carry, roster or 一卡通 alike: the import itself
 * (which file, read how, by whom) and each row error in its report. Each subgraph declares its
 * own entity on its own table by extending these (TypeORM inherits the columns of an abstract
 * class); what differs between the imports — status, counts, links — stays on the entity.
 */
import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ReportedColumn } from './headers';
import type { TabularFile, TabularImportMode } from './tabular-import';

/** The header row as the import read it: the columns mapped to fields, and the ones it ignored. */
export interface ImportedColumns {
  mapped: ReportedColumn[];
  ignored: ReportedColumn[];
}

export abstract class ImportedFileColumns {
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
  mode: TabularImportMode;

  /** Data rows in the file (the header not counted). */
  @Column({ name: 'total_rows', type: 'integer' })
  totalRows: number;

  @Column({ name: 'error_count', type: 'integer' })
  errorCount: number;

  /** The header row's columns, read as fields or ignored (null for imports before the hub kept them). */
  @Column({ type: 'jsonb', nullable: true })
  columns: ImportedColumns | null;

  @Column({ name: 'imported_by', type: 'varchar', length: 128 })
  importedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * What an import record keeps of its file, all of ImportedFileColumns but the id and the time:
 * the county and mode requested, the file as resolved, what staging read of it, who imported it.
 */
export function importedFileColumns(
  request: { countyCode: string; mode: TabularImportMode },
  file: TabularFile,
  staged: { totalRows: number; columns: ImportedColumns; errors: readonly unknown[] },
  importedBy: string,
): Omit<ImportedFileColumns, 'id' | 'createdAt'> {
  return {
    countyCode: request.countyCode,
    contentSha256: file.contentSha256,
    fileName: file.fileName.slice(0, 255),
    format: file.format,
    encoding: file.encoding,
    mode: request.mode,
    totalRows: staged.totalRows,
    errorCount: staged.errors.length,
    columns: staged.columns,
    importedBy,
  };
}

/** One problem found in an imported file: where (row, column), what (masked value), why (code). */
export abstract class ImportRowErrorColumns {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'import_id', type: 'uuid' })
  importId: string;

  @Column({ type: 'integer' })
  row: number;

  @Column({ name: 'column_name', type: 'varchar', length: 64 })
  column: string;

  @Column({ type: 'varchar', length: 64 })
  value: string;

  @Column({ type: 'varchar', length: 48 })
  code: string;

  @Column({ name: 'message_zh', type: 'varchar', length: 200 })
  messageZh: string;

  @Column({ name: 'message_en', type: 'varchar', length: 200 })
  messageEn: string;
}
