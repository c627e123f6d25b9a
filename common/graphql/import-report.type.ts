/**
 * The GraphQL shape of a file import's report, the same for the roster and the 一卡通 imports
 * (common/tabular runs both): the fields every import has, one row error, a page of them, and a
 * header column as read. Each import names its types (RosterImportError, OneCardImportError …),
 * describes its own codes and adds its own status and counts.
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from './pagination';

export interface ImportReportTexts {
  /** Type name prefix: `RosterImport` gives RosterImportError, RosterImportErrorConnection, RosterImportColumn. */
  prefix: string;
  error: string;
  value?: string;
  code: string;
  field: string;
  /** What the report says of the ignored columns (how a county maps one, if it can). */
  ignored: string;
}

export function importReportTypes(texts: ImportReportTexts) {
  @ObjectType(`${texts.prefix}Error`, { description: texts.error })
  class ImportRowError {
    @Field(() => Int, { description: 'Row in the file (the header is row 1).' })
    row: number;

    @Field({ description: 'Column header as the file has it.' })
    column: string;

    @Field(texts.value ? { description: texts.value } : {})
    value: string;

    @Field({ description: texts.code })
    code: string;

    @Field()
    messageZh: string;

    @Field()
    messageEn: string;
  }

  @ObjectType(`${texts.prefix}ErrorConnection`)
  class ImportRowErrorConnection extends ConnectionType(ImportRowError) {}

  @ObjectType(`${texts.prefix}Column`, { description: "A column of the file's header row, as the import read it." })
  class ImportColumn {
    @Field({ description: 'Spreadsheet column letter: A, B, … AA.' })
    column: string;

    @Field({ description: 'The header as the file has it.' })
    header: string;

    @Field(() => String, { nullable: true, description: texts.field })
    field: string | null;
  }

  @ObjectType()
  abstract class ImportedFile {
    @Field(() => ID)
    id: string;

    @Field()
    countyCode: string;

    @Field()
    fileName: string;

    @Field()
    format: string;

    @Field(() => String, { nullable: true })
    encoding: string | null;

    @Field(() => Int, { description: 'Data rows in the file.' })
    totalRows: number;

    @Field(() => Int)
    errorCount: number;

    @Field()
    importedBy: string;

    @Field()
    createdAt: Date;

    @Field({ description: 'True when this file had been imported before: the earlier import is returned and nothing new is created.' })
    duplicate: boolean;

    @Field(() => [ImportColumn], { description: 'The columns read as fields, in file order.' })
    mappedColumns: ImportColumn[];

    @Field(() => [ImportColumn], { description: texts.ignored })
    ignoredColumns: ImportColumn[];
  }

  return { ImportRowError, ImportRowErrorConnection, ImportColumn, ImportedFile };
}
