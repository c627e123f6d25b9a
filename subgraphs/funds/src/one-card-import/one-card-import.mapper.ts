import type { OneCardImportErrorRecord } from './one-card-import-error.entity';
import type { OneCardImportRecord } from './one-card-import.entity';
import type { ReportedColumn } from '../../../../common/tabular/headers';
import { OneCardImportColumn, OneCardImportErrorType, OneCardImportModeType, OneCardImportStatusType, OneCardImport } from './one-card-import.type';

export function toOneCardImportView(record: OneCardImportRecord, duplicate = false): OneCardImport {
  return {
    id: record.id,
    countyCode: record.countyCode,
    fileName: record.fileName,
    format: record.format,
    encoding: record.encoding,
    mode: record.mode as OneCardImportModeType,
    status: record.status as OneCardImportStatusType,
    totalRows: record.totalRows,
    validRows: record.validRows,
    appliedRows: record.appliedRows,
    errorCount: record.errorCount,
    importedBy: record.importedBy,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    duplicate,
    mappedColumns: (record.columns?.mapped ?? []).map(toColumnView),
    ignoredColumns: (record.columns?.ignored ?? []).map(toColumnView),
  };
}

function toColumnView(column: ReportedColumn): OneCardImportColumn {
  return { column: column.column, header: column.header, field: column.field ?? null };
}

/** The import as the HTTP endpoint returns it: the GraphQL field and enum names. */
export function toOneCardImportJson(view: OneCardImport): Record<string, unknown> {
  const modeName =
    Object.keys(OneCardImportModeType).find((key) => OneCardImportModeType[key as keyof typeof OneCardImportModeType] === view.mode) ?? view.mode;
  return { ...view, mode: modeName };
}

export function toOneCardImportErrorView(record: OneCardImportErrorRecord): OneCardImportErrorType {
  return { row: record.row, column: record.column, value: record.value, code: record.code, messageZh: record.messageZh, messageEn: record.messageEn };
}
