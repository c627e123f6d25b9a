/**
 * Imports a roster file into a draft version, streaming: rows are read, validated and sealed
 * one at a time and COPYed into a temporary staging table; the checks that need the whole file
 * (duplicates, IDs of other households) run in SQL there. All of it is one transaction: a
 * rejected or failed import leaves nothing behind but its report.
 */
import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { COUNTY_CODE } from '../../../../common/codes';
import type { PiiProtector } from '../../../../common/pii/protector';
import { mask } from '../../../../common/pii/masking';
import { copyChunks, copyLine } from '../../../../common/tabular/copy-text';
import { csvEncoding, fileRows, formatOf, TabularFileError } from '../../../../common/tabular/file-rows';
import { sha256OfFile } from '../../../../common/tabular/upload';
import { RegionRecord } from '../region/region.entity';
import { RegionIndex } from './domain/region-index';
import { RosterRowError, rowError } from './domain/roster-errors';
import { mapHeaders, RosterField } from './domain/roster-fields';
import { validateRosterRow, ValidRosterRow } from './domain/validate-row';
import { HeaderMappingService } from './header-mapping.service';
import { RosterImportMode, RosterImportRecord } from './roster-import.entity';
import { RosterVersionRecord } from './roster-version.entity';
import { assertCountyWriter, RosterError, rosterLockKey } from './roster-access';
import { pgClientOf } from '../../../../common/db/pg-client';

/** Past this many row errors the file is not a roster export; stop and say so. */
export const MAX_REPORTED_ERRORS = 100_000;

export interface ImportRequest {
  countyCode: string;
  /** A file on local disk (the HTTP endpoint spools uploads to a temporary file first). */
  path: string;
  fileName?: string;
  format?: string;
  /** `auto` (default), `utf-8` or `gbk`. */
  encoding?: string;
  mode: RosterImportMode;
  /** SHA-256 of the file when the caller already computed it (the upload endpoint hashes while spooling). */
  contentSha256?: string;
  onProgress?: (rowsRead: number) => void;
}

export interface ImportOutcome {
  import: RosterImportRecord;
  /** True when the same file had already been imported into a version: nothing new was created. */
  duplicate: boolean;
}

const STAGING_COLUMNS = [
  'row_number',
  'household_no',
  'township_code',
  'village_code',
  'head_name_sealed',
  'head_name_hash',
  'id_number_sealed',
  'id_number_hash',
  'id_number_masked',
  'phone_sealed',
  'phone_hash',
  'pii_key_id',
  'category',
  'is_monitored',
  'risk_eliminated',
  'lifted_out_year',
  'member_count',
  'data_date',
  'content_hash',
] as const;

