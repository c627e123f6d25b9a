/**
 * npm run subsidy -- <command> … : the finance operator's tool for the quarterly interest
 * subsidy, on the database in DATABASE_URL, through the same services as the quarterly job.
 */
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../common/config';
import { COUNTY_CODE } from '../common/codes';
import { createLogger } from '../common/logger';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import { computeQuarterlySubsidy } from '../queues/src/jobs/subsidy-jobs';
import { fundsSubgraph } from '../subgraphs/funds/src';
import { loansSubgraph } from '../subgraphs/loans/src';

const HELP = `usage: npm run subsidy -- <command> [options]

  compute --county CODE --quarter 2025Q3   compute the county's subsidy lines for the quarter now
                                           (the worker does it on the 21st of Mar/Jun/Sep/Dec);
                                           a computed quarter is frozen and only shown again
  show --county CODE --quarter 2025Q3 [--limit N]
                                           the quarter's totals and its first lines

  --as NAME   record the request as NAME (default: cli:<your user name>)
Needs DATABASE_URL.`;

const print = (line: string) => process.stdout.write(line + '\n');

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { county: { type: 'string' }, quarter: { type: 'string' }, limit: { type: 'string' }, as: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    print(HELP);
    return values.help ? 0 : 2;
  }
  if (command !== 'compute' && command !== 'show') throw new Error(`unknown command "${command}" (see --help)`);
  const county = values.county ?? '';
  if (!COUNTY_CODE.test(county)) throw new Error('--county must be a 6-digit county code');
  if (!values.quarter) throw new Error('--quarter is needed, e.g. 2025Q3');
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  const loans = await createDataSourceFor(loansSubgraph, config.databaseUrl, { poolSize: 2 }).initialize();
  const funds = await createDataSourceFor(fundsSubgraph, config.databaseUrl, { poolSize: 2 }).initialize();
  try {
    await migrate(loansSubgraph, loans);
    await migrate(fundsSubgraph, funds);
    const logger = createLogger({ service: 'cli' }, 'warn');
    const apps = { loans: loansSubgraph.createApp({ dataSource: loans, config, logger }), funds: fundsSubgraph.createApp({ dataSource: funds, config, logger }) };
    const runs = apps.funds.subsidyRuns;
    let run;
    if (command === 'compute') {
      run = await computeQuarterlySubsidy(apps, county, values.quarter, values.as ?? `cli:${userInfo().username}`, (step) => {
        if (step === 'facts') process.stderr.write('loans and their settlements read; computing the lines…\n');
      });
    } else {
      run = await runs.find(county, values.quarter);
      if (!run) {
        print(`no subsidy computed for ${county} ${values.quarter} yet`);
        return 1;
      }
    }
    print(`${run.countyCode} ${run.quarter} (${run.windowStart} … ${run.windowEnd}): ${run.status}, ${run.lineCount} lines, interest ${run.totalInterest.toFixed(2)}, subsidy ${run.totalSubsidy.toFixed(2)}`);
    const limit = Number(values.limit ?? 20);
    for (const line of (await runs.lines(run.id, limit, null, false)).slice(0, limit)) {
      print(`  ${line.contractNo.padEnd(24)} ${line.bankCode.padEnd(6)} interest ${line.interestPaid.toFixed(2).padStart(10)}  subsidy ${line.subsidy.toFixed(2).padStart(10)}  ${line.reason ?? ''}`);
    }
    return 0;
  } finally {
    await Promise.all([loans.destroy(), funds.destroy()]);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
