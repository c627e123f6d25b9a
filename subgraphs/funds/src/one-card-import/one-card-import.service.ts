/**
 * Imports a finance bureau's 一卡通 account file, streaming: rows are read, validated, sealed and
 * COPYed one at a time into a temporary staging table; duplicates within the file are found in
 * SQL there. One transaction then stores the import, its row errors and its valid rows, staged
 * as PENDING_MATCH: the funds subgraph cannot tell which household a resident ID heads (that is
 * the households subgraph's roster), so the worker's match-one-card-import job does that and
 * applies the accounts (one-card-import-apply.service.ts).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import type { CopyValue } from '../../../../common/tabular/copy-text';
import { countyNameOf } from '../../../../common/tabular/region-register';
import { stageTabularFile, StagingTable } from '../../../../common/tabular/stage-tabular-file';
import { importedFileColumns } from '../../../../common/tabular/import-records';
import { importTabularFile, insertRowErrors, TabularFile, TabularImportRequest } from '../../../../common/tabular/tabular-import';
import { holderNameHash, normalizeHolderName } from '../one-card-account/one-card-account-writer';
import { oneCardRowError } from './domain/import-errors';
import { mapOneCardHeaders } from './domain/import-fields';
import { ImportCounty, validateOneCardRow, ValidOneCardRow } from './domain/validate-import-row';
import { assertCountyFinance, oneCardProblem } from './one-card-import-access';
import { OneCardImportRecord, OneCardImportStatus } from './one-card-import.entity';
import type { BankDirectoryService } from '../bank-directory/bank-directory.service';

export interface OneCardImportRequest extends TabularImportRequest {
  countyCode: string;
}

export interface OneCardImportOutcome {
  import: OneCardImportRecord;
  /** True when the same file had already been imported for the county (and not rejected): nothing new was created. */
  duplicate: boolean;
}

/** The 一卡通 staging columns, in the order stagingValues gives them. */
const STAGING: StagingTable = {
  name: 'one_card_staging',
  columns: {
    id_number_hash: 'char(64) NOT NULL',
    id_number_masked: 'varchar(18) NOT NULL',
    holder_name_sealed: 'bytea NOT NULL',
    holder_name_hash: 'char(64) NOT NULL',
    account_number_sealed: 'bytea NOT NULL',
    account_number_hash: 'char(64) NOT NULL',
    account_number_masked: 'varchar(32) NOT NULL',
    pii_key_id: 'varchar(32) NOT NULL',
    issuing_bank_code: 'varchar(16) NOT NULL',
    account_status: 'varchar(8) NOT NULL',
  },
};

export class OneCardImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
    private readonly bankDirectory: BankDirectoryService,
  ) {}

  async importFile(caller: Caller, request: OneCardImportRequest): Promise<OneCardImportOutcome> {
    return importTabularFile(this.dataSource, request, {
      authorize: (countyCode) => assertCountyFinance(caller, countyCode),
      problem: oneCardProblem,
      sameFileIndex: 'one_card_imports_county_sha_uq',
      findImported: (sha256) => this.findLiveImport(request.countyCode, sha256),
      prepare: async (file) => {
        const county: ImportCounty = { code: request.countyCode, name: countyNameOf(request.countyCode) };
        return (runner) => this.runImport(runner, caller, request, file, county);
      },
    });
  }

  private async runImport(
    runner: QueryRunner,
    caller: Caller,
    request: OneCardImportRequest,
    file: TabularFile,
    county: ImportCounty,
  ): Promise<OneCardImportRecord> {
    const pii = this.pii;
    const today = new Date();
    // The issuing banks as the registry last told this side (record-bank-directory): read once per file.
    const banks = await this.bankDirectory.banks();
    const { totalRows, headerOf, columns, errors } = await stageTabularFile(runner, file, {
      table: STAGING,
      mapHeaders: mapOneCardHeaders,
      validate: (row, values, headerOf) => validateOneCardRow(row, values, headerOf, county, banks, today),
      stage: (valid) => stagingValues(valid, pii),
      // The same resident ID or the same account number on more than one row: every such row is an error.
      uniqueInFile: [
        { key: 'id_number_hash', shown: 'id_number_masked', field: 'idNumber', code: 'ONE_CARD_DUPLICATE_ID_IN_FILE' },
        { key: 'account_number_hash', shown: 'account_number_masked', field: 'accountNumber', code: 'ONE_CARD_DUPLICATE_ACCOUNT_IN_FILE' },
      ],
      rowError: oneCardRowError,
      problem: oneCardProblem,
      fileIs: 'a 一卡通 account file',
      rowsAre: 'accounts',
    });

    const [{ valid }] = await runner.query('SELECT count(*)::int AS valid FROM one_card_staging WHERE NOT rejected');
    const rejected = errors.length > 0 && request.mode === 'reject_file';
    // Nothing valid left to match (every row bad in skip_bad_rows mode): the import is done now.
    const status: OneCardImportStatus = rejected ? 'REJECTED' : valid === 0 ? 'APPLIED' : 'PENDING_MATCH';
    const importId = randomUUID();
    const manager = runner.manager;
    await manager.insert(OneCardImportRecord, {
      id: importId,
      ...importedFileColumns(request, file, { totalRows, columns, errors }, caller.subject),
      status,
      validRows: valid,
      appliedRows: 0,
      idNumberColumn: (headerOf.idNumber ?? 'idNumber').slice(0, 64),
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
    await insertRowErrors(manager, 'funds.one_card_import_errors', importId, errors);
    return manager.findOneByOrFail(OneCardImportRecord, { id: importId });
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

function stagingValues(row: ValidOneCardRow, pii: PiiProtector): CopyValue[] {
  const number = pii.seal(row.accountNumber);
  // Sealed and hashed as setOneCardAccount does, so that an unchanged name in a later file is recognized as such.
  const holderName = normalizeHolderName(row.holderName);
  return [
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
  ];
}
