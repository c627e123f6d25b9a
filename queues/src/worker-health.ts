/** Is the worker alive? True when a heartbeat job completed within the allowed age. */
import type { QueueBackend } from '../../common/queue/backend';
import { QUEUES } from '../../common/queue/names';
import { HEARTBEAT_EVERY_MS } from './jobs/record-worker-heartbeat.job';

export async function lastHeartbeat(backend: QueueBackend): Promise<Date | null> {
  const queue = backend.queue(QUEUES.platform);
  try {
    const [latest] = await queue.getJobs(['completed'], 0, 0, false);
    return latest?.finishedOn ? new Date(latest.finishedOn) : null;
  } finally {
    await queue.close();
  }
}

export async function isWorkerHealthy(backend: QueueBackend, maxAgeMs = 3 * HEARTBEAT_EVERY_MS, now = Date.now()): Promise<boolean> {
  const last = await lastHeartbeat(backend);
  return last !== null && now - last.getTime() <= maxAgeMs;
}
