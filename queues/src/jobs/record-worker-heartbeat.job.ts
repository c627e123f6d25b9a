/**
 * record-worker-heartbeat: the worker's proof of life. A job scheduler produces one every
 * 30 s; completing it shows the backend, the scheduler and the worker all work. Health checks
 * read the time of the last completed heartbeat (see worker-health.ts).
 */
import { hostname } from 'node:os';
import { retryOf } from '../../../common/queue/job-options';
import type { HubJob } from '../../../common/queue/job-types';
import { JOBS, WorkerHeartbeatData, WorkerHeartbeatResult } from '../../../common/queue/names';
import type { Scheduler } from '../job-set';

export const HEARTBEAT_SCHEDULER_ID = 'worker-heartbeat-every-30s';
export const HEARTBEAT_EVERY_MS = 30_000;

export const heartbeatScheduler = {
  id: HEARTBEAT_SCHEDULER_ID,
  repeat: { every: HEARTBEAT_EVERY_MS },
  template: {
    name: JOBS.recordWorkerHeartbeat,
    data: {} satisfies WorkerHeartbeatData,
    opts: { ...retryOf(JOBS.recordWorkerHeartbeat), removeOnComplete: 20, removeOnFail: 50 },
  },
} satisfies Scheduler;

export async function recordWorkerHeartbeat(_job: HubJob<typeof JOBS.recordWorkerHeartbeat>): Promise<WorkerHeartbeatResult> {
  return { workerId: `${hostname()}:${process.pid}`, pid: process.pid, processedAt: new Date().toISOString() };
}
