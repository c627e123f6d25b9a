/**
 * Which household of a county a resident ID heads, for the other subgraphs' jobs (a 一卡通 file
 * names account holders by ID; the funds side never reads these tables). Only keyed hashes cross:
 * the caller hashes the ID with the same PII_HASH_KEY, as households.id_number_hash holds it.
 */
import type { DataSource } from 'typeorm';
import { COUNTY_CODE } from '../../../../common/codes';

const HASH = /^[0-9a-f]{64}$/;

/** Where a reader of householdsCreatedAfter stands: after this row, in (created_txid, id) order. */
export interface HouseholdCursor {
  txid: string;
  id: string;
}

export interface HouseholdsCreatedPage {
  households: { id: string; countyCode: string }[];
  /** Where the next page starts; null: nothing was read (the cursor stays where it was). */
  next: HouseholdCursor | null;
}

export class HouseholdLookupService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * ID hash → household id, among the county's households on the roster, in one statement (the
   * one-holder-per-ID exclusion index answers it). Hashes heading no listed household are absent.
   */
  async householdIdsByResidentIdHash(countyCode: string, idNumberHashes: readonly string[]): Promise<Map<string, string>> {
    if (!COUNTY_CODE.test(countyCode)) throw new Error(`"${countyCode}" is not a county code`);
    const hashes = idNumberHashes.filter((h) => HASH.test(h));
    if (hashes.length === 0) return new Map();
    const rows: { id_number_hash: string; id: string }[] = await this.dataSource.query(
      `SELECT id_number_hash, id FROM households.households WHERE county_code = $1 AND on_roster AND id_number_hash = ANY($2::char(64)[])`,
      [countyCode, hashes],
    );
    return new Map(rows.map((r) => [r.id_number_hash, r.id]));
  }

  /** Households on each township's roster now, for the counties' townships with any (the monthly coverage per township), one statement. */
  async onRosterCountsByTownship(countyCodes: readonly string[]): Promise<Map<string, number>> {
    const rows: { township_code: string; n: number }[] = await this.dataSource.query(
      `SELECT township_code, count(*)::int AS n FROM households.households WHERE on_roster AND county_code = ANY($1::text[]) GROUP BY township_code`,
      [[...countyCodes]],
    );
    return new Map(rows.map((r) => [r.township_code, r.n]));
  }

  /** Households on each county's roster now (the monthly statistics' eligible households), one statement. */
  async onRosterCounts(countyCodes: readonly string[]): Promise<Map<string, number>> {
    const rows: { county_code: string; n: number }[] = await this.dataSource.query(
      `SELECT county_code, count(*)::int AS n FROM households.households WHERE on_roster AND county_code = ANY($1::text[]) GROUP BY county_code`,
      [[...countyCodes]],
    );
    const counts = new Map(rows.map((r) => [r.county_code, r.n]));
    return new Map(countyCodes.map((county) => [county, counts.get(county) ?? 0]));
  }

  /**
   * The households created after `cursor` (in creation-transaction order), with their county: a
   * household's county never changes, so another side that keeps these pairs knows whose it is.
   * Only transactions older than the oldest one still running are read (the snapshot's xmin):
   * all of those have ended, so no later page can bring a row that sorts before this one, even
   * when a long import commits after shorter ones that began later.
   */
  async householdsCreatedAfter(cursor: HouseholdCursor | null, limit: number): Promise<HouseholdsCreatedPage> {
    const rows: { id: string; county_code: string; created_txid: string }[] = await this.dataSource.query(
      `SELECT id, county_code, created_txid::text AS created_txid FROM households.households
       WHERE created_txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
         AND ($1::bigint IS NULL OR (created_txid, id) > ($1::bigint, $2::uuid))
       ORDER BY created_txid, id
       LIMIT $3`,
      [cursor?.txid ?? null, cursor?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return { households: rows.map((r) => ({ id: r.id, countyCode: r.county_code })), next: last ? { txid: last.created_txid, id: last.id } : null };
  }
}
