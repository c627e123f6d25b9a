/**
 * The quarterly subsidy's computation (the first step of issue 5; batches, approval, payout and
 * reconciliation come next):
 *
 *   schedule-quarterly-subsidy (the 21st of Mar/Jun/Sep/Dec, Asia/Shanghai)  → one job per county
 *   compute-quarterly-subsidy {countyCode, quarter}  loans facts, page by page → funds subsidy lines
 *
 * The loans side's facts pass through the job; the funds side never reads the loans tables.
 * Lines are unique per (loan, quarter): a job run twice, or restarted after a crash, adds nothing twice.
 */
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../../common/logger';
import type { HubQueue } from '../../../common/queue/backend';
import { JOBS, QUEUES, SubsidyJobData } from '../../../common/queue/names';
import { shanghaiDate } from '../../../subgraphs/households/src/list-delivery/list-delivery-planner';
import { SubsidyRunService } from '../../../subgraphs/funds/src/subsidy/subsidy-run.service';
import type { SubsidyRunRecord } from '../../../subgraphs/funds/src/subsidy/subsidy-run.entity';
import { PolicyDataService } from '../../../subgraphs/loans/src/policy-data/policy-data.service';
import { SubsidyFactsService } from '../../../subgraphs/loans/src/subsidy-facts/subsidy-facts.service';
import type { JobSet } from '../worker';

const PAGE = 1000;

export interface SubsidyJobDependencies {
  logger: Logger;
  loans: DataSource;
  funds: DataSource;
  queue(name: string): HubQueue<unknown>;
}

/** Computes one county's quarter (used by the job and the CLI). */
export async function computeQuarterlySubsidy(
  deps: { loans: DataSource; funds: DataSource },
  countyCode: string,
  quarter: string,
  requestedBy: string,
  onPage: (progress: { loans: number; linesAdded: number }) => Promise<void> | void = () => undefined,
): Promise<SubsidyRunRecord> {
  const runs = new SubsidyRunService(deps.funds);
  const facts = new SubsidyFactsService(deps.loans, new PolicyDataService(deps.loans));
  const run = await runs.open(countyCode, quarter, requestedBy);
  if (run.status === 'COMPUTED') return run;
  const window = runs.window(run.quarter);
  let after: string | null = null;
  const progress = { loans: 0, linesAdded: 0 };
  for (;;) {
    const page = await facts.page(countyCode, window, after, PAGE);
    if (page.length === 0) break;
    progress.linesAdded += await runs.recordFacts(run, page);
    progress.loans += page.length;
    after = page[page.length - 1].loanId;
    await onPage(progress);
  }
  return runs.finish(run);
}

/** The quarter whose settlement day was the day before `today` (the scheduler runs on the 21st). */
export function quarterSettledBefore(today: string): string {
  const month = Number(today.slice(5, 7));
  return `${today.slice(0, 4)}Q${Math.ceil(month / 3)}`;
}

export function createSubsidyJobs(deps: SubsidyJobDependencies): JobSet {
  const queue = deps.queue(QUEUES.subsidy);
  const facts = new SubsidyFactsService(deps.loans, new PolicyDataService(deps.loans));
  const runs = new SubsidyRunService(deps.funds);

  async function schedule() {
    const quarter = quarterSettledBefore(shanghaiDate(new Date()));
    const counties = await facts.counties(runs.window(quarter));
    for (const countyCode of counties) {
      await queue.add(JOBS.computeQuarterlySubsidy, { countyCode, quarter } satisfies SubsidyJobData, {
        jobId: `compute-quarterly-subsidy-${countyCode}-${quarter}`,
        attempts: 5,
        backoff: { type: 'exponential', delay: 10_000 },
        removeOnComplete: 100,
        removeOnFail: 100,
      });
    }
    deps.logger.info('quarterly subsidy scheduled', { quarter, counties: counties.length });
    return { quarter, counties };
  }

  async function compute(job: Job<SubsidyJobData>) {
    const { countyCode, quarter } = job.data;
    const run = await computeQuarterlySubsidy(deps, countyCode, quarter, 'scheduler', (progress) => job.updateProgress(progress));
    deps.logger.info('quarterly subsidy computed', { county: countyCode, quarter: run.quarter, lines: run.lineCount, subsidy: run.totalSubsidy.toFixed(2) });
    return { run: run.id, lines: run.lineCount, subsidy: run.totalSubsidy.toFixed(2) };
  }

  return {
    handlers: { [QUEUES.subsidy]: { [JOBS.scheduleQuarterlySubsidy]: schedule, [JOBS.computeQuarterlySubsidy]: compute } },
    schedulers: [
      {
        queue: QUEUES.subsidy,
        id: 'quarterly-subsidy',
        // The day after banks settle interest (the 20th of the quarter's last month), China time.
        repeat: { pattern: '0 2 21 3,6,9,12 *', tz: 'Asia/Shanghai' },
        template: { name: JOBS.scheduleQuarterlySubsidy, data: {}, opts: { removeOnComplete: 20, removeOnFail: 50 } },
      },
    ],
  };
}
