/**
 * record-worker-heartbeat: the worker's proof of life. A job scheduler produces one every
 * 30 s; completing it shows the backend, the scheduler and the worker all work. Health checks
 * read the time of the last completed heartbeat (see worker-health.ts).
 */
import type { Job } from 'bullmq';
import { hostname } from 'node:os';
import { JOBS, WorkerHeartbeatData, WorkerHeartbeatResult } from '../../../common/queue/names';

export const HEARTBEAT_SCHEDULER_ID = 'worker-heartbeat-every-30s';
export const HEARTBEAT_EVERY_MS = 30_000;

export const heartbeatScheduler = {
  id: HEARTBEAT_SCHEDULER_ID,
  repeat: { every: HEARTBEAT_EVERY_MS },
  template: { name: JOBS.recordWorkerHeartbeat, data: {} satisfies WorkerHeartbeatData, opts: { removeOnComplete: 20, removeOnFail: 50 } },
};

export async function recordWorkerHeartbeat(_job: Job<WorkerHeartbeatData>): Promise<WorkerHeartbeatResult> {
  return { workerId: `${hostname()}:${process.pid}`, pid: process.pid, processedAt: new Date().toISOString() };
}
