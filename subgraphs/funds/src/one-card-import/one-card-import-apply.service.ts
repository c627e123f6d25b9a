/**
 * The worker's half of an import: the staged rows of a PENDING_MATCH import are matched to the
 * county's households (by the keyed hash of the holder's resident ID, which the households
 * subgraph answers through `HouseholdLookup`) and applied in one funds transaction: matched rows
 * upsert one_card_accounts exactly as setOneCardAccount does (an account the file repeats
 * unchanged is left as it is, its updated_at too), rows whose holder heads no
 * household on the county's roster become ONE_CARD_NOT_ON_ROSTER errors. In reject_file mode
 * any such row rejects the file and nothing is applied. Run twice, the second run finds the
 * import no longer pending and changes nothing.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { UPSERT_ONE_CARD_ACCOUNT } from '../one-card-account/one-card-account-writer';
import { ONE_CARD_IMPORT_ERRORS } from './domain/import-errors';
import { OneCardImportRecord } from './one-card-import.entity';

/** Resident-ID hashes → household ids, among the county's households on the roster (the households subgraph answers). */
export type HouseholdLookup = (countyCode: string, idNumberHashes: string[]) => Promise<Map<string, string>>;

/** Staged rows matched per round trip to the households side. */
const MATCH_PAGE = 5000;

export class OneCardImportApplyService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The county's pending imports up to and including this one, oldest first: a later file must
   * not be overwritten by an earlier one applied after it.
   */
  async pendingUpTo(importId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT p.id FROM funds.one_card_imports i
       JOIN funds.one_card_imports p ON p.county_code = i.county_code AND p.status = 'PENDING_MATCH' AND (p.created_at, p.id) <= (i.created_at, i.id)
       WHERE i.id = $1 ORDER BY p.created_at, p.id`,
      [importId],
    );
    return rows.map((r) => r.id);
  }

  /** Imports still waiting for their match after `olderThanMs` (their job was lost, or is failing): the dispatcher queues them again. */
  async stalePending(olderThanMs: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM funds.one_card_imports WHERE status = 'PENDING_MATCH' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 1000`,
      [olderThanMs / 1000],
    );
    return rows.map((r) => r.id);
  }

  /** Matches and applies one import in one transaction; returns it as it ends (unchanged when it was not pending). */
  async apply(importId: string, lookup: HouseholdLookup): Promise<OneCardImportRecord | null> {
    return this.dataSource.transaction(async (manager) => {
      const [record] = await manager.query(`SELECT id, county_code, mode, status, id_number_column FROM funds.one_card_imports WHERE id = $1 FOR UPDATE`, [
        importId,
      ]);
      if (!record || record.status !== 'PENDING_MATCH') return manager.findOneBy(OneCardImportRecord, { id: importId });
      await this.match(manager, importId, record.county_code, lookup);

      const notOnRoster = ONE_CARD_IMPORT_ERRORS.ONE_CARD_NOT_ON_ROSTER;
      const [{ n: unmatchedCount }]: { n: number }[] = await manager.query(
        `WITH added AS (
           INSERT INTO funds.one_card_import_errors (import_id, row, column_name, value, code, message_zh, message_en)
           SELECT r.import_id, r.row_number, $4, r.id_number_masked, 'ONE_CARD_NOT_ON_ROSTER', $2, $3
           FROM funds.one_card_import_rows r
           WHERE r.import_id = $1 AND r.household_id IS NULL ORDER BY r.row_number
           RETURNING 1)
         SELECT count(*)::int AS n FROM added`,
        [importId, notOnRoster.zh, notOnRoster.en, record.id_number_column],
      );
      const rejected = unmatchedCount > 0 && record.mode === 'reject_file';
      let applied = 0;
      if (!rejected) {
        // Applied: every row matched to a household is recorded, whether it changed the account or
        // the account already was so (the upsert then writes, and RETURNs, nothing for it).
        const [{ n }]: { n: number }[] = await manager.query(
          `WITH written AS (
             INSERT INTO funds.one_card_accounts (household_id, county_code, issuing_bank_code, account_number_sealed, account_number_hash, holder_name_sealed, holder_name_hash, pii_key_id, status)
             SELECT r.household_id, $2, r.issuing_bank_code, r.account_number_sealed, r.account_number_hash, r.holder_name_sealed, r.holder_name_hash, r.pii_key_id, r.account_status
             FROM funds.one_card_import_rows r WHERE r.import_id = $1 AND r.household_id IS NOT NULL ORDER BY r.row_number
             ${UPSERT_ONE_CARD_ACCOUNT})
           SELECT count(*)::int AS n FROM funds.one_card_import_rows r WHERE r.import_id = $1 AND r.household_id IS NOT NULL`,
          [importId, record.county_code],
        );
        applied = n;
      }
      // The staged copies have served their purpose: the accounts are in one_card_accounts (or nowhere, when rejected).
      await manager.query('DELETE FROM funds.one_card_import_rows WHERE import_id = $1', [importId]);
      await manager.query(
        `UPDATE funds.one_card_imports SET status = $2, applied_rows = $3, error_count = error_count + $4, finished_at = now() WHERE id = $1`,
        [importId, rejected ? 'REJECTED' : 'APPLIED', applied, unmatchedCount],
      );
      return manager.findOneByOrFail(OneCardImportRecord, { id: importId });
    });
  }

  /** Writes each staged row's household (or leaves it null), page by page: one lookup and one UPDATE per page. */
  private async match(manager: EntityManager, importId: string, countyCode: string, lookup: HouseholdLookup): Promise<void> {
    let after = 0;
    for (;;) {
      const page: { row_number: number; id_number_hash: string }[] = await manager.query(
        `SELECT row_number, id_number_hash FROM funds.one_card_import_rows WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT $3`,
        [importId, after, MATCH_PAGE],
      );
      if (page.length === 0) return;
      const last = page[page.length - 1].row_number;
      const households = await lookup(countyCode, [...new Set(page.map((r) => r.id_number_hash))]);
      if (households.size > 0) {
        await manager.query(
          `UPDATE funds.one_card_import_rows r SET household_id = m.household_id
           FROM unnest($4::char(64)[], $5::uuid[]) AS m(id_number_hash, household_id)
           WHERE r.import_id = $1 AND r.row_number > $2 AND r.row_number <= $3 AND r.id_number_hash = m.id_number_hash`,
          [importId, after, last, [...households.keys()], [...households.values()]],
        );
      }
      after = last;
    }
  }
}
