/**
 * npm run roster -- <command> … : the roster operator's tool, on the database in DATABASE_URL
 * (the same services as GraphQL and the upload endpoint; actions are recorded as cli:<user>).
 */
import 'reflect-metadata';
import { readRegistry } from '../subgraphs/households/src/households.app';
import { EXIT, needed, operatorCaller, print, printImportReport, readCommandLine, runOperatorCli, UsageError, withSubgraphs } from './operator-cli';

const HELP = `usage: npm run roster -- <command> [options]

  regions [--county CODE ...]            load the region directory (all of China without --county)
  import FILE --county CODE [--mode reject_file|skip_bad_rows] [--encoding auto|utf-8|gbk]
                                         import a CSV/XLSX roster into a draft version (exit 3 if rejected)
  versions --county CODE                 list the county's versions
  diff VERSION [--against VERSION] [--limit N]
                                         what a version changes (default: against the published one)
  publish VERSION                        make a draft the county's current roster
  discard VERSION                        discard a draft
  assign --township CODE --bank CODE --from YYYY-MM-DD
                                         make a bank responsible for a township from a date

  --as NAME   record actions as NAME (default: cli:<your user name>)
Needs DATABASE_URL (and the PII keys of the deployment: PII_ENCRYPTION_KEY, PII_HASH_KEY).
Exit 0 done, 1 refused by the hub (its code on stderr), 2 a wrong command line, 3 a rejected file.`;

const COMMANDS = ['regions', 'import', 'versions', 'diff', 'publish', 'discard', 'assign'];

async function main(argv: string[]): Promise<number> {
  const { values, command, argument } = readCommandLine(
    argv,
    {
      county: { type: 'string', multiple: true },
      mode: { type: 'string' },
      encoding: { type: 'string' },
      against: { type: 'string' },
      limit: { type: 'string' },
      township: { type: 'string' },
      bank: { type: 'string' },
      from: { type: 'string' },
      as: { type: 'string' },
    },
    () => HELP,
  );
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"`);
  const caller = operatorCaller(values.as);
  const county = values.county?.[0];
  const need = (value: string | undefined, what: string) => needed(value, command, what);
  return withSubgraphs(
    ['households'],
    async ({ households: app }) => {
      const versions = app.rosterVersions;
      switch (command) {
        case 'regions': {
          const started = Date.now();
          const result = await app.regionDirectory.load(readRegistry(values.county), (n) => process.stderr.write(`\r${n.toLocaleString()} regions read`));
          process.stderr.write('\n');
          print(`${result.read.toLocaleString()} regions read, ${result.written.toLocaleString()} written, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          return 0;
        }
        case 'import': {
          const path = need(argument, 'a file');
          const mode = (values.mode ?? 'reject_file') as 'reject_file' | 'skip_bad_rows';
          if (!['reject_file', 'skip_bad_rows'].includes(mode)) throw new UsageError('--mode must be reject_file or skip_bad_rows');
          const started = Date.now();
          const outcome = await app.rosterImports.importFile(caller, {
            countyCode: need(county, '--county'),
            path,
            encoding: values.encoding,
            mode,
            onProgress: (rows) =>
              process.stderr.write(`\r${rows.toLocaleString()} rows, ${Math.round(rows / ((Date.now() - started) / 1000 || 1)).toLocaleString()} rows/s`),
          });
          process.stderr.write('\n');
          const report = outcome.import;
          if (outcome.duplicate) print(`already imported on ${report.createdAt.toISOString()} (import ${report.id}): nothing new created`);
          print(
            `import ${report.id}: ${report.status}, ${report.totalRows} rows, ${report.acceptedRows} accepted, ${report.errorCount} errors${report.encoding ? `, read as ${report.encoding}` : ''}`,
          );
          if (report.versionId) print(`draft version ${report.versionId}`);
          printImportReport(report, await app.rosterReports.errors(report.id, 20, null), {
            limit: 20,
            ignoredHint: 'map one with setRosterHeaderMapping',
            more: `GET /downloads/roster-imports/${report.id}/errors.csv`,
          });
          return report.status === 'rejected' ? EXIT.rejected : EXIT.done;
        }
        case 'versions': {
          for (const v of (await versions.versions(caller, need(county, '--county'), 100, null)).slice(0, 100)) {
            print(
              `#${v.number} ${v.id} ${v.status.padEnd(10)} ${String(v.householdCount).padStart(8)} households  created ${v.createdAt.toISOString()} by ${v.createdBy}${v.publishedAt ? `  published ${v.publishedAt.toISOString()} by ${v.publishedBy}` : ''}`,
            );
          }
          return 0;
        }
        case 'diff': {
          const version = await versions.version(caller, need(argument, 'a version id'));
          const base = values.against ? await versions.version(caller, values.against) : await versions.defaultBase(version.id, version.countyCode);
          const summary = await versions.diffSummary(base?.id ?? null, version.id);
          print(
            `version #${version.number} against ${base ? `#${base.number}` : 'nothing'}: +${summary.added} -${summary.removed} ~${summary.changed} (type ${summary.categoryChanged}, monitoring ${summary.monitoringChanged}), ${summary.unchanged} unchanged`,
          );
          for (const line of await versions.diffLines(base?.id ?? null, version.id, Number(values.limit ?? 50), null, null)) {
            print(`  ${line.kind.padEnd(8)} ${line.householdNo} ${line.changedFields.join(', ')}`);
          }
          return 0;
        }
        case 'publish': {
          const started = Date.now();
          const version = await versions.publish(caller, need(argument, 'a version id'));
          print(`version #${version.number} of ${version.countyCode} published at ${version.publishedAt?.toISOString()} (${Date.now() - started} ms)`);
          return 0;
        }
        case 'discard': {
          const version = await versions.discard(caller, need(argument, 'a version id'));
          print(`version #${version.number} discarded`);
          return 0;
        }
        case 'assign': {
          const assignment = await app.townshipAssignments.assign(
            caller,
            need(values.township, '--township'),
            need(values.bank, '--bank'),
            need(values.from, '--from'),
          );
          print(`township ${assignment.townshipCode} → ${assignment.bankCode} from ${assignment.effectiveFrom}`);
          return 0;
        }
        default:
          throw new UsageError(`unknown command "${command}"`);
      }
    },
    { poolSize: 3 },
  );
}

runOperatorCli(main);
