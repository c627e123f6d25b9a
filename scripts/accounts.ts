/**
 * npm run accounts -- <command> … : the finance operator's tool for 一卡通 account files, on the
 * database in DATABASE_URL, through the same services as the upload endpoint and the worker's
 * match job (actions are recorded as cli:<user>). The match runs here and now, not in the worker.
 */
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Caller } from '../common/auth/caller';
import { UUID_PATTERN } from '../common/codes';
import { loadConfig } from '../common/config';
import { createLogger } from '../common/logger';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import { matchOneCardImport } from '../queues/src/jobs/one-card-import-jobs';
import { fundsSubgraph } from '../subgraphs/funds/src';
import { OneCardImportError, type OneCardImportRecord } from '../subgraphs/funds/src/funds.app';
import { householdsSubgraph } from '../subgraphs/households/src';

const HELP = `usage: npm run accounts -- <command> [options]

  import FILE --county CODE [--mode reject_file|skip_bad_rows] [--encoding auto|utf-8|gbk]
                      import a CSV/XLSX 一卡通 account file of the finance bureau: check it, match
                      its holders to the county's roster and apply it (exit 3 if rejected)
  show IMPORT_ID [--limit N]
                      an import's counts and its first row errors

  --as NAME   record actions as NAME (default: cli:<your user name>)
Needs DATABASE_URL (and the PII keys of the deployment: PII_ENCRYPTION_KEY, PII_HASH_KEY).`;

const print = (line: string) => process.stdout.write(line + '\n');

function summary(record: OneCardImportRecord): string {
  return `import ${record.id} (${record.countyCode}, ${record.fileName}): ${record.status}, ${record.totalRows} rows, ${record.validRows} valid, ${record.appliedRows} applied, ${record.errorCount} errors${record.encoding ? `, read as ${record.encoding}` : ''}`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      county: { type: 'string' },
      mode: { type: 'string' },
      encoding: { type: 'string' },
      limit: { type: 'string' },
      as: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [command, argument] = positionals;
  if (values.help || !command) {
    print(HELP);
    return values.help ? 0 : 2;
  }
  if (command !== 'import' && command !== 'show') {
    print(`unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  if (!argument) throw new Error(command === 'import' ? 'import needs a FILE' : 'show needs an IMPORT_ID');
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  const caller: Caller = { subject: values.as ?? `cli:${userInfo().username}`, role: 'admin', counties: [], bank: null };
  const households = await createDataSourceFor(householdsSubgraph, config.databaseUrl, { poolSize: 2 }).initialize();
  const funds = await createDataSourceFor(fundsSubgraph, config.databaseUrl, { poolSize: 2 }).initialize();
  try {
    await migrate(householdsSubgraph, households);
    await migrate(fundsSubgraph, funds);
    const logger = createLogger({ service: 'cli' }, 'warn');
    const apps = {
      households: householdsSubgraph.createApp({ dataSource: households, config, logger }),
      funds: fundsSubgraph.createApp({ dataSource: funds, config, logger }),
    };
    const reports = apps.funds.oneCardImportReports;
    let record: OneCardImportRecord;
    if (command === 'import') {
      const mode = (values.mode ?? 'reject_file').toLowerCase();
      if (mode !== 'reject_file' && mode !== 'skip_bad_rows') throw new Error('--mode must be reject_file or skip_bad_rows');
      const started = Date.now();
      const outcome = await apps.funds.oneCardImports.importFile(caller, {
        countyCode: values.county ?? '',
        path: argument,
        encoding: values.encoding,
        mode,
      });
      record = outcome.import;
      if (outcome.duplicate) print(`this file was imported before (${record.createdAt.toISOString()}): nothing new`);
      if (record.status === 'PENDING_MATCH') {
        const applied = await matchOneCardImport(apps, record.id);
        record = applied.find((r) => r.id === record.id) ?? (await reports.importById(caller, record.id));
      }
      process.stderr.write(`${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    } else {
      if (!UUID_PATTERN.test(argument)) throw new Error(`"${argument}" is not an import id`);
      record = await reports.importById(caller, argument);
    }
    print(summary(record));
    const ignored = record.columns?.ignored ?? [];
    if (ignored.length > 0) print(`ignored columns (not read): ${ignored.map((c) => `${c.column} ${c.header}`).join(', ')}`);
    const limit = Number(values.limit ?? 20);
    const errors = await reports.errors(record.id, limit, null);
    for (const e of errors.slice(0, limit)) print(`  row ${String(e.row).padStart(6)}  ${e.column}  ${e.value}  ${e.code}  ${e.messageZh}`);
    if (errors.length > limit) print(`  … ${record.errorCount - limit} more (npm run accounts -- show ${record.id} --limit N)`);
    // Exit 3 tells a script its import was rejected; showing an import succeeds whatever its status.
    return command === 'import' && record.status === 'REJECTED' ? 3 : 0;
  } catch (error) {
    if (error instanceof OneCardImportError) {
      print(`${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await Promise.all([households.destroy(), funds.destroy()]);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
