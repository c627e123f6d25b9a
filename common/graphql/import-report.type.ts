/**
 * The GraphQL shape of a file import's report, the same for the roster and the 一卡通 imports
 * (common/tabular runs both): one row error, a page of them, and a header column as read. Each
 * import names its types (RosterImportError, OneCardImportError …) and describes its own codes.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from './pagination';

export interface ImportReportTexts {
  /** Type name prefix: `RosterImport` gives RosterImportError, RosterImportErrorConnection, RosterImportColumn. */
  prefix: string;
  error: string;
  value?: string;
  code: string;
  field: string;
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

  return { ImportRowError, ImportRowErrorConnection, ImportColumn };
}
