/**
 * A county's subsidy receivables (issue 14): what households still owe after a run's netting, with
 * their history. Runs net them on their own (subsidy-receivables.sql.ts); here a finance user of
 * the county records a repayment (idempotent by its reference in the county) or writes one off by
 * decision, with the reason (which decisions are allowed, and whether a second person signs, is
 * the county's policy: the hub records who decided and why). Every change is a new event; nothing
 * is edited. Both take the county's receivables lock, as a run's computation does, so a
 * receivable is never settled twice.
 */
import type Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { type Caller, isCountyOfficial } from '../../../../common/auth/caller';
import { COUNTY_CODE, TRANSFER_REFERENCE } from '../../../../common/codes';
import { isIsoDate } from '../../../../common/domain/calendar-date';
import { badInput, forbidden, HubError } from '../../../../common/errors/hub-error';
import { HubDecimal, isPositiveYuan } from '../../../../common/money';
import { receivableStanding, type ReceivableStatus } from './domain/receivable-recovery';
import type { ReceivableLedger } from './receivable-ledger';
import type { ReceivableEventKind } from './subsidy-receivable.entity';
import { EVENT_STANDS, receivablesLock } from './subsidy-receivables.sql';

export interface ReceivableEvent {
  id: string;
  kind: ReceivableEventKind;
  amount: Decimal;
  /** NETTED: the run and its quarter. */
  runId: string | null;
  quarter: string | null;
  reference: string | null;
  paidOn: string | null;
  reason: string | null;
  recordedBy: string;
  recordedAt: Date;
  /** False for a superseded run's netting: it does not count. */
  counts: boolean;
}

export interface ReceivableView {
  id: string;
  countyCode: string;
  householdId: string;
  runId: string;
  quarter: string;
  amount: Decimal;
  open: Decimal;
  status: ReceivableStatus;
  createdAt: Date;
  history: ReceivableEvent[];
}

export interface ReceivableFilter {
  householdId?: string | null;
  /** Default OPEN. */
  status?: ReceivableStatus | null;
}

export interface RepaymentInput {
  countyCode: string;
  receivableId: string;
  amount: string;
  reference: string;
  paidOn: string;
}

