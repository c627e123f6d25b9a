/**
 * The hub's job worker: one BullMQ Worker per queue, each job dispatched by its name to its
 * handler (typed by the job map, common/queue/job-types.ts), job schedulers registered at start.
 * Every handler is idempotent (BullMQ delivers at least once). A malformed payload, a job no
 * handler knows and a rule failure fail the job at once (UnrecoverableError); anything else is
 * retried with the job's backoff (job-failure.ts, common/queue/job-options.ts).
 */
import type { Logger } from '../../common/logger';
import type { HubQueue, HubWorker, QueueBackend } from '../../common/queue/backend';
import { JOB_QUEUE, isJobName, payloadProblem, type AnyJobOf, type HubJob, type JobResult } from '../../common/queue/job-types';
import { JOBS, type JobName, type QueueName } from '../../common/queue/names';
import { asJobFailure, malformedJob } from './job-failure';
import { mergeJobSets, type Handler, type JobHandlers, type JobSet, type QueueOf } from './job-set';
import { heartbeatScheduler, recordWorkerHeartbeat } from './jobs/record-worker-heartbeat.job';
import { isConnectionLoss } from '../../common/db/connection-loss';
import type { JobMetrics } from './worker-metrics';
import { requestIdOfPayload, runInRequest } from '../../common/request-scope';
import { inJobSpan, traceContextOfPayload } from '../../common/tracing';

/** The worker's own housekeeping, always on. */
const PLATFORM_JOBS: JobSet = {
  handlers: { [JOBS.recordWorkerHeartbeat]: recordWorkerHeartbeat },
  schedulers: [heartbeatScheduler],
};

export interface RunningWorker {
  workers: HubWorker<QueueName>[];
  close(): Promise<void>;
}

/**
 * Runs one job through its handler: the payload checked against the job map first, the
 * handler's failure classified (a rule failure is not retried).
 */
async function runJob<N extends JobName>(handlers: JobHandlers, job: HubJob<N>): Promise<JobResult<N>> {
  const handler: Handler<N> | undefined = handlers[job.name];
  // A known job this worker was not started to run (a worker with only some job sets shares the
  // queue): retried, so that a worker that does run it takes it; not a rule failure.
  if (!handler) throw new Error(`no handler here for job "${job.name}" on queue "${job.queueName}"`);
  const problem = payloadProblem(job.name, job.data);
  if (problem) throw malformedJob(problem);
  try {
    return await handler(job);
  } catch (error) {
    throw asJobFailure(error);
  }
}

/**
 * `jobs` builds the business job set once the worker's queues exist (its jobs enqueue others);
 * without it the worker runs housekeeping only.
 */
export async function startWorker(
  backend: QueueBackend,
  logger: Logger,
  options: { concurrency?: number; jobLockMs?: number; jobs?: (queue: QueueOf) => Promise<JobSet>; metrics?: JobMetrics } = {},
): Promise<RunningWorker> {
  const queues = new Map<QueueName, HubQueue<QueueName>>();
  /** Set once close() begins: a connection lost then (the database stopping too, on Ctrl-C) is one line, not a stack trace. */
  let closing = false;
  // A lost connection (the database restarting or stopping — with Ctrl-C it may be cut before this
  // process has seen the signal) is one line; it reconnects or stops. Anything else keeps its stack.
  const onError = (queueName: QueueName, what: string) => (error: Error) =>
    isConnectionLoss(error)
      ? logger.warn(`${what} connection lost${closing ? ' while closing' : ''}`, {
          queue: queueName,
          code: (error as { code?: string }).code,
          reason: error.message,
        })
      : logger.error(`${what} error`, { queue: queueName, error });
  const queue: QueueOf = <Q extends QueueName>(name: Q) => {
    if (!queues.has(name)) {
      const created = backend.queue(name) as unknown as HubQueue<QueueName>;
      // A queue with no 'error' listener has BullMQ print the error and its whole pg client to stderr.
      created.on('error', onError(name, 'queue'));
      queues.set(name, created);
    }
    return queues.get(name)! as unknown as HubQueue<Q>;
  };
  const business = options.jobs ? await options.jobs(queue) : { handlers: {}, schedulers: [] };
  const { handlers, schedulers } = mergeJobSets(PLATFORM_JOBS, business);
  const queueNames = [...new Set((Object.keys(handlers) as JobName[]).map((name) => JOB_QUEUE[name]))];
  for (const name of queueNames) queue(name);
  const scheduledJobs = new Set<string>(schedulers.map((scheduler) => scheduler.template.name));
  options.metrics?.watchQueues(() => queues.entries());

  for (const scheduler of schedulers) {
    const on = JOB_QUEUE[scheduler.template.name];
    await (queue(on) as HubQueue<QueueName>).upsertJobScheduler(scheduler.id, scheduler.repeat, scheduler.template as never);
    logger.info('job scheduler registered', { queue: on, scheduler: scheduler.id, repeat: scheduler.repeat });
  }

  const workers = queueNames.map((queueName) => {
    const worker = backend.worker(
      queueName,
      async (job: AnyJobOf<QueueName>) => {
        // Names from the wire: a job this code does not know fails at once rather than being retried.
        if (!isJobName(job.name)) throw malformedJob(`unknown job "${job.name}" on queue "${queueName}"`);
        const started = Date.now();
        const ended = options.metrics?.started(queueName, job);
        // In the scope of the request that queued it: its log lines and the jobs it queues carry that id.
        const requestId = requestIdOfPayload(job.data);
        try {
          const result = await inJobSpan(queueName, job.name, traceContextOfPayload(job.data), () => runInRequest(requestId, () => runJob(handlers, job)));
          ended?.('completed');
          logger.debug('job done', { queue: queueName, job: job.name, id: job.id, requestId, ms: Date.now() - started });
          return result;
        } catch (error) {
          ended?.('failed');
          throw error;
        }
      },
      // A killed worker's job is taken over once its lock expires (checked as often).
      { concurrency: options.concurrency ?? 4, lockDuration: options.jobLockMs ?? 30_000, stalledInterval: options.jobLockMs ?? 30_000 },
    );
    worker.on('failed', (job, error) => {
      const final = error.name === 'UnrecoverableError' || !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      options.metrics?.failed(queueName, job?.name ?? 'unknown', final);
      logger.warn(error.name === 'UnrecoverableError' ? 'job failed: not retried (a rule refused it)' : 'job failed', {
        queue: queueName,
        job: job?.name,
        id: job?.id,
        requestId: requestIdOfPayload(job?.data),
        attempts: job?.attemptsMade,
        error,
      });
    });
    worker.on('completed', (job) => {
      if (scheduledJobs.has(job.name)) options.metrics?.scheduledRunSucceeded(job.name);
    });
    worker.on('error', onError(queueName, 'worker'));
    worker.on('stalled', (jobId) => logger.warn('job stalled: its worker stopped holding it, so it runs again', { queue: queueName, id: jobId }));
    return worker as unknown as HubWorker<QueueName>;
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
