/**
 * Where a benchmark runs: a scratch database beside DATABASE_URL, or — on a machine with nothing
 * installed — one on an embedded PostgreSQL, and a working folder for its files. `finish` drops
 * and removes all of it (keeping the scratch database when asked, for inspection).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../common/db/embedded-postgres';
import { createScratchDatabase } from '../common/db/scratch-database';
import type { Logger } from '../common/logger';
import { freePort } from '../common/net/free-port';

export interface BenchDatabase {
  /** The scratch database's URL. */
  url: string;
  /** A folder for the benchmark's files, removed by finish. */
  work: string;
  /** True on an embedded PostgreSQL (which goes with the process: nothing can be kept). */
  embedded: boolean;
  finish(options?: { keep?: boolean }): Promise<void>;
}

export async function openBenchDatabase(name: string, logger: Logger): Promise<BenchDatabase> {
  const work = mkdtempSync(join(tmpdir(), `huinong-bench-${name}-`));
  let embedded: { stop(): Promise<void> } | undefined;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const database = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), port: await freePort(), database: 'bench', logger, persistent: false });
    baseUrl = database.adminUrl;
    embedded = database;
  }
  const scratch = await createScratchDatabase(baseUrl, 'huinong_bench');
  return {
    url: scratch.url,
    work,
    embedded: embedded !== undefined,
    async finish(options = {}) {
      if (options.keep && !embedded) console.log(`kept the scratch database: ${scratch.url}`);
      else await scratch.drop();
      await embedded?.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
