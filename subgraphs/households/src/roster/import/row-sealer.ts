/**
 * Validates and seals a batch of roster rows into COPY text for the entries table: the CPU-bound
 * part of an import, the same whether it runs on the import's thread or in a worker thread
 * (row-sealer-pool.ts). It knows nothing of the database: the text goes where the caller sends it.
 */
import { PiiProtector } from '../../../../../common/pii/protector';
import { copyLine } from '../../../../../common/tabular/copy-text';
import { RegionEntry, RegionIndex } from '../domain/region-index';
import type { RosterRowError } from '../domain/roster-errors';
import type { RosterField } from '../domain/roster-fields';
import { validateRosterRow } from '../domain/validate-row';
import { entryValues, ID_HASH_AT } from './entry-values';

/** Everything a sealer needs, plain data (it crosses into worker threads). */
export interface RowSealerSetup {
  versionId: string;
  countyCode: string;
  regions: RegionEntry[];
  /** The file's column index → field, from its header row. */
  columns: [number, RosterField][];
  headerOf: Partial<Record<RosterField, string>>;
  /** The day the import validates against (ISO), the same for every row and every thread. */
  today: string;
  keys: { keyId: string; encryptionKey: Uint8Array; hashKey: Uint8Array };
}

export interface RowBatch {
  /** The file's row numbers, one per row of cells. */
  rows: number[];
  cells: string[][];
}

export interface SealedBatch {
  /**
   * COPY text of the valid rows (version_id, row_number, then ENTRY_COLUMNS), UTF-8. Bytes, not a
   * string: a thread hands them over without a copy, and a megabyte string would land in the
   * import thread's old generation, where 500 of them piled up as 200 MB of garbage.
   */
  text: Uint8Array;
  errors: RosterRowError[];
  /** 52 bits of each valid row's ID hash: the import spots IDs repeated in the file by these. */
  idFingerprints: Float64Array;
}

export type RowSealer = (batch: RowBatch) => SealedBatch;

const encoder = new TextEncoder();

export function rowSealer(setup: RowSealerSetup, pii = protectorFor(setup.keys)): RowSealer {
  const regions = new RegionIndex(setup.countyCode, setup.regions);
  const today = new Date(setup.today);
  return (batch) => {
    const lines: string[] = [];
    const errors: RosterRowError[] = [];
    const fingerprints = new Float64Array(batch.rows.length);
    let valid = 0;
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i];
      const cells = batch.cells[i];
      const values: Partial<Record<RosterField, string>> = {};
      for (const [index, field] of setup.columns) values[field] = cells[index] ?? '';
      const result = validateRosterRow(row, values, setup.headerOf, regions, today);
      if (!result.valid) {
        errors.push(...result.errors);
        continue;
      }
      const entry = entryValues(result.valid, pii);
      fingerprints[valid++] = parseInt((entry[ID_HASH_AT] as string).slice(0, 13), 16);
      lines.push(copyLine([setup.versionId, row, ...entry]));
    }
    return { text: encoder.encode(lines.length ? lines.join('\n') + '\n' : ''), errors, idFingerprints: fingerprints.slice(0, valid) };
  };
}

function protectorFor(keys: RowSealerSetup['keys']): PiiProtector {
  return new PiiProtector(keys.keyId, Buffer.from(keys.encryptionKey), Buffer.from(keys.hashKey));
}
