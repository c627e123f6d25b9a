/**
 * The quarterly subsidy, step by step (each step a job, each safe to run again after a crash):
 *
 *   schedule-quarterly-subsidy (daily, Asia/Shanghai)  → one job per county whose settlement day has passed
 *   compute-quarterly-subsidy {countyCode, quarter}  loans facts, streamed → funds subsidy lines (set-based);
 *                                                    also queued by the finance bureau's compute and
 *                                                    recompute mutations (a recomputation: the next
 *                                                    revision of the run, its own job id)
 *   prepare-payout-batches {countyCode, quarter}     DRAFT batches per issuing bank; the finance
 *                                                    bureau is told, and approves through GraphQL
 *   dispatch-payout-batches (scheduled)  → send-payout-batch {batchId} → the issuing bank's connector,
 *                                          whose answer is recorded line by line
 *   reconcile-subsidy-quarter {countyCode, quarter, batchId}  once no sent batch awaits an answer
 *
 * The loans side's facts pass through the job; the funds side never reads the loans tables.
 * Lines are unique per (run, loan) and only a quarter's COMPUTED run is batched, one live instruction per line, one key per batch, notices
 * by key: a job run twice, or restarted after `kill -9`, adds nothing twice and pays nothing twice.
 */
import type { Logger } from '../../../common/logger';
import type { HubConfig } from '../../../common/config';
import { failpoint } from '../../../common/failpoints';
import { retryOf } from '../../../common/queue/job-options';
import type { HubJob, JobResult } from '../../../common/queue/job-types';
import { JOBS, QUEUES } from '../../../common/queue/names';
import { BankConnectorClient } from '../bank-connector/bank-connector.client';
import { registryEndpoints } from '../bank-connector/bank-endpoints';
import {
  enqueueSubsidyCompute,
  formatQuarter,
  parseQuarter,
  previousQuarter,
  quarterOfDate,
  settlementWindow,
  type FundsApp,
  type SubsidyRunRecord,
} from '../../../subgraphs/funds/src/funds.app';
import type { LoansApp } from '../../../subgraphs/loans/src/loans.app';
import type { JobSet, QueueOf } from '../job-set';
import { shanghaiDate } from '../../../common/domain/calendar-date';

export interface SubsidyJobDependencies {
  config: HubConfig;
  logger: Logger;
  loans: LoansApp;
  funds: FundsApp;
  queue: QueueOf;
}

/**
 * Computes one county's quarter (used by the job, the CLI and the benchmark): the loans side's
 * facts stream into the funds side's staging tables and the lines are computed there, set-based,
 * in one funds transaction. Refused (SUBSIDY_QUARTER_NOT_DUE) before the quarter's settlement day
 * has passed; a recomputation under way (the next revision) is the one computed; a computed
 * quarter is returned as it is.
 */
export async function computeQuarterlySubsidy(
  deps: { loans: LoansApp; funds: FundsApp },
  countyCode: string,
  quarter: string,
  requestedBy: string,
  onProgress: (step: 'facts') => Promise<void> | void = () => undefined,
): Promise<SubsidyRunRecord> {
  const runs = deps.funds.subsidyRuns;
  const facts = deps.loans.subsidyFacts;
  const run = await runs.open(countyCode, quarter, requestedBy);
  if (run.status === 'COMPUTED') return run;
  const window = { start: run.windowStart, end: run.windowEnd };
  return runs.compute(
    run,
    async (into) => {
      await facts.copyFacts({ countyCode, window }, into);
      await onProgress('facts');
    },
    () => failpoint('subsidy.compute.before-finish'),
  );
}

/** The quarters whose settlement may have passed by `today` (YYYY-MM-DD): the one before and this one. */
export function quartersToCheck(today: string): string[] {
  const current = quarterOfDate(today);
  return [formatQuarter(previousQuarter(current)), formatQuarter(current)];
}

