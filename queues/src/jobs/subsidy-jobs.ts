/**
 * The quarterly subsidy (reconciliation and exports come next):
 *
 *   schedule-quarterly-subsidy (the 21st of Mar/Jun/Sep/Dec, Asia/Shanghai)  → one job per county
 *   compute-quarterly-subsidy {countyCode, quarter}  loans facts, page by page → funds subsidy lines
 *   (the finance bureau prepares and approves the payout batches through GraphQL)
 *   dispatch-payout-batches (scheduled)  → send-payout-batch {batchId} → the issuing bank's connector
 *
 * The loans side's facts pass through the job; the funds side never reads the loans tables.
 * Lines are unique per (loan, quarter): a job run twice, or restarted after a crash, adds nothing twice.
 */
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../../common/logger';
import type { HubQueue } from '../../../common/queue/backend';
import type { HubConfig } from '../../../common/config';
import type { PiiProtector } from '../../../common/pii/protector';
import { JOBS, PayoutJobData, QUEUES, SubsidyJobData } from '../../../common/queue/names';
import { PayoutService } from '../../../subgraphs/funds/src/payout/payout.service';
import { BankConnectorClient } from '../bank-connector/bank-connector.client';
import { shanghaiDate } from '../../../subgraphs/households/src/list-delivery/list-delivery-planner';
import { SubsidyRunService } from '../../../subgraphs/funds/src/subsidy/subsidy-run.service';
import type { SubsidyRunRecord } from '../../../subgraphs/funds/src/subsidy/subsidy-run.entity';
import { PolicyDataService } from '../../../subgraphs/loans/src/policy-data/policy-data.service';
import { SubsidyFactsService } from '../../../subgraphs/loans/src/subsidy-facts/subsidy-facts.service';
import type { JobSet } from '../worker';

const PAGE = 1000;

export interface SubsidyJobDependencies {
  config: HubConfig;
  logger: Logger;
  pii: PiiProtector;
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
  const payouts = new PayoutService(deps.funds, deps.pii);
  const { config } = deps;
  const connector = config.banks.connectorUrlTemplate
    ? new BankConnectorClient({ urlTemplate: config.banks.connectorUrlTemplate, token: config.banks.connectorToken, timeoutMs: config.banks.timeoutMs })
    : null;

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

  // Approved batches go out on the next round; a batch that got no answer is tried again with the same key.
  async function dispatchPayouts() {
    const repaired = await payouts.postMissingLedgerEntries();
    if (!connector) return { skipped: 'no bank connector configured', ledgerEntriesRepaired: repaired };
    const batches = await payouts.batchesToSend();
    for (const batchId of batches) {
      await queue.add(JOBS.sendPayoutBatch, { batchId } satisfies PayoutJobData, {
        jobId: `send-payout-batch-${batchId}`,
        attempts: config.banks.listPushAttempts,
        backoff: { type: 'exponential', delay: config.banks.listPushBackoffMs },
        removeOnComplete: true,
        removeOnFail: true,
      });
    }
    return { batches: batches.length };
  }

  async function sendPayout(job: Job<PayoutJobData>) {
    if (!connector) return { skipped: 'no bank connector configured' };
    const batch = await payouts.send(job.data.batchId, (message, key) => connector.sendPayoutBatch(message.bankCode, message, key));
    deps.logger.info('payout batch answered', { batch: batch.id, bank: batch.bankCode, status: batch.status, paid: batch.paidAmount.toFixed(2), failed: batch.failedAmount.toFixed(2) });
    return { status: batch.status, paid: batch.paidAmount.toFixed(2), failed: batch.failedAmount.toFixed(2) };
  }

  async function compute(job: Job<SubsidyJobData>) {
    const { countyCode, quarter } = job.data;
    const run = await computeQuarterlySubsidy(deps, countyCode, quarter, 'scheduler', (progress) => job.updateProgress(progress));
    deps.logger.info('quarterly subsidy computed', { county: countyCode, quarter: run.quarter, lines: run.lineCount, subsidy: run.totalSubsidy.toFixed(2) });
    return { run: run.id, lines: run.lineCount, subsidy: run.totalSubsidy.toFixed(2) };
  }

  return {
    handlers: {
      [QUEUES.subsidy]: {
        [JOBS.scheduleQuarterlySubsidy]: schedule,
        [JOBS.computeQuarterlySubsidy]: compute,
        [JOBS.dispatchPayoutBatches]: dispatchPayouts,
        [JOBS.sendPayoutBatch]: sendPayout,
      },
    },
    schedulers: [
      {
        queue: QUEUES.subsidy,
        id: 'dispatch-payout-batches',
        repeat: { every: config.banks.listDispatchEveryMs },
        template: { name: JOBS.dispatchPayoutBatches, data: {}, opts: { removeOnComplete: 20, removeOnFail: 50 } },
      },
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
