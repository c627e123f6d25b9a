/** From the records every import keeps (common/tabular/import-records) to their GraphQL shape (import-report.type). */
import type { ReportedColumn } from '../tabular/headers';
import type { ImportedColumns, ImportRowErrorColumns } from '../tabular/import-records';

interface ColumnView {
  column: string;
  header: string;
  field: string | null;
}

function toColumnView(column: ReportedColumn): ColumnView {
  return { column: column.column, header: column.header, field: column.field ?? null };
}

/** The header row as the report shows it; an import made before the hub kept its columns shows none. */
export function toColumnViews(columns: ImportedColumns | null): { mappedColumns: ColumnView[]; ignoredColumns: ColumnView[] } {
  return { mappedColumns: (columns?.mapped ?? []).map(toColumnView), ignoredColumns: (columns?.ignored ?? []).map(toColumnView) };
}

export function toRowErrorView(record: ImportRowErrorColumns) {
  return { row: record.row, column: record.column, value: record.value, code: record.code, messageZh: record.messageZh, messageEn: record.messageEn };
}

/** The name GraphQL gives an enum's value (SKIP_BAD_ROWS for 'skip_bad_rows'): the HTTP endpoints answer as the schema does. */
export function enumName<E extends Record<string, string>>(values: E, value: string): string {
  return Object.keys(values).find((key) => values[key] === value) ?? value;
}
