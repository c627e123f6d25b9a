/**
 * Every job's payload and result, by job name, and the queue it runs on: the one map that types
 * producers (`queue.add`, job schedulers, dispatchers, relays) and the worker's handlers. A job
 * added with the wrong payload, or a handler returning the wrong result, fails `tsc`.
 *
 * Payloads carry ids and business keys (the worker loads current state); results are what a
 * handler reports, kept on the completed job. Attempts and backoff are in job-options.ts.
 */
import type { Job } from 'bullmq';
import type { DeliveredList } from '../../contracts/bank-connector/delivered-list';
import {
  BankJobData,
  JOBS,
  JobName,
  OneCardImportJobData,
  PayoutJobData,
  QUEUES,
  QueueName,
  ReconcileJobData,
  ReevaluationJobData,
  SubsidyJobData,
  WorkerHeartbeatData,
  WorkerHeartbeatResult,
} from './names';

/** A scheduled job's payload: it carries nothing, the handler finds its work. */
export type NoData = Record<string, never>;

/** What a job that needs the bank connector reports when none is configured. */
export interface Skipped {
  skipped: string;
}

/** One pull of a bank's loan-record feed, page after page. */
export interface PullTotals {
  pages: number;
  received: number;
  applied: number;
  duplicates: number;
  rejected: number;
  rejectionCodes: string[];
}

/** A push of one bank's open list deliveries (the households side's SendOutcome). */
export interface ListPushResult {
  sent: number;
  /** Why the loop stopped early: a parked delivery, or another sender holds the bank. */
  blockedBy: { sequence: number; status: string } | 'busy' | null;
}

/** Payload and result of every job. */
export interface JobTypes {
  [JOBS.recordWorkerHeartbeat]: { data: WorkerHeartbeatData; result: WorkerHeartbeatResult };
  [JOBS.dispatchBeneficiaryLists]: { data: NoData; result: { planned: number; pushing: string[] } };
  [JOBS.pushBeneficiaryList]: { data: BankJobData; result: ListPushResult | Skipped };
  /** The one payload that is not ids only: the loans side may not read the households side's tables, so what the bank acknowledged travels here (hashes, no clear personal data). */
  [JOBS.recordDeliveredList]: {
    data: DeliveredList;
    result: { bank: string; sequence: number; outcome: 'recorded' | 'already-recorded' | 'recorded-bank-retired' };
  };
  [JOBS.pullLoanStatus]: { data: BankJobData; result: PullTotals | Skipped };
  [JOBS.scheduleQuarterlySubsidy]: { data: NoData; result: { queued: string[] } };
  [JOBS.computeQuarterlySubsidy]: { data: SubsidyJobData; result: { run: string; lines: number; subsidy: string } };
  [JOBS.preparePayoutBatches]: { data: SubsidyJobData; result: { created: number; waiting: number } };
  [JOBS.dispatchPayoutBatches]: { data: NoData; result: { batches: number } | (Skipped & { ledgerEntriesRepaired: number }) };
  [JOBS.sendPayoutBatch]: { data: PayoutJobData; result: { status: string; paid: string; failed: string } | Skipped };
  [JOBS.reconcileSubsidyQuarter]: { data: ReconcileJobData; result: { waitingFor: number } | Skipped | { balanced: boolean; differences: number } };
  [JOBS.assessRiskFunds]: { data: NoData; result: { assessed: number; alerts: number; countiesWithoutRules: string[] } };
  [JOBS.verifyRiskFundClaims]: { data: NoData; result: { checked: number; loansMarkedCompensated: number } };
  [JOBS.assessLendingRewards]: { data: NoData; result: { assessed: number } };
  [JOBS.computeMonthlyStatistics]: { data: NoData; result: { month: string; rows: number } };
  [JOBS.matchOneCardImport]: { data: OneCardImportJobData; result: { imports: { id: string; status: string; applied: number }[] } };
  [JOBS.dispatchOneCardImports]: { data: NoData; result: { queued: number } };
  [JOBS.recordHouseholdDirectory]: { data: NoData; result: { read: number; recorded: number } };
  [JOBS.reevaluateLoans]: { data: ReevaluationJobData; result: { status: string; checked: number; changed: number } };
  [JOBS.dispatchLoanReevaluations]: { data: NoData; result: { queued: number } };
  [JOBS.recordBankDirectory]: { data: NoData; result: { read: number; households: number; funds: number; revision: string } };
}

