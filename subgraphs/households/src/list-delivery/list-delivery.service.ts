/**
 * Reading and steering list deliveries: who may see which (the county's bureau, the bank
 * itself, admins), replaying a parked delivery, asking for a full snapshot.
 */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { BANK_CODE, COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { appendOutboxEvent } from '../outbox/append-outbox-event';
import { RosterError } from '../roster/roster-access';
import { ListDeliveryRecord, ListDeliveryStatus } from './list-delivery.entity';

export interface ListDeliveryFilter {
  bankCode?: string | null;
  countyCode?: string | null;
  rosterVersionId?: string | null;
  status?: ListDeliveryStatus | null;
  id?: string | null;
}

/** How far behind a bank's list is, as the worker's /metrics reports it. */
export interface BankDeliveryLag {
  bankCode: string;
  /** Deliveries the bank has not acknowledged yet (pending, sent, parked). */
  unacknowledged: number;
  /** Of those, parked after their attempts ran out (FAILED): they wait for a replay. */
  parked: number;
  /** Age of the oldest unacknowledged delivery; 0 when the bank has acknowledged all. */
  oldestUnacknowledgedSeconds: number;
}

export interface BankTownship {
  bankCode: string;
  townshipCode: string;
  name: string;
  countyCode: string;
  since: string;
}

/** Which deliveries a caller may see, as a query-builder condition on alias `d`. */
function scope(caller: Caller): { sql: string; params: Record<string, unknown> } {
  switch (caller.role) {
    case 'admin':
      return { sql: 'TRUE', params: {} };
    case 'bureau':
      return { sql: 'd.countyCode = ANY(:scopeCounties)', params: { scopeCounties: caller.counties } };
    case 'bank':
      return { sql: 'd.bankCode = :scopeBank', params: { scopeBank: caller.bank } };
    default:
      throw new RosterError('FORBIDDEN', `the ${caller.role} role does not see list deliveries`);
  }
}

export class ListDeliveryService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (by creation, then bank and sequence), keyset on the id order of that listing. */
  async list(caller: Caller, filter: ListDeliveryFilter, size: number, afterId: string | null): Promise<ListDeliveryRecord[]> {
    const { sql, params } = scope(caller);
    const query = this.dataSource.getRepository(ListDeliveryRecord).createQueryBuilder('d').where(sql, params);
    if (filter.bankCode != null) {
      if (!BANK_CODE.test(filter.bankCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${filter.bankCode}" is not a bank code`);
      query.andWhere('d.bankCode = :bankCode', { bankCode: filter.bankCode });
    }
    if (filter.countyCode != null) {
      if (!COUNTY_CODE.test(filter.countyCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${filter.countyCode}" is not a county code`);
      query.andWhere('d.countyCode = :countyCode', { countyCode: filter.countyCode });
    }
    if (filter.rosterVersionId != null) {
      if (!UUID_PATTERN.test(filter.rosterVersionId)) throw new RosterError('ROSTER_BAD_REQUEST', `"${filter.rosterVersionId}" is not a roster version id`);
      query.andWhere('d.rosterVersionId = :rosterVersionId', { rosterVersionId: filter.rosterVersionId });
    }
    if (filter.status != null) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.id != null) {
      if (!UUID_PATTERN.test(filter.id)) throw new RosterError('ROSTER_BAD_REQUEST', `"${filter.id}" is not a delivery id`);
      query.andWhere('d.id = :id', { id: filter.id });
    }
    // Keyset on the listing's order, from the row the cursor names (its id): rows after it in that order.
    if (afterId)
      query.andWhere(
        `EXISTS (SELECT 1 FROM households.list_deliveries a WHERE a.id = :afterId
           AND (d.createdAt < a.created_at OR (d.createdAt = a.created_at AND (d.bankCode > a.bank_code OR (d.bankCode = a.bank_code AND d.sequence < a.sequence)))))`,
        { afterId },
      );
    return query
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.bankCode', 'ASC')
      .addOrderBy('d.sequence', 'DESC')
      .limit(size + 1)
      .getMany();
  }

  /** Deliveries of many roster versions in one statement (for RosterVersion.deliveries). */
  async byVersions(caller: Caller, versionIds: readonly string[]): Promise<ListDeliveryRecord[]> {
    const { sql, params } = scope(caller);
    return this.dataSource
      .getRepository(ListDeliveryRecord)
      .createQueryBuilder('d')
      .where(sql, params)
      .andWhere('d.rosterVersionId = ANY(:ids)', { ids: versionIds.filter((id) => UUID_PATTERN.test(id)) })
      .orderBy('d.bankCode')
      .addOrderBy('d.sequence')
      .getMany();
  }

  /**
   * Puts a parked delivery back in line (attempts start again). Only a FAILED one: an
   * acknowledged delivery is never sent again by the hub's choice.
   */
  async replay(caller: Caller, deliveryId: string): Promise<ListDeliveryRecord> {
    if (!UUID_PATTERN.test(deliveryId)) throw new RosterError('ROSTER_BAD_REQUEST', `"${deliveryId}" is not a delivery id`);
    // The role before the row; a bureau is told the same for another county's delivery as for none.
    const refused = () =>
      new RosterError('FORBIDDEN', `only the bureau of a delivery's county or an admin replays it: you have no list delivery ${deliveryId} to replay`);
    if (caller.role !== 'admin' && caller.role !== 'bureau') throw refused();
    const delivery = await this.dataSource.getRepository(ListDeliveryRecord).findOneBy({ id: deliveryId });
    if (!delivery) {
      if (caller.role === 'admin') throw new RosterError('ROSTER_NOT_FOUND', `no list delivery ${deliveryId}`);
      throw refused();
    }
    if (caller.role !== 'admin' && !caller.counties.includes(delivery.countyCode)) throw refused();
    const result = await this.dataSource
      .getRepository(ListDeliveryRecord)
      .update({ id: deliveryId, status: 'FAILED' }, { status: 'PENDING', lastError: null, expectedSequence: null });
    if (!result.affected)
      throw new RosterError(
        'ROSTER_BAD_REQUEST',
        `delivery ${delivery.sequence} to ${delivery.bankCode} is ${delivery.status}; only a FAILED delivery can be replayed`,
      );
    return { ...delivery, status: 'PENDING', lastError: null, expectedSequence: null };
  }

  /** Queues a full snapshot of the bank's townships in the county (the bank itself, the county's bureau or an admin may ask). */
  async requestSnapshot(caller: Caller, bankCode: string, countyCode: string): Promise<void> {
    if (!BANK_CODE.test(bankCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${bankCode}" is not a bank code`);
    if (!COUNTY_CODE.test(countyCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${countyCode}" is not a county code`);
    const allowed =
      caller.role === 'admin' || (caller.role === 'bureau' && caller.counties.includes(countyCode)) || (caller.role === 'bank' && caller.bank === bankCode);
    if (!allowed)
      throw new RosterError('FORBIDDEN', `a snapshot of ${bankCode}'s list in ${countyCode} may be asked by that bank, the county's bureau or an admin`);
    await this.dataSource.transaction((manager) =>
      appendOutboxEvent(manager, 'list.snapshot-requested', countyCode, { bankCode, requestedBy: caller.subject }),
    );
  }

  /**
   * Re-establishes the sequence with a bank that lost what it was sent (a restore from backup, a
   * simulator started empty): the bank applies n only after n − 1, so every delivery from the one
   * it expects next is put back in line, in order, with its own key and content (acknowledged or
   * parked alike; the loans side records each list once), and a full snapshot of each county the
   * bank serves today is requested after them, so its list ends as the roster's whatever it kept.
   * `fromSequence` is what the bank expects; by default the one its last SEQUENCE_GAP named
   * (`expected_sequence`, kept by the sender from the bank's answer).
   */
  async resync(
    caller: Caller,
    bankCode: string,
    fromSequence?: number,
  ): Promise<{ fromSequence: number; lastSequence: number; resent: number; snapshotCounties: string[] }> {
    if (caller.role !== 'admin') throw new RosterError('FORBIDDEN', 'only an admin resyncs a bank');
    if (!BANK_CODE.test(bankCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${bankCode}" is not a bank code`);
    return this.dataSource.transaction(async (manager) => {
      // The sender's lock: no delivery of this bank is in flight while the line is rebuilt.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-list-sender-${bankCode}`]);
      const [sequence]: { last_sequence: string }[] = await manager.query(
        'SELECT last_sequence FROM households.bank_list_sequences WHERE bank_code = $1 FOR UPDATE',
        [bankCode],
      );
      const lastSequence = Number(sequence?.last_sequence ?? 0);
      let from = fromSequence;
      if (from === undefined) {
        // The latest SEQUENCE_GAP answer's expected sequence, as the sender kept it.
        const [gap]: { expected_sequence: string }[] = await manager.query(
          `SELECT expected_sequence FROM households.list_deliveries WHERE bank_code = $1 AND expected_sequence IS NOT NULL ORDER BY sequence DESC LIMIT 1`,
          [bankCode],
        );
        if (!gap)
          throw new RosterError(
            'ROSTER_BAD_REQUEST',
            `no delivery to ${bankCode} was refused with SEQUENCE_GAP: say which sequence the bank expects next (--from N)`,
          );
        from = Number(gap.expected_sequence);
      }
      if (!Number.isInteger(from) || from < 1 || from > lastSequence + 1)
        throw new RosterError('ROSTER_BAD_REQUEST', `the sequence to resend from must be 1 to ${lastSequence + 1} for ${bankCode}, not ${from}`);
      const resent: unknown[] = await manager.query(
        `UPDATE households.list_deliveries SET status = 'PENDING', attempts = 0, last_error = NULL, expected_sequence = NULL, acknowledged_at = NULL WHERE bank_code = $1 AND sequence >= $2 RETURNING id`,
        [bankCode, from],
      );
      const counties: { county_code: string }[] = await manager.query(
        `SELECT DISTINCT r.county_code FROM households.township_assignments a JOIN households.regions r ON r.code = a.township_code
         WHERE a.bank_code = $1 AND a.effective_from <= current_date AND (a.effective_to IS NULL OR a.effective_to > current_date) ORDER BY 1`,
        [bankCode],
      );
      for (const { county_code } of counties)
        await appendOutboxEvent(manager, 'list.snapshot-requested', county_code, { bankCode, requestedBy: caller.subject });
      return {
        fromSequence: from,
        lastSequence,
        resent: (resent[0] as unknown[] | undefined)?.length ?? 0,
        snapshotCounties: counties.map((c) => c.county_code),
      };
    });
  }

  /** Banks with deliveries to send now: some not yet acknowledged, none parked (a parked one waits for a replay and holds back the rest). */
  async banksWithOpenDeliveries(): Promise<string[]> {
    const rows: { bank_code: string }[] = await this.dataSource.query(
      `SELECT bank_code FROM households.list_deliveries WHERE status <> 'ACKNOWLEDGED' GROUP BY bank_code HAVING bool_and(status <> 'FAILED') ORDER BY 1`,
    );
    return rows.map((r) => r.bank_code);
  }

  /** Every bank that was ever sent a list, with how far behind it is, in one statement (no caller: the worker's metrics, aggregates only). */
  async lagByBank(): Promise<BankDeliveryLag[]> {
    const rows: { bank_code: string; unacknowledged: number; parked: number; lag: number }[] = await this.dataSource.query(
      `SELECT s.bank_code, count(d.id)::int AS unacknowledged, (count(d.id) FILTER (WHERE d.status = 'FAILED'))::int AS parked,
              coalesce(extract(epoch FROM now() - min(d.created_at)), 0)::float8 AS lag
       FROM households.bank_list_sequences s
       LEFT JOIN households.list_deliveries d ON d.bank_code = s.bank_code AND d.status <> 'ACKNOWLEDGED'
       GROUP BY s.bank_code ORDER BY 1`,
    );
    return rows.map((r) => ({ bankCode: r.bank_code, unacknowledged: r.unacknowledged, parked: r.parked, oldestUnacknowledgedSeconds: r.lag }));
  }

  /** Townships each bank is responsible for today, in one statement, limited to what the caller may see. */
  async townshipsOf(caller: Caller, bankCodes: readonly string[], today: string): Promise<BankTownship[]> {
    const visibleBanks = caller.role === 'bank' ? bankCodes.filter((b) => b === caller.bank) : [...bankCodes];
    if (visibleBanks.length === 0) return [];
    const countyLimited = caller.role === 'bureau' || caller.role === 'finance';
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT a.bank_code, a.township_code, r.name, r.county_code, to_char(a.effective_from, 'YYYY-MM-DD') AS since
       FROM households.township_assignments a JOIN households.regions r ON r.code = a.township_code
       WHERE a.bank_code = ANY($1) AND a.effective_from <= $2::date AND (a.effective_to IS NULL OR a.effective_to > $2::date)
         AND ($3::boolean IS FALSE OR r.county_code = ANY($4))
       ORDER BY a.township_code`,
      [visibleBanks, today, countyLimited, caller.counties],
    );
    return rows.map((r) => ({ bankCode: r.bank_code, townshipCode: r.township_code, name: r.name, countyCode: r.county_code, since: r.since }));
  }
}
