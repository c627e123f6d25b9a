/**
 * Stages the rows of an imported file, streaming: each row is read, mapped to the import's
 * fields and validated one at a time; a valid row is COPYed into a temporary staging table, an
 * invalid one leaves its row errors. The checks that need the whole file then run in SQL on the
 * staged rows. The import owns its staging columns and reads the table afterwards (in the same
 * transaction); this owns what every import does the same way: the header row, the COPY, too
 * many errors, an empty file, and values repeated within the file.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { pgClientOf } from '../db/pg-client';
import { copyChunks, copyLine, CopyValue } from './copy-text';
import { FileRow, fileRows, TabularFileError } from './file-rows';
import type { HeaderMapping, ReportedColumn } from './headers';
import type { RowError, RowErrorFactory } from './row-error';
import type { ImportProblemError, TabularFile } from './tabular-import';
import { NAMED_ROWS } from './row-error';

/** Past this many row errors the file is not the export it claims to be; stop and say so. */
export const MAX_REPORTED_ERRORS = 100_000;

/**
 * A temporary table, dropped at commit. Besides the import's columns it has `row_number` (the
 * file's row, first) and `rejected` (set by the whole-file checks, last): the shared checks rely
 * on both, and the import copies on only the rows not rejected.
 */
export interface StagingTable {
  name: string;
  /** Column → SQL type, in the order `stage` gives the values. */
  columns: Readonly<Record<string, string>>;
}

/** A value that must not repeat within the file: every row sharing one is rejected. */
export interface UniqueInFile<Field extends string, Code extends string> {
  /** The staging column compared (a keyed hash for personal data). */
  key: string;
  /** The staging column reported as the value (masked for personal data). */
  shown: string;
  /** The field whose column the error names. */
  field: Field;
  code: Code;
}

export interface TabularStaging<Field extends string, Code extends string, Valid> {
  table: StagingTable;
  mapHeaders(cells: string[]): HeaderMapping<Field>;
  /** The import's own row check: pure, one row at a time. */
  validate(row: number, values: Partial<Record<Field, string>>, headerOf: Partial<Record<Field, string>>): { valid?: Valid; errors: RowError<Code>[] };
  /** A valid row's values for the staging columns (sealed and hashed where personal). */
  stage(valid: Valid): CopyValue[];
  uniqueInFile: readonly UniqueInFile<Field, Code>[];
  rowError: RowErrorFactory<Code>;
  /** The import's own checks on the staged rows, after the duplicates; they mark the rows they reject themselves. */
  checkStaged?(headerOf: Partial<Record<Field, string>>): Promise<RowError<Code>[]>;
  problem: ImportProblemError;
  /** How the messages name the file and its rows: 'a roster export', 'households'. */
  fileIs: string;
  rowsAre: string;
  onProgress?(rowsRead: number): void;
}

export interface StagedFile<Field extends string, Code extends string> {
  /** Rows after the header. */
  totalRows: number;
  headerOf: Partial<Record<Field, string>>;
  /** The header row's columns: those read as fields and those ignored. */
  columns: { mapped: ReportedColumn<Field>[]; ignored: ReportedColumn<Field>[] };
  /** Every row error found, in row order. */
  errors: RowError<Code>[];
}

