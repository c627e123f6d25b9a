/**
 * What the worker's /metrics adds to a service's own series: each queue's depth by state, every
 * job's duration and outcome, its failures (retried or final) and retries, when each scheduled
 * job last succeeded, and how far behind each bank's list is. A job's name is `job_name`, not
 * `job`: Prometheus sets `job` to the scrape job's own name. Counted by queue and job name only
 * (never a payload: it can name a county's households); a bank is a label, a bank code is no
 * personal data.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import { createServiceMetrics, type ServiceMetrics } from '../../common/metrics/service-metrics';
import type { HubQueue } from '../../common/queue/backend';
import type { QueueName } from '../../common/queue/names';
import type { BankDeliveryLag } from '../../subgraphs/households/src/households.app';

/** The queue states a dashboard shows (BullMQ's names). */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

export interface WorkerMetrics {
  /** The registry the worker's metrics server renders. */
  service: ServiceMetrics;
  /** What startWorker reports each job to. */
  jobs: JobMetrics;
}

/** The worker's metrics: its process and database pools, its jobs and queues, and each bank's list lag. */
export function createWorkerMetrics(sources: {
  lagByBank: () => Promise<BankDeliveryLag[]>;
  pools?: { totalCount: number; idleCount: number; waitingCount: number }[];
}): WorkerMetrics {
  const service = createServiceMetrics('worker');
  for (const pool of sources.pools ?? []) service.observePool(pool);
  observeDeliveryLag(service, sources.lagByBank);
  return { service, jobs: jobMetricsOn(service) };
}

export interface JobMetrics {
  /** At a job's start: returns what to call when it ends. */
  started(queue: QueueName, job: { name: string; attemptsMade: number }): (outcome: 'completed' | 'failed') => void;
  /** A job failed: `final` when it will not run again (a rule refused it, or its attempts ran out). */
  failed(queue: QueueName, job: string, final: boolean): void;
  /** A scheduled job's run succeeded (the timestamp a "has it run lately" alert reads). */
  scheduledRunSucceeded(job: string): void;
  /** Reads the depth of these queues at each scrape. */
  watchQueues(queues: () => Iterable<[QueueName, HubQueue<QueueName>]>): void;
}

export function jobMetricsOn(metrics: ServiceMetrics): JobMetrics {
  const registers = [metrics.registry];
  const durations = new Histogram({
    name: 'hub_job_duration_seconds',
    help: 'Job runs by queue, job name and outcome (completed, failed)',
    labelNames: ['queue', 'job_name', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800],
    registers,
  });
  const failures = new Counter({
    name: 'hub_job_failures_total',
    help: 'Job failures by queue and job name; final="true" when the job will not run again (refused by a rule, or out of attempts)',
    labelNames: ['queue', 'job_name', 'final'] as const,
    registers,
  });
  const retries = new Counter({
    name: 'hub_job_retries_total',
    help: 'Job runs that were retries of a failed attempt, by queue and job name',
    labelNames: ['queue', 'job_name'] as const,
    registers,
  });
  const lastSuccess = new Gauge({
    name: 'hub_scheduled_job_last_success_timestamp_seconds',
    help: 'When each scheduled job (heartbeat, list dispatch, loan pull, …) last completed, in Unix seconds',
    labelNames: ['job_name'] as const,
    registers,
  });
  let watched: () => Iterable<[QueueName, HubQueue<QueueName>]> = () => [];
  new Gauge({
    name: 'hub_queue_jobs',
    help: "Jobs in each queue by state (waiting, active, delayed, prioritized, failed), read from the queue's backend at each scrape",
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      // The backend unreachable: no depth this scrape (absent, not zero), the other series still served.
      const counted = await Promise.all([...watched()].map(async ([name, queue]) => [name, await queue.getJobCounts(...QUEUE_STATES)] as const)).catch(
        () => [],
      );
      for (const [name, counts] of counted) for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
    },
  });
  return {
    started(queue, job) {
      if (job.attemptsMade > 0) retries.inc({ queue, job_name: job.name });
      const end = durations.startTimer({ queue, job_name: job.name });
      return (outcome) => void end({ outcome });
    },
    failed: (queue, job, final) => failures.inc({ queue, job_name: job, final: String(final) }),
    scheduledRunSucceeded: (job) => lastSuccess.set({ job_name: job }, Date.now() / 1000),
    watchQueues(queues) {
      watched = queues;
    },
  };
}

/** Each bank's list lag at each scrape, from the households side (one statement). */
export function observeDeliveryLag(metrics: ServiceMetrics, lagByBank: () => Promise<BankDeliveryLag[]>): void {
  const registers = [metrics.registry];
  // One read per scrape serves the three gauges; the database unreachable, they are absent this scrape.
  let reading: Promise<BankDeliveryLag[]> | undefined;
  const read = () =>
    (reading ??= lagByBank()
      .catch((): BankDeliveryLag[] => [])
      .finally(() => setImmediate(() => (reading = undefined))));
  const gauge = (name: string, help: string, value: (lag: BankDeliveryLag) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['bank'] as const,
      registers,
      async collect() {
        const lags = await read();
        this.reset();
        for (const lag of lags) this.set({ bank: lag.bankCode }, value(lag));
      },
    });
  gauge(
    'hub_bank_delivery_lag_seconds',
    "Age of each bank's oldest list delivery it has not acknowledged (0: it has them all)",
    (l) => l.oldestUnacknowledgedSeconds,
  );
  gauge('hub_bank_deliveries_unacknowledged', 'List deliveries each bank has not acknowledged yet (pending, sent or parked)', (l) => l.unacknowledged);
  gauge('hub_bank_deliveries_parked', 'List deliveries parked after their attempts ran out, waiting for a replay, per bank', (l) => l.parked);
}
