/**
 * Sends a bank's planned deliveries, strictly in sequence: the lowest unacknowledged one first,
 * and nothing after a parked (FAILED) one. One sender per bank at a time (advisory lock), and
 * the delivery row stays locked while its request is in flight.
 *
 * How the message travels is not this module's business: the job gives it a `transmit` function
 * (the bank connector) and an `acknowledged` hook (what to tell the loans side).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { BeneficiaryListDelivery, BeneficiaryRecord, BeneficiaryRemoval, DeliveryAck, RemovalReason } from '../../../../contracts/bank-connector/protocol';
import type { DeliveredList, DeliveredMember } from '../../../../contracts/bank-connector/delivered-list';
import type { PiiProtector } from '../../../../common/pii/protector';
import { openHouseholdPii } from '../household/household-pii';
import type { ListDeliveryStatus } from './list-delivery.entity';

export interface SendOutcome {
  sent: number;
  /** Why the loop stopped early: a parked delivery, or another sender holds the bank. */
  blockedBy: { sequence: number; status: ListDeliveryStatus } | 'busy' | null;
}

/** A failure the bank will answer the same way however often we retry (malformed, key reuse): park at once. */
export class PermanentDeliveryError extends Error {}

/** The bank refused the delivery as out of sequence (SEQUENCE_GAP) and said which sequence it expects next: kept on the delivery for a resync. */
export class SequenceGapError extends PermanentDeliveryError {
  constructor(
    message: string,
    readonly expectedSequence: number,
  ) {
    super(message);
  }
}

interface OpenDelivery {
  id: string;
  bank_code: string;
  sequence: string;
  idempotency_key: string;
  kind: 'DELTA' | 'SNAPSHOT';
  county_code: string;
  roster_version_id: string | null;
  effective_date: string;
  snapshot_id: string | null;
  snapshot_townships: string[] | null;
  snapshot_part: number | null;
  snapshot_last_part: boolean | null;
  status: ListDeliveryStatus;
  attempts: number;
}