/** The queue each job runs on. */
export const JOB_QUEUE = {
  [JOBS.recordWorkerHeartbeat]: QUEUES.platform,
  [JOBS.dispatchBeneficiaryLists]: QUEUES.beneficiaryLists,
  [JOBS.pushBeneficiaryList]: QUEUES.beneficiaryLists,
  [JOBS.recordDeliveredList]: QUEUES.loanRecords,
  [JOBS.pullLoanStatus]: QUEUES.loanRecords,
  [JOBS.scheduleQuarterlySubsidy]: QUEUES.subsidy,
  [JOBS.computeQuarterlySubsidy]: QUEUES.subsidy,
  [JOBS.preparePayoutBatches]: QUEUES.subsidy,
  [JOBS.dispatchPayoutBatches]: QUEUES.subsidy,
  [JOBS.sendPayoutBatch]: QUEUES.subsidy,
  [JOBS.reconcileSubsidyQuarter]: QUEUES.subsidy,
  [JOBS.assessRiskFunds]: QUEUES.riskFunds,
  [JOBS.verifyRiskFundClaims]: QUEUES.riskFunds,
  [JOBS.assessLendingRewards]: QUEUES.riskFunds,
  [JOBS.computeMonthlyStatistics]: QUEUES.monitoring,
  [JOBS.matchOneCardImport]: QUEUES.oneCardAccounts,
  [JOBS.dispatchOneCardImports]: QUEUES.oneCardAccounts,
  [JOBS.recordHouseholdDirectory]: QUEUES.oneCardAccounts,
  [JOBS.reevaluateLoans]: QUEUES.loanRecords,
  [JOBS.dispatchLoanReevaluations]: QUEUES.loanRecords,
  [JOBS.recordBankDirectory]: QUEUES.platform,
} as const satisfies { [N in JobName]: QueueName };

// Every job has its types and every typed job is a job (fails to compile if the two lists drift).
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const everyJobTyped: Exactly<keyof JobTypes, JobName> = true;
void everyJobTyped;

export type JobData<N extends JobName> = JobTypes[N]['data'];
export type JobResult<N extends JobName> = JobTypes[N]['result'];
/** The jobs that run on queue Q. */
export type JobNameOf<Q extends QueueName> = { [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never }[JobName];
/** A job as its handler receives it. */
export type HubJob<N extends JobName> = Job<JobData<N>, JobResult<N>, N>;
/** Any job of queue Q, discriminated by its name. */
export type AnyJobOf<Q extends QueueName> = { [N in JobNameOf<Q>]: HubJob<N> }[JobNameOf<Q>];

/** What a field of a payload must be; `object?` is an object or null. */
type FieldKind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'object?';

/**
 * The shape of every payload, field by field (its type lists every field of the payload, so the
 * two cannot drift): the worker refuses a malformed payload before any handler sees it.
 */
const JOB_PAYLOAD_FIELDS: { [N in JobName]: { [K in keyof JobData<N>]-?: FieldKind } } = {
  [JOBS.recordWorkerHeartbeat]: {},
  [JOBS.dispatchBeneficiaryLists]: {},
  [JOBS.pushBeneficiaryList]: { bankCode: 'string' },
  [JOBS.recordDeliveredList]: { bankCode: 'string', sequence: 'number', effectiveDate: 'string', snapshot: 'object?', members: 'array' },
  [JOBS.pullLoanStatus]: { bankCode: 'string' },
  [JOBS.scheduleQuarterlySubsidy]: {},
  [JOBS.computeQuarterlySubsidy]: { countyCode: 'string', quarter: 'string' },
  [JOBS.preparePayoutBatches]: { countyCode: 'string', quarter: 'string' },
  [JOBS.dispatchPayoutBatches]: {},
  [JOBS.sendPayoutBatch]: { batchId: 'string' },
  [JOBS.reconcileSubsidyQuarter]: { countyCode: 'string', quarter: 'string', batchId: 'string' },
  [JOBS.assessRiskFunds]: {},
  [JOBS.verifyRiskFundClaims]: {},
  [JOBS.assessLendingRewards]: {},
  [JOBS.computeMonthlyStatistics]: {},
  [JOBS.matchOneCardImport]: { importId: 'string' },
  [JOBS.dispatchOneCardImports]: {},
  [JOBS.recordHouseholdDirectory]: {},
  [JOBS.reevaluateLoans]: { reevaluationId: 'string' },
  [JOBS.dispatchLoanReevaluations]: {},
  [JOBS.recordBankDirectory]: {},
};

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOB_QUEUE, name);
}

/** Why `data` is not a payload of job `name`, or null when it is one. */
export function payloadProblem(name: JobName, data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `the payload of ${name} is not an object`;
  const fields: Record<string, FieldKind> = JOB_PAYLOAD_FIELDS[name];
  for (const [field, kind] of Object.entries(fields)) {
    const value = (data as Record<string, unknown>)[field];
    const ok =
      kind === 'array'
        ? Array.isArray(value)
        : kind === 'object'
          ? typeof value === 'object' && value !== null && !Array.isArray(value)
          : kind === 'object?'
            ? value === null || (typeof value === 'object' && !Array.isArray(value))
            : kind === 'string'
              ? typeof value === 'string' && value.length > 0
              : typeof value === kind;
    if (!ok)
      return `the payload of ${name} has no valid ${field} (${kind === 'string' ? 'a non-empty string' : kind === 'object?' ? 'an object or null' : `a${kind === 'array' || kind === 'object' ? 'n' : ''} ${kind}`} expected, got ${JSON.stringify(value) ?? 'nothing'})`;
  }
  return null;
}