export class RosterImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
  ) {}

  async importFile(caller: Caller, request: ImportRequest): Promise<ImportOutcome> {
    if (!COUNTY_CODE.test(request.countyCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${request.countyCode}" is not a 6-digit county code`);
    assertCountyWriter(caller, request.countyCode);
    const fileName = request.fileName ?? basename(request.path);
    let format: 'csv' | 'xlsx';
    try {
      format = formatOf(fileName, request.format);
    } catch (error) {
      throw new RosterError('ROSTER_BAD_FILE', (error as Error).message);
    }
    const contentSha256 = request.contentSha256 ?? (await sha256OfFile(request.path));
    const existing = await this.findVersionedImport(request.countyCode, contentSha256);
    if (existing) return { import: existing, duplicate: true };

    let encoding: 'utf-8' | 'gb18030' | null = null;
    if (format === 'csv') {
      try {
        encoding = await csvEncoding(request.path, request.encoding);
      } catch (error) {
        throw new RosterError('ROSTER_BAD_REQUEST', (error as Error).message);
      }
    }
    const regions = await this.regionIndex(request.countyCode);
    const customMapping = await new HeaderMappingService(this.dataSource).forCounty(request.countyCode);

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let outcome: ImportOutcome;
    try {
      outcome = await this.runImport(runner, caller, { ...request, fileName, format, textEncoding: encoding, contentSha256, regions, customMapping });
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      // The same file imported concurrently: the unique index let one of the two through.
      if ((error as { code?: string }).code === '23505' && String((error as Error).message).includes('roster_imports_county_sha_uq')) {
        const winner = await this.findVersionedImport(request.countyCode, contentSha256);
        if (winner) return { import: winner, duplicate: true };
      }
      throw error;
    } finally {
      await runner.release();
    }
    // A new version can add a million rows: refresh the planner's statistics before anyone diffs it.
    if (outcome.import.acceptedRows > 10_000) await this.dataSource.query('ANALYZE households.roster_entries');
    return outcome;
  }

  private async runImport(
    runner: QueryRunner,
    caller: Caller,
    job: ImportRequest & { fileName: string; format: 'csv' | 'xlsx'; textEncoding: 'utf-8' | 'gb18030' | null; contentSha256: string; regions: RegionIndex; customMapping: Record<string, RosterField> },
  ): Promise<ImportOutcome> {
    await runner.query(`CREATE TEMP TABLE roster_staging (
      row_number integer PRIMARY KEY, household_no varchar(32) NOT NULL, township_code varchar(9) NOT NULL, village_code varchar(12) NOT NULL,
      head_name_sealed bytea NOT NULL, head_name_hash char(64) NOT NULL, id_number_sealed bytea NOT NULL, id_number_hash char(64) NOT NULL,
      id_number_masked varchar(18) NOT NULL, phone_sealed bytea, phone_hash char(64), pii_key_id varchar(32) NOT NULL, category varchar(24) NOT NULL,
      is_monitored boolean NOT NULL, risk_eliminated boolean, lifted_out_year smallint, member_count smallint NOT NULL, data_date date,
      content_hash char(32) NOT NULL, rejected boolean NOT NULL DEFAULT false) ON COMMIT DROP`);

    const errors: RosterRowError[] = [];
    let totalRows = 0;
    let headerColumns: Map<number, RosterField> | undefined;
    let headerOf: Partial<Record<RosterField, string>> = {};
    const pii = this.pii;
    const today = new Date();

    const lines = async function* (): AsyncGenerator<string> {
      for await (const { row, cells } of rosterFileRows(job.path, job.format, job.textEncoding)) {
        if (!headerColumns) {
          const mapping = mapHeaders(cells, job.customMapping);
          if (mapping.missing.length) {
            throw new RosterError('ROSTER_MISSING_COLUMNS', `the header row (row ${row}) has no column for: ${mapping.missing.join(', ')}; found: ${cells.join(', ')}`);
          }
          if (mapping.duplicated.length) throw new RosterError('ROSTER_DUPLICATE_COLUMNS', `more than one column maps to: ${mapping.duplicated.join(', ')}`);
          headerColumns = mapping.columns;
          headerOf = mapping.headerOf;
          continue;
        }
        totalRows++;
        if (totalRows % 10_000 === 0) job.onProgress?.(totalRows);
        const values: Partial<Record<RosterField, string>> = {};
        for (const [index, field] of headerColumns) values[field] = cells[index] ?? '';
        const result = validateRosterRow(row, values, headerOf, job.regions, today);
        if (!result.valid) {
          errors.push(...result.errors);
          if (errors.length > MAX_REPORTED_ERRORS) {
            throw new RosterError('ROSTER_TOO_MANY_ERRORS', `more than ${MAX_REPORTED_ERRORS} row errors by row ${row}: this does not look like a roster export (check the columns and the encoding)`);
          }
          continue;
        }
        yield stagingLine(result.valid, pii) + '\n';
      }
    };

    const client = pgClientOf(runner);
    const copy = client.query(copyFrom(`COPY roster_staging (${STAGING_COLUMNS.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(copyChunks(lines())), copy);
    if (!headerColumns) throw new RosterError('ROSTER_EMPTY_FILE', 'the file has no header row');
    if (totalRows === 0) throw new RosterError('ROSTER_EMPTY_FILE', 'the file has a header row but no households');
    job.onProgress?.(totalRows);

    errors.push(...(await this.wholeFileChecks(runner, job.countyCode, headerOf)));
    errors.sort((a, b) => a.row - b.row);

    const importId = randomUUID();
    const manager = runner.manager;
    const rejected = errors.length > 0 && job.mode === 'reject_file';
    let versionId: string | null = null;
    let acceptedRows = 0;
    if (!rejected) {
      await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [rosterLockKey(job.countyCode)]);
      versionId = randomUUID();
      const [{ next }] = await runner.query('SELECT coalesce(max(number), 0) + 1 AS next FROM households.roster_versions WHERE county_code = $1', [job.countyCode]);
      const inserted = await runner.query(
        `INSERT INTO households.roster_entries (version_id, household_no, row_number, township_code, village_code, head_name_sealed, head_name_hash,
           id_number_sealed, id_number_hash, phone_sealed, phone_hash, pii_key_id, category, is_monitored, risk_eliminated, lifted_out_year,
           member_count, data_date, content_hash)
         SELECT $1, household_no, row_number, township_code, village_code, head_name_sealed, head_name_hash, id_number_sealed, id_number_hash,
           phone_sealed, phone_hash, pii_key_id, category, is_monitored, risk_eliminated, lifted_out_year, member_count, data_date, content_hash
         FROM roster_staging WHERE NOT rejected`,
        [versionId],
        true,
      );
      acceptedRows = inserted.affected ?? 0;
      await manager.insert(RosterVersionRecord, {
        id: versionId,
        countyCode: job.countyCode,
        number: Number(next),
        status: 'draft',
        importId,
        householdCount: acceptedRows,
        createdBy: caller.subject,
      });
    }
    await manager.insert(RosterImportRecord, {
      id: importId,
      countyCode: job.countyCode,
      contentSha256: job.contentSha256,
      fileName: job.fileName.slice(0, 255),
      format: job.format,
      encoding: job.textEncoding,
      mode: job.mode,
      status: rejected ? 'rejected' : 'draft_created',
      totalRows,
      acceptedRows,
      errorCount: errors.length,
      versionId,
      importedBy: caller.subject,
    });
    await this.saveErrors(manager, importId, errors);
    const saved = await manager.findOneByOrFail(RosterImportRecord, { id: importId });
    return { import: saved, duplicate: false };
  }

  /** Duplicates within the file, and IDs the current roster gives to another household the file still lists. */
  private async wholeFileChecks(runner: QueryRunner, countyCode: string, headerOf: Partial<Record<RosterField, string>>): Promise<RosterRowError[]> {
    const errors: RosterRowError[] = [];
    const idColumn = headerOf.idNumber ?? 'idNumber';
    const duplicateIds: { row_number: number; id_number_masked: string }[] = await runner.query(
      `WITH d AS (SELECT id_number_hash FROM roster_staging GROUP BY 1 HAVING count(*) > 1)
       UPDATE roster_staging s SET rejected = true FROM d WHERE s.id_number_hash = d.id_number_hash RETURNING s.row_number, s.id_number_masked`,
      [],
      true,
    ).then((result) => result.records);
    for (const r of duplicateIds) errors.push(rowError(r.row_number, idColumn, r.id_number_masked, 'ROSTER_DUPLICATE_ID_IN_FILE'));

    const duplicateHouseholds: { row_number: number; household_no: string }[] = await runner.query(
      `WITH d AS (SELECT household_no FROM roster_staging GROUP BY 1 HAVING count(*) > 1)
       UPDATE roster_staging s SET rejected = true FROM d WHERE s.household_no = d.household_no RETURNING s.row_number, s.household_no`,
      [],
      true,
    ).then((result) => result.records);
    for (const r of duplicateHouseholds) errors.push(rowError(r.row_number, headerOf.householdNo ?? 'householdNo', r.household_no, 'ROSTER_DUPLICATE_HOUSEHOLD_IN_FILE'));

    const movedIds: { row_number: number; id_number_masked: string }[] = await runner.query(
      `UPDATE roster_staging s SET rejected = true
       FROM households.households h
       WHERE h.county_code = $1 AND h.on_roster AND h.id_number_hash = s.id_number_hash AND h.household_no <> s.household_no
         AND EXISTS (SELECT 1 FROM roster_staging other WHERE other.household_no = h.household_no)
       RETURNING s.row_number, s.id_number_masked`,
      [countyCode],
      true,
    ).then((result) => result.records);
    for (const r of movedIds) errors.push(rowError(r.row_number, idColumn, r.id_number_masked, 'ROSTER_ID_IN_OTHER_HOUSEHOLD'));
    return errors;
  }

  private async saveErrors(manager: EntityManager, importId: string, errors: RosterRowError[]): Promise<void> {
    for (let i = 0; i < errors.length; i += 5000) {
      const chunk = errors.slice(i, i + 5000);
      await manager.query(
        `INSERT INTO households.roster_import_errors (import_id, row, column_name, value, code, message_zh, message_en)
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

  private findVersionedImport(countyCode: string, contentSha256: string): Promise<RosterImportRecord | null> {
    return this.dataSource
      .getRepository(RosterImportRecord)
      .createQueryBuilder('i')
      .where('i.countyCode = :countyCode AND i.contentSha256 = :contentSha256 AND i.versionId IS NOT NULL', { countyCode, contentSha256 })
      .getOne();
  }

  private async regionIndex(countyCode: string): Promise<RegionIndex> {
    const rows = await this.dataSource.getRepository(RegionRecord).find({ where: { countyCode } });
    const index = new RegionIndex(countyCode, rows);
    if (index.size === 0) {
      throw new RosterError('ROSTER_NO_REGIONS', `the region directory has no townships for county ${countyCode}: load it first (npm run roster -- regions --county ${countyCode})`);
    }
    return index;
  }

}

function contentHash(row: ValidRosterRow, hashes: { name: string; id: string; phone: string | null }): string {
  return createHash('md5')
    .update(
      [row.townshipCode, row.villageCode, hashes.name, hashes.id, hashes.phone ?? '', row.category, row.isMonitored, row.riskEliminated ?? '', row.liftedOutYear ?? '', row.memberCount].join(
        '\u0001',
      ),
    )
    .digest('hex');
}

function stagingLine(row: ValidRosterRow, pii: PiiProtector): string {
  const name = pii.seal(row.headName);
  const hashes = { name: pii.hash(`name:${row.headName}`), id: pii.hash(row.idNumber), phone: row.phone ? pii.hash(row.phone) : null };
  const values: (string | number | boolean | Buffer | null)[] = [
    row.row,
    row.householdNo,
    row.townshipCode,
    row.villageCode,
    name.ciphertext,
    hashes.name,
    pii.seal(row.idNumber).ciphertext,
    hashes.id,
    mask('residentId', row.idNumber),
    row.phone ? pii.seal(row.phone).ciphertext : null,
    hashes.phone,
    name.keyId,
    row.category,
    row.isMonitored,
    row.riskEliminated,
    row.liftedOutYear,
    row.memberCount,
    row.dataDate,
    contentHash(row, hashes),
  ];
  return copyLine(values);
}

/** The file's rows; a file that cannot be read fails with ROSTER_BAD_FILE. */
async function* rosterFileRows(...args: Parameters<typeof fileRows>): ReturnType<typeof fileRows> {
  try {
    yield* fileRows(...args);
  } catch (error) {
    if (error instanceof TabularFileError) throw new RosterError('ROSTER_BAD_FILE', error.message);
    throw error;
  }
}
