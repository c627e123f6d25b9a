/**
 * The one place queues are connected. Redis (ioredis) when REDIS_URL is set — the production
 * backend — or a Redis Cluster (REDIS_CLUSTER_NODES: each queue's keys hash-tagged into one
 * slot, as BullMQ requires, the queues spread over the masters); otherwise BullMQ 6's PostgreSQL
 * backend on DATABASE_URL, so the embedded default and a fresh machine need no Redis. Callers see the same Queue/Worker API either way, typed
 * by the job map (job-types.ts): a queue takes only its own jobs, each with its own payload.
 */
import {
  createPostgresBackend,
  IQueueBackend,
  JobProgress,
  JobSchedulerTemplateOptions,
  JobsOptions,
  Processor,
  Queue,
  RepeatOptions,
  Worker,
  WorkerOptions,
  withBackend,
} from 'bullmq';
import IORedis, { Cluster } from 'ioredis';
import type { HubConfig } from '../config';
import { stampRequestId } from '../request-scope';
import { stampTraceContext } from '../tracing';
import type { QueueName } from './names';
import type { AnyJobOf, HubJob, JobData, JobNameOf, JobResult } from './job-types';

export type QueueBackendKind = 'redis' | 'redis-cluster' | 'postgres';

type UntypedQueue = Queue<unknown, unknown, string, unknown, unknown, string, IQueueBackend, unknown>;

/**
 * A queue of the hub: BullMQ's Queue whose `add` and `upsertJobScheduler` take only the jobs of
 * queue Q, each with its payload (`NoInfer`: the name decides the payload, not the other way round).
 */
export interface HubQueue<Q extends QueueName> extends Omit<
  Queue<AnyJobOf<Q>['data'], AnyJobOf<Q>['returnvalue'], JobNameOf<Q>, AnyJobOf<Q>['data'], AnyJobOf<Q>['returnvalue'], JobNameOf<Q>, IQueueBackend, unknown>,
  'add' | 'addBulk' | 'upsertJobScheduler'
> {
  add<N extends JobNameOf<Q>>(name: N, data: NoInfer<JobData<N>>, opts?: JobsOptions): Promise<HubJob<N>>;
  upsertJobScheduler<N extends JobNameOf<Q>>(
    jobSchedulerId: string,
    repeatOpts: Omit<RepeatOptions, 'key'>,
    jobTemplate: { name: N; data: NoInfer<JobData<N>>; opts?: JobSchedulerTemplateOptions },
  ): Promise<HubJob<N>>;
}

export type HubWorker<Q extends QueueName> = Worker<AnyJobOf<Q>['data'], AnyJobOf<Q>['returnvalue'], JobNameOf<Q>, IQueueBackend, JobProgress, unknown>;

/** The processor of queue Q: given any of its jobs, the result of that job. */
export type HubProcessor<Q extends QueueName> = (job: AnyJobOf<Q>) => Promise<JobResult<JobNameOf<Q>>>;

export interface QueueBackend {
  kind: QueueBackendKind;
  queue<Q extends QueueName>(name: Q): HubQueue<Q>;
  worker<Q extends QueueName>(name: Q, processor: HubProcessor<Q>, options?: Omit<WorkerOptions, 'connection'>): HubWorker<Q>;
  /** Closes the connections this backend opened (queues and workers close themselves). */
  close(): Promise<void>;
}

export interface QueueBackendOptions {
  redisUrl?: string;
  /** A Redis Cluster's nodes (some of them: the client finds the rest). */
  redisClusterNodes?: { host: string; port: number }[];
  databaseUrl?: string;
  /** The key prefix on Redis, the schema on PostgreSQL (QUEUE_NAMESPACE). */
  namespace: string;
}

// BullMQ's classes are generic over one data type per queue; the job map's typing of each name is
// laid over them here, once (the runtime objects are BullMQ's own, unchanged).
const typedQueue = <Q extends QueueName>(queue: UntypedQueue) => stampingWorkContext(queue) as unknown as HubQueue<Q>;

/**
 * Every job added while a request (or a job that carries one) is handled carries that request's
 * id (common/request-scope.ts) and the trace it is part of (common/tracing.ts) in its payload:
 * set here, on the one place queues are made, rather than at each of the call sites.
 */
function stampingWorkContext(queue: UntypedQueue): UntypedQueue {
  const add = queue.add.bind(queue);
  const addBulk = queue.addBulk.bind(queue);
  queue.add = (name, data, opts) => add(name, stampRequestId(stampTraceContext(data)), opts);
  queue.addBulk = (jobs) => addBulk(jobs.map((job) => ({ ...job, data: stampRequestId(stampTraceContext(job.data)) })));
  return queue;
}
const untypedProcessor = <Q extends QueueName>(processor: HubProcessor<Q>) => processor as unknown as Processor<unknown, unknown, string>;