export class ListDeliverySender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
  ) {}

  /**
   * Sends open deliveries of `bankCode` until none is left. A transmit failure is recorded on
   * the delivery (attempts, last error) and rethrown for the job's retry with backoff; with
   * `finalAttempt` (or a permanent error) the delivery is parked as FAILED instead.
   */
  async sendOpen(
    bankCode: string,
    transmit: (message: BeneficiaryListDelivery, idempotencyKey: string) => Promise<DeliveryAck>,
    acknowledged: (list: DeliveredList) => Promise<void>,
    options: { finalAttempt: boolean },
  ): Promise<SendOutcome> {
    let sent = 0;
    for (;;) {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`huinong-list-sender-${bankCode}`]);
        if (!locked) return 'busy' as const;
        const [delivery]: OpenDelivery[] = await manager.query(
          `SELECT id, bank_code, sequence, idempotency_key, kind, county_code, roster_version_id, to_char(effective_date, 'YYYY-MM-DD') AS effective_date,
                  snapshot_id, snapshot_townships, snapshot_part, snapshot_last_part, status, attempts
           FROM households.list_deliveries WHERE bank_code = $1 AND status <> 'ACKNOWLEDGED' ORDER BY sequence LIMIT 1 FOR UPDATE`,
          [bankCode],
        );
        if (!delivery) return null;
        if (delivery.status === 'FAILED') return { sequence: Number(delivery.sequence), status: delivery.status };

        const { message, members } = await this.buildMessage(manager, delivery);
        try {
          await transmit(message, delivery.idempotency_key);
        } catch (error) {
          const park = options.finalAttempt || error instanceof PermanentDeliveryError;
          // The sequence a SEQUENCE_GAP answer named is kept as a number, not left to the (cut) message.
          await manager.query(
            `UPDATE households.list_deliveries SET status = $2, attempts = attempts + 1, last_error = left($3, 500), expected_sequence = $4, last_attempt_at = now() WHERE id = $1`,
            [delivery.id, park ? 'FAILED' : 'SENT', (error as Error).message, error instanceof SequenceGapError ? error.expectedSequence : null],
          );
          return { error: error as Error, park, sequence: Number(delivery.sequence) };
        }
        await acknowledged({
          bankCode,
          sequence: Number(delivery.sequence),
          effectiveDate: delivery.effective_date,
          snapshot: delivery.snapshot_townships
            ? {
                townships: delivery.snapshot_townships,
                firstSequence: Number(delivery.sequence) - (delivery.snapshot_part! - 1),
                lastPart: delivery.snapshot_last_part!,
              }
            : null,
          members,
        });
        await manager.query(
          `UPDATE households.list_deliveries SET status = 'ACKNOWLEDGED', attempts = attempts + 1, last_error = NULL, expected_sequence = NULL, last_attempt_at = now(), acknowledged_at = now() WHERE id = $1`,
          [delivery.id],
        );
        return 'acknowledged' as const;
      });
      if (outcome === 'acknowledged') {
        sent++;
        continue;
      }
      if (outcome === null) return { sent, blockedBy: null };
      if (outcome === 'busy') return { sent, blockedBy: 'busy' };
      if ('error' in outcome) {
        // Committed above: the attempt is on record whatever the job does next.
        if (outcome.park) return { sent, blockedBy: { sequence: outcome.sequence, status: 'FAILED' } };
        throw outcome.error;
      }
      return { sent, blockedBy: outcome };
    }
  }

  /** The wire message of a delivery, decrypting what the bank needs (it is entitled to its townships' full data). */
  private async buildMessage(manager: EntityManager, delivery: OpenDelivery): Promise<{ message: BeneficiaryListDelivery; members: DeliveredMember[] }> {
    const rows: Record<string, any>[] = await manager.query(
      `SELECT i.op, i.household_no, i.township_code, i.removal_reason, h.id AS household_id, e.village_code, e.pii_sealed,
              e.id_number_hash, e.pii_key_id, e.category, e.is_monitored, e.risk_eliminated, e.lifted_out_year, e.member_count,
              CASE WHEN i.op <> 'REMOVE' THEN to_char(greatest($3::date, published.since, assigned.since), 'YYYY-MM-DD') END AS listed_from
       FROM households.list_delivery_items i
       JOIN households.roster_entries e ON e.version_id = i.entry_version_id AND e.household_no = i.household_no
       JOIN households.households h ON h.county_code = $2 AND h.household_no = i.household_no
       JOIN households.roster_versions ev ON ev.id = i.entry_version_id
       JOIN households.list_deliveries d ON d.id = i.delivery_id
       -- The household's publication: the first published version of its current stretch on the
       -- roster (after the last published version without it), up to the version delivered.
       LEFT JOIN LATERAL (
         SELECT (min(v.published_at) AT TIME ZONE 'Asia/Shanghai')::date AS since FROM households.roster_versions v
         WHERE v.county_code = $2 AND v.published_at IS NOT NULL AND v.number <= ev.number
           AND v.number > coalesce((
             SELECT max(g.number) FROM households.roster_versions g
             WHERE g.county_code = $2 AND g.published_at IS NOT NULL AND g.number < ev.number
               AND NOT EXISTS (SELECT 1 FROM households.roster_entries x WHERE x.version_id = g.id AND x.household_no = i.household_no)), 0)
       ) published ON true
       -- The bank's assignment of the township in force when the delivery was planned.
       LEFT JOIN LATERAL (
         SELECT max(a.effective_from) AS since FROM households.township_assignments a
         WHERE a.bank_code = d.bank_code AND a.township_code = i.township_code AND a.effective_from <= (d.created_at AT TIME ZONE 'Asia/Shanghai')::date
       ) assigned ON true
       WHERE i.delivery_id = $1 ORDER BY i.household_no`,
      [delivery.id, delivery.county_code, delivery.effective_date],
    );
    const upserts: BeneficiaryRecord[] = [];
    const removals: BeneficiaryRemoval[] = [];
    const members: DeliveredMember[] = [];
    for (const row of rows) {
      members.push({
        householdId: row.household_id,
        idHash: row.id_number_hash,
        countyCode: delivery.county_code,
        townshipCode: row.township_code,
        op: row.op,
        ...(row.listed_from ? { listedFrom: row.listed_from } : {}),
      });
      if (row.op === 'REMOVE') {
        removals.push({
          householdId: row.household_id,
          householdNo: row.household_no,
          townshipCode: row.township_code,
          reason: row.removal_reason as RemovalReason,
        });
        continue;
      }
      const personal = openHouseholdPii(this.pii, row.pii_sealed, row.pii_key_id);
      upserts.push({
        op: row.op,
        householdId: row.household_id,
        householdNo: row.household_no,
        headName: personal.headName,
        residentId: personal.idNumber,
        phone: personal.phone,
        countyCode: delivery.county_code,
        townshipCode: row.township_code,
        villageCode: row.village_code,
        category: row.category,
        monitored: row.is_monitored,
        riskEliminated: row.risk_eliminated,
        liftedOutYear: row.lifted_out_year,
        memberCount: row.member_count,
      });
    }
    const message: BeneficiaryListDelivery = {
      bankCode: delivery.bank_code,
      sequence: Number(delivery.sequence),
      kind: delivery.kind,
      countyCode: delivery.county_code,
      rosterVersionId: delivery.roster_version_id,
      effectiveDate: delivery.effective_date,
      snapshot: delivery.snapshot_townships
        ? { snapshotId: delivery.snapshot_id!, townships: delivery.snapshot_townships, part: delivery.snapshot_part!, lastPart: delivery.snapshot_last_part! }
        : null,
      upserts,
      removals,
    };
    return { message, members };
  }
}
