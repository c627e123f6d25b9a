/**
 * Every queue and job type of the hub, in one place. Jobs are named `<verb>-<noun>`; payloads
 * carry ids and business keys only, workers load current state.
 *
 * Later issues add their queues here: the beneficiary-list push, the loan-status pull and the
 * quarterly subsidy run.
 */
export const QUEUES = {
  /** Housekeeping of the hub itself. */
  platform: 'platform',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** Proves the scheduler → queue → worker loop is alive; its completion time is the worker's health. */
  recordWorkerHeartbeat: 'record-worker-heartbeat',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** A heartbeat carries nothing: its completion time is the signal. */
export type WorkerHeartbeatData = Record<string, never>;

export interface WorkerHeartbeatResult {
  workerId: string;
  pid: number;
  processedAt: string;
}
