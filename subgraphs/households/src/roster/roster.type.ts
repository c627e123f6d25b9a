/** GraphQL types of roster imports, versions, diffs and entries (not the database records). */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { importReportTypes } from '../../../../common/graphql/import-report.type';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { HouseholdCategory } from '../domain/household-category';

export enum RosterImportModeType {
  REJECT_FILE = 'reject_file',
  SKIP_BAD_ROWS = 'skip_bad_rows',
}
registerEnumType(RosterImportModeType, {
  name: 'RosterImportMode',
  valuesConfig: {
    REJECT_FILE: { description: 'Any row error rejects the whole file.' },
    SKIP_BAD_ROWS: { description: 'Bad rows are left out; the rest becomes the draft.' },
  },
});

export enum RosterImportStatusType {
  REJECTED = 'rejected',
  DRAFT_CREATED = 'draft_created',
}
registerEnumType(RosterImportStatusType, { name: 'RosterImportStatus' });

export enum RosterVersionStatusType {
  DRAFT = 'draft',
  PUBLISHED = 'published',
  SUPERSEDED = 'superseded',
  DISCARDED = 'discarded',
}
registerEnumType(RosterVersionStatusType, { name: 'RosterVersionStatus' });

export enum RosterDiffKind {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
}
registerEnumType(RosterDiffKind, { name: 'RosterDiffKind' });

const rosterReport = importReportTypes({
  prefix: 'RosterImport',
  error: 'One problem in an imported file. Personal values are masked.',
  code: 'Stable code, e.g. ROSTER_INVALID_ID_CHECKSUM.',
  field: 'The roster field it was read as; null for a column the import ignored.',
  ignored: 'The columns no alias or county mapping names: not read. A field the county needs under another header is mapped with setRosterHeaderMapping.',
});
export const RosterImportError = rosterReport.ImportRowError;
export type RosterImportError = InstanceType<typeof RosterImportError>;
export const RosterImportErrorConnection = rosterReport.ImportRowErrorConnection;
export type RosterImportErrorConnection = InstanceType<typeof RosterImportErrorConnection>;
export const RosterImportColumn = rosterReport.ImportColumn;
export type RosterImportColumn = InstanceType<typeof RosterImportColumn>;

@ObjectType('RosterImport', { description: 'One imported file and what came of it.' })
export class RosterImport extends rosterReport.ImportedFile {
  @Field(() => RosterImportModeType)
  mode: RosterImportModeType;

  @Field(() => RosterImportStatusType)
  status: RosterImportStatusType;

  @Field(() => Int)
  acceptedRows: number;

  @Field(() => ID, { nullable: true })
  versionId: string | null;
}

@ObjectType('RosterVersion', { description: 'A complete roster of a county, as imported; drafts become current by publishing.' })
export class RosterVersion {
  @Field(() => ID)
  id: string;

  @Field()
  countyCode: string;

  @Field(() => Int)
  number: number;

  @Field(() => RosterVersionStatusType)
  status: RosterVersionStatusType;

  @Field(() => Int)
  householdCount: number;

  @Field(() => ID)
  importId: string;

  @Field()
  createdBy: string;

  @Field()
  createdAt: Date;

  @Field(() => String, { nullable: true })
  publishedBy: string | null;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field(() => Date, { nullable: true })
  supersededAt: Date | null;
}

@ObjectType('RosterVersionConnection')
export class RosterVersionConnection extends ConnectionType(RosterVersion) {}

@ObjectType('RosterDiffSummary')
export class RosterDiffSummary {
  @Field(() => Int)
  added: number;

  @Field(() => Int)
  removed: number;

  @Field(() => Int)
  changed: number;

  @Field(() => Int, { description: 'Changed households whose 户类型 changed.' })
  categoryChanged: number;

  @Field(() => Int, { description: 'Changed households whose monitoring status changed.' })
  monitoringChanged: number;

  @Field(() => Int)
  unchanged: number;
}

@ObjectType('RosterFieldChange', { description: 'One field of a changed household: its value in the base version and in this one.' })
export class RosterFieldChange {
  @Field({ description: 'The field, as in changedFields (township, village, headName, idNumber, phone, category, isMonitored …).' })
  field: string;

  @Field(() => String, {
    nullable: true,
    description: 'Value in the base version: codes and enum names as stored, booleans and numbers as text, personal values masked; null when empty.',
  })
  from: string | null;

  @Field(() => String, { nullable: true, description: 'Value in this version, shown the same way.' })
  to: string | null;
}

@ObjectType('RosterDiffLine')
export class RosterDiffLine {
  @Field()
  householdNo: string;

  @Field(() => RosterDiffKind)
  kind: RosterDiffKind;

  @Field(() => [String], { description: 'Fields that differ, for CHANGED lines (headName, idNumber, category, isMonitored …).' })
  changedFields: string[];

  @Field(() => [RosterFieldChange], {
    description: 'For CHANGED lines, each differing field with its old and new value (personal values masked); empty otherwise.',
  })
  changes: RosterFieldChange[];

  @Field(() => HouseholdCategory, { nullable: true })
  fromCategory: HouseholdCategory | null;

  @Field(() => HouseholdCategory, { nullable: true })
  toCategory: HouseholdCategory | null;

  @Field(() => Boolean, { nullable: true })
  fromMonitored: boolean | null;

  @Field(() => Boolean, { nullable: true })
  toMonitored: boolean | null;
}

@ObjectType('RosterDiffLineConnection')
export class RosterDiffLineConnection extends ConnectionType(RosterDiffLine) {}

@ObjectType('RosterDiff', { description: 'What a version changes against another (by default the one published now).' })
export class RosterDiff {
  @Field(() => ID, { nullable: true, description: 'The base version; null when there was none (everything is added).' })
  fromVersionId: string | null;

  @Field(() => ID)
  toVersionId: string;

  @Field(() => RosterDiffSummary)
  summary: RosterDiffSummary;
}

@ObjectType('RosterEntry', { description: 'A household as one roster version lists it. Personal data is masked.' })
export class RosterEntry {
  @Field()
  householdNo: string;

  @Field()
  headName: string;

  @Field()
  idNumber: string;

  @Field()
  townshipCode: string;

  @Field()
  villageCode: string;

  @Field(() => HouseholdCategory)
  category: HouseholdCategory;

  @Field()
  isMonitored: boolean;

  @Field(() => Boolean, { nullable: true })
  riskEliminated: boolean | null;

  @Field(() => Int, { nullable: true })
  liftedOutYear: number | null;

  @Field(() => Int)
  memberCount: number;

  countyCode: string;
}

@ObjectType('RosterEntryConnection')
export class RosterEntryConnection extends ConnectionType(RosterEntry) {}
