/**
 * Imports a roster file into a draft version, streaming: rows are read, validated and sealed
 * one at a time and COPYed into a temporary staging table; the checks that need the whole file
 * (duplicates, IDs of other households) run in SQL there. All of it is one transaction: a
 * rejected or failed import leaves nothing behind but its report.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import type { PiiProtector } from '../../../../common/pii/protector';
import { mask } from '../../../../common/pii/masking';
import type { CopyValue } from '../../../../common/tabular/copy-text';
import { stageTabularFile, StagingTable } from '../../../../common/tabular/stage-tabular-file';
import { importedFileColumns } from '../../../../common/tabular/import-records';
import { importTabularFile, insertRowErrors, TabularFile, TabularImportRequest } from '../../../../common/tabular/tabular-import';
import { RegionRecord } from '../region/region.entity';
import { RegionIndex } from './domain/region-index';
import { RosterRowError, rowError } from './domain/roster-errors';
import { CountyHeaderMapping, mapHeaders } from './domain/roster-fields';
import { validateRosterRow, ValidRosterRow } from './domain/validate-row';
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

/** The roster's staging columns, in the order stagingValues gives them. */
const STAGING: StagingTable = {
  name: 'roster_staging',
  columns: {
    household_no: 'varchar(32) NOT NULL',
    township_code: 'varchar(9) NOT NULL',
    village_code: 'varchar(12) NOT NULL',
    head_name_sealed: 'bytea NOT NULL',
    head_name_hash: 'char(64) NOT NULL',
    id_number_sealed: 'bytea NOT NULL',
    id_number_hash: 'char(64) NOT NULL',
    id_number_masked: 'varchar(18) NOT NULL',
    phone_sealed: 'bytea',
    phone_hash: 'char(64)',
    pii_key_id: 'varchar(32) NOT NULL',
    category: 'varchar(24) NOT NULL',
    is_monitored: 'boolean NOT NULL',
    risk_eliminated: 'boolean',
    lifted_out_year: 'smallint',
    member_count: 'smallint NOT NULL',
    data_date: 'date',
    content_hash: 'char(32) NOT NULL',
  },
};

export class RosterImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
    private readonly headerMappings: HeaderMappingService,
  ) {}

  async importFile(caller: Caller, request: ImportRequest): Promise<ImportOutcome> {
    const outcome = await importTabularFile(this.dataSource, request, {
      authorize: (countyCode) => assertCountyWriter(caller, countyCode),
      problem: rosterProblem,
      sameFileIndex: 'roster_imports_county_sha_uq',
      findImported: (sha256) => this.findVersionedImport(request.countyCode, sha256),
      prepare: async (file) => {
        const regions = await this.regionIndex(request.countyCode);
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
    regions: RegionIndex,
    customMapping: CountyHeaderMapping,
  ): Promise<RosterImportRecord> {
    const pii = this.pii;
    const today = new Date();
    const { totalRows, columns, errors } = await stageTabularFile(runner, file, {
      table: STAGING,
      mapHeaders: (cells) => mapHeaders(cells, customMapping),
      validate: (row, values, headerOf) => validateRosterRow(row, values, headerOf, regions, today),
      stage: (valid) => stagingValues(valid, pii),
      uniqueInFile: [
        { key: 'id_number_hash', shown: 'id_number_masked', field: 'idNumber', code: 'ROSTER_DUPLICATE_ID_IN_FILE' },
        { key: 'household_no', shown: 'household_no', field: 'householdNo', code: 'ROSTER_DUPLICATE_HOUSEHOLD_IN_FILE' },
      ],
      rowError,
      checkStaged: (headerOf) => this.idsOfOtherHouseholds(runner, request.countyCode, headerOf.idNumber ?? 'idNumber'),
      problem: rosterProblem,
      fileIs: 'a roster export',
      rowsAre: 'households',
      onProgress: request.onProgress,
    });

    const importId = randomUUID();
    const manager = runner.manager;
    const rejected = errors.length > 0 && request.mode === 'reject_file';
    let versionId: string | null = null;
    let acceptedRows = 0;
    if (!rejected) {
      await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [rosterLockKey(request.countyCode)]);
      versionId = randomUUID();
      const [{ next }] = await runner.query('SELECT coalesce(max(number), 0) + 1 AS next FROM households.roster_versions WHERE county_code = $1', [
        request.countyCode,
      ]);
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
        countyCode: request.countyCode,
        number: Number(next),
        status: 'draft',
        importId,
        householdCount: acceptedRows,
        createdBy: caller.subject,
      });
    }
    await manager.insert(RosterImportRecord, {
      id: importId,
      ...importedFileColumns(request, file, { totalRows, columns, errors }, caller.subject),
      status: rejected ? 'rejected' : 'draft_created',
      acceptedRows,
      versionId,
    });
    await insertRowErrors(manager, 'households.roster_import_errors', importId, errors);
    return manager.findOneByOrFail(RosterImportRecord, { id: importId });
  }

  /** IDs the current roster gives to another household the file still lists (run after the duplicates within the file). */
  private async idsOfOtherHouseholds(runner: QueryRunner, countyCode: string, idColumn: string): Promise<RosterRowError[]> {
    const movedIds: { row_number: number; id_number_masked: string }[] = await runner
      .query(
        `UPDATE roster_staging s SET rejected = true
       FROM households.households h
       WHERE h.county_code = $1 AND h.on_roster AND h.id_number_hash = s.id_number_hash AND h.household_no <> s.household_no
         AND EXISTS (SELECT 1 FROM roster_staging other WHERE other.household_no = h.household_no)
       RETURNING s.row_number, s.id_number_masked`,
        [countyCode],
        true,
      )
      .then((result) => result.records);
    return movedIds.map((r) => rowError(r.row_number, idColumn, r.id_number_masked, 'ROSTER_ID_IN_OTHER_HOUSEHOLD'));
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
      throw new RosterError(
        'ROSTER_NO_REGIONS',
        `the region directory has no townships for county ${countyCode}: load it first (npm run roster -- regions --county ${countyCode})`,
      );
    }
    return index;
  }
}

function contentHash(row: ValidRosterRow, hashes: { name: string; id: string; phone: string | null }): string {
  return createHash('md5')
    .update(
      [
        row.townshipCode,
        row.villageCode,
        hashes.name,
        hashes.id,
        hashes.phone ?? '',
        row.category,
        row.isMonitored,
        row.riskEliminated ?? '',
        row.liftedOutYear ?? '',
        row.memberCount,
      ].join('\u0001'),
    )
    .digest('hex');
}

function stagingValues(row: ValidRosterRow, pii: PiiProtector): CopyValue[] {
  const name = pii.seal(row.headName);
  const hashes = { name: pii.hash(`name:${row.headName}`), id: pii.hash(row.idNumber), phone: row.phone ? pii.hash(row.phone) : null };
  return [
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
}
