import { enumName, toImportedFileView } from '../../../../common/graphql/import-report.mapper';
import type { OneCardImportRecord } from './one-card-import.entity';
import { OneCardImportModeType, OneCardImportStatusType, OneCardImport } from './one-card-import.type';

export function toOneCardImportView(record: OneCardImportRecord, duplicate = false): OneCardImport {
  return {
    ...toImportedFileView(record, duplicate),
    mode: record.mode as OneCardImportModeType,
    status: record.status as OneCardImportStatusType,
    validRows: record.validRows,
    appliedRows: record.appliedRows,
    finishedAt: record.finishedAt,
  };
}

/** The import as the HTTP endpoint returns it: the GraphQL field and enum names. */
export function toOneCardImportJson(view: OneCardImport): Record<string, unknown> {
  return { ...view, mode: enumName(OneCardImportModeType, view.mode) };
}
