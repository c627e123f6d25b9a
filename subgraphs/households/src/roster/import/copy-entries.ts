/**
 * A roster file COPYed straight into the entries table under its new version: rows read here,
 * sealed on every core (row-sealer-pool.ts), written in file order. No staging table: the file's
 * rows are written once. What this path cannot report, a household number or an ID number that
 * the file repeats, it spots instead (a duplicate number fails the COPY on the table's key, a
 * repeated ID shows among the IDs' fingerprints), and the import then takes the staging path,
 * which names every row involved.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { pgClientOf } from '../../../../../common/db/pg-client';
import { assertFewErrors, MappedFileRows } from '../../../../../common/tabular/stage-tabular-file';
import type { TabularFile } from '../../../../../common/tabular/tabular-import';
import { rosterProblem } from '../roster-access';
import type { RegionEntry } from '../domain/region-index';
import type { RosterRowError } from '../domain/roster-errors';
import { CountyHeaderMapping, mapHeaders, RosterField } from '../domain/roster-fields';
import { ENTRY_COLUMNS } from './entry-values';
import type { RowBatch, RowSealerSetup, SealedBatch } from './row-sealer';
import { SealingPool, sealingPool } from './row-sealer-pool';

const BATCH_ROWS = 2_000;
/** Batches sealed ahead of the COPY per thread: enough to keep every core busy, little memory. */
const AHEAD_PER_THREAD = 2;

export interface CopiedEntries {
  totalRows: number;
  headerOf: Partial<Record<RosterField, string>>;
  columns: ReturnType<MappedFileRows<RosterField>['finish']>['columns'];
  errors: RosterRowError[];
  /** Rows written. */
  copied: number;
  /** Worker threads that sealed them (0: the import's own thread). */
  sealingThreads: number;
  /** Two valid rows may share an ID number (their fingerprints match): the staging path must tell. */
  idMayRepeat: boolean;
}

export interface EntryCopy {
  versionId: string;
  countyCode: string;
  regions: RegionEntry[];
  mapping: CountyHeaderMapping;
  today: Date;
  keys: RowSealerSetup['keys'];
  fileBytes: number;
  onProgress?: (rowsRead: number) => void;
}

export async function copyRosterEntries(runner: QueryRunner, file: Pick<TabularFile, 'path' | 'format' | 'encoding'>, how: EntryCopy): Promise<CopiedEntries> {
  const source = new MappedFileRows<RosterField>(file, {
    mapHeaders: (cells) => mapHeaders(cells, how.mapping),
    problem: rosterProblem,
    rowsAre: 'households',
    onProgress: how.onProgress,
  });
  const errors: RosterRowError[] = [];
  let fingerprints = new Float64Array(1 << 16);
  let copied = 0;
  const take = (sealed: SealedBatch): Buffer => {
    if (sealed.errors.length) {
      errors.push(...sealed.errors);
      assertFewErrors(errors.length, sealed.errors[sealed.errors.length - 1].row, { problem: rosterProblem, fileIs: 'a roster export' });
    }
    if (copied + sealed.idFingerprints.length > fingerprints.length) {
      const grown = new Float64Array(Math.max(fingerprints.length * 2, copied + sealed.idFingerprints.length));
      grown.set(fingerprints.subarray(0, copied));
      fingerprints = grown;
    }
    fingerprints.set(sealed.idFingerprints, copied);
    copied += sealed.idFingerprints.length;
    return Buffer.from(sealed.text.buffer, sealed.text.byteOffset, sealed.text.byteLength);
  };

  let pool: SealingPool | undefined;
  const ahead: Promise<SealedBatch>[] = [];
  const send = (batch: RowBatch) => {
    const sealing = pool!.seal(batch);
    sealing.catch(() => undefined); // awaited in order below; a failure meanwhile is not unhandled
    ahead.push(sealing);
  };
  const text = async function* (): AsyncGenerator<Buffer> {
    try {
      let batch: RowBatch = { rows: [], cells: [] };
      let threads = 1;
      for await (const { row, cells } of source.rows()) {
        if (!pool) {
          const { columns, headerOf } = source.header;
          pool = sealingPool(
            {
              versionId: how.versionId,
              countyCode: how.countyCode,
              regions: how.regions,
              columns: [...columns],
              headerOf,
              today: how.today.toISOString(),
              keys: how.keys,
            },
            how.fileBytes,
          );
          threads = Math.max(1, pool.threads);
        }
        batch.rows.push(row);
        batch.cells.push(cells);
        if (batch.rows.length < BATCH_ROWS) continue;
        send(batch);
        batch = { rows: [], cells: [] };
        while (ahead.length >= threads * AHEAD_PER_THREAD) {
          const sealed = take(await ahead.shift()!);
          if (sealed.length) yield sealed;
        }
      }
      if (batch.rows.length) send(batch);
      while (ahead.length) {
        const sealed = take(await ahead.shift()!);
        if (sealed.length) yield sealed;
      }
    } finally {
      await pool?.close();
    }
  };

  const copy = pgClientOf(runner).query(copyFrom(`COPY households.roster_entries (version_id, row_number, ${ENTRY_COLUMNS.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(text(), { highWaterMark: 1 }), copy);
  const { totalRows, headerOf, columns } = source.finish();
  errors.sort((a, b) => a.row - b.row);
  return { totalRows, headerOf, columns, errors, copied, sealingThreads: pool?.threads ?? 0, idMayRepeat: hasRepeats(fingerprints.subarray(0, copied)) };
}

function hasRepeats(values: Float64Array): boolean {
  const sorted = values.slice().sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}
