import type { OneCardImportErrorRecord } from './one-card-import-error.entity';
import type { OneCardImportRecord } from './one-card-import.entity';
import { OneCardImportErrorView, OneCardImportModeEnum, OneCardImportStatusEnum, OneCardImportView } from './one-card-import.type';

export function toOneCardImportView(record: OneCardImportRecord, duplicate = false): OneCardImportView {
  return {
    id: record.id,
    countyCode: record.countyCode,
    fileName: record.fileName,
    format: record.format,
    encoding: record.encoding,
    mode: record.mode as OneCardImportModeEnum,
    status: record.status as OneCardImportStatusEnum,
    totalRows: record.totalRows,
    validRows: record.validRows,
    appliedRows: record.appliedRows,
    errorCount: record.errorCount,
    importedBy: record.importedBy,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    duplicate,
  };
}

/** The import as the HTTP endpoint returns it: the GraphQL field and enum names. */
export function toOneCardImportJson(view: OneCardImportView): Record<string, unknown> {
  const modeName = Object.keys(OneCardImportModeEnum).find((key) => OneCardImportModeEnum[key as keyof typeof OneCardImportModeEnum] === view.mode) ?? view.mode;
  return { ...view, mode: modeName };
}

export function toOneCardImportErrorView(record: OneCardImportErrorRecord): OneCardImportErrorView {
  return { row: record.row, column: record.column, value: record.value, code: record.code, messageZh: record.messageZh, messageEn: record.messageEn };
}
