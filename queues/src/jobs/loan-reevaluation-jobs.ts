/**
 * Stored loans judged again after the policy data changed (loans side only):
 *
 *   reevaluate-loans {reevaluationId}   the loans a recorded policy version (its region, its days)
 *                                       or LPR fixings (every loan from the earliest) govern, page
 *                                       by page; progress { checked, changed, total } on the job
 *   dispatch-loan-reevaluations (every minute)  queues again any re-evaluation left unfinished
 *                                       whose heartbeat (start, or last page written) is over
 *                                       2 minutes old: a lost or failed job, not a long one
 *
 * The re-evaluation row is written in the transaction that records the version (the loans side's
 * outbox), and queued after it commits with the row's id as jobId; the job resumes after the
 * last page written, so running it twice changes nothing more.
 */
import type { Logger } from '../../../common/logger';
import { retryOf } from '../../../common/queue/job-options';
import type { HubJob, JobResult } from '../../../common/queue/job-types';
import { JOBS, QUEUES } from '../../../common/queue/names';
import { enqueueReevaluation, type LoansApp } from '../../../subgraphs/loans/src/loans.app';
import type { JobSet } from '../job-set';
import type { QueueOf } from '../job-set';

export const REEVALUATION_DISPATCH_EVERY_MS = 60_000;
/** A running re-evaluation writes a page (1,000 loans) in well under a second: two minutes without one is a lost job. */
const STUCK_AFTER_MS = 120_000;

export function createLoanReevaluationJobs(deps: { logger: Logger; loans: LoansApp; queue: QueueOf }): JobSet {
  const queue = deps.queue(QUEUES.loanRecords);

  async function reevaluate(job: HubJob<typeof JOBS.reevaluateLoans>): Promise<JobResult<typeof JOBS.reevaluateLoans>> {
    const done = await deps.loans.reevaluations.run(job.data.reevaluationId, (progress) => job.updateProgress(progress));
    if (!done) return { status: 'UNKNOWN', checked: 0, changed: 0 };
    deps.logger.info('stored loans judged again', {
      reevaluation: done.id,
      version: done.policyVersionId,
      lpr: done.lprEffectiveDate,
      checked: done.loansChecked,
      changed: done.loansChanged,
    });
    return { status: done.status, checked: done.loansChecked, changed: done.loansChanged };
  }

  async function dispatch(): Promise<JobResult<typeof JOBS.dispatchLoanReevaluations>> {
    const stuck = await deps.loans.reevaluations.unfinished(STUCK_AFTER_MS);
    for (const id of stuck) await enqueueReevaluation(queue, id);
    if (stuck.length) deps.logger.warn('re-evaluations of stored loans unfinished: queued again', { reevaluations: stuck.length });
    return { queued: stuck.length };
  }

  return {
    handlers: { [JOBS.reevaluateLoans]: reevaluate, [JOBS.dispatchLoanReevaluations]: dispatch },
    schedulers: [
      {
        id: 'dispatch-loan-reevaluations',
        repeat: { every: REEVALUATION_DISPATCH_EVERY_MS },
        template: {
          name: JOBS.dispatchLoanReevaluations,
          data: {},
          opts: { ...retryOf(JOBS.dispatchLoanReevaluations), removeOnComplete: 20, removeOnFail: 50 },
        },
      },
    ],
  };
}
