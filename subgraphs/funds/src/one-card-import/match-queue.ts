/**
 * Queuing `match-one-card-import {importId}`: the upload endpoint does it after its transaction
 * commits; the worker's dispatch-one-card-imports does it again for any import left pending (a
 * crash between commit and enqueue, a job that failed every attempt). The job is idempotent.
 */
import type { HubConfig } from '../../../../common/config';
import type { Logger } from '../../../../common/logger';
import { addWithConfiguredQueue, type HubQueue } from '../../../../common/queue/backend';
import { retryOf } from '../../../../common/queue/job-options';
import { JOBS, QUEUES } from '../../../../common/queue/names';

export type MatchEnqueuer = (importId: string) => Promise<void>;

export async function enqueueMatch(queue: HubQueue<typeof QUEUES.oneCardAccounts>, importId: string): Promise<void> {
  await queue.add(
    JOBS.matchOneCardImport,
    { importId },
    {
      jobId: `match-one-card-import-${importId}`,
      ...retryOf(JOBS.matchOneCardImport),
      // Gone once done either way, so that the dispatcher may queue a failed import again.
      removeOnComplete: true,
      removeOnFail: true,
    },
  );
}

/**
 * The subgraph's enqueuer: uploads are rare (a file per county now and then), so each opens the
 * queue, adds the job and closes it again; no connection outlives the request. Without any queue
 * backend configured it does nothing and the worker's dispatcher picks the import up.
 */
export function matchEnqueuerFromConfig(config: HubConfig, logger: Logger): MatchEnqueuer {
  return async (importId) => {
    if (!(await addWithConfiguredQueue(config, QUEUES.oneCardAccounts, (queue) => enqueueMatch(queue, importId)))) {
      logger.warn('no queue backend configured: the 一卡通 import waits for the worker’s dispatcher', { import: importId });
    }
  };
}