export async function stageTabularFile<Field extends string, Code extends string, Valid>(
  runner: QueryRunner,
  file: Pick<TabularFile, 'path' | 'format' | 'encoding'>,
  staging: TabularStaging<Field, Code, Valid>,
): Promise<StagedFile<Field, Code>> {
  const { table } = staging;
  // Table and column names come from the import's constants, never from the file.
  const definitions = Object.entries(table.columns).map(([column, type]) => `${column} ${type}`);
  await runner.query(
    `CREATE TEMP TABLE ${table.name} (row_number integer PRIMARY KEY, ${definitions.join(', ')}, rejected boolean NOT NULL DEFAULT false) ON COMMIT DROP`,
  );
  const copiedColumns = ['row_number', ...Object.keys(table.columns)];

  const errors: RowError<Code>[] = [];
  const source = new MappedFileRows(file, staging);
  const lines = async function* (): AsyncGenerator<string> {
    for await (const { row, cells } of source.rows()) {
      const values: Partial<Record<Field, string>> = {};
      for (const [index, field] of source.header.columns) values[field] = cells[index] ?? '';
      const result = staging.validate(row, values, source.header.headerOf);
      if (!result.valid) {
        errors.push(...result.errors);
        assertFewErrors(errors.length, row, staging);
        continue;
      }
      yield copyLine([row, ...staging.stage(result.valid)]) + '\n';
    }
  };

  const copy = pgClientOf(runner).query(copyFrom(`COPY ${table.name} (${copiedColumns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(lines())), copy);
  const { totalRows, headerOf, columns: reported } = source.finish();

  for (const unique of staging.uniqueInFile) {
    // Every row sharing the value is rejected, and each names the others, so the clerk finds the pair.
    // Only the first rows of each value come back (a value repeated N times must not return N lists of N).
    const repeated: { row_number: number; value: string; dup_rows: number[]; dup_count: number }[] = await runner
      .query(
        `WITH d AS (SELECT ${unique.key}, (array_agg(row_number ORDER BY row_number))[1:${NAMED_ROWS + 1}] AS dup_rows, count(*)::int AS dup_count
                   FROM ${table.name} GROUP BY 1 HAVING count(*) > 1)
         UPDATE ${table.name} s SET rejected = true FROM d WHERE s.${unique.key} = d.${unique.key} RETURNING s.row_number, s.${unique.shown} AS value, d.dup_rows, d.dup_count`,
        [],
        true,
      )
      .then((result) => result.records);
    const column = headerOf[unique.field] ?? unique.field;
    for (const r of repeated) {
      const otherRows = r.dup_rows.map(Number).filter((n) => n !== r.row_number);
      errors.push(staging.rowError(r.row_number, column, r.value, unique.code, { otherRows: otherRows.slice(0, NAMED_ROWS), otherCount: r.dup_count - 1 }));
    }
  }
  if (staging.checkStaged) errors.push(...(await staging.checkStaged(headerOf)));
  errors.sort((a, b) => a.row - b.row);
  return { totalRows, headerOf, columns: reported, errors };
}

/** Past MAX_REPORTED_ERRORS, the import stops: the file is not what it claims to be. */
export function assertFewErrors(count: number, row: number, staging: Pick<TabularStaging<string, string, unknown>, 'problem' | 'fileIs'>): void {
  if (count > MAX_REPORTED_ERRORS) {
    throw staging.problem(
      'TOO_MANY_ERRORS',
      `more than ${MAX_REPORTED_ERRORS} row errors by row ${row}: this does not look like ${staging.fileIs} (check the columns and the encoding)`,
    );
  }
}

/** The header row an import read, and what it maps. */
export interface MappedHeader<Field extends string> {
  /** Column index → field. */
  columns: Map<number, Field>;
  headerOf: Partial<Record<Field, string>>;
  reported: { mapped: ReportedColumn<Field>[]; ignored: ReportedColumn<Field>[] };
}

/**
 * The data rows of an imported file after its header row, which is checked first (a column
 * missing or mapped twice stops the import); `finish` says what was read, or that nothing was.
 */
export class MappedFileRows<Field extends string> {
  private mapped: MappedHeader<Field> | undefined;
  private count = 0;

  constructor(
    private readonly file: Pick<TabularFile, 'path' | 'format' | 'encoding'>,
    private readonly staging: Pick<TabularStaging<Field, string, unknown>, 'mapHeaders' | 'problem' | 'rowsAre' | 'onProgress'>,
  ) {}

  /** Read once the first row is: the rows come after it. */
  get header(): MappedHeader<Field> {
    if (!this.mapped) throw new Error('the header row has not been read yet');
    return this.mapped;
  }

  async *rows(): AsyncGenerator<FileRow> {
    const { staging } = this;
    for await (const fileRow of readableRows(this.file, staging.problem)) {
      if (this.mapped) {
        this.count++;
        if (this.count % 10_000 === 0) staging.onProgress?.(this.count);
        yield fileRow;
        continue;
      }
      const { row, cells } = fileRow;
      const mapping = staging.mapHeaders(cells);
      if (mapping.missing.length) {
        // The cells are not echoed: in a file without a header row they are a person's name, ID
        // number and card number, and this message reaches the HTTP answer, GraphQL and the CLI.
        // The headers are not echoed either; the field and the header the hub expects for it are.
        throw staging.problem(
          'MISSING_COLUMNS',
          `the header row (row ${row}) has no column for: ${mapping.missingLabels.join(', ')} (it has ${cells.length} columns; is row ${row} the header row?)`,
          mapping.missing[0],
        );
      }
      if (mapping.duplicated.length) throw staging.problem('DUPLICATE_COLUMNS', `more than one column maps to: ${mapping.duplicated.join(', ')}`);
      this.mapped = { columns: mapping.columns, headerOf: mapping.headerOf, reported: { mapped: mapping.mapped, ignored: mapping.ignored } };
    }
  }

  /** After the rows: how many there were and the header's columns; a file without a header or rows is refused. */
  finish(): { totalRows: number; headerOf: Partial<Record<Field, string>>; columns: MappedHeader<Field>['reported'] } {
    if (!this.mapped) throw this.staging.problem('EMPTY_FILE', 'the file has no header row');
    if (this.count === 0) throw this.staging.problem('EMPTY_FILE', `the file has a header row but no ${this.staging.rowsAre}`);
    this.staging.onProgress?.(this.count);
    return { totalRows: this.count, headerOf: this.mapped.headerOf, columns: this.mapped.reported };
  }
}

/** The file's rows; a file that cannot be read fails as the import's BAD_FILE. */
async function* readableRows(file: Pick<TabularFile, 'path' | 'format' | 'encoding'>, problem: ImportProblemError): AsyncGenerator<FileRow> {
  try {
    yield* fileRows(file.path, file.format, file.encoding);
  } catch (error) {
    if (error instanceof TabularFileError) throw problem('BAD_FILE', error.message);
    throw error;
  }
}
