/**
 * npm run bench:roster [-- --households 1000000 --county 532301 --import-only]
 *
 * Generates a roster CSV over the county's real townships and villages (valid ID numbers),
 * then measures, on a scratch database beside DATABASE_URL (or an embedded PostgreSQL):
 *   - the raw file COPYed into an unlogged table of text columns (what PostgreSQL alone costs);
 *   - the import (parse, validate, seal, write the entries, check, draft), in a child process for its peak RSS;
 *   - its floor (issue 17): the same sealed entries, exported, COPYed back into a copy of the
 *     entries table with its key and indexes; the import's ratio to it (target ≤ 2×);
 *   - publishing it; then a re-import with 1 % of rows changed, its diff and its publish.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Caller } from '../common/auth/caller';
import { loadConfig } from '../common/config';
import { openBenchDatabase } from './bench-database';
import { createLogger } from '../common/logger';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import { householdsSubgraph } from '../subgraphs/households/src';
import { composeResidentId } from '../common/domain/resident-id';
import { EXPORT_COLUMNS, exportHeader, loadCountyRegions, readRegistry, type RegionRow } from '../subgraphs/households/src/households.app';

/** The export's header row; the generator below writes its 13 columns in this order. */
const HEADERS = EXPORT_COLUMNS.map(exportHeader).join(',');
const CALLER: Caller = { subject: 'bench', role: 'admin', counties: [], bank: null };

