/**
 * Spreads staging (validation, AES-GCM sealing, hashing: ~40 µs a row) over worker threads
 * while the importing thread reads the file and feeds COPY. Batches come back in the order
 * they were sent, so rows keep their file order in the staging table.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RegionEntry } from './domain/region-index';
import type { RosterField } from './domain/roster-fields';
import type { FileRow } from './file-rows';
import type { StagedBatch } from './staging-rows';

export interface StagingSetup {
  countyCode: string;
  regions: RegionEntry[];
  columns: [number, RosterField][];
  headerOf: Partial<Record<RosterField, string>>;
  pii: { keyId: string; key: Uint8Array; hashKey: Uint8Array };
  today: string;
}

type Pending = { resolve: (batch: StagedBatch) => void; reject: (error: Error) => void };

export class StagingPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(setup: StagingSetup, size = Math.max(1, Math.min(4, availableParallelism()))) {
    // TypeScript sources run through @swc-node/register, as in the parent process.
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(join(__dirname, 'staging-worker.ts'), { workerData: setup, execArgv: ['-r', '@swc-node/register'] });
      worker.on('message', (message: { id: number; batch?: StagedBatch; error?: string }) => {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(message.error));
        else waiting?.resolve(message.batch!);
      });
      worker.on('error', (error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  stage(rows: FileRow[]): Promise<StagedBatch> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[id % this.workers.length].postMessage({ id, rows });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
