/**
 * The funds side of the quarterly subsidy: a run per county and quarter, its lines computed in
 * SQL (subsidy-lines.sql.ts, the set-based twin of the pure domain module) from the loans side's
 * facts, streamed in by the job (never read from the loans tables), and its totals. Idempotent:
 * lines are unique per (run, loan), a run is computed in one transaction, and a COMPUTED run is
 * frozen. A quarter is computed only once its settlement day has passed; recomputing it is a new
 * run (the next revision): it supersedes the last one while none of that one's money is approved,
 * and is otherwise a CORRECTION whose differences the next quarter's run pays as adjustment lines.
 */
import Decimal from 'decimal.js';
import type { Writable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import { type Caller, isCountyFinance, isCountyOfficial } from '../../../../common/auth/caller';
import { LOAN_FACT_COLUMNS, PAYMENT_FACT_COLUMNS } from '../../../../contracts/subsidy/loan-subsidy-facts';
import { BULK_WORK_MEM } from '../../../../common/db/pg-client';
import { computeLinesFromStaging, createFactStaging } from './subsidy-lines.sql';
import { formatQuarter, isQuarterDue, parseQuarter } from './domain/settlement-window';
import { SettlementRuleService } from './settlement-rule.service';
import { SubsidyLineRecord } from './subsidy-line.entity';
import { SubsidyRunRecord } from './subsidy-run.entity';
import { pgClientOf } from '../../../../common/db/pg-client';
import { forbidden, HubError } from '../../../../common/errors/hub-error';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import type { ComputeEnqueuer } from './compute-queue';
import type { ReceivableLedger } from './receivable-ledger';
import { receivablesActedOn, receivablesLock, recordReceivablesWithin, recoverReceivablesWithin } from './subsidy-receivables.sql';
import { addAdjustmentLines, netOverpaymentsWithin, runChanges, runReceivables, type Receivable, type RunChange } from './subsidy-revisions.sql';

export class SubsidyRunService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: SettlementRuleService,
    /** Queues a run's computation for the worker (the GraphQL requests: the facts come through the job). */
    private readonly enqueue: ComputeEnqueuer = async () => undefined,
    /** Today in Asia/Shanghai (YYYY-MM-DD): whether a quarter's settlement day has passed. */
    private readonly today: () => string = () => shanghaiDate(),
    /** Posts the county's receivables on the ledger after a run is computed. */
    private readonly receivableLedger?: Pick<ReceivableLedger, 'post'>,
  ) {}

  /**
   * The quarter's window under the county's rule, if its settlement day (the window's last day) has
   * passed; refused with SUBSIDY_QUARTER_NOT_DUE otherwise: interest settled that day must be in.
   */
  async assertDue(countyCode: string, quarterText: string) {
    const quarter = formatQuarter(parseQuarter(quarterText));
    const window = await this.rules.windowFor(countyCode, quarter);
    if (!isQuarterDue(window, this.today())) {
      throw new HubError(
        'SUBSIDY_QUARTER_NOT_DUE',
        `the settlement day of ${quarter} in county ${countyCode} is ${window.end}: the quarter can be computed from the day after`,
        { field: 'quarter' },
      );
    }
    return window;
  }

  /**
   * The run to compute or show: a recomputation under way, else the quarter's COMPUTED run, else
   * a new first run (once the settlement day has passed). Its window follows the county's
   * settlement rule at the time and is kept with the run (a later rule changes nothing).
   */
  async open(countyCode: string, quarterText: string, requestedBy: string): Promise<SubsidyRunRecord> {
    const quarter = formatQuarter(parseQuarter(quarterText));
    const existing = await this.current(countyCode, quarter);
    if (existing) return existing;
    const window = await this.assertDue(countyCode, quarter);
    await this.dataSource.query(
      `INSERT INTO funds.subsidy_runs (county_code, quarter, revision, window_start, window_end, status, requested_by)
       VALUES ($1, $2, 1, $3, $4, 'COMPUTING', $5) ON CONFLICT DO NOTHING`,
      [countyCode, quarter, window.start, window.end, requestedBy],
    );
    return (await this.current(countyCode, quarter))!;
  }

  /**
   * A recomputation of a computed quarter: a new run, the next revision, over the same window
   * (returned as it is if one is under way already). The worker's compute job computes it.
   */
  async openRecomputation(countyCode: string, quarterText: string, requestedBy: string): Promise<SubsidyRunRecord> {
    const quarter = formatQuarter(parseQuarter(quarterText));
    await this.assertDue(countyCode, quarter);
    const current = await this.current(countyCode, quarter);
    if (!current)
      throw new HubError('SUBSIDY_NOT_COMPUTED', `the subsidy of ${countyCode} for ${quarter} is not computed yet: compute it first`, { field: 'quarter' });
    if (current.status === 'COMPUTING') return current;
    await this.dataSource.query(
      `INSERT INTO funds.subsidy_runs (county_code, quarter, revision, supersedes_run_id, window_start, window_end, status, requested_by)
       SELECT $1::varchar, $2::varchar, max(revision) + 1, $3::uuid, $4::date, $5::date, 'COMPUTING', $6::varchar FROM funds.subsidy_runs WHERE county_code = $1 AND quarter = $2
       ON CONFLICT DO NOTHING`,
      [countyCode, quarter, current.id, current.windowStart, current.windowEnd, requestedBy],
    );
    return (await this.current(countyCode, quarter))!;
  }

  /**
   * The finance bureau (or an admin) asks for the quarter's computation: the run, queued for the
   * worker while COMPUTING (a computed quarter is returned as it is: recompute it to change it).
   */
  async requestCompute(caller: Caller, countyCode: string, quarter: string): Promise<SubsidyRunRecord> {
    assertCountyFinance(caller, countyCode, 'compute');
    return this.queued(await this.open(countyCode, quarter, caller.subject));
  }

  /** The finance bureau (or an admin) asks for a recomputation (after loans' flags or settlements changed): the new run, queued. */
  async requestRecompute(caller: Caller, countyCode: string, quarter: string): Promise<SubsidyRunRecord> {
    assertCountyFinance(caller, countyCode, 'recompute');
    return this.queued(await this.openRecomputation(countyCode, quarter, caller.subject));
  }

  // After the run's row is committed; asking again queues nothing twice (one job id per revision).
  private async queued(run: SubsidyRunRecord): Promise<SubsidyRunRecord> {
    if (run.status === 'COMPUTING') await this.enqueue(run);
    return run;
  }

  /**
   * Computes the run's lines from the facts the job streams in, and freezes the run, in one
   * transaction: a crash leaves nothing half-written and the job simply runs again. `stage`
   * fills the staging tables (it is given a COPY FROM STDIN writable per table). A recomputation
   * supersedes the run it replaces (whose DRAFT batches go) unless money was approved for that
   * one: then it is a CORRECTION, never paid, and the replaced run stays the quarter's.
   */
  async compute(
    run: SubsidyRunRecord,
    stage: (into: (kind: 'loans' | 'payments') => Writable) => Promise<void>,
    beforeCommit: () => void = () => undefined,
  ): Promise<SubsidyRunRecord> {
    if (run.status !== 'COMPUTING') {
      // A retried job: the run committed, its ledger entries may not have been posted.
      await this.receivableLedger?.post(run.countyCode);
      return run;
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // A county's quarter is sorted and joined in memory rather than spilled to disk (4 MB default).
      await runner.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
      await createFactStaging(runner);
      const client = pgClientOf(runner);
      await stage((kind) =>
        client.query(
          copyFrom(
            kind === 'loans'
              ? `COPY subsidy_fact_loans (${LOAN_FACT_COLUMNS.join(', ')}) FROM STDIN`
              : `COPY subsidy_fact_payments (${PAYMENT_FACT_COLUMNS.join(', ')}) FROM STDIN`,
          ),
        ),
      );
      await computeLinesFromStaging(runner, run);
      // One computation of a county at a time adds adjustments and recovers receivables (so do
      // repayments and write-offs): the second sees the first's lines and events once it has
      // committed, so a correction is carried by one quarter only and a receivable netted once.
      await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [receivablesLock(run.countyCode)]);
      const status = run.supersedesRunId ? await this.replaceWithin(runner, run.supersedesRunId) : 'COMPUTED';
      if (status === 'COMPUTED') {
        await addAdjustmentLines(runner, run);
        // An overpayment is netted only against its own household's lines; what is left is a receivable, not a negative payment.
        await netOverpaymentsWithin(runner, run.id);
        // What the household still owes from earlier runs is withheld next, then this run's rest is recorded as owed.
        await recoverReceivablesWithin(runner, run);
        await recordReceivablesWithin(runner, run);
      }
      beforeCommit();
      await this.finishWithin(runner, run.id, status);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    // A quarter adds a county's worth of lines at once; the batches are planned over them next.
    await this.dataSource.query('ANALYZE funds.subsidy_lines');
    // The receivables found, netted or voided by this run on the ledger (idempotent: a crash before is repaired by the next post).
    await this.receivableLedger?.post(run.countyCode);
    return this.dataSource.getRepository(SubsidyRunRecord).findOneByOrFail({ id: run.id });
  }

  /**
   * The replaced run, under the lock its batch preparation takes and with its batches locked (an
   * approval waits for this transaction, or was seen): SUPERSEDED with its DRAFT batches removed
   * if none of its batches went past DRAFT, so that its lines are never paid; otherwise it stays
   * the quarter's run and the recomputation is a CORRECTION.
   */
  private async replaceWithin(runner: QueryRunner, replacedId: string): Promise<'COMPUTED' | 'CORRECTION'> {
    await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-payout-${replacedId}`]);
    const batches: { id: string; status: string }[] = await runner.query('SELECT id, status FROM funds.payout_batches WHERE run_id = $1 FOR UPDATE', [
      replacedId,
    ]);
    if (batches.some((b) => b.status !== 'DRAFT')) return 'CORRECTION';
    // Its receivables netted by a later run, repaid or written off: its figures are acted on, like approved money.
    if (await receivablesActedOn(runner, replacedId)) return 'CORRECTION';
    const drafts = batches.map((b) => b.id);
    if (drafts.length) {
      await runner.query('DELETE FROM funds.payout_instructions WHERE batch_id = ANY($1::uuid[])', [drafts]);
      await runner.query('DELETE FROM funds.payout_batches WHERE id = ANY($1::uuid[])', [drafts]);
    }
    await runner.query(`UPDATE funds.subsidy_runs SET status = 'SUPERSEDED' WHERE id = $1 AND status = 'COMPUTED'`, [replacedId]);
    return 'COMPUTED';
  }

  /**
   * Freezes the run with totals that are exactly sums of its lines: what it pays (its payable
   * lines less what was netted against the same households' overpayments and open receivables),
   * what was netted (of it, recovered: the receivables' NETTED events of the run), and the
   * overpayments left to recover (receivable), which are never counted in what it pays.
   */
  private async finishWithin(runner: QueryRunner, runId: string, status: 'COMPUTED' | 'CORRECTION'): Promise<void> {
    await runner.query(
      `UPDATE funds.subsidy_runs r SET status = $2, computed_at = now(), line_count = t.n, total_interest = t.interest, total_subsidy = t.payable,
         total_netted = t.netted, total_receivable = t.receivable,
         total_recovered = (SELECT coalesce(sum(amount), 0) FROM funds.subsidy_receivable_events WHERE run_id = $1 AND kind = 'NETTED')
       FROM (SELECT count(*)::int AS n, coalesce(sum(interest_paid), 0) AS interest,
                    coalesce(sum(subsidy - netted) FILTER (WHERE subsidy > 0), 0) AS payable,
                    coalesce(sum(netted) FILTER (WHERE subsidy > 0), 0) AS netted,
                    coalesce(sum(-subsidy - netted) FILTER (WHERE subsidy < 0), 0) AS receivable
             FROM funds.subsidy_lines WHERE run_id = $1) t
       WHERE r.id = $1 AND r.status = 'COMPUTING'`,
      [runId, status],
    );
  }

  /** A recomputation under way, else the quarter's COMPUTED run (what the compute job works on). */
  async current(countyCode: string, quarter: string): Promise<SubsidyRunRecord | null> {
    return this.dataSource
      .getRepository(SubsidyRunRecord)
      .createQueryBuilder('r')
      .where('r.countyCode = :countyCode AND r.quarter = :quarter', { countyCode, quarter: formatQuarter(parseQuarter(quarter)) })
      .andWhere(`r.status IN ('COMPUTING', 'COMPUTED')`)
      .orderBy(`r.status = 'COMPUTING'`, 'DESC')
      .getOne();
  }

  /** The county's run for the quarter: the COMPUTED one (the one paid), else the first still computing (no access check: for the jobs). */
  async find(countyCode: string, quarter: string): Promise<SubsidyRunRecord | null> {
    return this.dataSource
      .getRepository(SubsidyRunRecord)
      .createQueryBuilder('r')
      .where('r.countyCode = :countyCode AND r.quarter = :quarter', { countyCode, quarter: formatQuarter(parseQuarter(quarter)) })
      .andWhere(`r.status IN ('COMPUTING', 'COMPUTED')`)
      .orderBy(`r.status = 'COMPUTED'`, 'DESC')
      .getOne();
  }

  /** Finance and bureaus of the county, and admins, see its runs. */
  async run(caller: Caller, countyCode: string, quarter: string): Promise<SubsidyRunRecord | null> {
    assertCountyReader(caller, countyCode);
    return this.find(countyCode, quarter);
  }

  /** Every run of the quarter, first revision first. */
  async revisions(caller: Caller, countyCode: string, quarter: string): Promise<SubsidyRunRecord[]> {
    assertCountyReader(caller, countyCode);
    return this.dataSource
      .getRepository(SubsidyRunRecord)
      .find({ where: { countyCode, quarter: formatQuarter(parseQuarter(quarter)) }, order: { revision: 'ASC' } });
  }

  /** What a recomputation changed against the run it replaces or corrects, loan by loan (empty for a first run). */
  async changes(run: Pick<SubsidyRunRecord, 'id' | 'supersedesRunId'>): Promise<RunChange[]> {
    if (!run.supersedesRunId) return [];
    return runChanges(this.dataSource, run.id, run.supersedesRunId);
  }

  /**
   * Per run, the money approved for payment: the totals of its batches past DRAFT (approved,
   * sent or closed, whatever the banks answered). One statement for any number of runs; a run
   * with none is absent (0).
   */
  async approvedAmounts(runIds: readonly string[]): Promise<{ runId: string; amount: Decimal }[]> {
    const rows: { run_id: string; amount: string }[] = await this.dataSource.query(
      `SELECT run_id, sum(total_amount)::text AS amount FROM funds.payout_batches WHERE run_id = ANY($1::uuid[]) AND status <> 'DRAFT' GROUP BY run_id`,
      [runIds],
    );
    return rows.map((r) => ({ runId: r.run_id, amount: new Decimal(r.amount) }));
  }

  /** Runs' overpayments with something left to recover after netting (their receivables), for many runs at once. */
  async receivables(runIds: readonly string[]): Promise<(Receivable & { runId: string })[]> {
    return runReceivables(this.dataSource, runIds);
  }

  /** A run's lines in loan order, keyset on the line id. */
  async lines(runId: string, size: number, afterId: string | null, filter: LineFilter): Promise<SubsidyLineRecord[]> {
    const query = this.dataSource.getRepository(SubsidyLineRecord).createQueryBuilder('l').where('l.runId = :runId', { runId });
    if (afterId) query.andWhere('l.id > :afterId', { afterId });
    if (filter.onlyPayable) query.andWhere('l.subsidy - l.netted > 0');
    if (filter.bankCode) query.andWhere('l.bankCode = :bankCode', { bankCode: filter.bankCode });
    if (filter.townshipCode) query.andWhere('l.townshipCode = :townshipCode', { townshipCode: filter.townshipCode });
    if (filter.reason === 'NONE') query.andWhere('l.reason IS NULL');
    else if (filter.reason) query.andWhere('l.reason = :reason', { reason: filter.reason });
    return query
      .orderBy('l.id', 'ASC')
      .limit(size + 1)
      .getMany();
  }
}

/** Which lines of a run to list (each null: any). */
export interface LineFilter {
  onlyPayable: boolean;
  bankCode?: string | null;
  townshipCode?: string | null;
  /** A line reason, or NONE for lines without one. */
  reason?: string | null;
}

function assertCountyFinance(caller: Caller, countyCode: string, action: string): void {
  if (isCountyFinance(caller, countyCode)) return;
  throw forbidden(`only the finance bureau of county ${countyCode} (or an admin) may ${action} its subsidy`);
}

function assertCountyReader(caller: Caller, countyCode: string): void {
  if (isCountyOfficial(caller, countyCode)) return;
  throw forbidden(`the subsidy of county ${countyCode} is shown to its finance bureau, its bureau and admins`);
}
