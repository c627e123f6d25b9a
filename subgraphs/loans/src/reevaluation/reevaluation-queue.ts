/**
 * Queuing `reevaluate-loans {reevaluationId}`: the policy-data service does it after the
 * transaction that recorded the version (or fixings) and the re-evaluation commits; the worker's
 * dispatch-loan-reevaluations does it again for any left unfinished (a crash between commit and
 * enqueue, a job that failed every attempt). The jobId is the re-evaluation's id, so a second add
 * while one is queued is a no-op; the job is idempotent besides.
 */
import type { HubConfig } from '../../../../common/config';
import type { Logger } from '../../../../common/logger';
import { addWithConfiguredQueue, type HubQueue } from '../../../../common/queue/backend';
import { retryOf } from '../../../../common/queue/job-options';
import { JOBS, QUEUES } from '../../../../common/queue/names';

export type ReevaluationEnqueuer = (reevaluationId: string) => Promise<void>;

export async function enqueueReevaluation(queue: HubQueue<typeof QUEUES.loanRecords>, reevaluationId: string): Promise<void> {
  await queue.add(
    JOBS.reevaluateLoans,
    { reevaluationId },
    {
      jobId: `reevaluate-loans-${reevaluationId}`,
      ...retryOf(JOBS.reevaluateLoans),
      // Gone once done either way, so that the dispatcher may queue an unfinished one again.
      removeOnComplete: true,
      removeOnFail: true,
    },
  );
}

/** Policy data changes are rare (a few a year): each opens the queue, adds the job and closes it. Without a queue backend the dispatcher picks it up. */
export function reevaluationEnqueuerFromConfig(config: HubConfig, logger: Logger): ReevaluationEnqueuer {
  return async (reevaluationId) => {
    if (!(await addWithConfiguredQueue(config, QUEUES.loanRecords, (queue) => enqueueReevaluation(queue, reevaluationId)))) {
      logger.warn('no queue backend configured: the re-evaluation waits for the worker’s dispatcher', { reevaluation: reevaluationId });
    }
  };
}