export interface WriteOffInput {
  countyCode: string;
  receivableId: string;
  reason: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES: ReceivableStatus[] = ['OPEN', 'SETTLED', 'WRITTEN_OFF', 'VOID'];

/** Each receivable's status in SQL, as receivableStanding decides it (r: the receivable, o: its run, s: its events' sums). */
const STATUS_SQL = `CASE WHEN o.status <> 'COMPUTED' THEN 'VOID' WHEN s.written_off THEN 'WRITTEN_OFF' WHEN r.amount - s.settled <= 0 THEN 'SETTLED' ELSE 'OPEN' END`;

export class SubsidyReceivableService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: ReceivableLedger,
  ) {}

  /** The county's receivables, oldest first, keyset on the id of the last one (its finance bureau, its bureau, admins). */
  async list(caller: Caller, countyCode: string, filter: ReceivableFilter, size: number, afterId: string | null): Promise<ReceivableView[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    if (!isCountyOfficial(caller, countyCode))
      throw forbidden(`the subsidy receivables of county ${countyCode} are shown to its finance bureau, its bureau and admins`);
    const status = filter.status ?? 'OPEN';
    if (!STATUSES.includes(status)) throw badInput(`status must be one of ${STATUSES.join(', ')}`, 'status');
    if (filter.householdId != null && !UUID.test(filter.householdId)) throw badInput(`"${filter.householdId}" is not a household id`, 'householdId');
    if (afterId !== null && !UUID.test(afterId)) throw badInput('after is not a cursor this list issued', 'after');
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT r.id FROM funds.subsidy_receivables r
       JOIN funds.subsidy_runs o ON o.id = r.run_id
       CROSS JOIN LATERAL (SELECT coalesce(sum(e.amount) FILTER (WHERE ${EVENT_STANDS}), 0) AS settled, bool_or(e.kind = 'WRITTEN_OFF') IS TRUE AS written_off
                           FROM funds.subsidy_receivable_events e LEFT JOIN funds.subsidy_runs er ON er.id = e.run_id WHERE e.receivable_id = r.id) s
       WHERE r.county_code = $1 AND ($2::uuid IS NULL OR r.household_id = $2) AND ${STATUS_SQL} = $3
         AND ($4::uuid IS NULL OR (r.created_at, r.id) > (SELECT created_at, id FROM funds.subsidy_receivables WHERE id = $4))
       ORDER BY r.created_at, r.id LIMIT $5`,
      [countyCode, filter.householdId ?? null, status, afterId, size + 1],
    );
    return this.views(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
  }

  /** Records that the household paid (part of) a receivable back: county finance only; the same reference again is the same repayment. */
  async repay(caller: Caller, input: RepaymentInput): Promise<ReceivableView> {
    this.assertFinance(caller, input.countyCode, 'record a repayment of');
    if (!isPositiveYuan(input.amount)) throw badInput(`amount "${input.amount}" must be yuan above 0 with at most two decimals`, 'amount');
    if (!TRANSFER_REFERENCE.test(input.reference)) throw badInput('reference must be 4 to 64 letters, digits or . _ : - /', 'reference');
    if (!isIsoDate(input.paidOn)) throw badInput(`paidOn "${input.paidOn}" is not a YYYY-MM-DD date`, 'paidOn');
    const amount = new HubDecimal(input.amount);
    const view = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [receivablesLock(input.countyCode)]);
      const [done]: { receivable_id: string; amount: string; paid_on: string }[] = await manager.query(
        `SELECT receivable_id, amount::text AS amount, paid_on::text AS paid_on FROM funds.subsidy_receivable_events WHERE county_code = $1 AND kind = 'REPAID' AND reference = $2`,
        [input.countyCode, input.reference],
      );
      if (done) {
        if (done.receivable_id === input.receivableId && amount.equals(done.amount) && done.paid_on === input.paidOn)
          return this.one(manager, input.receivableId);
        throw new HubError('IDEMPOTENCY_KEY_REUSED', `reference ${input.reference} was recorded already for another repayment in county ${input.countyCode}`, {
          field: 'reference',
          zh: `凭证号 ${input.reference} 已用于本县另一笔退回`,
        });
      }
      const receivable = await this.openOne(manager, input.countyCode, input.receivableId);
      if (amount.greaterThan(receivable.open))
        throw new HubError(
          'SUBSIDY_RECEIVABLE_EXCEEDED',
          `receivable ${receivable.id} has ${receivable.open.toFixed(2)} open; a repayment of ${amount.toFixed(2)} is more than that`,
          { field: 'amount', zh: `该笔应收退回款尚余 ${receivable.open.toFixed(2)} 元，退回 ${amount.toFixed(2)} 元超出余额` },
        );
      await manager.query(
        `INSERT INTO funds.subsidy_receivable_events (receivable_id, county_code, kind, amount, reference, paid_on, recorded_by) VALUES ($1, $2, 'REPAID', $3, $4, $5, $6)`,
        [receivable.id, input.countyCode, amount.toFixed(2), input.reference, input.paidOn, caller.subject],
      );
      return this.one(manager, receivable.id);
    });
    await this.ledger.post(input.countyCode);
    return view;
  }

  /** Writes off what is open of a receivable by decision, with the reason: county finance only. */
  async writeOff(caller: Caller, input: WriteOffInput): Promise<ReceivableView> {
    this.assertFinance(caller, input.countyCode, 'write off');
    const reason = (input.reason ?? '').trim();
    if (reason.length < 4 || reason.length > 500) throw badInput('reason must say why, in 4 to 500 characters', 'reason');
    const view = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [receivablesLock(input.countyCode)]);
      const receivable = await this.openOne(manager, input.countyCode, input.receivableId);
      await manager.query(
        `INSERT INTO funds.subsidy_receivable_events (receivable_id, county_code, kind, amount, reason, recorded_by) VALUES ($1, $2, 'WRITTEN_OFF', $3, $4, $5)`,
        [receivable.id, input.countyCode, receivable.open.toFixed(2), reason, caller.subject],
      );
      return this.one(manager, receivable.id);
    });
    await this.ledger.post(input.countyCode);
    return view;
  }

  // A person of the county's finance bureau: who answers for the county's money (not an admin).
  private assertFinance(caller: Caller, countyCode: string, action: string): void {
    if (!COUNTY_CODE.test(countyCode ?? '')) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    if (caller.role !== 'finance' || !caller.counties.includes(countyCode))
      throw forbidden(`only the finance bureau of county ${countyCode} may ${action} its subsidy receivables`);
  }

  private async openOne(manager: EntityManager, countyCode: string, id: string): Promise<ReceivableView> {
    const [receivable] = UUID.test(id ?? '') ? await this.views(manager, [id]) : [];
    if (!receivable || receivable.countyCode !== countyCode)
      throw new HubError('SUBSIDY_RECEIVABLE_NOT_FOUND', `county ${countyCode} has no subsidy receivable ${id}`, { field: 'receivableId' });
    if (receivable.status !== 'OPEN')
      throw new HubError('SUBSIDY_RECEIVABLE_NOT_OPEN', `receivable ${id} is ${receivable.status}: nothing is open of it`, { field: 'receivableId' });
    return receivable;
  }

  private async one(manager: EntityManager, id: string): Promise<ReceivableView> {
    const [view] = await this.views(manager, [id]);
    return view;
  }

  /** The receivables by id, in the order given, each with its history (two statements). */
  private async views(manager: EntityManager, ids: string[]): Promise<ReceivableView[]> {
    if (!ids.length) return [];
    const rows: {
      id: string;
      county_code: string;
      household_id: string;
      run_id: string;
      quarter: string;
      amount: string;
      created_at: Date;
      run_status: string;
    }[] = await manager.query(
      `SELECT r.id, r.county_code, r.household_id, r.run_id, r.quarter, r.amount::text AS amount, r.created_at, o.status AS run_status
         FROM funds.subsidy_receivables r JOIN funds.subsidy_runs o ON o.id = r.run_id WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    const events: {
      id: string;
      receivable_id: string;
      kind: ReceivableEventKind;
      amount: string;
      run_id: string | null;
      quarter: string | null;
      reference: string | null;
      paid_on: string | null;
      reason: string | null;
      recorded_by: string;
      recorded_at: Date;
      counts: boolean;
    }[] = await manager.query(
      `SELECT e.id, e.receivable_id, e.kind, e.amount::text AS amount, e.run_id, er.quarter, e.reference, e.paid_on::text AS paid_on, e.reason, e.recorded_by, e.recorded_at,
              ${EVENT_STANDS} AS counts
       FROM funds.subsidy_receivable_events e LEFT JOIN funds.subsidy_runs er ON er.id = e.run_id WHERE e.receivable_id = ANY($1::uuid[]) ORDER BY e.id`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const history = events
        .filter((e) => e.receivable_id === id)
        .map((e) => ({
          id: e.id,
          kind: e.kind,
          amount: new HubDecimal(e.amount),
          runId: e.run_id,
          quarter: e.quarter,
          reference: e.reference,
          paidOn: e.paid_on,
          reason: e.reason,
          recordedBy: e.recorded_by,
          recordedAt: e.recorded_at,
          counts: e.counts,
        }));
      const amount = new HubDecimal(r.amount);
      const standing = receivableStanding(
        amount,
        history.map((e) => ({ kind: e.kind, amount: e.amount, stands: e.counts })),
        r.run_status === 'COMPUTED',
      );
      return [
        {
          id: r.id,
          countyCode: r.county_code,
          householdId: r.household_id,
          runId: r.run_id,
          quarter: r.quarter,
          amount,
          open: standing.open,
          status: standing.status,
          createdAt: r.created_at,
          history,
        },
      ];
    });
  }
}