/** Writes the roster; `changedEvery` alters one household in that many (category and phone). `regions` are the county's, read here unless given. */
export async function writeRoster(
  path: string,
  count: number,
  countyCode: string,
  changedEvery: number | null,
  regions: readonly RegionRow[] | null = null,
): Promise<void> {
  regions ??= await loadCountyRegions(countyCode);
  const county = regions.find((r) => r.level === 'county')!;
  const townshipName = new Map(regions.filter((r) => r.level === 'township').map((r) => [r.code, r.name]));
  const villages = regions.filter((r) => r.level === 'village');
  const surnames = '李王张刘陈杨赵黄周吴';
  const given = '文兴国华秀英春明玉芳';
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(HEADERS + '\n');
  let buffer = '';
  for (let i = 0; i < count; i++) {
    const village = villages[i % villages.length];
    const changed = changedEvery !== null && i % changedEvery === 0;
    const edge = (i % 7 === 0) !== changed;
    // Mixed radix over (sequence, year, month, day): a distinct valid ID for each of 13.4M
    // households, birth years spread over 1962–2001 even in a small roster (borrowers aged 18–65).
    const r = Math.floor(i / 1000);
    const year = 1962 + (r % 40);
    const month = 1 + (Math.floor(r / 40) % 12);
    const day = 1 + (Math.floor(r / 480) % 28);
    const id = composeResidentId(countyCode, `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, i % 1000);
    const phone = `1${38 + (changed ? 1 : 0)}${String(i).padStart(8, '0')}`;
    buffer += `${String(i).padStart(16, '0')},${surnames[i % 10]}${given[(i >> 3) % 10]}${given[(i >> 6) % 10]},${id},${phone},${county.name},${townshipName.get(village.parentCode!)},${village.name},${
      edge ? '边缘易致贫户' : '脱贫户'
    },${edge ? '边缘易致贫户' : ''},${edge ? '否' : ''},${edge ? '' : 2016 + (i % 5)},${1 + (i % 6)},2026-10-31\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function copyBaseline(url: string, path: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `CREATE UNLOGGED TABLE copy_baseline (${HEADERS.split(',')
        .map((_, i) => `c${i} text`)
        .join(', ')})`,
    );
    const started = performance.now();
    await pipeline(createReadStream(path), client.query(copyFrom(`COPY copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    const ms = performance.now() - started;
    await client.query('DROP TABLE copy_baseline');
    return ms;
  } finally {
    await client.end();
  }
}

/** Child process: one import, reporting its time and its own peak RSS. */
async function childImport(url: string, path: string, countyCode: string): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL: url });
  const dataSource = await createDataSourceFor(householdsSubgraph, url, { poolSize: 2 }).initialize();
  const app = householdsSubgraph.createApp({ dataSource, config, logger: createLogger({ service: 'bench' }, 'error', () => undefined) });
  const started = performance.now();
  const outcome = await app.rosterImports.importFile(CALLER, { countyCode, path, mode: 'reject_file' });
  const ms = performance.now() - started;
  await dataSource.destroy();
  process.send!({
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    versionId: outcome.import.versionId,
    rows: outcome.import.totalRows,
    errors: outcome.import.errorCount,
  });
}

function runChild(url: string, path: string, countyCode: string): Promise<{ ms: number; maxRssMb: number; versionId: string; rows: number; errors: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child-import', path, '--url', url, '--county', countyCode], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: 'inherit',
    });
    child.once('message', (message) => resolve(message as never));
    child.once('exit', (code) => code !== 0 && reject(new Error(`import child exited with ${code}`)));
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The import's floor: the version's sealed entries (exported to a file first) COPYed into a
 * logged table like the entries table, with its key and indexes. What no import of the same rows
 * can beat; the import adds reading, validating and sealing them.
 */
async function entriesFloor(url: string, versionId: string, work: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const path = join(work, 'entries.copy');
  try {
    await pipeline(client.query(copyTo(`COPY (SELECT * FROM households.roster_entries WHERE version_id = '${versionId}') TO STDOUT`)), createWriteStream(path));
    await client.query('CREATE TABLE households.floor_entries (LIKE households.roster_entries INCLUDING ALL)');
    const started = performance.now();
    await pipeline(createReadStream(path), client.query(copyFrom('COPY households.floor_entries FROM STDIN')));
    const ms = performance.now() - started;
    await client.query('DROP TABLE households.floor_entries');
    return ms;
  } finally {
    await client.end();
    rmSync(path, { force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      county: { type: 'string' },
      'child-import': { type: 'string' },
      'import-only': { type: 'boolean' },
      url: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log('usage: npm run bench:roster [-- --households 1000000 --county 532301 --import-only]');
    console.log('  --import-only  stop after the first import and its floor (no publish, no re-import)');
    return;
  }
  const countyCode = values.county ?? '532301';
  if (values['child-import']) return childImport(values.url!, values['child-import'], countyCode);

  const households = Number(values.households ?? 1_000_000);
  const quiet = createLogger({ service: 'bench' }, 'error', () => undefined);
  const database = await openBenchDatabase('roster', quiet);
  const { work } = database;
  try {
    const dataSource = await createDataSourceFor(householdsSubgraph, database.url, { poolSize: 2 }).initialize();
    await migrate(householdsSubgraph, dataSource);
    const app = householdsSubgraph.createApp({ dataSource, config: loadConfig({ ...process.env, DATABASE_URL: database.url }), logger: quiet });
    await app.regionDirectory.load(readRegistry([countyCode]));

    const first = join(work, 'roster.csv');
    let started = performance.now();
    await writeRoster(first, households, countyCode, null);
    console.log(
      `generated ${households.toLocaleString()} households (${(statSync(first).size / 1e6).toFixed(0)} MB) in ${seconds(performance.now() - started)}`,
    );

    const copyMs = await copyBaseline(database.url, first);
    console.log(`the file COPYed into an unlogged table of text: ${seconds(copyMs)}, ${Math.round(households / (copyMs / 1000)).toLocaleString()} rows/s`);

    const imported = await runChild(database.url, first, countyCode);
    if (imported.errors) throw new Error(`the generated roster had ${imported.errors} errors`);
    const floorMs = await entriesFloor(database.url, imported.versionId, work);
    console.log(`floor: its sealed entries COPYed into a copy of the entries table with its indexes: ${seconds(floorMs)}`);
    console.log(
      `import: ${seconds(imported.ms)}, ${Math.round(households / (imported.ms / 1000)).toLocaleString()} rows/s, ${(imported.ms / floorMs).toFixed(1)}× its floor (target ≤ 2×), peak RSS ${imported.maxRssMb.toFixed(0)} MB (target ≤ 400 MB)`,
    );

    if (values['import-only']) return await dataSource.destroy();
    const versions = app.rosterVersions;
    started = performance.now();
    await versions.publish(CALLER, imported.versionId);
    console.log(`first publish (${households.toLocaleString()} households written): ${seconds(performance.now() - started)}`);

    const second = join(work, 'roster-1pct.csv');
    await writeRoster(second, households, countyCode, 100);
    const reimported = await runChild(database.url, second, countyCode);
    started = performance.now();
    const summary = await versions.diffSummary((await versions.published(countyCode))!.id, reimported.versionId);
    const diffMs = performance.now() - started;
    started = performance.now();
    await versions.publish(CALLER, reimported.versionId);
    const publishMs = performance.now() - started;
    console.log(
      `re-import with 1 % changed: import ${seconds(reimported.ms)} (peak RSS ${reimported.maxRssMb.toFixed(0)} MB), diff ${seconds(diffMs)} (${summary.changed.toLocaleString()} changed), publish ${seconds(
        publishMs,
      )}; diff + publish ${seconds(diffMs + publishMs)}, all three ${seconds(reimported.ms + diffMs + publishMs)} (target ≤ 15 s)`,
    );
    await dataSource.destroy();
  } finally {
    await database.finish();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
