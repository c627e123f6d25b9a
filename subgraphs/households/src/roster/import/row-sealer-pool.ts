/**
 * Roster rows sealed on every core: worker threads run row-sealer.ts on the batches the import
 * sends, and the import awaits the answers in the order it sent them, so the COPY stays in file
 * order. A small file is sealed on the import's own thread: starting threads would cost more.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RowBatch, rowSealer, RowSealerSetup, SealedBatch } from './row-sealer';

export interface SealingPool {
  /** Worker threads (0: the import's own thread seals). */
  readonly threads: number;
  seal(batch: RowBatch): Promise<SealedBatch>;
  close(): Promise<void>;
}

/** Below this many bytes of file, one thread. */
const THREADED_FROM_BYTES = 2 * 1024 * 1024;
const MAX_THREADS = 4;
/**
 * A thread holds a batch or two at a time; left to V8's defaults its old generation grows with
 * garbage not collected yet (two threads took a 1M import's RSS from 340 MB to 680 MB; capped at
 * 48 MB, 407 MB). A 16 MB young generation: at 8 MB the threads spent 18 % of their time collecting it.
 */
const THREAD_HEAP = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 16 };

export function sealingPool(setup: RowSealerSetup, fileBytes: number): SealingPool {
  const threads = fileBytes < THREADED_FROM_BYTES ? 0 : Math.min(MAX_THREADS, availableParallelism());
  if (threads === 0) {
    const seal = rowSealer(setup);
    return { threads: 0, seal: async (batch) => seal(batch), close: async () => undefined };
  }
  return new WorkerSealingPool(setup, threads);
}

interface Pending {
  resolve(sealed: SealedBatch): void;
  reject(error: Error): void;
}

class WorkerSealingPool implements SealingPool {
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[];
  private nextId = 0;
  private failure: Error | undefined;

  constructor(
    setup: RowSealerSetup,
    readonly threads: number,
  ) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(join(__dirname, 'row-sealer-worker.js'), { workerData: setup, resourceLimits: THREAD_HEAP });
      const pending = new Map<number, Pending>();
      const failAll = (error: Error) => {
        this.failure ??= error;
        for (const p of pending.values()) p.reject(error);
        pending.clear();
      };
      worker.on('message', (message: { id: number; sealed?: SealedBatch; error?: string }) => {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) p?.reject(new Error(`a roster sealing thread failed: ${message.error}`));
        else p?.resolve(message.sealed!);
      });
      worker.on('error', failAll);
      worker.on('exit', (code) => code !== 0 && failAll(new Error(`a roster sealing thread exited with code ${code}`)));
      return { worker, pending };
    });
  }

  seal(batch: RowBatch): Promise<SealedBatch> {
    if (this.failure) return Promise.reject(this.failure);
    // The least busy thread takes it.
    const target = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, batch });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
