import { enumName, toColumnViews } from '../../../../common/graphql/import-report.mapper';
import type { OneCardImportRecord } from './one-card-import.entity';
import { OneCardImportModeType, OneCardImportStatusType, OneCardImport } from './one-card-import.type';

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
    ...toColumnViews(record.columns),
  };
}

/** The import as the HTTP endpoint returns it: the GraphQL field and enum names. */
export function toOneCardImportJson(view: OneCardImport): Record<string, unknown> {
  return { ...view, mode: enumName(OneCardImportModeType, view.mode) };
}
