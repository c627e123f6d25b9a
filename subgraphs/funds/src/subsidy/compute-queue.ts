/**
 * Queuing `compute-quarterly-subsidy {countyCode, quarter}`: the finance bureau's compute and
 * recompute mutations do it after the run is opened (the facts come from the loans side, which
 * only the worker's job brings to the funds side); the daily scheduler does it again for a run
 * left COMPUTING. One job id per run revision: the first is the scheduler's own id, so the two
 * never compute a quarter twice; a recomputation is a new revision and so a new job.
 */
import type { HubConfig } from '../../../../common/config';
import type { Logger } from '../../../../common/logger';
import { addWithConfiguredQueue, type HubQueue } from '../../../../common/queue/backend';
import { retryOf } from '../../../../common/queue/job-options';
import { JOBS, QUEUES } from '../../../../common/queue/names';
import type { SubsidyRunRecord } from './subsidy-run.entity';

export type ComputeEnqueuer = (run: Pick<SubsidyRunRecord, 'countyCode' | 'quarter' | 'revision'>) => Promise<void>;

/** The compute job's id for a run revision. */
export function computeJobId(countyCode: string, quarter: string, revision: number): string {
  return revision <= 1 ? `compute-quarterly-subsidy-${countyCode}-${quarter}` : `compute-quarterly-subsidy-${countyCode}-${quarter}-r${revision}`;
}

export async function enqueueSubsidyCompute(
  queue: HubQueue<typeof QUEUES.subsidy>,
  run: Pick<SubsidyRunRecord, 'countyCode' | 'quarter' | 'revision'>,
): Promise<void> {
  await queue.add(
    JOBS.computeQuarterlySubsidy,
    { countyCode: run.countyCode, quarter: run.quarter },
    {
      jobId: computeJobId(run.countyCode, run.quarter, run.revision),
      ...retryOf(JOBS.computeQuarterlySubsidy),
      // A step that used up its attempts is removed, so that the scheduler may queue it again.
      removeOnComplete: 100,
      removeOnFail: true,
    },
  );
}

/** The subgraph's enqueuer: a request now and then, so each opens the queue, adds the job and closes it. */
export function computeEnqueuerFromConfig(config: HubConfig, logger: Logger): ComputeEnqueuer {
  return async (run) => {
    if (!(await addWithConfiguredQueue(config, QUEUES.subsidy, (queue) => enqueueSubsidyCompute(queue, run)))) {
      logger.warn('no queue backend configured: the subsidy run waits for the worker’s daily scheduler', {
        county: run.countyCode,
        quarter: run.quarter,
        revision: run.revision,
      });
    }
  };
}
