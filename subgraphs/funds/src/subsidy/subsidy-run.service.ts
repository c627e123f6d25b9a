/**
 * The funds side of the quarterly subsidy: a run per county and quarter, its lines computed in
 * SQL (subsidy-lines.sql.ts, the set-based twin of the pure domain module) from the loans side's
 * facts, streamed in by the job (never read from the loans tables), and its totals. Idempotent:
 * lines are unique per (loan, quarter), a run is computed in one transaction, and a COMPUTED run
 * is frozen.
 */
import type { Writable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import { type Caller, isCountyOfficial } from '../../../../common/auth/caller';
import { LOAN_FACT_COLUMNS, PAYMENT_FACT_COLUMNS } from '../../../../contracts/subsidy/loan-subsidy-facts';
import { BULK_WORK_MEM } from '../../../../common/db/pg-client';
import { computeLinesFromStaging, createFactStaging } from './subsidy-lines.sql';
import { formatQuarter, parseQuarter } from './domain/settlement-window';
import { SettlementRuleService } from './settlement-rule.service';
import { SubsidyLineRecord } from './subsidy-line.entity';
import { SubsidyRunRecord } from './subsidy-run.entity';
import { pgClientOf } from '../../../../common/db/pg-client';
import { forbidden } from '../../../../common/errors/hub-error';


export class SubsidyRunService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: SettlementRuleService,
  ) {}

  /**
   * Opens the county's run for the quarter, or returns the one there is. Its window follows the
   * county's settlement rule at the time and is kept with the run (a later rule changes nothing).
   */
  async open(countyCode: string, quarterText: string, requestedBy: string): Promise<SubsidyRunRecord> {
    const quarter = formatQuarter(parseQuarter(quarterText));
    const window = await this.rules.windowFor(countyCode, quarter);
    await this.dataSource.query(
      `INSERT INTO funds.subsidy_runs (county_code, quarter, window_start, window_end, status, requested_by)
       VALUES ($1, $2, $3, $4, 'COMPUTING', $5) ON CONFLICT (county_code, quarter) DO NOTHING`,
      [countyCode, quarter, window.start, window.end, requestedBy],
    );
    return this.dataSource.getRepository(SubsidyRunRecord).findOneByOrFail({ countyCode, quarter });
  }

  /**
   * Computes the run's lines from the facts the job streams in, and freezes the run, in one
   * transaction: a crash leaves nothing half-written and the job simply runs again. `stage`
   * fills the staging tables (it is given a COPY FROM STDIN writable per table).
   */
  async compute(run: SubsidyRunRecord, stage: (into: (kind: 'loans' | 'payments') => Writable) => Promise<void>, beforeCommit: () => void = () => undefined): Promise<SubsidyRunRecord> {
    if (run.status === 'COMPUTED') return run;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // A county's quarter is sorted and joined in memory rather than spilled to disk (4 MB default).
      await runner.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
      await createFactStaging(runner);
      const client = pgClientOf(runner);
      await stage((kind) =>
        client.query(copyFrom(kind === 'loans' ? `COPY subsidy_fact_loans (${LOAN_FACT_COLUMNS.join(', ')}) FROM STDIN` : `COPY subsidy_fact_payments (${PAYMENT_FACT_COLUMNS.join(', ')}) FROM STDIN`)),
      );
      await computeLinesFromStaging(runner, run);
      beforeCommit();
      await this.finishWithin(runner, run.id);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    // A quarter adds a county's worth of lines at once; the batches are planned over them next.
    await this.dataSource.query('ANALYZE funds.subsidy_lines');
    return this.dataSource.getRepository(SubsidyRunRecord).findOneByOrFail({ id: run.id });
  }

  /** Freezes the run with totals that are exactly the sum of its lines. */
  private async finishWithin(runner: QueryRunner, runId: string): Promise<void> {
    await runner.query(
      `UPDATE funds.subsidy_runs r SET status = 'COMPUTED', computed_at = now(), line_count = t.n, total_interest = t.interest, total_subsidy = t.subsidy
       FROM (SELECT count(*)::int AS n, coalesce(sum(interest_paid), 0) AS interest, coalesce(sum(subsidy), 0) AS subsidy FROM funds.subsidy_lines WHERE run_id = $1) t
       WHERE r.id = $1 AND r.status = 'COMPUTING'`,
      [runId],
    );
  }

  /** The county's run for the quarter, if it was opened (no access check: for the jobs). */
  async find(countyCode: string, quarter: string): Promise<SubsidyRunRecord | null> {
    return this.dataSource.getRepository(SubsidyRunRecord).findOneBy({ countyCode, quarter: formatQuarter(parseQuarter(quarter)) });
  }

  /** Finance and bureaus of the county, and admins, see its runs. */
  async run(caller: Caller, countyCode: string, quarter: string): Promise<SubsidyRunRecord | null> {
    assertCountyReader(caller, countyCode);
    return this.find(countyCode, quarter);
  }

  /** A run's lines in loan order, keyset on the line id. */
  async lines(runId: string, size: number, afterId: string | null, onlyPayable: boolean): Promise<SubsidyLineRecord[]> {
    const query = this.dataSource.getRepository(SubsidyLineRecord).createQueryBuilder('l').where('l.runId = :runId', { runId });
    if (afterId) query.andWhere('l.id > :afterId', { afterId });
    if (onlyPayable) query.andWhere('l.subsidy > 0');
    return query.orderBy('l.id', 'ASC').limit(size + 1).getMany();
  }
}

function assertCountyReader(caller: Caller, countyCode: string): void {
  if (isCountyOfficial(caller, countyCode)) return;
  throw forbidden(`the subsidy of county ${countyCode} is shown to its finance bureau, its bureau and admins`);
}
