/**
 * The one place queues are connected. Redis (ioredis) when REDIS_URL is set — the production
 * backend; otherwise BullMQ 6's PostgreSQL backend on DATABASE_URL, so the embedded default
 * and a fresh machine need no Redis. Callers see the same Queue/Worker API either way.
 */
import { createPostgresBackend, IQueueBackend, Processor, Queue, Worker, WorkerOptions, withBackend } from 'bullmq';
import IORedis from 'ioredis';

export type QueueBackendKind = 'redis' | 'postgres';

export type HubQueue<D, R = unknown, N extends string = string> = Queue<D, R, N, D, R, N, IQueueBackend, unknown>;
export type HubWorker<D, R = unknown, N extends string = string> = Worker<D, R, N, IQueueBackend, any, unknown>;

export interface QueueBackend {
  kind: QueueBackendKind;
  queue<D, R = unknown, N extends string = string>(name: string): HubQueue<D, R, N>;
  worker<D, R = unknown, N extends string = string>(
    name: string,
    processor: Processor<D, R, N>,
    options?: Omit<WorkerOptions, 'connection'>,
  ): HubWorker<D, R, N>;
  /** Closes the connections this backend opened (queues and workers close themselves). */
  close(): Promise<void>;
}

export interface QueueBackendOptions {
  redisUrl?: string;
  databaseUrl?: string;
  /** The key prefix on Redis, the schema on PostgreSQL (QUEUE_NAMESPACE). */
  namespace: string;
}

export function createQueueBackend(options: QueueBackendOptions): QueueBackend {
  if (options.redisUrl) {
    // Workers block on Redis: BullMQ requires maxRetriesPerRequest: null on their connections.
    const connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
    const prefix = options.namespace;
    return {
      kind: 'redis',
      queue: <D, R, N extends string>(name: string) => new Queue<D, R, N>(name, { connection, prefix }) as unknown as HubQueue<D, R, N>,
      worker: <D, R, N extends string>(name: string, processor: Processor<D, R, N>, workerOptions?: Omit<WorkerOptions, 'connection'>) =>
        new Worker<D, R, N>(name, processor, { ...workerOptions, connection, prefix }) as unknown as HubWorker<D, R, N>,
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
    queue: <D, R, N extends string>(name: string) => new postgres.Queue<D, R, N>(name, { connection }) as unknown as HubQueue<D, R, N>,
    worker: <D, R, N extends string>(name: string, processor: Processor<D, R, N>, workerOptions?: Omit<WorkerOptions, 'connection'>) =>
      new postgres.Worker<D, R, N>(name, processor as never, { ...(workerOptions as object), connection }) as unknown as HubWorker<D, R, N>,
    close: async () => undefined,
  };
}
