/**
 * Imports a roster file into a draft version, streaming: rows are read, then validated and sealed
 * on every core and COPYed straight into the entries table (import/copy-entries.ts); a file that
 * repeats a household or an ID number is read again through a staging table that names the rows.
 * All of it is one transaction: a rejected or failed import leaves nothing behind but its report.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import type { Logger } from '../../../../common/logger';
import type { PiiProtector } from '../../../../common/pii/protector';
import { mask } from '../../../../common/pii/masking';
import { stageTabularFile, StagingTable } from '../../../../common/tabular/stage-tabular-file';
import { importedFileColumns } from '../../../../common/tabular/import-records';
import { importTabularFile, insertRowErrors, TabularFile, TabularImportRequest } from '../../../../common/tabular/tabular-import';
import { openHouseholdPii } from '../household/household-pii';
import { RegionRecord } from '../region/region.entity';
import { RegionIndex } from './domain/region-index';
import { RosterRowError, rowError } from './domain/roster-errors';
import { CountyHeaderMapping, mapHeaders } from './domain/roster-fields';
import { validateRosterRow } from './domain/validate-row';
import { copyRosterEntries, CopiedEntries } from './import/copy-entries';
import { ENTRY_COLUMNS, entryValues } from './import/entry-values';
import { HeaderMappingService } from './header-mapping.service';
import { RosterImportRecord } from './roster-import.entity';
import { RosterVersionRecord } from './roster-version.entity';
import { assertCountyWriter, RosterError, rosterLockKey, rosterProblem } from './roster-access';

export interface ImportRequest extends TabularImportRequest {
  countyCode: string;
  onProgress?: (rowsRead: number) => void;
}

export interface ImportOutcome {
  import: RosterImportRecord;
  /** True when the same file had already been imported into a version: nothing new was created. */
  duplicate: boolean;
}

/**
 * The staging path's columns (the import's fallback when the file repeats a household or an ID
 * number: it reports every row involved): the entry's own, then the masked ID the report shows.
 */
const STAGING: StagingTable = {
  name: 'roster_staging',
  columns: {
    household_no: 'varchar(32) NOT NULL',
    township_code: 'varchar(9) NOT NULL',
    village_code: 'varchar(12) NOT NULL',
    pii_sealed: 'bytea NOT NULL',
    head_name_hash: 'char(64) NOT NULL',
    id_number_hash: 'char(64) NOT NULL',
    phone_hash: 'char(64)',
    pii_key_id: 'varchar(32) NOT NULL',
    category: 'varchar(24) NOT NULL',
    is_monitored: 'boolean NOT NULL',
    risk_eliminated: 'boolean',
    lifted_out_year: 'smallint',
    member_count: 'smallint NOT NULL',
    data_date: 'date',
    content_hash: 'char(32) NOT NULL',
    id_number_masked: 'varchar(18) NOT NULL',
  },
};

/** What reading the file left: its rows, header and errors, and how many entries the draft holds. */
interface ReadRoster {
  totalRows: number;
  columns: CopiedEntries['columns'];
  errors: RosterRowError[];
  entries: number;
}

