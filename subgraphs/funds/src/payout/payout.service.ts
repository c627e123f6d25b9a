/**
 * Paying a computed quarter into the households' 一卡通 accounts: batches per issuing bank,
 * approval by the finance bureau, sending (through a `transmit` the job provides: the bank
 * connector), results. Nothing is paid twice: at most one PENDING or PAID instruction per subsidy
 * line (a partial unique index), instruction ids the bank pays at most once, and one idempotency
 * key per batch on every attempt. A line whose payment failed waits until its account is fixed
 * (updated after the failure), then goes into the next batch.
 */
import Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import { PAYOUT_FAILURE_REASONS, type PayoutBatchMessage, type PayoutBatchResult } from '../../../../common/bank-connector/protocol';
import type { Caller } from '../../../../common/auth/caller';
import type { PiiProtector } from '../../../../common/pii/protector';
import { formatQuarter, parseQuarter } from '../subsidy/domain/settlement-window';
import { SubsidyRunRecord } from '../subsidy/subsidy-run.entity';
import { PayoutBatchRecord } from './payout-batch.entity';
import { PayoutInstructionRecord } from './payout-instruction.entity';
import { PayoutLedger } from './payout-ledger';

export class PayoutError extends Error {
  constructor(
    readonly code: 'FORBIDDEN' | 'NOT_FOUND' | 'NOT_READY' | 'BAD_STATE',
    message: string,
  ) {
    super(message);
  }
}

/** A payable line that cannot go into a batch now, and why (never a silent skip). */
export interface WaitingLine {
  subsidyLineId: string;
  contractNo: string;
  householdId: string;
  amount: Decimal;
  reason: 'NO_ACCOUNT' | 'ACCOUNT_CLOSED' | 'ACCOUNT_FROZEN' | 'ACCOUNT_NOT_FIXED';
  detail: string;
}

export interface Preparation {
  batches: PayoutBatchRecord[];
  waiting: WaitingLine[];
}

function assertFinance(caller: Caller, countyCode: string, action: string): void {
  if (caller.role === 'admin' || (caller.role === 'finance' && caller.counties.includes(countyCode))) return;
  throw new PayoutError('FORBIDDEN', `only the finance bureau of county ${countyCode} may ${action}`);
}

