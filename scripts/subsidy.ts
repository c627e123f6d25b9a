/**
 * npm run subsidy -- <command> … : the finance operator's tool for the quarterly interest
 * subsidy, on the database in DATABASE_URL, through the same services as the quarterly job.
 */
import 'reflect-metadata';
import Decimal from 'decimal.js';
import { COUNTY_CODE } from '../common/codes';
import { computeQuarterlySubsidy } from '../queues/src/jobs/subsidy-jobs';
import { EXIT, operatorCaller, print, readCommandLine, runOperatorCli, UsageError, withSubgraphs } from './operator-cli';

const HELP = `usage: npm run subsidy -- <command> [options]

  compute --county CODE --quarter 2025Q3   compute the county's subsidy lines for the quarter now
                                           (the worker does it the day after the settlement day);
                                           refused (SUBSIDY_QUARTER_NOT_DUE) until the settlement
                                           day has passed; a computed quarter is only shown again
  recompute --county CODE --quarter 2025Q3 compute a computed quarter again as a new run (after
                                           loans' flags or settlements changed) and show what
                                           changed: it supersedes the last run while none of its
                                           money is approved, else it is a correction whose
                                           differences the next quarter's run pays as adjustments
  show --county CODE --quarter 2025Q3 [--limit N]
                                           the quarter's totals and its first lines

  --as NAME   record the request as NAME (default: cli:<your user name>)
Needs DATABASE_URL.
Exit 0 done, 1 refused by the hub (its code on stderr), 2 a wrong command line.`;

async function main(argv: string[]): Promise<number> {
  const { values, command } = readCommandLine(
    argv,
    { county: { type: 'string' }, quarter: { type: 'string' }, limit: { type: 'string' }, as: { type: 'string' } },
    () => HELP,
  );
  if (command !== 'compute' && command !== 'recompute' && command !== 'show') throw new UsageError(`unknown command "${command}"`);
  const county = values.county ?? '';
  if (!COUNTY_CODE.test(county)) throw new UsageError('--county must be a 6-digit county code');
  if (!values.quarter) throw new UsageError('--quarter is needed, e.g. 2025Q3');
  const quarter = values.quarter;
  const requestedBy = operatorCaller(values.as).subject;
  return withSubgraphs(['loans', 'funds'], async (apps) => {
    const runs = apps.funds.subsidyRuns;
    let run;
    const progress = (step: 'facts') => {
      if (step === 'facts') process.stderr.write('loans and their settlements read; computing the lines…\n');
    };
    if (command === 'compute') {
      run = await computeQuarterlySubsidy(apps, county, quarter, requestedBy, progress);
    } else if (command === 'recompute') {
      await runs.openRecomputation(county, quarter, requestedBy);
      run = await computeQuarterlySubsidy(apps, county, quarter, requestedBy, progress);
    } else {
      run = await runs.find(county, quarter);
      if (!run) {
        print(`no subsidy computed for ${county} ${quarter} yet`);
        return EXIT.refused;
      }
    }
    print(
      `${run.countyCode} ${run.quarter} (${run.windowStart} … ${run.windowEnd}): ${run.status}, revision ${run.revision}, ${run.lineCount} lines, interest ${run.totalInterest.toFixed(2)}, subsidy ${run.totalSubsidy.toFixed(2)}`,
    );
    if (run.supersedesRunId) {
      const changes = await runs.changes(run);
      print(
        run.status === 'CORRECTION'
          ? `  a correction (money was approved for the run before): the next quarter's run carries these differences`
          : `  supersedes the run before (none of its money was approved)`,
      );
      print(`  ${changes.length} loans changed, ${changes.reduce((sum, c) => sum.plus(c.difference), new Decimal(0)).toFixed(2)} in all`);
      for (const c of changes)
        print(
          `  ${c.contractNo.padEnd(24)} ${c.previousSubsidy.toFixed(2).padStart(10)} → ${c.subsidy.toFixed(2).padStart(10)}  (${c.difference.isNegative() ? '' : '+'}${c.difference.toFixed(2)})  ${c.reason ?? ''}`,
        );
    }
    const limit = Number(values.limit ?? 20);
    for (const line of (await runs.lines(run.id, limit, null, { onlyPayable: false })).slice(0, limit)) {
      print(
        `  ${line.contractNo.padEnd(24)} ${line.bankCode.padEnd(6)} interest ${line.interestPaid.toFixed(2).padStart(10)}  subsidy ${line.subsidy.toFixed(2).padStart(10)}  ${line.reason ?? ''}${line.adjustsQuarter ? ` ${line.adjustsQuarter}` : ''}`,
      );
    }
    return EXIT.done;
  });
}

runOperatorCli(main);
