/** A worker thread of a roster import: seals the batches its pool sends, answering each by its id. */
import { parentPort, workerData } from 'node:worker_threads';
import { RowBatch, rowSealer, RowSealerSetup } from './row-sealer';

const seal = rowSealer(workerData as RowSealerSetup);
parentPort!.on('message', ({ id, batch }: { id: number; batch: RowBatch }) => {
  try {
    const sealed = seal(batch);
    parentPort!.postMessage({ id, sealed }, [sealed.text.buffer as ArrayBuffer, sealed.idFingerprints.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).stack ?? String(error) });
  }
});
