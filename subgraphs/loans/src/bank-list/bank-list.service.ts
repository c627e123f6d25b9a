/**
 * The loans side's record of each bank's beneficiary list, fed by the `record-delivered-list`
 * job with what the bank acknowledged. Recording a delivery twice changes nothing (its
 * (bank, sequence) row is the guard, written in the same transaction).
 */
import type { DataSource } from 'typeorm';
import type { DeliveredList } from '../../../../contracts/bank-connector/delivered-list';

export class ListGapError extends Error {}

export class BankListService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Deliveries are recorded in the order the bank applied them, or a removal recorded before the
   * add it follows would leave the household listed: one recorder per bank (advisory lock), and a
   * delivery whose predecessor is not recorded yet is refused with ListGapError (the job retries).
   */
  async recordDelivered(list: DeliveredList): Promise<'recorded' | 'already-recorded' | 'recorded-bank-retired'> {
    return this.dataSource.transaction(async (manager) => {
      // retireBank takes this lock too: the bank is retired before this delivery or after it, never in between.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-bank-list-${list.bankCode}`]);
      const [bank] = await manager.query('SELECT retired_at IS NOT NULL AS retired FROM loans.banks WHERE code = $1', [list.bankCode]);
      const retired = bank?.retired === true;
      if (list.sequence > 1) {
        const [previous] = await manager.query('SELECT 1 FROM loans.received_list_deliveries WHERE bank_code = $1 AND sequence = $2', [
          list.bankCode,
          list.sequence - 1,
        ]);
        const [recorded] = await manager.query('SELECT 1 FROM loans.received_list_deliveries WHERE bank_code = $1 AND sequence = $2', [
          list.bankCode,
          list.sequence,
        ]);
        if (!previous && !recorded)
          throw new ListGapError(`delivery ${list.sequence} to ${list.bankCode} waits until delivery ${list.sequence - 1} is recorded`);
      }
      // A delivery acknowledged after the bank was retired (planned before) is recorded in its sequence,
      // and its removals close periods, but it lists no one: a retired bank's townships stay closed.
      const upserts = retired ? [] : list.members.filter((m) => m.op !== 'REMOVE');
      const removals = list.members.filter((m) => m.op === 'REMOVE');
      const inserted = await manager.query(
        `INSERT INTO loans.received_list_deliveries (bank_code, sequence, effective_date, upserts, removals) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING sequence`,
        [list.bankCode, list.sequence, list.effectiveDate, upserts.length, removals.length],
      );
      if (inserted.length === 0) return 'already-recorded';

      if (removals.length) {
        await manager.query(
          `UPDATE loans.bank_list_members SET listed_to = greatest($3::date, listed_from), last_sequence = $4
           WHERE bank_code = $1 AND household_id = ANY($2::uuid[]) AND listed_to IS NULL`,
          [list.bankCode, removals.map((m) => m.householdId), list.effectiveDate, list.sequence],
        );
      }
      if (upserts.length) {
        // A listed household keeps its open period (township or ID may change); a new one opens a period.
        await manager.query(
          `WITH incoming AS (
             SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $8::date[]) AS m(household_id, id_hash, county_code, township_code, listed_from)),
           changed AS (
             UPDATE loans.bank_list_members b SET id_hash = m.id_hash, county_code = m.county_code, township_code = m.township_code, last_sequence = $7
             FROM incoming m WHERE b.bank_code = $1 AND b.household_id = m.household_id AND b.listed_to IS NULL
             RETURNING b.household_id)
           INSERT INTO loans.bank_list_members (bank_code, household_id, id_hash, county_code, township_code, listed_from, last_sequence)
           SELECT $1, m.household_id, m.id_hash, m.county_code, m.township_code, coalesce(m.listed_from, $6::date), $7 FROM incoming m
           WHERE m.household_id NOT IN (SELECT household_id FROM changed)`,
          [
            list.bankCode,
            upserts.map((m) => m.householdId),
            upserts.map((m) => m.idHash),
            upserts.map((m) => m.countyCode),
            upserts.map((m) => m.townshipCode),
            list.effectiveDate,
            list.sequence,
            // Each household's own first day (the later of its publication and the assignment), when the hub sent one.
            upserts.map((m) => m.listedFrom ?? null),
          ],
        );
      }
      if (list.snapshot?.lastPart) {
        // A snapshot replaces the bank's list for its townships: whoever no part of it touched is off the list.
        await manager.query(
          `UPDATE loans.bank_list_members SET listed_to = greatest($3::date, listed_from)
           WHERE bank_code = $1 AND township_code = ANY($2::text[]) AND listed_to IS NULL AND last_sequence < $4`,
          [list.bankCode, list.snapshot.townships, list.effectiveDate, list.snapshot.firstSequence],
        );
      }
      return retired ? 'recorded-bank-retired' : 'recorded';
    });
  }
}
