/** Worker thread of the staging pool: builds its context once, then stages batches of rows. */
import { parentPort, workerData } from 'node:worker_threads';
import { PiiProtector } from '../../../../common/pii/protector';
import { RegionIndex } from './domain/region-index';
import type { StagingSetup } from './staging-pool';
import { stageRows, StagingContext } from './staging-rows';

const setup = workerData as StagingSetup;
const context: StagingContext = {
  columns: setup.columns,
  headerOf: setup.headerOf,
  regions: new RegionIndex(setup.countyCode, setup.regions),
  pii: new PiiProtector(setup.pii.keyId, Buffer.from(setup.pii.key), Buffer.from(setup.pii.hashKey)),
  today: new Date(setup.today),
};

parentPort!.on('message', (message: { id: number; rows: Parameters<typeof stageRows>[0] }) => {
  try {
    parentPort!.postMessage({ id: message.id, batch: stageRows(message.rows, context) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: (error as Error).message });
  }
});
