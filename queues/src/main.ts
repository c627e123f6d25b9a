/**
 * npm run worker             run the job worker until SIGINT/SIGTERM (finishes running jobs first)
 * npm run worker -- --check  exit 0 if a heartbeat completed recently (container health check)
 */
import 'reflect-metadata';
import { config, HubConfig } from '../../common/config';
import { createLogger, Logger } from '../../common/logger';
import { createDataSourceFor, migrate, pgPoolOf, type SubgraphName } from '../../common/subgraph-service';
import { startMetricsServer } from '../../common/http/metrics-server';
import { householdsSubgraph } from '../../subgraphs/households/src';
import { loansSubgraph } from '../../subgraphs/loans/src';
import { fundsSubgraph } from '../../subgraphs/funds/src';
import { runUntilSignalled } from '../../common/process-lifecycle';
import { startTracing } from '../../common/tracing';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import { createHubJobs } from './hub-jobs';
import { startWorker } from './worker';
import { createWorkerMetrics, type WorkerMetrics } from './worker-metrics';
import { isWorkerHealthy } from './worker-health';
import { isConnectionLoss } from '../../common/db/connection-loss';

const argv = process.argv.slice(2);
const settings = config();
const backendOptions = backendOptionsOf(settings);

if (argv.includes('--help')) {
  console.log(
    'usage: npm run worker [-- --check]\n  Runs the job worker (queues on Redis when REDIS_URL is set, else on PostgreSQL).\n  --check  exit 0 if the worker completed a heartbeat in the last 90 s, else 1',
  );
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
  guardConnectionLossWhileStopping(logger);
  const tracing = startTracing('worker', settings.tracing);
  runUntilSignalled(
    logger,
    async () => {
      const worker = await startHubWorker(settings, logger);
      return {
        async close() {
          await worker.close();
          await tracing?.shutdown();
        },
      };
    },
    60_000,
  );
}

/**
 * Ctrl-C reaches every process of the terminal's group at once: if the database stops while the
 * worker closes, BullMQ's PostgreSQL backend ends its LISTEN client after removing that client's
 * error listener, and the server's "terminating connection" becomes an uncaught 'error' (a crash
 * with ~40 lines of pg stack). Once stopping, a lost connection is one log line: the close goes on.
 */
function guardConnectionLossWhileStopping(logger: Logger): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.prependOnceListener(signal, () => (stopping = true));
  process.prependOnceListener('disconnect', () => (stopping = true));
  let gone: NodeJS.Timeout | undefined;
  process.on('uncaughtException', (error: Error & { code?: string }) => {
    if (stopping && isConnectionLoss(error)) {
      logger.warn('database connection lost while stopping', { code: error.code, reason: error.message });
      // A database that is gone for good (stopped after its launcher was killed) would hold the
      // close until the shutdown timeout: give it a moment, then exit; unfinished jobs run again at the next start.
      if (!gone) {
        gone = setTimeout(() => {
          logger.warn('the database is gone: stopping without it');
          process.exit(0);
        }, 3000);
        gone.unref();
      }
      return;
    }
    logger.error('uncaught exception', { error });
    process.exit(1);
  });
}

/** The worker with every job of the hub: it opens each subgraph's data source and builds its app (each used only by that subgraph's code). */
async function startHubWorker(settings: HubConfig, logger: Logger) {
  // Each subgraph's side of the worker on that subgraph's own database (and role); the PostgreSQL queue backend stays on DATABASE_URL.
  const urlOf = (name: SubgraphName): string => {
    const url = settings.subgraphDatabaseUrls[name];
    if (!url) throw new Error(`DATABASE_URL_${name.toUpperCase()} or DATABASE_URL is not set (npm start sets DATABASE_URL for the embedded PostgreSQL)`);
    return url;
  };
  const urls = { households: urlOf('households'), loans: urlOf('loans'), funds: urlOf('funds') };
  const households = await createDataSourceFor(householdsSubgraph, urls.households, { poolSize: 4 }).initialize();
  const loans = await createDataSourceFor(loansSubgraph, urls.loans, { poolSize: 4 }).initialize();
  const funds = await createDataSourceFor(fundsSubgraph, urls.funds, { poolSize: 2 }).initialize();
  // The subgraphs migrate on start too; whoever comes first does it (advisory lock), the other finds nothing to do.
  await migrate(householdsSubgraph, households);
  await migrate(loansSubgraph, loans);
  await migrate(fundsSubgraph, funds);
  const apps = {
    households: householdsSubgraph.createApp({ dataSource: households, config: settings, logger }),
    loans: loansSubgraph.createApp({ dataSource: loans, config: settings, logger }),
    funds: fundsSubgraph.createApp({ dataSource: funds, config: settings, logger }),
  };
  await Promise.all(Object.values(apps).map((app) => app.seed()));
  const metrics = createWorkerMetrics({
    lagByBank: () => apps.households.listDeliveries.lagByBank(),
    pools: [households, loans, funds].map(pgPoolOf).filter((pool) => pool !== undefined),
  });
  const running = await startWorker(createQueueBackend(backendOptions), logger, {
    jobLockMs: settings.jobLockMs,
    jobs: (queue) => createHubJobs({ config: settings, logger, apps, queue }),
    metrics: metrics.jobs,
  });
  const metricsServer = await serveWorkerMetrics(settings, metrics, logger);
  return {
    async close() {
      await metricsServer?.close();
      await running.close();
      await Promise.all([households.destroy(), loans.destroy(), funds.destroy()]);
    },
  };
}

/** /metrics on WORKER_METRICS_PORT; a port already taken (a second worker on this machine) is one warning, and the jobs run without it. */
async function serveWorkerMetrics(settings: HubConfig, metrics: WorkerMetrics, logger: Logger) {
  if (settings.workerMetricsPort === 0) return undefined;
  try {
    const server = await startMetricsServer(metrics.service, settings.workerMetricsPort, settings.bindHost);
    logger.info('metrics served', { url: server.url });
    return server;
  } catch (error) {
    logger.warn('metrics not served: the port is taken (set WORKER_METRICS_PORT, or 0 for none)', {
      port: settings.workerMetricsPort,
      reason: (error as Error).message,
    });
    return undefined;
  }
}