export class RosterImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
    private readonly headerMappings: HeaderMappingService,
    private readonly logger: Logger,
  ) {}

  async importFile(caller: Caller, request: ImportRequest): Promise<ImportOutcome> {
    const outcome = await importTabularFile(this.dataSource, request, {
      authorize: (countyCode) => assertCountyWriter(caller, countyCode),
      problem: rosterProblem,
      sameFileIndex: 'roster_imports_county_sha_uq',
      findImported: (sha256) => this.findVersionedImport(request.countyCode, sha256),
      prepare: async (file) => {
        const regions = await this.countyRegions(request.countyCode);
        const customMapping = await this.headerMappings.forCounty(request.countyCode);
        return (runner) => this.runImport(runner, caller, request, file, regions, customMapping);
      },
    });
    // A new version can add a million rows: refresh the planner's statistics before anyone diffs it.
    if (!outcome.duplicate && outcome.import.acceptedRows > 10_000) await this.dataSource.query('ANALYZE households.roster_entries');
    return outcome;
  }

  private async runImport(
    runner: QueryRunner,
    caller: Caller,
    request: ImportRequest,
    file: TabularFile,
    regions: RegionRecord[],
    customMapping: CountyHeaderMapping,
  ): Promise<RosterImportRecord> {
    const importId = randomUUID();
    const versionId = randomUUID();
    const read = await this.readRoster(runner, request, file, versionId, regions, customMapping);
    const manager = runner.manager;
    const rejected = read.errors.length > 0 && request.mode === 'reject_file';
    if (rejected) {
      await runner.query('ROLLBACK TO SAVEPOINT roster_read');
    } else {
      await runner.query('RELEASE SAVEPOINT roster_read');
      await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [rosterLockKey(request.countyCode)]);
      const [{ next }] = await runner.query('SELECT coalesce(max(number), 0) + 1 AS next FROM households.roster_versions WHERE county_code = $1', [
        request.countyCode,
      ]);
      await manager.insert(RosterVersionRecord, {
        id: versionId,
        countyCode: request.countyCode,
        number: Number(next),
        status: 'draft',
        importId,
        householdCount: read.entries,
        createdBy: caller.subject,
      });
    }
    await manager.insert(RosterImportRecord, {
      id: importId,
      ...importedFileColumns(request, file, { totalRows: read.totalRows, columns: read.columns, errors: read.errors }, caller.subject),
      status: rejected ? 'rejected' : 'draft_created',
      acceptedRows: rejected ? 0 : read.entries,
      versionId: rejected ? null : versionId,
    });
    await insertRowErrors(manager, 'households.roster_import_errors', importId, read.errors);
    return manager.findOneByOrFail(RosterImportRecord, { id: importId });
  }

  /**
   * Reads the file into the version's entries, behind a savepoint the caller releases (or rolls
   * back to, when the file is rejected). The file goes straight into the entries table; one that
   * repeats a household or an ID number is read again through the staging table, whose checks
   * name every row sharing the value.
   */
  private async readRoster(
    runner: QueryRunner,
    request: ImportRequest,
    file: TabularFile,
    versionId: string,
    regions: RegionRecord[],
    customMapping: CountyHeaderMapping,
  ): Promise<ReadRoster> {
    const today = new Date();
    const started = performance.now();
    await runner.query('SAVEPOINT roster_read');
    let because: string;
    try {
      const copied = await copyRosterEntries(runner, file, {
        versionId,
        countyCode: request.countyCode,
        regions: regions.map(({ code, name, parentCode, level }) => ({ code, name, parentCode, level })),
        mapping: customMapping,
        today,
        keys: this.pii.sealingKeys(),
        fileBytes: (await stat(file.path)).size,
        onProgress: request.onProgress,
      });
      if (!copied.idMayRepeat) {
        const moved = await this.idsOfOtherHouseholds(runner, request.countyCode, versionId, copied.headerOf.idNumber ?? 'idNumber');
        const errors = moved.length ? [...copied.errors, ...moved].sort((a, b) => a.row - b.row) : copied.errors;
        this.logger.info('roster file read into its entries', {
          county: request.countyCode,
          rows: copied.totalRows,
          sealingThreads: copied.sealingThreads,
          ms: Math.round(performance.now() - started),
        });
        return { totalRows: copied.totalRows, columns: copied.columns, errors, entries: copied.copied - moved.length };
      }
      because = 'two of its ID numbers share a fingerprint';
    } catch (error) {
      // A household number the file repeats breaks the entries' key: the staging path reports it.
      if ((error as { code?: string }).code !== '23505') throw error;
      because = 'it repeats a household number';
    }
    await runner.query('ROLLBACK TO SAVEPOINT roster_read');
    this.logger.info(`roster file read again through staging, which names the rows: ${because}`, { county: request.countyCode });
    return this.readThroughStaging(runner, request, file, versionId, new RegionIndex(request.countyCode, regions), customMapping, today);
  }

  private async readThroughStaging(
    runner: QueryRunner,
    request: ImportRequest,
    file: TabularFile,
    versionId: string,
    regions: RegionIndex,
    customMapping: CountyHeaderMapping,
    today: Date,
  ): Promise<ReadRoster> {
    const pii = this.pii;
    const { totalRows, columns, errors, headerOf } = await stageTabularFile(runner, file, {
      table: STAGING,
      mapHeaders: (cells) => mapHeaders(cells, customMapping),
      validate: (row, values, headerOf) => validateRosterRow(row, values, headerOf, regions, today),
      stage: (valid) => [...entryValues(valid, pii), mask('residentId', valid.idNumber)],
      uniqueInFile: [
        { key: 'id_number_hash', shown: 'id_number_masked', field: 'idNumber', code: 'ROSTER_DUPLICATE_ID_IN_FILE' },
        { key: 'household_no', shown: 'household_no', field: 'householdNo', code: 'ROSTER_DUPLICATE_HOUSEHOLD_IN_FILE' },
      ],
      rowError,
      problem: rosterProblem,
      fileIs: 'a roster export',
      rowsAre: 'households',
      onProgress: request.onProgress,
    });
    const inserted = await runner.query(
      `INSERT INTO households.roster_entries (version_id, row_number, ${ENTRY_COLUMNS.join(', ')})
       SELECT $1, row_number, ${ENTRY_COLUMNS.join(', ')} FROM roster_staging WHERE NOT rejected`,
      [versionId],
      true,
    );
    const moved = await this.idsOfOtherHouseholds(runner, request.countyCode, versionId, headerOf.idNumber ?? 'idNumber');
    return { totalRows, columns, errors: [...errors, ...moved].sort((a, b) => a.row - b.row), entries: (inserted.affected ?? 0) - moved.length };
  }

  /**
   * Entries whose ID the current roster gives to another household that the new version still
   * lists: removed from the draft, each a row error (run after the duplicates within the file).
   */
  private async idsOfOtherHouseholds(runner: QueryRunner, countyCode: string, versionId: string, idColumn: string): Promise<RosterRowError[]> {
    const movedIds: { row_number: number; pii_sealed: Buffer; pii_key_id: string }[] = await runner
      .query(
        `DELETE FROM households.roster_entries s
         USING households.households h
         WHERE s.version_id = $2 AND h.county_code = $1 AND h.on_roster AND h.id_number_hash = s.id_number_hash AND h.household_no <> s.household_no
           AND EXISTS (SELECT 1 FROM households.roster_entries other WHERE other.version_id = $2 AND other.household_no = h.household_no)
         RETURNING s.row_number, s.pii_sealed, s.pii_key_id`,
        [countyCode, versionId],
        true,
      )
      .then((result) => result.records);
    return movedIds.map((r) =>
      rowError(r.row_number, idColumn, mask('residentId', openHouseholdPii(this.pii, r.pii_sealed, r.pii_key_id).idNumber), 'ROSTER_ID_IN_OTHER_HOUSEHOLD'),
    );
  }

  private findVersionedImport(countyCode: string, contentSha256: string): Promise<RosterImportRecord | null> {
    return this.dataSource
      .getRepository(RosterImportRecord)
      .createQueryBuilder('i')
      .where('i.countyCode = :countyCode AND i.contentSha256 = :contentSha256 AND i.versionId IS NOT NULL', { countyCode, contentSha256 })
      .getOne();
  }

  private async countyRegions(countyCode: string): Promise<RegionRecord[]> {
    const rows = await this.dataSource.getRepository(RegionRecord).find({ where: { countyCode } });
    if (new RegionIndex(countyCode, rows).size === 0) {
      throw new RosterError(
        'ROSTER_NO_REGIONS',
        `the region directory has no townships for county ${countyCode}: load it first (npm run roster -- regions --county ${countyCode})`,
      );
    }
    return rows;
  }
}
