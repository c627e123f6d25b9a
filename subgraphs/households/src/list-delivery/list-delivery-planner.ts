/**
 * Turns roster outbox events into per-bank list deliveries (the households side of the
 * beneficiary-list push). Everything is set-based SQL over the roster entries; an event is
 * planned, and marked dispatched, in one transaction, so a crash plans it again from scratch.
 *
 * Which bank gets a household is decided by the township assignment in force on the day the
 * event is planned (not the day it was written): if planning lags behind a reassignment, the new
 * bank's snapshot already holds the lagging changes and re-applying them is harmless, because
 * upserts and removals are idempotent at the bank.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { MAX_RECORDS_PER_MESSAGE } from '../../../../contracts/bank-connector/protocol';
import type { Logger } from '../../../../common/logger';
import { requestIdOfPayload } from '../../../../common/request-scope';
import { shanghaiDate } from '../../../../common/domain/calendar-date';

export interface PlannedEvent {
  eventId: string;
  eventType: string;
  countyCode: string;
  deliveries: { bankCode: string; sequence: number; upserts: number; removals: number }[];
}

interface OutboxRow {
  id: string;
  event_type: string;
  county_code: string;
  payload: Record<string, any>;
}

/** One planner at a time: sequences of a bank must follow event order. */
const PLANNER_LOCK = 'huinong-list-planner';

