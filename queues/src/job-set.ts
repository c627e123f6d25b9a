/**
 * What a group of jobs gives the worker: a handler per job name and the job schedulers that feed
 * them, both typed by the job map (common/queue/job-types.ts). The queue of each job follows from
 * its name (JOB_QUEUE), so a handler cannot be filed under the wrong queue.
 */
import type { JobSchedulerTemplateOptions, RepeatOptions } from 'bullmq';
import type { HubQueue } from '../../common/queue/backend';
import type { RetryPolicy } from '../../common/queue/job-options';
import type { HubJob, JobData, JobResult } from '../../common/queue/job-types';
import type { JobName, QueueName } from '../../common/queue/names';

/** Runs one job: its payload as the map types it in, its result as the map types it out. */
export type Handler<N extends JobName> = (job: HubJob<N>) => Promise<JobResult<N>>;

export type JobHandlers = { [N in JobName]?: Handler<N> };

/** A job scheduler: its template's options spell out the job's attempts and backoff (retryOf). */
export type Scheduler = {
  [N in JobName]: {
    id: string;
    repeat: Omit<RepeatOptions, 'key'>;
    template: { name: N; data: JobData<N>; opts: JobSchedulerTemplateOptions & RetryPolicy };
  };
}[JobName];

/** The queues a worker opens, for the job sets' producers (one instance per queue). */
export type QueueOf = <Q extends QueueName>(name: Q) => HubQueue<Q>;

export interface JobSet {
  handlers: JobHandlers;
  schedulers: Scheduler[];
}

/** Several job sets as one (each job is handled by one set). */
export function mergeJobSets(...sets: JobSet[]): JobSet {
  const handlers: JobHandlers = {};
  for (const set of sets) {
    for (const name of Object.keys(set.handlers) as JobName[]) {
      if (handlers[name]) throw new Error(`two job sets handle ${name}`);
      (handlers as Record<JobName, unknown>)[name] = set.handlers[name];
    }
  }
  return { handlers, schedulers: sets.flatMap((set) => set.schedulers) };
}