/** The backend the configuration names (a database URL of the caller's own, e.g. a scratch database, may replace the configured one). */
export function backendOptionsOf(
  config: Pick<HubConfig, 'redisUrl' | 'redisClusterNodes' | 'databaseUrl' | 'queueNamespace'>,
  databaseUrl = config.databaseUrl,
): QueueBackendOptions {
  return { redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes, databaseUrl, namespace: config.queueNamespace };
}

/**
 * A queue's key prefix on a Redis Cluster: BullMQ runs multi-key scripts, so all keys of a queue
 * must be in one slot; the hash tag is the namespace and the queue's name, so each queue has
 * its own slot and the queues spread over the masters.
 */
export function clusterPrefix(namespace: string, queue: QueueName): string {
  return `{${namespace}:${queue}}`;
}

export function createQueueBackend(options: QueueBackendOptions): QueueBackend {
  if (options.redisClusterNodes?.length) {
    // Workers block on their connections: BullMQ requires maxRetriesPerRequest: null on every node's.
    const connection = new Cluster(options.redisClusterNodes, { redisOptions: { maxRetriesPerRequest: null } });
    const prefix = (name: QueueName) => clusterPrefix(options.namespace, name);
    return {
      kind: 'redis-cluster',
      queue: <Q extends QueueName>(name: Q) => typedQueue<Q>(new Queue(name, { connection, prefix: prefix(name) }) as unknown as UntypedQueue),
      worker: <Q extends QueueName>(name: Q, processor: HubProcessor<Q>, workerOptions?: Omit<WorkerOptions, 'connection'>) =>
        new Worker(name, untypedProcessor(processor), { ...workerOptions, connection, prefix: prefix(name) }) as unknown as HubWorker<Q>,
      close: async () => {
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }
  if (options.redisUrl) {
    // Workers block on Redis: BullMQ requires maxRetriesPerRequest: null on their connections.
    const connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
    const prefix = options.namespace;
    return {
      kind: 'redis',
      queue: <Q extends QueueName>(name: Q) => typedQueue<Q>(new Queue(name, { connection, prefix }) as unknown as UntypedQueue),
      worker: <Q extends QueueName>(name: Q, processor: HubProcessor<Q>, workerOptions?: Omit<WorkerOptions, 'connection'>) =>
        new Worker(name, untypedProcessor(processor), { ...workerOptions, connection, prefix }) as unknown as HubWorker<Q>,
      close: async () => {
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }
  if (!options.databaseUrl) throw new Error('queues need REDIS_URL or DATABASE_URL');
  const postgres = withBackend(createPostgresBackend);
  // Each queue/worker owns a small pool; `migrate` creates BullMQ's tables on first use.
  const connection = { connectionString: options.databaseUrl, schema: options.namespace, migrate: true, max: 4 };
  return {
    kind: 'postgres',
    queue: <Q extends QueueName>(name: Q) => typedQueue<Q>(new postgres.Queue(name, { connection }) as unknown as UntypedQueue),
    worker: <Q extends QueueName>(name: Q, processor: HubProcessor<Q>, workerOptions?: Omit<WorkerOptions, 'connection'>) =>
      new postgres.Worker(name, untypedProcessor(processor) as never, { ...(workerOptions as object), connection }) as unknown as HubWorker<Q>,
    close: async () => undefined,
  };
}

/**
 * Adds jobs from a subgraph, for requests that queue work now and then (an upload, a compute, a
 * policy change): opens the configured backend's queue, runs `add`, closes both, so no connection
 * outlives the request. Without a backend it does nothing and says false: the worker's dispatcher
 * or scheduler picks the work up from the database.
 */
export async function addWithConfiguredQueue<Q extends QueueName>(
  config: Pick<HubConfig, 'redisUrl' | 'redisClusterNodes' | 'databaseUrl' | 'queueNamespace'>,
  name: Q,
  add: (queue: HubQueue<Q>) => Promise<void>,
): Promise<boolean> {
  if (!config.redisUrl && !config.redisClusterNodes && !config.databaseUrl) return false;
  const backend = createQueueBackend(backendOptionsOf(config));
  const queue = backend.queue(name);
  try {
    await add(queue);
  } finally {
    await queue.close();
    await backend.close();
  }
  return true;
}