export class PayoutService {
  private readonly ledger: PayoutLedger;

  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
  ) {
    this.ledger = new PayoutLedger(dataSource);
  }

  /**
   * Puts every payable line of the computed quarter that has no live instruction into a DRAFT
   * batch of the bank that issued its account; lists the lines that must wait, with the reason.
   */
  async prepare(caller: Caller, countyCode: string, quarterText: string): Promise<Preparation> {
    assertFinance(caller, countyCode, 'prepare its payouts');
    const quarter = formatQuarter(parseQuarter(quarterText));
    return this.dataSource.transaction(async (manager) => {
      const run = await manager.getRepository(SubsidyRunRecord).findOneBy({ countyCode, quarter });
      if (!run || run.status !== 'COMPUTED') throw new PayoutError('NOT_READY', `the subsidy of ${countyCode} for ${quarter} is not computed yet`);
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-payout-${run.id}`]);
      const rows: Record<string, any>[] = await manager.query(
        `SELECT l.id AS line_id, l.contract_no, l.household_id, l.subsidy::text AS subsidy,
                a.id AS account_id, a.issuing_bank_code, a.status AS account_status, a.updated_at AS account_updated_at,
                f.failure_reason AS last_failure, f.settled_at AS last_failed_at
         FROM funds.subsidy_lines l
         LEFT JOIN funds.one_card_accounts a ON a.household_id = l.household_id
         LEFT JOIN LATERAL (
           SELECT i.failure_reason, i.settled_at FROM funds.payout_instructions i
           WHERE i.subsidy_line_id = l.id AND i.status = 'FAILED' ORDER BY i.settled_at DESC LIMIT 1) f ON TRUE
         WHERE l.run_id = $1 AND l.subsidy > 0
           AND NOT EXISTS (SELECT 1 FROM funds.payout_instructions i WHERE i.subsidy_line_id = l.id AND i.status <> 'FAILED')
         ORDER BY l.id`,
        [run.id],
      );
      const waiting: WaitingLine[] = [];
      const byBank = new Map<string, Record<string, any>[]>();
      for (const row of rows) {
        const wait = (reason: WaitingLine['reason'], detail: string) =>
          waiting.push({ subsidyLineId: row.line_id, contractNo: row.contract_no, householdId: row.household_id, amount: new Decimal(row.subsidy), reason, detail });
        if (!row.account_id) wait('NO_ACCOUNT', 'the household has no 一卡通 account on record');
        else if (row.account_status === 'CLOSED') wait('ACCOUNT_CLOSED', 'the household’s 一卡通 account is closed');
        else if (row.account_status === 'FROZEN') wait('ACCOUNT_FROZEN', 'the household’s 一卡通 account is frozen');
        else if (row.last_failed_at && new Date(row.account_updated_at) <= new Date(row.last_failed_at)) {
          wait('ACCOUNT_NOT_FIXED', `the last payment failed (${row.last_failure}) and the account has not been changed since`);
        } else byBank.set(row.issuing_bank_code, [...(byBank.get(row.issuing_bank_code) ?? []), row]);
      }
      const batches: PayoutBatchRecord[] = [];
      for (const [bankCode, lines] of [...byBank.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const total = lines.reduce((sum, l) => sum.plus(l.subsidy), new Decimal(0));
        const [{ id }] = await manager.query('SELECT gen_random_uuid() AS id');
        await manager.query(
          `INSERT INTO funds.payout_batches (id, run_id, county_code, quarter, bank_code, idempotency_key, status, line_count, total_amount, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, 'DRAFT', $7, $8, $9)`,
          [id, run.id, countyCode, quarter, bankCode, `hub-payout-${id}`, lines.length, total.toFixed(2), caller.subject],
        );
        await manager.query(
          `INSERT INTO funds.payout_instructions (batch_id, subsidy_line_id, household_id, account_id, amount, status)
           SELECT $1, x.line_id, x.household_id, x.account_id, x.amount, 'PENDING'
           FROM unnest($2::bigint[], $3::uuid[], $4::uuid[], $5::numeric[]) AS x(line_id, household_id, account_id, amount)`,
          [id, lines.map((l) => l.line_id), lines.map((l) => l.household_id), lines.map((l) => l.account_id), lines.map((l) => l.subsidy)],
        );
        batches.push(await manager.getRepository(PayoutBatchRecord).findOneByOrFail({ id }));
      }
      return { batches, waiting };
    });
  }

  async approve(caller: Caller, batchId: string): Promise<PayoutBatchRecord> {
    const batch = await this.dataSource.getRepository(PayoutBatchRecord).findOneBy({ id: batchId });
    if (!batch) throw new PayoutError('NOT_FOUND', `no payout batch ${batchId}`);
    assertFinance(caller, batch.countyCode, 'approve its payouts');
    const result = await this.dataSource.getRepository(PayoutBatchRecord).update({ id: batchId, status: 'DRAFT' }, { status: 'APPROVED', approvedBy: caller.subject, approvedAt: new Date() });
    if (!result.affected) throw new PayoutError('BAD_STATE', `batch ${batchId} is ${batch.status}; only a DRAFT batch can be approved`);
    const approved = await this.dataSource.getRepository(PayoutBatchRecord).findOneByOrFail({ id: batchId });
    // After the commit, idempotent by key: if this is lost, the dispatcher's ledger round posts it.
    await this.ledger.approved(approved, caller.subject);
    return approved;
  }

  /** Batches to send: approved, or sent without an answer yet. */
  async batchesToSend(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM funds.payout_batches WHERE status IN ('APPROVED', 'SENT') ORDER BY created_at`);
    return rows.map((r) => r.id);
  }

  /**
   * Sends one batch and records the bank's answer, line by line, in the same transaction that
   * holds the batch row: a second sender waits, then finds it CLOSED. A failed attempt is
   * recorded (attempts, last error) and rethrown for the job's retry; the key stays the same.
   */
  async send(batchId: string, transmit: (message: PayoutBatchMessage, idempotencyKey: string) => Promise<PayoutBatchResult>): Promise<PayoutBatchRecord> {
    const attempt = await this.dataSource.transaction(async (manager) => {
      const [batch]: Record<string, any>[] = await manager.query(
        `SELECT id, bank_code, county_code, quarter, idempotency_key, status, total_amount::text AS total_amount FROM funds.payout_batches WHERE id = $1 FOR UPDATE`,
        [batchId],
      );
      if (!batch) throw new PayoutError('NOT_FOUND', `no payout batch ${batchId}`);
      if (batch.status !== 'APPROVED' && batch.status !== 'SENT') return null;
      const instructions: Record<string, any>[] = await manager.query(
        `SELECT i.id, i.household_id, i.amount::text AS amount, a.account_number_sealed, a.holder_name_sealed, a.pii_key_id
         FROM funds.payout_instructions i JOIN funds.one_card_accounts a ON a.id = i.account_id
         WHERE i.batch_id = $1 AND i.status = 'PENDING' ORDER BY i.id`,
        [batchId],
      );
      const message: PayoutBatchMessage = {
        batchId,
        bankCode: batch.bank_code,
        countyCode: batch.county_code,
        quarter: batch.quarter,
        totalAmount: new Decimal(batch.total_amount).toFixed(2),
        lines: instructions.map((i) => ({
          instructionId: i.id,
          accountNumber: this.pii.open({ ciphertext: i.account_number_sealed, keyId: i.pii_key_id }),
          holderName: this.pii.open({ ciphertext: i.holder_name_sealed, keyId: i.pii_key_id }),
          amount: new Decimal(i.amount).toFixed(2),
          householdId: i.household_id,
          quarter: batch.quarter,
        })),
      };
      let result: PayoutBatchResult;
      try {
        result = await transmit(message, batch.idempotency_key);
        const answered = new Map(result.lines.map((l) => [l.instructionId, l]));
        const missing = instructions.filter((i) => !answered.has(i.id));
        if (missing.length || answered.size !== instructions.length) throw new Error(`the bank answered ${answered.size} lines for ${instructions.length} instructions`);
        const odd = result.lines.find((l) => !(l.status === 'PAID' || (l.status === 'FAILED' && (PAYOUT_FAILURE_REASONS as readonly string[]).includes(l.reason ?? ''))));
        if (odd) throw new Error(`the bank answered instruction ${odd.instructionId} with status ${odd.status} and reason ${odd.reason}`);
      } catch (error) {
        await manager.query(`UPDATE funds.payout_batches SET status = 'SENT', attempts = attempts + 1, last_error = left($2, 500) WHERE id = $1`, [batchId, (error as Error).message]);
        return { error: error as Error };
      }
      await manager.query(
        `UPDATE funds.payout_instructions i SET status = r.status, failure_reason = r.reason, bank_reference = r.reference, settled_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, status text, reason text, reference text)
         WHERE i.id = r.id AND i.batch_id = $1 AND i.status = 'PENDING'`,
        [batchId, JSON.stringify(result.lines.map((l) => ({ id: l.instructionId, status: l.status, reason: l.reason, reference: l.bankReference })))],
      );
      await manager.query(
        `UPDATE funds.payout_batches b SET status = 'CLOSED', attempts = attempts + 1, last_error = NULL, closed_at = now(),
           paid_amount = t.paid, failed_amount = t.failed
         FROM (SELECT coalesce(sum(amount) FILTER (WHERE status = 'PAID'), 0) AS paid, coalesce(sum(amount) FILTER (WHERE status = 'FAILED'), 0) AS failed
               FROM funds.payout_instructions WHERE batch_id = $1) t
         WHERE b.id = $1`,
        [batchId],
      );
      return { closed: true };
    });
    if (attempt && 'error' in attempt) throw attempt.error;
    const batch = await this.dataSource.getRepository(PayoutBatchRecord).findOneByOrFail({ id: batchId });
    if (batch.status === 'CLOSED') await this.ledger.closed(batch);
    return batch;
  }

  /**
   * Posts the ledger entries of batches whose entries are missing (a crash between a batch's
   * change and its entry): every entry is idempotent by key, so this is safe to run every round.
   */
  async postMissingLedgerEntries(): Promise<number> {
    const batches = await this.dataSource.query(
      `SELECT b.id FROM funds.payout_batches b
       WHERE b.status <> 'DRAFT' AND (
         NOT EXISTS (SELECT 1 FROM funds.journal_entries e WHERE e.idempotency_key = 'payout-instructed-' || b.id)
         OR (b.status = 'CLOSED' AND b.paid_amount > 0 AND NOT EXISTS (SELECT 1 FROM funds.journal_entries e WHERE e.idempotency_key = 'payout-confirmed-' || b.id))
         OR (b.status = 'CLOSED' AND b.failed_amount > 0 AND NOT EXISTS (SELECT 1 FROM funds.journal_entries e WHERE e.idempotency_key = 'payout-failed-' || b.id)))`,
    );
    for (const { id } of batches as { id: string }[]) {
      const batch = await this.dataSource.getRepository(PayoutBatchRecord).findOneByOrFail({ id });
      await this.ledger.approved(batch, batch.approvedBy ?? 'hub');
      if (batch.status === 'CLOSED') await this.ledger.closed(batch);
    }
    return batches.length;
  }

  /** The quarter's batches, for its finance bureau, its bureau and admins. */
  async batches(caller: Caller, countyCode: string, quarterText: string): Promise<PayoutBatchRecord[]> {
    if (!(caller.role === 'admin' || ((caller.role === 'finance' || caller.role === 'bureau') && caller.counties.includes(countyCode)))) {
      throw new PayoutError('FORBIDDEN', `the payouts of county ${countyCode} are shown to its finance bureau, its bureau and admins`);
    }
    return this.dataSource.getRepository(PayoutBatchRecord).find({ where: { countyCode, quarter: formatQuarter(parseQuarter(quarterText)) }, order: { createdAt: 'ASC' } });
  }

  /** Instructions of many batches in one statement, with the account number masked by the caller's mapper. */
  async instructions(batchIds: readonly string[]): Promise<(PayoutInstructionRecord & { contractNo: string; accountNumberSealed: Buffer; piiKeyId: string })[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT i.*, l.contract_no, a.account_number_sealed, a.pii_key_id FROM funds.payout_instructions i
       JOIN funds.subsidy_lines l ON l.id = i.subsidy_line_id JOIN funds.one_card_accounts a ON a.id = i.account_id
       WHERE i.batch_id = ANY($1::uuid[]) ORDER BY i.batch_id, i.id`,
      [[...batchIds]],
    );
    return rows.map((r) => ({
      id: r.id,
      batchId: r.batch_id,
      subsidyLineId: r.subsidy_line_id,
      householdId: r.household_id,
      accountId: r.account_id,
      amount: new Decimal(r.amount),
      status: r.status,
      failureReason: r.failure_reason,
      bankReference: r.bank_reference,
      settledAt: r.settled_at,
      contractNo: r.contract_no,
      accountNumberSealed: r.account_number_sealed,
      piiKeyId: r.pii_key_id,
    }));
  }
}
