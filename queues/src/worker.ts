/**
 * The hub's job worker: one BullMQ Worker per queue, each job type dispatched to its handler,
 * job schedulers registered at start. Every handler is idempotent (BullMQ delivers at least once).
 */
import type { Job } from 'bullmq';
import type { Logger } from '../../common/logger';
import type { HubQueue, HubWorker, QueueBackend } from '../../common/queue/backend';
import { JOBS, QUEUES } from '../../common/queue/names';
import { heartbeatScheduler, recordWorkerHeartbeat } from './jobs/record-worker-heartbeat.job';

type Handler = (job: Job<any>) => Promise<unknown>;

/** Handlers per queue and job type, and the job schedulers that feed them. */
export interface JobSet {
  handlers: Record<string, Record<string, Handler>>;
  schedulers: { queue: string; id: string; repeat: { every?: number; pattern?: string; tz?: string }; template: { name: string; data: unknown; opts?: Record<string, unknown> } }[];
}

/** The worker's own housekeeping, always on. */
const PLATFORM_JOBS: JobSet = {
  handlers: { [QUEUES.platform]: { [JOBS.recordWorkerHeartbeat]: recordWorkerHeartbeat } },
  schedulers: [{ queue: QUEUES.platform, ...heartbeatScheduler }],
};

export interface RunningWorker {
  workers: HubWorker<unknown>[];
  close(): Promise<void>;
}

/**
 * `jobs` builds the business job set once the worker's queues exist (its jobs enqueue others);
 * without it the worker runs housekeeping only.
 */
export async function startWorker(
  backend: QueueBackend,
  logger: Logger,
  options: { concurrency?: number; jobLockMs?: number; jobs?: (queue: (name: string) => HubQueue<unknown>) => Promise<JobSet> } = {},
): Promise<RunningWorker> {
  const queues = new Map<string, HubQueue<unknown>>();
  /** Set once close() begins: a connection lost then (the database stopping too, on Ctrl-C) is one line, not a stack trace. */
  let closing = false;
  const onError = (queueName: string, what: string) => (error: Error) =>
    closing
      ? logger.warn(`${what} connection lost while closing`, { queue: queueName, code: (error as { code?: string }).code, reason: error.message })
      : logger.error(`${what} error`, { queue: queueName, error });
  const queue = (name: string) => {
    if (!queues.has(name)) {
      const created = backend.queue(name);
      // A queue with no 'error' listener has BullMQ print the error and its whole pg client to stderr.
      created.on('error', onError(name, 'queue'));
      queues.set(name, created);
    }
    return queues.get(name)!;
  };
  const business = options.jobs ? await options.jobs(queue) : { handlers: {}, schedulers: [] };
  const HANDLERS: JobSet['handlers'] = { ...PLATFORM_JOBS.handlers, ...business.handlers };
  const SCHEDULERS = [...PLATFORM_JOBS.schedulers, ...business.schedulers];
  for (const name of Object.keys(HANDLERS)) queue(name);

  for (const scheduler of SCHEDULERS) {
    await queues.get(scheduler.queue)!.upsertJobScheduler(scheduler.id, scheduler.repeat, scheduler.template as never);
    logger.info('job scheduler registered', { queue: scheduler.queue, scheduler: scheduler.id, repeat: scheduler.repeat });
  }

  const workers = Object.entries(HANDLERS).map(([queueName, handlers]) => {
    const worker = backend.worker<unknown, unknown>(
      queueName,
      async (job) => {
        const handler = handlers[job.name];
        if (!handler) throw new Error(`no handler for job "${job.name}" on queue "${queueName}"`);
        const started = Date.now();
        const result = await handler(job);
        logger.debug('job done', { queue: queueName, job: job.name, id: job.id, ms: Date.now() - started });
        return result;
      },
      // A killed worker's job is taken over once its lock expires (checked as often).
      { concurrency: options.concurrency ?? 4, lockDuration: options.jobLockMs ?? 30_000, stalledInterval: options.jobLockMs ?? 30_000 },
    );
    worker.on('failed', (job, error) => logger.warn('job failed', { queue: queueName, job: job?.name, id: job?.id, attempts: job?.attemptsMade, error }));
    worker.on('error', onError(queueName, 'worker'));
    worker.on('stalled', (jobId) => logger.warn('job stalled: its worker stopped holding it, so it runs again', { queue: queueName, id: jobId }));
    return worker;
  });
  // Connected before we report started: closing a PostgreSQL-backed worker while its LISTEN
  // connection is still being opened leaves that connection behind.
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  logger.info('worker started', { backend: backend.kind, queues: [...queues.keys()] });

  return {
    workers,
    async close() {
      closing = true;
      // Stop taking jobs and let running ones finish, then close the queues, then the backend's connections (the caller closes its data sources last).
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      await backend.close();
    },
  };
}
