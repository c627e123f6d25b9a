/**
 * Queuing `record-bank-directory` after a change of the bank registry committed, so the households
 * and funds sides learn it within a moment; the worker's scheduler runs the same job every few
 * seconds anyway (a change whose enqueue was lost, a queue that was down). The jobId names the
 * revision, so a second add while it waits is a no-op; the job is idempotent besides.
 */
import type { HubConfig } from '../../../../common/config';
import type { Logger } from '../../../../common/logger';
import { addWithConfiguredQueue } from '../../../../common/queue/backend';
import { retryOf } from '../../../../common/queue/job-options';
import { JOBS, QUEUES } from '../../../../common/queue/names';
import type { BankRegistryChanged } from './bank.service';

export function bankDirectoryEnqueuerFromConfig(config: HubConfig, logger: Logger): BankRegistryChanged {
  return async (bankCode, revision) => {
    try {
      const queued = await addWithConfiguredQueue(config, QUEUES.platform, async (queue) => {
        await queue.add(
          JOBS.recordBankDirectory,
          {},
          { jobId: `record-bank-directory-r${revision}`, ...retryOf(JOBS.recordBankDirectory), removeOnComplete: true, removeOnFail: true },
        );
      });
      if (!queued) logger.debug('no queue backend configured: the bank directory waits for the worker’s scheduler', { bank: bankCode, revision });
    } catch (error) {
      logger.warn('could not queue record-bank-directory; the worker’s scheduler will copy the change', { bank: bankCode, revision, error });
    }
  };
}
