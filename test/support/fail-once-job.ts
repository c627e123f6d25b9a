/**
 * A real job on a real queue that fails on its first run and succeeds when retried: what the
 * queue dashboard's tests retry. The job is the platform queue's heartbeat (any payload is fine
 * for a processor of the test's own); one attempt, so the first failure is final until retried.
 */
import type { QueueBackend } from '../../common/queue/backend';
import { JOBS, QUEUES } from '../../common/queue/names';

export const FAIL_ONCE_MESSAGE = 'simulated failure for the dashboard';

export async function failOnceJob(backend: QueueBackend) {
  const queue = backend.queue(QUEUES.platform);
  let runs = 0;
  const worker = backend.worker(QUEUES.platform, async () => {
    runs += 1;
    if (runs === 1) throw new Error(FAIL_ONCE_MESSAGE);
    return { at: new Date().toISOString() } as never;
  });
  const job = await queue.add(JOBS.recordWorkerHeartbeat, {} as never, { attempts: 1 });
  return {
    job,
    runs: () => runs,
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
