/**
 * Roster versions: diffs computed in SQL, publishing that makes a draft current atomically,
 * and point-in-time membership ("who was on the list of county C at time T").
 */
import type { DataSource } from 'typeorm';
import { BULK_WORK_MEM } from '../../../../common/db/pg-client';
import type { Caller } from '../../../../common/auth/caller';
import { appendOutboxEvent } from '../outbox/append-outbox-event';
import { assertCountyReader, RosterError, rosterLockKey } from './roster-access';
import { RosterEntryRecord } from './roster-entry.entity';
import { RosterVersionRecord } from './roster-version.entity';

export type DiffKind = 'ADDED' | 'REMOVED' | 'CHANGED';

export interface DiffLine {
  householdNo: string;
  kind: DiffKind;
  /** Canonical field names that differ (CHANGED only). */
  changedFields: string[];
  fromCategory: string | null;
  toCategory: string | null;
  fromMonitored: boolean | null;
  toMonitored: boolean | null;
}

export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  categoryChanged: number;
  monitoringChanged: number;
  unchanged: number;
}

/** Compared fields: column in roster_entries → canonical name reported. */
const COMPARED = [
  ['township_code', 'township'],
  ['village_code', 'village'],
  ['head_name_hash', 'headName'],
  ['id_number_hash', 'idNumber'],
  ['phone_hash', 'phone'],
  ['category', 'category'],
  ['is_monitored', 'isMonitored'],
  ['risk_eliminated', 'riskEliminated'],
  ['lifted_out_year', 'liftedOutYear'],
  ['member_count', 'memberCount'],
] as const;

const CHANGED_FIELDS_SQL = `array_remove(ARRAY[${COMPARED.map(([column, name]) => `CASE WHEN a.${column} IS DISTINCT FROM b.${column} THEN '${name}' END`).join(', ')}], NULL)`;

/** Only the compared columns (never the sealed ones): both sides arrive in primary-key order and merge-join. */
const DIFF_COLUMNS = `household_no, content_hash, ${COMPARED.map(([column]) => column).join(', ')}`;

/** Entries of version $1 (a) against version $2 (b); $1 may be null (an empty base). */
const DIFF_FROM = `(SELECT ${DIFF_COLUMNS} FROM households.roster_entries WHERE version_id = $1) a
  FULL JOIN (SELECT ${DIFF_COLUMNS} FROM households.roster_entries WHERE version_id = $2) b ON a.household_no = b.household_no`;

export class RosterVersionService {
  constructor(private readonly dataSource: DataSource) {}

  async version(caller: Caller, id: string): Promise<RosterVersionRecord> {
    const version = await this.dataSource.getRepository(RosterVersionRecord).findOneBy({ id });
    if (!version) throw new RosterError('ROSTER_NOT_FOUND', `no roster version ${id}`);
    assertCountyReader(caller, version.countyCode);
    return version;
  }

  /**
   * The version a bureau (or an admin) is about to publish or discard. The role is checked before
   * the row is read, and a bureau is told the same for another county's version as for none.
   */
  private async versionToChange(caller: Caller, id: string, action: 'publish' | 'discard'): Promise<RosterVersionRecord> {
    const refused = () =>
      new RosterError('FORBIDDEN', `only the bureau of a roster's county may ${action} its versions: you have no roster version ${id} to ${action}`);
    if (caller.role !== 'admin' && caller.role !== 'bureau') throw refused();
    const version = await this.dataSource.getRepository(RosterVersionRecord).findOneBy({ id });
    if (!version) {
      if (caller.role === 'admin') throw new RosterError('ROSTER_NOT_FOUND', `no roster version ${id}`);
      throw refused();
    }
    if (caller.role !== 'admin' && !caller.counties.includes(version.countyCode)) throw refused();
    return version;
  }

  async versions(caller: Caller, countyCode: string, size: number, beforeNumber: number | null): Promise<RosterVersionRecord[]> {
    assertCountyReader(caller, countyCode);
    const query = this.dataSource.getRepository(RosterVersionRecord).createQueryBuilder('v').where('v.countyCode = :countyCode', { countyCode });
    if (beforeNumber !== null) query.andWhere('v.number < :beforeNumber', { beforeNumber });
    return query
      .orderBy('v.number', 'DESC')
      .limit(size + 1)
      .getMany();
  }

  async published(countyCode: string): Promise<RosterVersionRecord | null> {
    return this.dataSource.getRepository(RosterVersionRecord).findOneBy({ countyCode, status: 'published' });
  }