export class ListDeliveryPlanner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly partSize = MAX_RECORDS_PER_MESSAGE,
  ) {}

  /**
   * Plans every due event, oldest first. A reassignment waits for its effective date (in
   * Asia/Shanghai); later events are planned meanwhile.
   */
  async planPending(today: string): Promise<PlannedEvent[]> {
    const planned: PlannedEvent[] = [];
    for (;;) {
      const result = await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [PLANNER_LOCK]);
        const [event]: OutboxRow[] = await manager.query(
          `SELECT id, event_type, county_code, payload FROM households.outbox_events
           WHERE dispatched_at IS NULL
             AND NOT (event_type = 'township.reassigned' AND (payload->>'effectiveFrom')::date > $1::date)
           ORDER BY id LIMIT 1`,
          [today],
        );
        if (!event) return null;
        const deliveries = await this.planEvent(manager, event, today);
        await manager.query('UPDATE households.outbox_events SET dispatched_at = now() WHERE id = $1', [event.id]);
        return { eventId: event.id, eventType: event.event_type, countyCode: event.county_code, requestId: requestIdOfPayload(event.payload), deliveries };
      });
      if (!result) return planned;
      this.logger.info('outbox event planned', {
        event: result.eventId,
        type: result.eventType,
        county: result.countyCode,
        // The request that published or reassigned: its id, as the gateway's and the subgraph's access lines have it.
        requestId: result.requestId,
        deliveries: result.deliveries.length,
      });
      planned.push(result);
    }
  }

  private async planEvent(manager: EntityManager, event: OutboxRow, today: string): Promise<PlannedEvent['deliveries']> {
    await manager.query(
      'CREATE TEMP TABLE IF NOT EXISTS list_plan (bank_code text, household_no text, op text, entry_version_id uuid, township_code text, removal_reason text) ON COMMIT DELETE ROWS',
    );
    await manager.query('TRUNCATE list_plan');
    const payload = event.payload;
    switch (event.event_type) {
      case 'roster.published':
        await this.planPublishedDelta(manager, payload.previousVersionId ?? null, payload.versionId, today);
        return this.writeDeliveries(manager, event, {
          kind: 'DELTA',
          rosterVersionId: payload.versionId,
          effectiveDate: shanghaiDate(new Date(payload.publishedAt)),
          snapshotBanks: new Map(),
        });
      case 'township.reassigned': {
        const current = await this.publishedVersion(manager, event.county_code);
        if (current) {
          await this.planTownshipEntries(manager, current, [payload.townshipCode], payload.bankCode, 'ADD', null);
          if (payload.previousBankCode)
            await this.planTownshipEntries(manager, current, [payload.townshipCode], payload.previousBankCode, 'REMOVE', 'TOWNSHIP_REASSIGNED');
        }
        return this.writeDeliveries(manager, event, {
          kind: 'SNAPSHOT',
          rosterVersionId: current,
          effectiveDate: payload.effectiveFrom,
          snapshotBanks: new Map([[payload.bankCode as string, [payload.townshipCode as string]]]),
        });
      }
      case 'list.snapshot-requested': {
        const current = await this.publishedVersion(manager, event.county_code);
        const townships: string[] = (
          await manager.query(
            `SELECT a.township_code FROM households.township_assignments a JOIN households.regions r ON r.code = a.township_code
             WHERE a.bank_code = $1 AND r.county_code = $2 AND a.effective_from <= $3::date AND (a.effective_to IS NULL OR a.effective_to > $3::date)
             ORDER BY 1`,
            [payload.bankCode, event.county_code, today],
          )
        ).map((r: { township_code: string }) => r.township_code);
        if (current && townships.length) await this.planTownshipEntries(manager, current, townships, payload.bankCode, 'ADD', null);
        return this.writeDeliveries(manager, event, {
          kind: 'SNAPSHOT',
          rosterVersionId: current,
          effectiveDate: today,
          snapshotBanks: new Map([[payload.bankCode as string, townships]]),
        });
      }
      default:
        this.logger.warn('outbox event type has no list consequence', { event: event.id, type: event.event_type });
        return [];
    }
  }

  /**
   * The delta between two published versions, per bank. A household that moves to a township of
   * another bank is removed from the old bank's list and added to the new one's.
   */
  private async planPublishedDelta(manager: EntityManager, previousVersionId: string | null, versionId: string, today: string): Promise<void> {
    await manager.query(
      `WITH before AS (SELECT household_no, township_code, content_hash FROM households.roster_entries WHERE version_id = $1),
            after AS (SELECT household_no, township_code, content_hash FROM households.roster_entries WHERE version_id = $2),
            responsible AS (
              SELECT township_code, bank_code FROM households.township_assignments
              WHERE effective_from <= $3::date AND (effective_to IS NULL OR effective_to > $3::date)),
            changed AS (
              SELECT coalesce(a.household_no, b.household_no) AS household_no, a.township_code AS old_township, b.township_code AS new_township,
                     ra.bank_code AS old_bank, rb.bank_code AS new_bank
              FROM before a FULL JOIN after b ON a.household_no = b.household_no
              LEFT JOIN responsible ra ON ra.township_code = a.township_code
              LEFT JOIN responsible rb ON rb.township_code = b.township_code
              WHERE a.household_no IS NULL OR b.household_no IS NULL OR a.content_hash <> b.content_hash)
       INSERT INTO list_plan (bank_code, household_no, op, entry_version_id, township_code, removal_reason)
       SELECT new_bank, household_no, CASE WHEN old_bank = new_bank THEN 'CHANGE' ELSE 'ADD' END, $2::uuid, new_township, NULL
         FROM changed WHERE new_bank IS NOT NULL
       UNION ALL
       SELECT old_bank, household_no, 'REMOVE', $1::uuid, old_township, CASE WHEN new_township IS NULL THEN 'OFF_ROSTER' ELSE 'MOVED_TO_OTHER_BANK' END
         FROM changed WHERE old_bank IS NOT NULL AND old_bank IS DISTINCT FROM new_bank`,
      [previousVersionId, versionId, today],
    );
  }

  private async planTownshipEntries(
    manager: EntityManager,
    versionId: string,
    townships: string[],
    bankCode: string,
    op: 'ADD' | 'REMOVE',
    reason: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO list_plan (bank_code, household_no, op, entry_version_id, township_code, removal_reason)
       SELECT $3, household_no, $4, version_id, township_code, $5 FROM households.roster_entries WHERE version_id = $1 AND township_code = ANY($2::text[])`,
      [versionId, townships, bankCode, op, reason],
    );
  }

  private async publishedVersion(manager: EntityManager, countyCode: string): Promise<string | null> {
    const [row] = await manager.query(`SELECT id FROM households.roster_versions WHERE county_code = $1 AND status = 'published'`, [countyCode]);
    return row?.id ?? null;
  }

  /**
   * Cuts each bank's planned items into parts of at most `partSize`, numbers them from the bank's
   * sequence, and writes deliveries and items. A snapshot always has at least one (maybe empty)
   * part: an empty township must still be cleared at the bank.
   */
  private async writeDeliveries(
    manager: EntityManager,
    event: OutboxRow,
    spec: { kind: 'DELTA' | 'SNAPSHOT'; rosterVersionId: string | null; effectiveDate: string; snapshotBanks: Map<string, string[]> },
  ): Promise<PlannedEvent['deliveries']> {
    // Removals first within a bank, so a part never removes what an earlier part of the same event added.
    await manager.query(
      `CREATE TEMP TABLE IF NOT EXISTS list_plan_parts ON COMMIT DROP AS
       SELECT p.*, ((row_number() OVER (PARTITION BY bank_code ORDER BY op = 'REMOVE' DESC, household_no)) - 1) / $1 AS part FROM list_plan p`,
      [this.partSize],
    );
    const counts: { bank_code: string; part: string; upserts: string; removals: string }[] = await manager.query(
      `SELECT bank_code, part, count(*) FILTER (WHERE op <> 'REMOVE') AS upserts, count(*) FILTER (WHERE op = 'REMOVE') AS removals
       FROM list_plan_parts GROUP BY bank_code, part ORDER BY bank_code, part`,
    );
    const parts = new Map<string, { upserts: number; removals: number }[]>();
    for (const row of counts) {
      const list = parts.get(row.bank_code) ?? [];
      list[Number(row.part)] = { upserts: Number(row.upserts), removals: Number(row.removals) };
      parts.set(row.bank_code, list);
    }
    for (const bank of spec.snapshotBanks.keys()) if (!parts.has(bank)) parts.set(bank, [{ upserts: 0, removals: 0 }]);

    const written: PlannedEvent['deliveries'] = [];
    const bases: { bank: string; base: number }[] = [];
    for (const [bankCode, bankParts] of [...parts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const [{ last_sequence }] = await manager.query(
        `INSERT INTO households.bank_list_sequences AS s (bank_code, last_sequence) VALUES ($1, $2)
         ON CONFLICT (bank_code) DO UPDATE SET last_sequence = s.last_sequence + EXCLUDED.last_sequence RETURNING last_sequence`,
        [bankCode, bankParts.length],
      );
      const base = Number(last_sequence) - bankParts.length + 1;
      bases.push({ bank: bankCode, base });
      const snapshotTownships = spec.snapshotBanks.get(bankCode) ?? null;
      // A reassignment's old bank gets plain removals; only the banks taking townships get a snapshot.
      const kind = snapshotTownships ? 'SNAPSHOT' : 'DELTA';
      const snapshotId = snapshotTownships ? (await manager.query('SELECT gen_random_uuid() AS id'))[0].id : null;
      for (let part = 0; part < bankParts.length; part++) {
        const sequence = base + part;
        await manager.query(
          `INSERT INTO households.list_deliveries (bank_code, sequence, idempotency_key, kind, county_code, roster_version_id, outbox_event_id, effective_date,
             snapshot_id, snapshot_townships, snapshot_part, snapshot_last_part, upsert_count, removal_count, status)
           VALUES ($1::text, $2::bigint, 'hub-list-' || $1::text || '-' || $2::bigint || '-' || $3::bigint, $4, $5, $6, $3::bigint, $7, $8, $9, $10, $11, $12, $13, 'PENDING')`,
          [
            bankCode,
            sequence,
            event.id,
            kind,
            event.county_code,
            spec.rosterVersionId,
            spec.effectiveDate,
            snapshotId,
            snapshotTownships,
            snapshotTownships ? part + 1 : null,
            snapshotTownships ? part === bankParts.length - 1 : null,
            bankParts[part].upserts,
            bankParts[part].removals,
          ],
        );
        written.push({ bankCode, sequence, upserts: bankParts[part].upserts, removals: bankParts[part].removals });
      }
    }
    if (bases.length) {
      await manager.query(
        `INSERT INTO households.list_delivery_items (delivery_id, household_no, op, entry_version_id, township_code, removal_reason)
         SELECT d.id, p.household_no, p.op, p.entry_version_id, p.township_code, p.removal_reason
         FROM list_plan_parts p
         JOIN unnest($1::text[], $2::bigint[]) AS b(bank_code, base) ON b.bank_code = p.bank_code
         JOIN households.list_deliveries d ON d.bank_code = p.bank_code AND d.sequence = b.base + p.part`,
        [bases.map((b) => b.bank), bases.map((b) => b.base)],
      );
    }
    await manager.query('DROP TABLE list_plan_parts');
    return written;
  }
}
