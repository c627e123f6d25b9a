/**
 * A worker for a test hub: the hub's real job families (queues/src/hub-jobs.ts) on its queue
 * backend (Redis when REDIS_URL is set, else PostgreSQL), quiet unless the test keeps its lines.
 */
import { createLogger, type Logger } from '../../common/logger';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import type { TestHub } from '../../demo/test-hub';
import { createHubJobs, type JobFamily } from '../../queues/src/hub-jobs';
import { startWorker, type RunningWorker } from '../../queues/src/worker';
import type { JobMetrics } from '../../queues/src/worker-metrics';

export function startTestWorker(
  hub: TestHub,
  families: readonly JobFamily[],
  options: { logger?: Logger; jobLockMs?: number; metrics?: JobMetrics } = {},
): Promise<RunningWorker> {
  const logger = options.logger ?? createLogger({ service: 'worker' }, 'warn', () => undefined);
  return startWorker(createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl)), logger, {
    jobLockMs: options.jobLockMs,
    metrics: options.metrics,
    jobs: (queue) => createHubJobs({ config: hub.config, logger, apps: hub.apps, queue }, families),
  });
}

/**
 * The settings of a test hub whose worker talks to a bank at `connectorUrl` (a simulator or a
 * stub): the fallback connector template and token, quick list dispatch and push retries, its own
 * queue namespace, and Redis when the run has it.
 */
export function bankConnectorSettings(connectorUrl: string, token: string, namespace: string, pushAttempts = 6): Record<string, string> {
  return {
    BANK_CONNECTOR_URL_TEMPLATE: connectorUrl.includes('{bank}') ? connectorUrl : `${connectorUrl}/banks/{bank}`,
    BANK_CONNECTOR_TOKEN: token,
    BANK_CONNECTOR_TIMEOUT_MS: '3000',
    LIST_DISPATCH_EVERY_MS: '300',
    LIST_PUSH_ATTEMPTS: String(pushAttempts),
    LIST_PUSH_BACKOFF_MS: '100',
    QUEUE_NAMESPACE: `${namespace}_${process.pid}`,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  };
}
