/** From the records every import keeps (common/tabular/import-records) to their GraphQL shape (import-report.type). */
import type { ReportedColumn } from '../tabular/headers';
import type { ImportedColumns, ImportedFileColumns, ImportRowErrorColumns } from '../tabular/import-records';

interface ColumnView {
  column: string;
  header: string;
  field: string | null;
}

function toColumnView(column: ReportedColumn): ColumnView {
  return { column: column.column, header: column.header, field: column.field ?? null };
}

/** The fields every import's report has (import-report.type ImportedFile); `duplicate`: this upload found it imported before. */
export function toImportedFileView(record: ImportedFileColumns, duplicate: boolean) {
  return {
    id: record.id,
    countyCode: record.countyCode,
    fileName: record.fileName,
    format: record.format,
    encoding: record.encoding,
    totalRows: record.totalRows,
    errorCount: record.errorCount,
    importedBy: record.importedBy,
    createdAt: record.createdAt,
    duplicate,
    ...toColumnViews(record.columns),
  };
}

/** The header row as the report shows it; an import made before the hub kept its columns shows none. */
function toColumnViews(columns: ImportedColumns | null): { mappedColumns: ColumnView[]; ignoredColumns: ColumnView[] } {
  return { mappedColumns: (columns?.mapped ?? []).map(toColumnView), ignoredColumns: (columns?.ignored ?? []).map(toColumnView) };
}

export function toRowErrorView(record: ImportRowErrorColumns) {
  return { row: record.row, column: record.column, value: record.value, code: record.code, messageZh: record.messageZh, messageEn: record.messageEn };
}

/** The name GraphQL gives an enum's value (SKIP_BAD_ROWS for 'skip_bad_rows'): the HTTP endpoints answer as the schema does. */
export function enumName<E extends Record<string, string>>(values: E, value: string): string {
  return Object.keys(values).find((key) => values[key] === value) ?? value;
}
