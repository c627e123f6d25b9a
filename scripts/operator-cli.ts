/**
 * What the operators' CLIs (roster, accounts, banks, subsidy) share, so that they answer alike:
 *
 *   exit 0  done
 *   exit 1  the hub refused (its code and message on stderr, `error: CODE: message`, as GraphQL
 *           would give them) or something failed
 *   exit 2  the command line is wrong (unknown command, a missing or malformed option)
 *   exit 3  a file was read and rejected (its report on stdout)
 *
 * The operator acts as an admin recorded as cli:<user> (or --as NAME); the subgraphs are opened on
 * DATABASE_URL through their front doors, migrated, and closed when the command is done.
 */
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Caller } from '../common/auth/caller';
import { loadConfig, type HubConfig } from '../common/config';
import { isHubError } from '../common/errors/hub-error';
import { createLogger } from '../common/logger';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import type { ImportedColumns } from '../common/tabular/import-records';
import type { RowError } from '../common/tabular/row-error';
import { fundsSubgraph } from '../subgraphs/funds/src';
import { householdsSubgraph } from '../subgraphs/households/src';
import { loansSubgraph } from '../subgraphs/loans/src';

export const EXIT = { done: 0, refused: 1, usage: 2, rejected: 3 } as const;

/** A command line the CLI cannot run: exit 2, with the message and a pointer to --help. */
export class UsageError extends Error {}

/** --help (exit 0), or no command at all (exit 2): the help is printed instead of running anything. */
class HelpShown extends Error {
  constructor(
    readonly text: string,
    readonly asked: boolean,
  ) {
    super('help');
  }
}

/**
 * The command line as every operator CLI reads it: `<command> [argument] [--options]`, with --help
 * for all and, given a command, the help `help(command)` gives for it.
 */
export function readCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, help: (command: string | undefined) => string) {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean' as const } } });
  const [command, argument] = positionals;
  const asked = (values as { help?: boolean }).help === true;
  if (asked || !command) throw new HelpShown(help(command), asked);
  return { values, command, argument: argument as string | undefined };
}

export const print = (line: string) => process.stdout.write(line + '\n');

export function operatorCaller(as: string | undefined): Caller {
  return { subject: as ?? `cli:${userInfo().username}`, role: 'admin', counties: [], bank: null };
}

const SUBGRAPHS = { households: householdsSubgraph, loans: loansSubgraph, funds: fundsSubgraph };
type Subgraphs = typeof SUBGRAPHS;
export type OperatorApps<K extends keyof Subgraphs> = { [P in K]: ReturnType<Subgraphs[P]['createApp']> };

/** Opens the named subgraphs (a small pool each), runs `work` on their apps, and closes them whatever happens. */
export async function withSubgraphs<K extends keyof Subgraphs>(
  names: readonly K[],
  work: (apps: OperatorApps<K>, config: HubConfig) => Promise<number>,
  { poolSize = 2 } = {},
): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ service: 'cli' }, 'warn');
  // Each subgraph on its own database when one is set (DATABASE_URL_<SUBGRAPH>), else on DATABASE_URL.
  const urls = names.map((name) => {
    const url = config.subgraphDatabaseUrls[name as keyof HubConfig['subgraphDatabaseUrls']];
    if (!url) throw new UsageError(`DATABASE_URL (or DATABASE_URL_${String(name).toUpperCase()}) is not set`);
    return url;
  });
  const opened = await Promise.all(names.map((name, index) => createDataSourceFor(SUBGRAPHS[name], urls[index], { poolSize }).initialize()));
  try {
    const apps = {} as Record<K, unknown>;
    for (const [index, name] of names.entries()) {
      await migrate(SUBGRAPHS[name], opened[index]);
      apps[name] = SUBGRAPHS[name].createApp({ dataSource: opened[index], config, logger });
    }
    return await work(apps as OperatorApps<K>, config);
  } finally {
    await Promise.all(opened.map((dataSource) => dataSource.destroy()));
  }
}

/** Runs a CLI's main and exits by the model above. */
export function runOperatorCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof HelpShown) {
        print(error.text);
        process.exit(error.asked ? EXIT.done : EXIT.usage);
      }
      // node:util parseArgs refuses an unknown option or a missing value with ERR_PARSE_ARGS_*: a usage error too.
      if (error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`error: ${(error as Error).message} (see --help)\n`);
        process.exit(EXIT.usage);
      }
      process.stderr.write(`error: ${isHubError(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(EXIT.refused);
    },
  );
}

/** The value of an option or argument a command needs, or a usage error naming it. */
export function needed(value: string | undefined, command: string, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`${command} needs ${what}`);
  return value;
}

/** An import's columns not read and its first row errors, the same in every import CLI. */
export function printImportReport(
  report: { columns: ImportedColumns | null; errorCount: number },
  errors: readonly RowError[],
  options: { limit: number; ignoredHint?: string; more: string },
): void {
  // A column no alias names is not read: say so, so that a phone column under another header is not lost unnoticed.
  const ignored = report.columns?.ignored ?? [];
  if (ignored.length > 0)
    print(`ignored columns (not read${options.ignoredHint ? `; ${options.ignoredHint}` : ''}): ${ignored.map((c) => `${c.column} ${c.header}`).join(', ')}`);
  for (const e of errors.slice(0, options.limit)) print(`  row ${e.row}, ${e.column} "${e.value}": ${e.code} ${e.messageZh} / ${e.messageEn}`);
  if (report.errorCount > options.limit) print(`  … ${report.errorCount - options.limit} more: ${options.more}`);
}
