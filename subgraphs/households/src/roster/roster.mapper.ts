import { mask } from '../../../../common/pii/masking';
import { enumName, toImportedFileView } from '../../../../common/graphql/import-report.mapper';
import type { PiiProtector } from '../../../../common/pii/protector';
import { openHouseholdPii } from '../household/household-pii';
import type { RosterEntryRecord } from './roster-entry.entity';
import type { RosterImportRecord } from './roster-import.entity';
import type { RosterVersionRecord } from './roster-version.entity';
import type { HouseholdCategory } from '../domain/household-category';
import type { ComparedValues, FieldChange } from './domain/diff-changes';
import type { DiffLine } from './roster-version.service';
import {
  RosterDiffKind,
  RosterDiffLine,
  RosterEntry,
  RosterImport,
  RosterImportModeType,
  RosterImportStatusType,
  RosterVersion,
  RosterVersionStatusType,
} from './roster.type';

export function toImportView(record: RosterImportRecord, duplicate = false): RosterImport {
  return {
    ...toImportedFileView(record, duplicate),
    mode: record.mode as RosterImportModeType,
    status: record.status as RosterImportStatusType,
    acceptedRows: record.acceptedRows,
    versionId: record.versionId,
  };
}

/** The import report as the HTTP endpoint returns it: the GraphQL field names and enum names. */
export function toImportJson(view: RosterImport): Record<string, unknown> {
  return { ...view, mode: enumName(RosterImportModeType, view.mode), status: enumName(RosterImportStatusType, view.status) };
}

export function toVersionView(record: RosterVersionRecord): RosterVersion {
  return {
    id: record.id,
    countyCode: record.countyCode,
    number: record.number,
    status: record.status as RosterVersionStatusType,
    householdCount: record.householdCount,
    importId: record.importId,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    publishedBy: record.publishedBy,
    publishedAt: record.publishedAt,
    supersededAt: record.supersededAt,
  };
}

export function toEntryView(record: RosterEntryRecord, countyCode: string, pii: PiiProtector): RosterEntry {
  const personal = openHouseholdPii(pii, record.piiSealed, record.piiKeyId);
  return {
    householdNo: record.householdNo,
    headName: mask('name', personal.headName),
    idNumber: mask('residentId', personal.idNumber),
    townshipCode: record.townshipCode,
    villageCode: record.villageCode,
    category: record.category,
    isMonitored: record.isMonitored,
    riskEliminated: record.riskEliminated,
    liftedOutYear: record.liftedOutYear,
    memberCount: record.memberCount,
    countyCode,
  };
}

/** An entry's compared fields as a diff shows them, personal values masked. */
export function toComparedValues(record: RosterEntryRecord, pii: PiiProtector): ComparedValues {
  const personal = openHouseholdPii(pii, record.piiSealed, record.piiKeyId);
  return {
    township: record.townshipCode,
    village: record.villageCode,
    headName: mask('name', personal.headName),
    idNumber: mask('residentId', personal.idNumber),
    phone: personal.phone === null ? null : mask('phone', personal.phone),
    category: record.category,
    isMonitored: record.isMonitored,
    riskEliminated: record.riskEliminated,
    liftedOutYear: record.liftedOutYear,
    memberCount: record.memberCount,
  };
}

/** The service reads kinds and categories as the database spells them; the schema's enums spell them the same. */
export function toDiffLineView(line: DiffLine, changes: FieldChange[] = []): RosterDiffLine {
  return {
    householdNo: line.householdNo,
    kind: line.kind as RosterDiffKind,
    changedFields: line.changedFields,
    changes,
    fromCategory: line.fromCategory as HouseholdCategory | null,
    toCategory: line.toCategory as HouseholdCategory | null,
    fromMonitored: line.fromMonitored,
    toMonitored: line.toMonitored,
  };
}
