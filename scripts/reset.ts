/**
 * npm run reset — start over: what `npm start` keeps between runs is removed, wherever it lives.
 * The embedded PostgreSQL of DATA_DIR is stopped if it still runs (an orphan of a killed run, or
 * one whose files were deleted under it), its cluster removed — also when it is kept outside
 * DATA_DIR (as root behind a private parent: /var/tmp/huinong-hub-<hash>) — and DATA_DIR with it
 * (the bank simulator's state and the logs). A DATABASE_URL server is never touched.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../common/config';
import { clusterLocation, removeEmbeddedData } from '../common/db/embedded-postgres';

const HELP = `usage: npm run reset [-- --help]
Removes what npm start keeps between runs, so the next npm start begins on a new database and
demo: stops the embedded PostgreSQL of DATA_DIR (default .data) if it still runs, removes its
cluster wherever it lives (DATA_DIR/pg, or /var/tmp/huinong-hub-<hash> when running as root
behind a private directory) and DATA_DIR itself (the bank simulator's state, the logs).
Stop a running npm start (Ctrl-C) first. A database in DATABASE_URL is not touched.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const config = loadConfig();
  const { root } = clusterLocation(config.dataDir);
  if (config.databaseUrl) process.stdout.write('DATABASE_URL is set: that database is not touched; only DATA_DIR is removed\n');
  const done = await removeEmbeddedData(config.dataDir);
  for (const line of done) process.stdout.write(line + '\n');
  process.stdout.write(
    done.length ? `reset: the next npm start begins afresh\n` : `nothing to remove: ${root} does not exist and no cluster of it is kept elsewhere\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
