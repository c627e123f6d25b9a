/**
 * The jobs that move data between the hub and the banks:
 *
 *   dispatch-beneficiary-lists (scheduled)  roster outbox → planned deliveries → one push job per bank
 *   push-beneficiary-list (per bank)        open deliveries, in sequence, over the bank connector
 *   record-delivered-list (per delivery)    what the bank acknowledged → the loans side's list record
 *   pull-loan-status (scheduled per bank)   loan records since the cursor → loans, page by page
 *
 * Each job's effect is guarded by the database (sequence and idempotency key per delivery,
 * (bank, sequence) per recorded list, (bank, contract, version) per loan record), so BullMQ's
 * at-least-once delivery never applies anything twice.
 */
import type { HubConfig } from '../../../common/config';
import type { Logger } from '../../../common/logger';
import { retryOf } from '../../../common/queue/job-options';
import type { HubJob, JobResult } from '../../../common/queue/job-types';
import { JOBS, QUEUES } from '../../../common/queue/names';
import type { HouseholdsApp } from '../../../subgraphs/households/src/households.app';
import type { LoansApp } from '../../../subgraphs/loans/src/loans.app';
import { BankConnectorClient } from '../bank-connector/bank-connector.client';
import type { JobSet, QueueOf, Scheduler } from '../job-set';
import { pullLoanRecords } from './pull-loan-records';
import { shanghaiDate } from '../../../common/domain/calendar-date';

export interface BankJobDependencies {
  config: HubConfig;
  logger: Logger;
  /** The households subgraph's services: only households code runs on its data source. */
  households: HouseholdsApp;
  /** The loans subgraph's services: only loans code runs on its data source. */
  loans: LoansApp;
  queue: QueueOf;
}

export const DISPATCH_SCHEDULER_ID = 'dispatch-beneficiary-lists';
export const pullSchedulerId = (bankCode: string) => `pull-loan-status-${bankCode}`;

export async function createBankJobs(deps: BankJobDependencies): Promise<JobSet> {
  const { config, logger } = deps;
  const connector = config.banks.connectorUrlTemplate
    ? new BankConnectorClient({ urlTemplate: config.banks.connectorUrlTemplate, token: config.banks.connectorToken, timeoutMs: config.banks.timeoutMs })
    : null;
  const { listDeliveryPlanner: planner, listDeliverySender: sender, listDeliveries: deliveries } = deps.households;
  const { bankLists: lists, ingest } = deps.loans;
  const listQueue = deps.queue(QUEUES.beneficiaryLists);
  const recordQueue = deps.queue(QUEUES.loanRecords);

  async function dispatch(): Promise<JobResult<typeof JOBS.dispatchBeneficiaryLists>> {
    const planned = await planner.planPending(shanghaiDate(new Date()));
    if (!connector) {
      if (planned.length) logger.warn('list deliveries planned but BANK_CONNECTOR_URL_TEMPLATE is not set: nothing is sent', { events: planned.length });
      return { planned: planned.length, pushing: [] };
    }
    const banks = await deliveries.banksWithOpenDeliveries();
    for (const bankCode of banks) await enqueuePush(bankCode);
    return { planned: planned.length, pushing: banks };
  }

  async function enqueuePush(bankCode: string): Promise<void> {
    // One push job per bank at a time (the job id); the sender's advisory lock covers the rest.
    await listQueue.add(
      JOBS.pushBeneficiaryList,
      { bankCode },
      {
        jobId: `push-beneficiary-list-${bankCode}`,
        ...retryOf(JOBS.pushBeneficiaryList, config.banks),
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  async function push(job: HubJob<typeof JOBS.pushBeneficiaryList>): Promise<JobResult<typeof JOBS.pushBeneficiaryList>> {
    if (!connector) return { skipped: 'no bank connector configured' };
    const { bankCode } = job.data;
    // The delivery is parked FAILED on the job's last attempt (and at once on a PermanentDeliveryError).
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await sender.sendOpen(
      bankCode,
      (message, key) => connector.deliverList(bankCode, message, key),
      async (list) => {
        await recordQueue.add(JOBS.recordDeliveredList, list, {
          jobId: `record-delivered-list-${bankCode}-${list.sequence}`,
          ...retryOf(JOBS.recordDeliveredList),
          removeOnComplete: true,
        });
      },
      { finalAttempt },
    );
    if (outcome.blockedBy && outcome.blockedBy !== 'busy')
      logger.error('list delivery parked: later deliveries to this bank wait until it is replayed', { bank: bankCode, sequence: outcome.blockedBy.sequence });
    logger.info('list deliveries pushed', { bank: bankCode, sent: outcome.sent, attempt: job.attemptsMade + 1 });
    return outcome;
  }

  async function recordDelivered(job: HubJob<typeof JOBS.recordDeliveredList>): Promise<JobResult<typeof JOBS.recordDeliveredList>> {
    const outcome = await lists.recordDelivered(job.data);
    return { bank: job.data.bankCode, sequence: job.data.sequence, outcome };
  }

  async function pull(job: HubJob<typeof JOBS.pullLoanStatus>): Promise<JobResult<typeof JOBS.pullLoanStatus>> {
    if (!connector) return { skipped: 'no bank connector configured' };
    const { bankCode } = job.data;
    const totals = await pullLoanRecords(bankCode, { connector, ingest, pageSize: config.banks.loanPullPageSize }, (progress) =>
      job.updateProgress({ ...progress }),
    );
    if (totals.rejected) logger.warn('loan records rejected', { bank: bankCode, rejected: totals.rejected, codes: totals.rejectionCodes });
    logger.info('loan records pulled', { bank: bankCode, ...totals });
    return totals;
  }

  const schedulers: Scheduler[] = [
    {
      id: DISPATCH_SCHEDULER_ID,
      repeat: { every: config.banks.listDispatchEveryMs },
      template: { name: JOBS.dispatchBeneficiaryLists, data: {}, opts: { ...retryOf(JOBS.dispatchBeneficiaryLists), removeOnComplete: 20, removeOnFail: 50 } },
    },
  ];
  if (connector) {
    for (const { code } of await deps.loans.banks.all()) {
      schedulers.push({
        id: pullSchedulerId(code),
        repeat: { every: config.banks.loanPullEveryMs },
        template: { name: JOBS.pullLoanStatus, data: { bankCode: code }, opts: { ...retryOf(JOBS.pullLoanStatus), removeOnComplete: 20, removeOnFail: 50 } },
      });
    }
  }

  return {
    handlers: {
      [JOBS.dispatchBeneficiaryLists]: dispatch,
      [JOBS.pushBeneficiaryList]: push,
      [JOBS.recordDeliveredList]: recordDelivered,
      [JOBS.pullLoanStatus]: pull,
    },
    schedulers,
  };
}