  /** The version to compare `version` against by default: the one published now (or nothing). */
  async defaultBase(versionId: string, countyCode: string): Promise<RosterVersionRecord | null> {
    const current = await this.published(countyCode);
    return current && current.id !== versionId ? current : null;
  }

  async diffSummary(fromId: string | null, toId: string): Promise<DiffSummary> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE a.household_no IS NULL) AS added,
              count(*) FILTER (WHERE b.household_no IS NULL) AS removed,
              count(*) FILTER (WHERE a.household_no IS NOT NULL AND b.household_no IS NOT NULL AND a.content_hash <> b.content_hash) AS changed,
              count(*) FILTER (WHERE a.category <> b.category) AS category_changed,
              count(*) FILTER (WHERE a.is_monitored <> b.is_monitored) AS monitoring_changed,
              count(*) FILTER (WHERE a.content_hash = b.content_hash) AS unchanged
       FROM ${DIFF_FROM}`,
      [fromId, toId],
    );
    return {
      added: Number(row.added),
      removed: Number(row.removed),
      changed: Number(row.changed),
      categoryChanged: Number(row.category_changed),
      monitoringChanged: Number(row.monitoring_changed),
      unchanged: Number(row.unchanged),
    };
  }

  /** One page of differences, ordered by household number (keyset on it). */
  async diffLines(fromId: string | null, toId: string, size: number, afterHouseholdNo: string | null, kind: DiffKind | null): Promise<DiffLine[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT coalesce(b.household_no, a.household_no) AS household_no,
                CASE WHEN a.household_no IS NULL THEN 'ADDED' WHEN b.household_no IS NULL THEN 'REMOVED' ELSE 'CHANGED' END AS kind,
                CASE WHEN a.household_no IS NOT NULL AND b.household_no IS NOT NULL THEN ${CHANGED_FIELDS_SQL} ELSE '{}'::text[] END AS changed_fields,
                a.category AS from_category, b.category AS to_category, a.is_monitored AS from_monitored, b.is_monitored AS to_monitored
         FROM ${DIFF_FROM}
         WHERE a.household_no IS NULL OR b.household_no IS NULL OR a.content_hash <> b.content_hash) d
       WHERE ($3::text IS NULL OR d.household_no > $3) AND ($4::text IS NULL OR d.kind = $4)
       ORDER BY d.household_no LIMIT $5`,
      [fromId, toId, afterHouseholdNo, kind, size + 1],
    );
    return rows.map((r) => ({
      householdNo: r.household_no as string,
      kind: r.kind as DiffKind,
      changedFields: r.changed_fields as string[],
      fromCategory: (r.from_category as string) ?? null,
      toCategory: (r.to_category as string) ?? null,
      fromMonitored: (r.from_monitored as boolean) ?? null,
      toMonitored: (r.to_monitored as boolean) ?? null,
    }));
  }

  /**
   * Makes a draft the county's current roster, in one transaction: the previous version is
   * superseded at the same instant, households are brought in line (only changed rows are
   * written), and an outbox event announces it. Publishes of a county are serialized by an
   * advisory lock, so two cannot interleave.
   */
  async publish(caller: Caller, versionId: string): Promise<RosterVersionRecord> {
    const target = await this.versionToChange(caller, versionId, 'publish');
    const published = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [rosterLockKey(target.countyCode)]);
      // The joins below run over whole rosters (up to a million rows): keep their hash tables in memory.
      await manager.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
      const version = await manager.getRepository(RosterVersionRecord).findOneByOrFail({ id: versionId });
      if (version.status !== 'draft')
        throw new RosterError('ROSTER_NOT_A_DRAFT', `version ${version.number} of county ${version.countyCode} is ${version.status}, not a draft`);
      const previous = await manager.getRepository(RosterVersionRecord).findOneBy({ countyCode: version.countyCode, status: 'published' });
      const [{ now }] = await manager.query('SELECT now() AS now');
      if (previous) await manager.update(RosterVersionRecord, { id: previous.id }, { status: 'superseded', supersededAt: now });
      await manager.update(RosterVersionRecord, { id: version.id }, { status: 'published', publishedAt: now, publishedBy: caller.subject });

      // Households no longer listed leave the roster (first, so an ID can pass to another household).
      await manager.query(
        `UPDATE households.households h SET on_roster = false, roster_version_id = $2, updated_at = now()
         WHERE h.county_code = $1 AND h.on_roster
           AND NOT EXISTS (SELECT 1 FROM households.roster_entries e WHERE e.version_id = $2 AND e.household_no = h.household_no)`,
        [version.countyCode, version.id],
      );
      // New and changed households; unchanged ones are not rewritten.
      await manager.query(
        `INSERT INTO households.households AS h (household_no, county_code, township_code, village_code, pii_sealed,
           id_number_hash, phone_hash, pii_key_id, category, is_monitored, lifted_out_year, member_count, risk_eliminated,
           on_roster, roster_version_id, content_hash)
         SELECT e.household_no, $1, e.township_code, e.village_code, e.pii_sealed, e.id_number_hash,
           e.phone_hash, e.pii_key_id, e.category, e.is_monitored, e.lifted_out_year, e.member_count, e.risk_eliminated, true, e.version_id, e.content_hash
         FROM households.roster_entries e
         LEFT JOIN households.households cur ON cur.county_code = $1 AND cur.household_no = e.household_no
         WHERE e.version_id = $2 AND (cur.id IS NULL OR NOT cur.on_roster OR cur.content_hash IS DISTINCT FROM e.content_hash)
         ON CONFLICT (county_code, household_no) DO UPDATE SET
           township_code = EXCLUDED.township_code, village_code = EXCLUDED.village_code, pii_sealed = EXCLUDED.pii_sealed,
           id_number_hash = EXCLUDED.id_number_hash, phone_hash = EXCLUDED.phone_hash, pii_key_id = EXCLUDED.pii_key_id, category = EXCLUDED.category, is_monitored = EXCLUDED.is_monitored,
           lifted_out_year = EXCLUDED.lifted_out_year, member_count = EXCLUDED.member_count, risk_eliminated = EXCLUDED.risk_eliminated,
           on_roster = true, roster_version_id = EXCLUDED.roster_version_id, content_hash = EXCLUDED.content_hash, updated_at = now()`,
        [version.countyCode, version.id],
      );
      await appendOutboxEvent(manager, 'roster.published', version.countyCode, {
        versionId: version.id,
        versionNumber: version.number,
        previousVersionId: previous?.id ?? null,
        publishedAt: now,
        publishedBy: caller.subject,
      });
      return manager.getRepository(RosterVersionRecord).findOneByOrFail({ id: version.id });
    });
    if (published.householdCount > 10_000) await this.dataSource.query('ANALYZE households.households');
    return published;
  }

  async discard(caller: Caller, versionId: string): Promise<RosterVersionRecord> {
    const version = await this.versionToChange(caller, versionId, 'discard');
    const result = await this.dataSource.getRepository(RosterVersionRecord).update({ id: versionId, status: 'draft' }, { status: 'discarded' });
    if (!result.affected) throw new RosterError('ROSTER_NOT_A_DRAFT', `version ${version.number} is ${version.status}, not a draft`);
    return { ...version, status: 'discarded' };
  }

  /** The version that was the county's published roster at `at`, if any. */
  async versionAt(caller: Caller, countyCode: string, at: Date): Promise<RosterVersionRecord | null> {
    assertCountyReader(caller, countyCode);
    return this.dataSource
      .getRepository(RosterVersionRecord)
      .createQueryBuilder('v')
      .where('v.countyCode = :countyCode AND v.publishedAt <= :at AND (v.supersededAt IS NULL OR v.supersededAt > :at)', { countyCode, at })
      .getOne();
  }

  /** Entries of a version, in household-number order (keyset pagination), optionally one township. */
  /** The entries of one version for the given household numbers (the changed lines of a diff page). */
  async entriesOf(versionId: string, householdNos: string[]): Promise<RosterEntryRecord[]> {
    if (!householdNos.length) return [];
    return this.dataSource
      .getRepository(RosterEntryRecord)
      .createQueryBuilder('e')
      .where('e.versionId = :versionId AND e.householdNo IN (:...householdNos)', { versionId, householdNos })
      .getMany();
  }

  async entries(
    versionId: string,
    size: number,
    afterHouseholdNo: string | null,
    townshipCode: string | null,
    villageCode: string | null = null,
  ): Promise<RosterEntryRecord[]> {
    const query = this.dataSource.getRepository(RosterEntryRecord).createQueryBuilder('e').where('e.versionId = :versionId', { versionId });
    if (afterHouseholdNo) query.andWhere('e.householdNo > :afterHouseholdNo', { afterHouseholdNo });
    if (townshipCode) query.andWhere('e.townshipCode = :townshipCode', { townshipCode });
    if (villageCode) query.andWhere('e.villageCode = :villageCode', { villageCode });
    return query
      .orderBy('e.householdNo')
      .limit(size + 1)
      .getMany();
  }
}
