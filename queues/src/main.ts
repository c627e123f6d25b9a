/**
 * npm run worker             run the job worker until SIGINT/SIGTERM (finishes running jobs first)
 * npm run worker -- --check  exit 0 if a heartbeat completed recently (container health check)
 */
import 'reflect-metadata';
import { config } from '../../common/config';
import { createLogger } from '../../common/logger';
import { runUntilSignalled } from '../../common/process-lifecycle';
import { createQueueBackend } from '../../common/queue/backend';
import { startWorker } from './worker';
import { isWorkerHealthy } from './worker-health';

const argv = process.argv.slice(2);
const settings = config();
const backendOptions = { redisUrl: settings.redisUrl, databaseUrl: settings.databaseUrl, namespace: settings.queueNamespace };

if (argv.includes('--help')) {
  console.log('usage: npm run worker [-- --check]\n  Runs the job worker (queues on Redis when REDIS_URL is set, else on PostgreSQL).\n  --check  exit 0 if the worker completed a heartbeat in the last 90 s, else 1');
} else if (argv.includes('--check')) {
  const backend = createQueueBackend(backendOptions);
  isWorkerHealthy(backend)
    .then(async (healthy) => {
      await backend.close();
      console.log(healthy ? 'worker healthy' : 'worker has not completed a heartbeat recently');
      process.exit(healthy ? 0 : 1);
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
} else {
  const logger = createLogger({ service: 'worker' }, settings.logLevel);
  runUntilSignalled(logger, () => startWorker(createQueueBackend(backendOptions), logger), 60_000);
}
