/**
 * Attempts and backoff of every job, in one place. A transient failure (network, database, a
 * bank's 5xx or timeout) is retried with exponential backoff: the n-th retry waits
 * delay × 2^(n-1). A rule failure is never retried: the worker throws it as BullMQ's
 * UnrecoverableError (queues/src/job-failure.ts), whatever attempts are left.
 *
 * Jobs that a scheduler runs every few seconds or every minute get one attempt: the next run is
 * their retry. A daily or monthly run is retried within the quarter of an hour instead of
 * waiting a day or a month.
 */
import type { HubConfig } from '../config';
import { JOBS, type JobName } from './names';

export interface RetryPolicy {
  attempts: number;
  backoff?: { type: 'exponential'; delay: number };
}

/** The sends to a bank connector take their policy from the configuration (LIST_PUSH_ATTEMPTS, LIST_PUSH_BACKOFF_MS). */
export type BankSendJob = typeof JOBS.pushBeneficiaryList | typeof JOBS.sendPayoutBatch;
export type BankRetrySettings = Pick<HubConfig['banks'], 'listPushAttempts' | 'listPushBackoffMs'>;

const exponential = (attempts: number, delay: number): RetryPolicy => ({ attempts, backoff: { type: 'exponential', delay } });
/** Scheduled often: the next run is the retry. */
const ONCE: RetryPolicy = { attempts: 1 };
/** Scheduled daily or monthly: 1, 2, 4, 8 minutes (15 in all). */
const RARE_SCHEDULED = exponential(5, 60_000);
/** A step of the quarterly subsidy: 10, 20, 40, 80 s. */
const SUBSIDY_STEP = exponential(5, 10_000);

const FIXED: { [N in Exclude<JobName, BankSendJob>]: RetryPolicy } = {
  // A heartbeat that fails is what the health check must see.
  [JOBS.recordWorkerHeartbeat]: ONCE,
  [JOBS.dispatchBeneficiaryLists]: ONCE,
  [JOBS.recordDeliveredList]: exponential(10, 1000),
  [JOBS.pullLoanStatus]: exponential(3, 5000),
  [JOBS.scheduleQuarterlySubsidy]: RARE_SCHEDULED,
  [JOBS.computeQuarterlySubsidy]: SUBSIDY_STEP,
  [JOBS.preparePayoutBatches]: SUBSIDY_STEP,
  [JOBS.dispatchPayoutBatches]: ONCE,
  [JOBS.reconcileSubsidyQuarter]: SUBSIDY_STEP,
  [JOBS.assessRiskFunds]: RARE_SCHEDULED,
  [JOBS.verifyRiskFundClaims]: ONCE,
  [JOBS.assessLendingRewards]: ONCE,
  [JOBS.computeMonthlyStatistics]: RARE_SCHEDULED,
  [JOBS.matchOneCardImport]: exponential(5, 5000),
  [JOBS.dispatchOneCardImports]: ONCE,
  [JOBS.recordHouseholdDirectory]: ONCE,
  // Resumes after the last page written: 5, 10, 20, 40 s.
  [JOBS.reevaluateLoans]: exponential(5, 5000),
  [JOBS.dispatchLoanReevaluations]: ONCE,
  // Scheduled every few seconds and idempotent: the next run does what a failed one did not.
  [JOBS.recordBankDirectory]: ONCE,
};

/** The attempts and backoff of a job (spread into its options where it is added or scheduled). */
export function retryOf(name: BankSendJob, banks: BankRetrySettings): RetryPolicy;
export function retryOf(name: Exclude<JobName, BankSendJob>): RetryPolicy;
export function retryOf(name: JobName, banks?: BankRetrySettings): RetryPolicy {
  if (name === JOBS.pushBeneficiaryList || name === JOBS.sendPayoutBatch) {
    // After the last attempt a list delivery is parked FAILED; a payout batch waits for the dispatcher's next round.
    return exponential(banks!.listPushAttempts, banks!.listPushBackoffMs);
  }
  return { ...FIXED[name] };
}
