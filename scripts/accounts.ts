/**
 * npm run accounts -- <command> … : the finance operator's tool for 一卡通 account files, on the
 * database in DATABASE_URL, through the same services as the upload endpoint and the worker's
 * match job (actions are recorded as cli:<user>). The match runs here and now, not in the worker.
 */
import 'reflect-metadata';
import { UUID_PATTERN } from '../common/codes';
import { matchOneCardImport } from '../queues/src/jobs/one-card-import-jobs';
import type { OneCardImportRecord } from '../subgraphs/funds/src/funds.app';
import { EXIT, needed, operatorCaller, print, printImportReport, readCommandLine, runOperatorCli, UsageError, withSubgraphs } from './operator-cli';

const HELP = `usage: npm run accounts -- <command> [options]

  import FILE --county CODE [--mode reject_file|skip_bad_rows] [--encoding auto|utf-8|gbk]
                      import a CSV/XLSX 一卡通 account file of the finance bureau: check it, match
                      its holders to the county's roster and apply it (exit 3 if rejected)
  show IMPORT_ID [--limit N]
                      an import's counts and its first row errors

  --as NAME   record actions as NAME (default: cli:<your user name>)
Needs DATABASE_URL (and the PII keys of the deployment: PII_ENCRYPTION_KEY, PII_HASH_KEY).
Exit 0 done, 1 refused by the hub (its code on stderr), 2 a wrong command line, 3 a rejected file.`;

function summary(record: OneCardImportRecord): string {
  return `import ${record.id} (${record.countyCode}, ${record.fileName}): ${record.status}, ${record.totalRows} rows, ${record.validRows} valid, ${record.appliedRows} applied, ${record.errorCount} errors${record.encoding ? `, read as ${record.encoding}` : ''}`;
}

async function main(argv: string[]): Promise<number> {
  const { values, command, argument } = readCommandLine(
    argv,
    {
      county: { type: 'string' },
      mode: { type: 'string' },
      encoding: { type: 'string' },
      limit: { type: 'string' },
      as: { type: 'string' },
    },
    () => HELP,
  );
  if (command !== 'import' && command !== 'show') throw new UsageError(`unknown command "${command}"`);
  const target = needed(argument, command, command === 'import' ? 'a FILE' : 'an IMPORT_ID');
  const caller = operatorCaller(values.as);
  const limit = Number(values.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number from 1');
  return withSubgraphs(['households', 'funds'], async (apps) => {
    const reports = apps.funds.oneCardImportReports;
    let record: OneCardImportRecord;
    if (command === 'import') {
      const mode = (values.mode ?? 'reject_file').toLowerCase();
      if (mode !== 'reject_file' && mode !== 'skip_bad_rows') throw new UsageError('--mode must be reject_file or skip_bad_rows');
      const started = Date.now();
      const outcome = await apps.funds.oneCardImports.importFile(caller, { countyCode: values.county ?? '', path: target, encoding: values.encoding, mode });
      record = outcome.import;
      if (outcome.duplicate) print(`this file was imported before (${record.createdAt.toISOString()}): nothing new`);
      if (record.status === 'PENDING_MATCH') {
        const applied = await matchOneCardImport(apps, record.id);
        record = applied.find((r) => r.id === record.id) ?? (await reports.importById(caller, record.id));
      }
      process.stderr.write(`${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    } else {
      if (!UUID_PATTERN.test(target)) throw new UsageError(`"${target}" is not an import id`);
      record = await reports.importById(caller, target);
    }
    print(summary(record));
    printImportReport(record, await reports.errors(record.id, limit, null), { limit, more: `npm run accounts -- show ${record.id} --limit N` });
    // Exit 3 tells a script its import was rejected; showing an import succeeds whatever its status.
    return command === 'import' && record.status === 'REJECTED' ? EXIT.rejected : EXIT.done;
  });
}

runOperatorCli(main);
