/**
 * A worker for a test hub: the hub's real job families (queues/src/hub-jobs.ts) on its queue
 * backend (Redis when REDIS_URL is set, else PostgreSQL), quiet unless the test keeps its lines.
 */
import { createLogger, type Logger } from '../../common/logger';
import { createQueueBackend } from '../../common/queue/backend';
import type { TestHub } from '../../demo/test-hub';
import { createHubJobs, type JobFamily } from '../../queues/src/hub-jobs';
import { startWorker, type RunningWorker } from '../../queues/src/worker';

export function startTestWorker(hub: TestHub, families: readonly JobFamily[], options: { logger?: Logger; jobLockMs?: number } = {}): Promise<RunningWorker> {
  const logger = options.logger ?? createLogger({ service: 'worker' }, 'warn', () => undefined);
  return startWorker(createQueueBackend({ redisUrl: hub.config.redisUrl, databaseUrl: hub.databaseUrl, namespace: hub.config.queueNamespace }), logger, {
    jobLockMs: options.jobLockMs,
    jobs: (queue) => createHubJobs({ config: hub.config, logger, apps: hub.apps, queue }, families),
  });
}