export function createSubsidyJobs(deps: SubsidyJobDependencies): JobSet {
  const queue = deps.queue(QUEUES.subsidy);
  const facts = deps.loans.subsidyFacts;
  const { subsidyRuns: runs, settlementRules: rules, payouts, reconciliations, notices } = deps.funds;
  // A step that used up its attempts is removed: its job id stays free, so the daily schedule (or the
  // dispatcher) adds it again instead of finding the failed job and doing nothing. The failure is logged.
  const stepOptions = { removeOnComplete: 100, removeOnFail: true };
  const { config } = deps;
  // Each issuing bank where the registry says (its connectorUrl and credentialRef), else the URL template.
  const connector = new BankConnectorClient({
    endpoints: registryEndpoints(deps.loans.banks, { urlTemplate: config.banks.connectorUrlTemplate, token: config.banks.connectorToken }),
    timeoutMs: config.banks.timeoutMs,
  });
  /** Whether any bank can be reached at all: without the template, only banks registered with a connector URL. */
  const anyConnector = async () =>
    Boolean(config.banks.connectorUrlTemplate) || (await deps.loans.banks.all()).some((bank) => bank.connectorUrl !== null && bank.retiredAt === null);

  /**
   * Every day: each county whose quarter's settlement day (its region's rule, the 20th by default)
   * has passed and whose quarter is not computed yet gets a compute job (one per county and
   * quarter: the job id makes a second one a no-op).
   */
  async function schedule(): Promise<JobResult<typeof JOBS.scheduleQuarterlySubsidy>> {
    const today = shanghaiDate(new Date());
    const queued: string[] = [];
    for (const quarter of quartersToCheck(today)) {
      // Every settlement day a rule can name (1st–28th) falls in this span.
      const widest = {
        start: settlementWindow(parseQuarter(quarter), { settlementDay: 1 }).start,
        end: settlementWindow(parseQuarter(quarter), { settlementDay: 28 }).end,
      };
      for (const countyCode of await facts.counties(widest)) {
        // A recomputation under way whose job was lost is queued again too (its own job id).
        const run = await runs.current(countyCode, quarter);
        if (run?.status === 'COMPUTED') continue;
        const window = await rules.windowFor(countyCode, quarter);
        if (window.end >= today) continue;
        await enqueueSubsidyCompute(queue, { countyCode, quarter, revision: run?.revision ?? 1 });
        queued.push(`${countyCode} ${quarter}`);
      }
    }
    if (queued.length) deps.logger.info('quarterly subsidy scheduled', { queued });
    return { queued };
  }

  // Approved batches go out on the next round; a batch that got no answer is tried again with the same key.
  async function dispatchPayouts(): Promise<JobResult<typeof JOBS.dispatchPayoutBatches>> {
    const repaired = await payouts.postMissingLedgerEntries();
    if (!(await anyConnector())) return { skipped: 'no bank connector configured', ledgerEntriesRepaired: repaired };
    const batches = await payouts.batchesToSend();
    for (const batchId of batches) {
      await queue.add(
        JOBS.sendPayoutBatch,
        { batchId },
        {
          jobId: `send-payout-batch-${batchId}`,
          ...retryOf(JOBS.sendPayoutBatch, config.banks),
          removeOnComplete: true,
          removeOnFail: true,
        },
      );
    }
    return { batches: batches.length };
  }

  async function sendPayout(job: HubJob<typeof JOBS.sendPayoutBatch>): Promise<JobResult<typeof JOBS.sendPayoutBatch>> {
    const batch = await payouts.send(job.data.batchId, (message, key) => connector.sendPayoutBatch(message.bankCode, message, key));
    deps.logger.info('payout batch answered', {
      batch: batch.id,
      bank: batch.bankCode,
      status: batch.status,
      paid: batch.paidAmount.toFixed(2),
      failed: batch.failedAmount.toFixed(2),
    });
    if (batch.status === 'CLOSED') {
      // Also when this job runs again after a crash that followed the answer: both steps are keyed.
      const failed = batch.failedAmount.isZero() ? '' : `，退回 ${batch.failedAmount.toFixed(2)} 元`;
      await notices.notify({
        key: `answered-${batch.id}`,
        countyCode: batch.countyCode,
        quarter: batch.quarter,
        kind: 'BATCH_ANSWERED',
        zh: `${batch.quarter} 贴息批次（${batch.bankCode}，${batch.lineCount} 笔）银行已回复：到账 ${batch.paidAmount.toFixed(2)} 元${failed}`,
        en: `${batch.quarter} payout batch (${batch.bankCode}, ${batch.lineCount} lines) answered: paid ${batch.paidAmount.toFixed(2)}, failed ${batch.failedAmount.toFixed(2)}`,
      });
      await queue.add(
        JOBS.reconcileSubsidyQuarter,
        { countyCode: batch.countyCode, quarter: batch.quarter, batchId: batch.id },
        {
          jobId: `reconcile-subsidy-quarter-${batch.id}`,
          ...retryOf(JOBS.reconcileSubsidyQuarter),
          ...stepOptions,
        },
      );
    }
    return { status: batch.status, paid: batch.paidAmount.toFixed(2), failed: batch.failedAmount.toFixed(2) };
  }

  async function prepare(job: HubJob<typeof JOBS.preparePayoutBatches>): Promise<JobResult<typeof JOBS.preparePayoutBatches>> {
    const { countyCode, quarter } = job.data;
    const prepared = await payouts.prepareBatches(countyCode, quarter, 'scheduler');
    failpoint('subsidy.batch.after-prepare');
    // Told from what is stored, so a run after a crash (which creates no batch again) tells the same.
    const drafts = (await payouts.quarterSummary(countyCode, quarter)).find((s) => s.status === 'DRAFT');
    if (drafts) {
      const waiting = prepared.waiting.length ? `；另有 ${prepared.waiting.length} 笔因一卡通账户问题暂缓` : '';
      // A recomputed quarter's new batches are told again (its DRAFT batches before it were removed).
      const run = await runs.find(countyCode, quarter);
      await notices.notify({
        key: `await-approval-${countyCode}-${quarter}${run && run.revision > 1 ? `-r${run.revision}` : ''}`,
        countyCode,
        quarter,
        kind: 'BATCHES_AWAIT_APPROVAL',
        zh: `${quarter} 贴息待审批：${drafts.batches} 个批次，${drafts.lines} 笔，合计 ${drafts.amount.toFixed(2)} 元${waiting}`,
        en: `${quarter} subsidy awaits approval: ${drafts.batches} batches, ${drafts.lines} lines, ${drafts.amount.toFixed(2)} in total; ${prepared.waiting.length} lines wait for their 一卡通 account`,
      });
    }
    deps.logger.info('payout batches prepared', { county: countyCode, quarter, created: prepared.batches.length, waiting: prepared.waiting.length });
    return { created: prepared.batches.length, waiting: prepared.waiting.length };
  }

  async function reconcile(job: HubJob<typeof JOBS.reconcileSubsidyQuarter>): Promise<JobResult<typeof JOBS.reconcileSubsidyQuarter>> {
    const { countyCode, quarter } = job.data;
    // A quarter with batches still on their way is reconciled when the last of them is answered.
    const open = (await payouts.quarterSummary(countyCode, quarter)).filter((s) => s.status === 'APPROVED' || s.status === 'SENT');
    if (open.length) return { waitingFor: open.reduce((n, s) => n + s.batches, 0) };
    const result = await reconciliations.record(countyCode, quarter);
    if (!result) return { skipped: 'no subsidy computed' };
    const state = result.balanced ? 'balanced' : `${result.differences.length}-${result.confirmed.toFixed(2)}`;
    await notices.notify({
      key: `reconciled-${countyCode}-${quarter}-${state}`,
      countyCode,
      quarter,
      kind: 'QUARTER_RECONCILED',
      zh: result.balanced
        ? `${quarter} 贴息已对账平衡：应贴 ${result.computed.toFixed(2)} 元，全部到账`
        : `${quarter} 贴息对账：应贴 ${result.computed.toFixed(2)} 元，已到账 ${result.confirmed.toFixed(2)} 元，差异 ${result.differences.length} 笔`,
      en: result.balanced
        ? `${quarter} subsidy reconciled and balanced: ${result.computed.toFixed(2)} computed, all confirmed`
        : `${quarter} subsidy reconciled: ${result.computed.toFixed(2)} computed, ${result.confirmed.toFixed(2)} confirmed, ${result.differences.length} differences`,
    });
    deps.logger.info('subsidy quarter reconciled', { county: countyCode, quarter, balanced: result.balanced, differences: result.differences.length });
    return { balanced: result.balanced, differences: result.differences.length };
  }

  async function compute(job: HubJob<typeof JOBS.computeQuarterlySubsidy>): Promise<JobResult<typeof JOBS.computeQuarterlySubsidy>> {
    const { countyCode, quarter } = job.data;
    const run = await computeQuarterlySubsidy(deps, countyCode, quarter, 'scheduler', (step) => job.updateProgress({ step }));
    deps.logger.info('quarterly subsidy computed', {
      county: countyCode,
      quarter: run.quarter,
      revision: run.revision,
      status: run.status,
      lines: run.lineCount,
      subsidy: run.totalSubsidy.toFixed(2),
    });
    if (run.status === 'CORRECTION') {
      // Money was approved for the quarter: nothing of this run is paid; the next quarter's run carries its differences.
      await notices.notify({
        key: `corrected-${countyCode}-${run.quarter}-r${run.revision}`,
        countyCode,
        quarter: run.quarter,
        kind: 'QUARTER_COMPUTED',
        zh: `${run.quarter} 贴息已重算（第 ${run.revision} 次计算）：本季度已审批发放，差额将作为调整项计入下一季度贴息`,
        en: `${run.quarter} subsidy recomputed (revision ${run.revision}): its money was approved already, so the differences become adjustment lines of the next quarter's run`,
      });
      return { run: run.id, lines: run.lineCount, subsidy: run.totalSubsidy.toFixed(2) };
    }
    const revision = run.revision > 1 ? `-r${run.revision}` : '';
    await notices.notify({
      key: `computed-${countyCode}-${run.quarter}${revision}`,
      countyCode,
      quarter: run.quarter,
      kind: 'QUARTER_COMPUTED',
      zh: `${run.quarter} 贴息已计算：${run.lineCount} 笔贷款，应贴 ${run.totalSubsidy.toFixed(2)} 元（结息期 ${run.windowStart} 至 ${run.windowEnd}）`,
      en: `${run.quarter} subsidy computed: ${run.lineCount} loans, ${run.totalSubsidy.toFixed(2)} to pay (settlements ${run.windowStart} to ${run.windowEnd})`,
    });
    await queue.add(
      JOBS.preparePayoutBatches,
      { countyCode, quarter: run.quarter },
      { jobId: `prepare-payout-batches-${countyCode}-${run.quarter}${revision}`, ...retryOf(JOBS.preparePayoutBatches), ...stepOptions },
    );
    return { run: run.id, lines: run.lineCount, subsidy: run.totalSubsidy.toFixed(2) };
  }

  return {
    handlers: {
      [JOBS.scheduleQuarterlySubsidy]: schedule,
      [JOBS.computeQuarterlySubsidy]: compute,
      [JOBS.preparePayoutBatches]: prepare,
      [JOBS.reconcileSubsidyQuarter]: reconcile,
      [JOBS.dispatchPayoutBatches]: dispatchPayouts,
      [JOBS.sendPayoutBatch]: sendPayout,
    },
    schedulers: [
      {
        id: 'dispatch-payout-batches',
        repeat: { every: config.banks.listDispatchEveryMs },
        template: { name: JOBS.dispatchPayoutBatches, data: {}, opts: { ...retryOf(JOBS.dispatchPayoutBatches), removeOnComplete: 20, removeOnFail: 50 } },
      },
      {
        id: 'quarterly-subsidy',
        // Daily, China time: regions settle on different days; the job computes those that have.
        repeat: { pattern: '0 2 * * *', tz: 'Asia/Shanghai' },
        template: {
          name: JOBS.scheduleQuarterlySubsidy,
          data: {},
          opts: { ...retryOf(JOBS.scheduleQuarterlySubsidy), removeOnComplete: 20, removeOnFail: 50 },
        },
      },
    ],
  };
}
