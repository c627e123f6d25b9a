/**
 * Every queue and job type of the hub, in one place. Jobs are named `<verb>-<noun>`; payloads
 * carry ids and business keys only, workers load current state. Each job's payload, result and
 * queue: job-types.ts; its attempts and backoff: job-options.ts.
 */
export const QUEUES = {
  /** Housekeeping of the hub itself. */
  platform: 'platform',
  /** Roster outbox → per-bank list deliveries → bank connectors (households side). */
  beneficiaryLists: 'beneficiary-lists',
  /** What banks acknowledged and what they report back (loans side). */
  loanRecords: 'loan-records',
  /** The quarterly interest subsidy (funds side, fed by the loans side). */
  subsidy: 'subsidy',
  /** Risk-compensation funds: the daily assessment of each bank against its fund (funds side, fed by the loans side). */
  riskFunds: 'risk-funds',
  /** Monthly statistics for regulators (loans side, with the households side's roster counts). */
  monitoring: 'monitoring',
  /**
   * 一卡通 account files: staged rows matched to the roster's households (households side), then
   * applied (funds side); and the household → county pairs the funds side authorizes accounts by.
   */
  oneCardAccounts: 'one-card-accounts',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** Proves the scheduler → queue → worker loop is alive; its completion time is the worker's health. */
  recordWorkerHeartbeat: 'record-worker-heartbeat',
  /** Plans due roster outbox events into deliveries and queues a push for every bank with open ones. */
  dispatchBeneficiaryLists: 'dispatch-beneficiary-lists',
  /** Sends one bank's open deliveries in sequence, with retries and backoff; parks after the last attempt. */
  pushBeneficiaryList: 'push-beneficiary-list',
  /** Records an acknowledged delivery in the loans side's own copy of the bank's list. */
  recordDeliveredList: 'record-delivered-list',
  /** Pages through one bank's loan records since the saved cursor and applies them. */
  pullLoanStatus: 'pull-loan-status',
  /** The day after the quarter's settlement day: queues the computation of every county with interest settled. */
  scheduleQuarterlySubsidy: 'schedule-quarterly-subsidy',
  /** One county's quarter: the loans side's facts, page by page, into the funds side's subsidy lines. */
  computeQuarterlySubsidy: 'compute-quarterly-subsidy',
  /** After a quarter is computed: its DRAFT payout batches per issuing bank, for the finance bureau to approve. */
  preparePayoutBatches: 'prepare-payout-batches',
  /** Queues a send for every approved (or unanswered) payout batch. */
  dispatchPayoutBatches: 'dispatch-payout-batches',
  /** Sends one payout batch to its issuing bank and records the answer, line by line. */
  sendPayoutBatch: 'send-payout-batch',
  /** After a bank answered a batch: reconciles the quarter (computed, instructed, confirmed, ledger) and records it. */
  reconcileSubsidyQuarter: 'reconcile-subsidy-quarter',
  /** Daily: each bank's loans (loans side) against the county's fund (funds side): leverage, top-up due, NPL trigger; alerts. */
  assessRiskFunds: 'assess-risk-funds',
  /** Every minute: each filed risk-fund claim checked against the loans side and computed (funds side). */
  verifyRiskFundClaims: 'verify-risk-fund-claims',
  assessLendingRewards: 'assess-lending-rewards',
  /** The 1st of each month: the month just ended, per county and bank, for regulators. */
  computeMonthlyStatistics: 'compute-monthly-statistics',
  /** Matches a staged 一卡通 import's rows to the county's households by resident-ID hash and applies them in one funds transaction. */
  matchOneCardImport: 'match-one-card-import',
  /** Queues a match again for every 一卡通 import still pending after a while (lost or failed jobs). */
  dispatchOneCardImports: 'dispatch-one-card-imports',
  /** Copies the households created since the last run, with their county, into the funds side's household directory. */
  recordHouseholdDirectory: 'record-household-directory',
  /** After a policy version or LPR fixings were recorded: the stored loans they govern judged again, page by page, with progress. */
  reevaluateLoans: 'reevaluate-loans',
  /** Queues a re-evaluation again for every one still unfinished after a while (lost or failed jobs). */
  dispatchLoanReevaluations: 'dispatch-loan-reevaluations',
  /** Copies the bank registry's changes (loans side) into the households and funds sides' bank directories, ordered by registry revision. */
  recordBankDirectory: 'record-bank-directory',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export interface SubsidyJobData {
  countyCode: string;
  /** '2025Q3'. */
  quarter: string;
}

export interface OneCardImportJobData {
  importId: string;
}

export interface PayoutJobData {
  batchId: string;
}

export interface ReconcileJobData extends SubsidyJobData {
  /** The batch whose answer asked for this reconciliation (one job per answer). */
  batchId: string;
}

export interface ReevaluationJobData {
  reevaluationId: string;
}

export interface BankJobData {
  bankCode: string;
}

/** A heartbeat carries nothing: its completion time is the signal. */
export type WorkerHeartbeatData = Record<string, never>;

export interface WorkerHeartbeatResult {
  workerId: string;
  pid: number;
  processedAt: string;
}
