/**
 * The funds side's copy of household → county (see HouseholdDirectoryRecord): written page by
 * page by the worker, read by the writers that must know whose household a row is about.
 */
import type { DataSource, EntityManager } from 'typeorm';

export interface DirectoryCursor {
  txid: string;
  id: string;
}

export class HouseholdDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  async cursor(): Promise<DirectoryCursor | null> {
    const [row] = await this.dataSource.query(`SELECT after_txid::text AS txid, after_household_id AS id FROM funds.household_directory_cursor WHERE id = 1`);
    return row ?? null;
  }

  /**
   * One page from the households side and the cursor after it, in one transaction: a crash
   * between the two cannot skip a page, and a page recorded twice changes nothing. Without a
   * cursor the pairs are recorded and the copy's place is left alone (loaders of fixtures that
   * hold households the households side has not created).
   */
  async record(households: readonly { id: string; countyCode: string }[], next?: DirectoryCursor): Promise<number> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO funds.household_directory (household_id, county_code)
         SELECT * FROM unnest($1::uuid[], $2::varchar[]) ON CONFLICT (household_id) DO NOTHING RETURNING household_id`,
        [households.map((h) => h.id), households.map((h) => h.countyCode)],
      );
      if (next)
        await manager.query(
          `INSERT INTO funds.household_directory_cursor (id, after_txid, after_household_id) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET after_txid = EXCLUDED.after_txid, after_household_id = EXCLUDED.after_household_id, updated_at = now()`,
          [next.txid, next.id],
        );
      return inserted.length;
    });
  }

  /** The county of each household the directory knows (absent: not known yet), in one statement. */
  async countiesOf(householdIds: readonly string[]): Promise<Map<string, string>> {
    if (householdIds.length === 0) return new Map();
    const rows: { household_id: string; county_code: string }[] = await this.dataSource.query(
      `SELECT household_id, county_code FROM funds.household_directory WHERE household_id = ANY($1::uuid[])`,
      [[...householdIds]],
    );
    return new Map(rows.map((r) => [r.household_id, r.county_code]));
  }
}
