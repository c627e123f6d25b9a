/**
 * The jobs that move data between the hub and the banks:
 *
 *   dispatch-beneficiary-lists (scheduled)  roster outbox → planned deliveries → one push job per bank
 *   push-beneficiary-list (per bank)        open deliveries, in sequence, over the bank connector
 *   record-delivered-list (per delivery)    what the bank acknowledged → the loans side's list record
 *   pull-loan-status (scheduled per bank)   loan records since the cursor → loans, page by page
 *
 * Each bank is reached where the bank registry says (bank-endpoints.ts: its connectorUrl and
 * the secret its credentialRef names, else BANK_CONNECTOR_URL_TEMPLATE and BANK_CONNECTOR_TOKEN);
 * a bank that cannot be reached so (no URL either way, a credential the hub cannot resolve) is
 * logged and left alone: its deliveries wait, nothing is attempted. The pull schedulers follow
 * the registry: one per active bank with a connector, added or removed on each dispatch tick.
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
import { registryEndpoints } from '../bank-connector/bank-endpoints';
import type { JobSet, QueueOf, Scheduler } from '../job-set';
import { pullLoanRecords } from './pull-loan-records';
import { shanghaiDate } from '../../../common/domain/calendar-date';

export interface BankJobDependencies {
  config: HubConfig;
  /** Where credentialRefs are read (the worker's process.env). */
  env?: Readonly<Record<string, string | undefined>>;
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
  const fallback = { urlTemplate: config.banks.connectorUrlTemplate, token: config.banks.connectorToken };
  const connector = new BankConnectorClient({
    endpoints: registryEndpoints(deps.loans.banks, fallback, deps.env ?? process.env),
    timeoutMs: config.banks.timeoutMs,
  });
  const { listDeliveryPlanner: planner, listDeliverySender: sender, listDeliveries: deliveries } = deps.households;
  const { bankLists: lists, ingest } = deps.loans;
  const listQueue = deps.queue(QUEUES.beneficiaryLists);
  const recordQueue = deps.queue(QUEUES.loanRecords);
  /** The last reason each bank could not be reached, so it is logged when it changes, not on every tick. */
  const unreachable = new Map<string, string>();

  /** Where the bank is reached now; null (logged as an error once per reason) when it cannot be. */
  async function reachable(bankCode: string): Promise<boolean> {
    const resolution = await connector.resolve(bankCode);
    if (resolution.ok) {
      if (unreachable.delete(bankCode)) logger.info('bank connector reachable again', { bank: bankCode, url: resolution.endpoint.baseUrl });
      return true;
    }
    if (unreachable.get(bankCode) !== resolution.reason)
      logger.error('bank connector not usable: nothing is sent to or pulled from this bank', { bank: bankCode, reason: resolution.reason });
    unreachable.set(bankCode, resolution.reason);
    return false;
  }

  async function dispatch(): Promise<JobResult<typeof JOBS.dispatchBeneficiaryLists>> {
    const planned = await planner.planPending(shanghaiDate(new Date()));
    const pushing: string[] = [];
    for (const bankCode of await deliveries.banksWithOpenDeliveries()) {
      if (!(await reachable(bankCode))) continue;
      await enqueuePush(bankCode);
      pushing.push(bankCode);
    }
    await syncPullSchedulers();
    return { planned: planned.length, pushing };
  }

  /** The pull schedulers this worker has registered or found (by bank). */
  const pulling = new Set<string>();

  function pullScheduler(code: string): Scheduler {
    return {
      id: pullSchedulerId(code),
      repeat: { every: config.banks.loanPullEveryMs },
      template: { name: JOBS.pullLoanStatus, data: { bankCode: code }, opts: { ...retryOf(JOBS.pullLoanStatus), removeOnComplete: 20, removeOnFail: 50 } },
    };
  }

  /** Banks to pull: registered, not retired, with a connector URL (their own, or the template's). */
  async function banksToPull(): Promise<{ wanted: string[]; unwanted: string[] }> {
    const wanted: string[] = [];
    const unwanted: string[] = [];
    for (const bank of await deps.loans.banks.all()) {
      if (!bank.retiredAt && (bank.connectorUrl || config.banks.connectorUrlTemplate)) wanted.push(bank.code);
      else unwanted.push(bank.code);
    }
    return { wanted, unwanted };
  }

  /** A bank registered since gets its scheduler; one retired (or left without a connector) loses it. */
  async function syncPullSchedulers(): Promise<void> {
    const { wanted, unwanted } = await banksToPull();
    for (const code of wanted) {
      if (pulling.has(code)) continue;
      const scheduler = pullScheduler(code);
      await recordQueue.upsertJobScheduler(scheduler.id, scheduler.repeat, scheduler.template as never);
      pulling.add(code);
      logger.info('loan pull scheduled for a bank of the registry', { bank: code, every: config.banks.loanPullEveryMs });
    }
    for (const code of unwanted) {
      if (!pulling.has(code)) continue;
      await recordQueue.removeJobScheduler(pullSchedulerId(code));
      pulling.delete(code);
      logger.info('loan pull unscheduled: the bank is retired or has no connector', { bank: code });
    }
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
    const { bankCode } = job.data;
    if (!(await reachable(bankCode))) return { skipped: unreachable.get(bankCode) ?? 'bank connector not usable' };
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
    const { bankCode } = job.data;
    if (!(await reachable(bankCode))) return { skipped: unreachable.get(bankCode) ?? 'bank connector not usable' };
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
  // At start: a scheduler per bank to pull; one left by an earlier run for a bank retired meanwhile is removed.
  const { wanted, unwanted } = await banksToPull();
  for (const code of wanted) {
    schedulers.push(pullScheduler(code));
    pulling.add(code);
  }
  for (const code of unwanted) await recordQueue.removeJobScheduler(pullSchedulerId(code));

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
