/** GraphQL types of 一卡通 account imports (not the database records). */
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { importReportTypes } from '../../../../common/graphql/import-report.type';

export enum OneCardImportModeType {
  REJECT_FILE = 'reject_file',
  SKIP_BAD_ROWS = 'skip_bad_rows',
}
registerEnumType(OneCardImportModeType, {
  name: 'OneCardImportMode',
  valuesConfig: {
    REJECT_FILE: { description: 'Any row error (in the file, or a holder on no household of the roster) rejects the whole file: nothing is applied.' },
    SKIP_BAD_ROWS: { description: 'Bad rows are left out; the others are applied.' },
  },
});

export enum OneCardImportStatusType {
  PENDING_MATCH = 'PENDING_MATCH',
  APPLIED = 'APPLIED',
  REJECTED = 'REJECTED',
}
registerEnumType(OneCardImportStatusType, {
  name: 'OneCardImportStatus',
  valuesConfig: {
    PENDING_MATCH: { description: 'The file was read; the worker is matching its rows to the households of the roster.' },
    APPLIED: { description: 'The valid rows were written to the households’ 一卡通 accounts.' },
    REJECTED: { description: 'Refused as a whole (reject_file mode): no account changed.' },
  },
});

const oneCardReport = importReportTypes({
  prefix: 'OneCardImport',
  error: 'One problem in an imported 一卡通 file. Personal values are masked.',
  value: 'The value, masked when personal (ID 532***********1234, card first 6 + last 4, name surname + *).',
  code: 'Stable code, e.g. ONE_CARD_INVALID_ID_CHECKSUM or ONE_CARD_NOT_ON_ROSTER.',
  field: 'The field it was read as; null for a column the import ignored.',
  ignored: 'The columns no alias names: not read.',
});
export const OneCardImportErrorType = oneCardReport.ImportRowError;
export type OneCardImportErrorType = InstanceType<typeof OneCardImportErrorType>;
export const OneCardImportErrorConnection = oneCardReport.ImportRowErrorConnection;
export type OneCardImportErrorConnection = InstanceType<typeof OneCardImportErrorConnection>;
export const OneCardImportColumn = oneCardReport.ImportColumn;
export type OneCardImportColumn = InstanceType<typeof OneCardImportColumn>;

@ObjectType('OneCardImport', { description: 'One 一卡通 account file a finance bureau imported (POST /uploads/one-card-accounts), and what came of it.' })
export class OneCardImport extends oneCardReport.ImportedFile {
  @Field(() => OneCardImportModeType)
  mode: OneCardImportModeType;

  @Field(() => OneCardImportStatusType)
  status: OneCardImportStatusType;

  @Field(() => Int, { description: 'Rows that passed the file’s own checks.' })
  validRows: number;

  @Field(() => Int, { description: 'Rows matched to a household and recorded on its account, changed or already so (0 until APPLIED).' })
  appliedRows: number;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;
}
