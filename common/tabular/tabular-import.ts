/**
 * What every file import (rosters, 一卡通 accounts) does around staging its rows: read what the
 * request says of the file, recognise content imported before, run the import in one
 * transaction that the same file sent twice at once cannot pass twice, and store the row errors.
 * Each import keeps its own tables: it says how to find an earlier import and where errors go.
 */
import { basename } from 'node:path';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { COUNTY_CODE } from '../codes';
import type { TextEncodingName } from './detect-encoding';
import { csvEncoding, formatOf, TabularFormat } from './file-rows';
import type { RowError } from './row-error';
import { sha256OfFile } from './file-hash';

/** `reject_file`: any row error rejects the whole file; `skip_bad_rows`: the valid rows are kept. */
export type TabularImportMode = 'reject_file' | 'skip_bad_rows';

/**
 * What can be wrong with a file whatever it holds. Each import raises it under its own code
 * (ROSTER_BAD_FILE, ONE_CARD_BAD_FILE), so clients keep the codes they key on.
 */
export type ImportProblem = 'BAD_REQUEST' | 'BAD_FILE' | 'EMPTY_FILE' | 'MISSING_COLUMNS' | 'DUPLICATE_COLUMNS' | 'TOO_MANY_ERRORS';

/** `field` names what is at fault where one thing is: the missing column's field for MISSING_COLUMNS. */
export type ImportProblemError = (problem: ImportProblem, message: string, field?: string) => Error;

export interface TabularImportRequest {
  /** A file on local disk (the HTTP endpoint spools uploads to a temporary file first). */
  path: string;
  fileName?: string;
  format?: string;
  /** `auto` (default), `utf-8` or `gbk`. */
  encoding?: string;
  mode: TabularImportMode;
  /** SHA-256 of the file when the caller already computed it (the upload endpoint hashes while spooling). */
  contentSha256?: string;
}

/** A file ready to read: what the request declared, resolved. */
export interface TabularFile {
  path: string;
  fileName: string;
  format: TabularFormat;
  /** Null for XLSX, which carries its own. */
  encoding: TextEncodingName | null;
  contentSha256: string;
}

/**
 * The file to import, or the earlier import of the same content. The earlier import is looked
 * for before the encoding is checked: sending a file again answers with its import whatever the
 * request declares.
 */
async function resolveTabularFile<Imported>(
  request: TabularImportRequest,
  problem: ImportProblemError,
  findImported: (contentSha256: string) => Promise<Imported | null>,
): Promise<{ imported: Imported } | { file: TabularFile }> {
  const fileName = request.fileName ?? basename(request.path);
  let format: TabularFormat;
  try {
    format = formatOf(fileName, request.format);
  } catch (error) {
    throw problem('BAD_FILE', (error as Error).message);
  }
  const contentSha256 = request.contentSha256 ?? (await sha256OfFile(request.path));
  const imported = await findImported(contentSha256);
  if (imported) return { imported };

  let encoding: TextEncodingName | null = null;
  if (format === 'csv') {
    try {
      encoding = await csvEncoding(request.path, request.encoding);
    } catch (error) {
      throw problem('BAD_REQUEST', (error as Error).message);
    }
  }
  return { file: { path: request.path, fileName, format, encoding, contentSha256 } };
}

/**
 * Runs an import in one transaction. The same file imported twice at once: the import table's
 * unique index `sameFileIndex` lets one through, and the other answers with the winner's import.
 */
async function importInTransaction<Imported>(
  dataSource: DataSource,
  sameFileIndex: string,
  findImported: () => Promise<Imported | null>,
  run: (runner: QueryRunner) => Promise<Imported>,
): Promise<{ import: Imported; duplicate: boolean }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const record = await run(runner);
    await runner.commitTransaction();
    return { import: record, duplicate: false };
  } catch (error) {
    await runner.rollbackTransaction();
    if ((error as { code?: string }).code === '23505' && String((error as Error).message).includes(sameFileIndex)) {
      const winner = await findImported();
      if (winner) return { import: winner, duplicate: true };
    }
    throw error;
  } finally {
    await runner.release();
  }
}

/**
 * Imports a county's file once: the county code checked and the caller authorized for it, then
 * the earlier import of the same content when there is one (a duplicate), else `prepare` reads
 * what the import needs before its transaction and returns what runs in it.
 */
export async function importTabularFile<Imported>(
  dataSource: DataSource,
  request: TabularImportRequest & { countyCode: string },
  how: {
    /** Throws unless the caller may import the county's files. */
    authorize: (countyCode: string) => void;
    problem: ImportProblemError;
    /** The import table's unique index on the county and the content's hash. */
    sameFileIndex: string;
    findImported: (contentSha256: string) => Promise<Imported | null>;
    prepare: (file: TabularFile) => Promise<(runner: QueryRunner) => Promise<Imported>>;
  },
): Promise<{ import: Imported; duplicate: boolean }> {
  if (!COUNTY_CODE.test(request.countyCode)) throw how.problem('BAD_REQUEST', `"${request.countyCode}" is not a 6-digit county code`);
  how.authorize(request.countyCode);
  const resolved = await resolveTabularFile(request, how.problem, how.findImported);
  if ('imported' in resolved) return { import: resolved.imported, duplicate: true };
  const { file } = resolved;
  const run = await how.prepare(file);
  return importInTransaction(dataSource, how.sameFileIndex, () => how.findImported(file.contentSha256), run);
}

/**
 * Stores an import's row errors in its own error table, which has the columns (import_id, row,
 * column_name, value, code, message_zh, message_en): one statement per 5,000 errors.
 */
export async function insertRowErrors(manager: EntityManager, errorTable: string, importId: string, errors: readonly RowError[]): Promise<void> {
  for (let i = 0; i < errors.length; i += 5000) {
    const chunk = errors.slice(i, i + 5000);
    await manager.query(
      `INSERT INTO ${errorTable} (import_id, row, column_name, value, code, message_zh, message_en)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        importId,
        chunk.map((e) => e.row),
        chunk.map((e) => e.column.slice(0, 64)),
        chunk.map((e) => e.value.slice(0, 64)),
        chunk.map((e) => e.code),
        chunk.map((e) => e.messageZh),
        chunk.map((e) => e.messageEn),
      ],
    );
  }
}
