/**
 * Loads the demo county into all three subgraphs, each through its own loader and its own
 * data source: no subgraph's tables are written by another's code.
 */
import type { HubConfig } from '../common/config';
import type { Logger } from '../common/logger';
import { createDataSourceFor } from '../common/subgraph-service';
import { fundsSubgraph } from '../subgraphs/funds/src';
import { householdsSubgraph } from '../subgraphs/households/src';
import { loansSubgraph } from '../subgraphs/loans/src';
import { buildDemoCounty, DEMO_COUNTY, DemoCounty, demoBanksAt } from './demo-county';
import { recordBankDirectory } from '../queues/src/jobs/bank-directory-jobs';
import { computeMonthlyStatistics } from '../queues/src/jobs/monitoring-jobs';
import { assessRiskFunds } from '../queues/src/jobs/risk-fund-jobs';
import Decimal from 'decimal.js';
import type { Caller } from '../common/auth/caller';
import { shanghaiDate } from '../common/domain/calendar-date';
import type { FundsApp } from '../subgraphs/funds/src/funds.app';
import type { LoansApp } from '../subgraphs/loans/src/loans.app';
import { publishDemoRoster } from './demo-roster';
import { loadCountyRegions, type HouseholdsApp } from '../subgraphs/households/src/households.app';

export async function loadDemoCounty(
  config: HubConfig,
  databaseUrl: string,
  logger: Logger,
  options: { countyCode?: string; households?: number; simulator?: { url: string; credentialRef: string } } = {},
): Promise<DemoCounty> {
  const regions = await loadCountyRegions(options.countyCode ?? DEMO_COUNTY);
  const built = buildDemoCounty(regions, { households: options.households });
  // npm start: the banks registered with their own connector at the simulator, as an operator would register real ones.
  const demo = options.simulator ? { ...built, banks: demoBanksAt(options.simulator.url, options.simulator.credentialRef) } : built;
  const households = await createDataSourceFor(householdsSubgraph, databaseUrl, { poolSize: 2 }).initialize();
  const loans = await createDataSourceFor(loansSubgraph, databaseUrl, { poolSize: 2 }).initialize();
  const funds = await createDataSourceFor(fundsSubgraph, databaseUrl, { poolSize: 2 }).initialize();
  try {
    const apps = {
      households: householdsSubgraph.createApp({ dataSource: households, config, logger }),
      loans: loansSubgraph.createApp({ dataSource: loans, config, logger }),
      funds: fundsSubgraph.createApp({ dataSource: funds, config, logger }),
    };
    const h = await apps.households.loadDemo(demo);
    const roster = await publishDemoRoster(apps.households, demo);
    const l = await apps.loans.loadDemo(demo);
    // The households and funds sides learn the registered banks as the worker's job tells them; done here at once, not 5 s later.
    await recordBankDirectory(apps);
    const f = await apps.funds.loadDemo(demo);
    const oversight = await seedDemoOversight(apps, demo.countyCode);
    logger.info('demo county loaded', {
      county: demo.countyCode,
      regions: regions.length,
      newHouseholds: h.households,
      rosterVersionPublished: roster?.number ?? null,
      loansApplied: l.loans,
      loansFlagged: l.flagged,
      newAccounts: f.accounts,
      statisticsMonths: oversight.months,
      riskFundsAssessedOn: oversight.assessedOn,
    });
    return demo;
  } finally {
    await Promise.all([households.destroy(), loans.destroy(), funds.destroy()]);
  }
}

/** The demo's finance bureau and admin, recording what a county and an operator record. */
const DEMO_OPERATOR: Caller = { subject: 'demo-finance', role: 'admin', counties: [], bank: null };
/** Months of statistics the demo starts with (the regulator's dashboards draw their trend). */
const STATISTICS_MONTHS = 12;

/**
 * What the regulator's and the risk-fund pages show on a fresh demo, as the hub's own jobs would
 * leave it: each bank's risk fund deposited (ABC and PSBC at a tenth of their lending, the 1:10
 * rule; YNRCC short of it, so a top-up is due), each bank's NPL target for the year, the monthly
 * statistics of the last 12 complete months, and today's assessment. Safe to run again: a fund
 * is deposited, a target recorded and a month computed only where none is.
 */
async function seedDemoOversight(apps: { households: HouseholdsApp; loans: LoansApp; funds: FundsApp }, countyCode: string) {
  const today = shanghaiDate(new Date());
  const year = Number(today.slice(0, 4));
  const positions = (await apps.loans.portfolio.positions()).filter((p) => p.countyCode === countyCode);
  // A fund is deposited once, on the first start: later starts find the lending changed (the banks lend and report) and leave the fund as it is.
  const funded = [...(await apps.funds.riskFunds.balances(positions)).values()].map((balance) => new Decimal(balance).greaterThan(0));
  for (const [i, position] of positions.entries()) {
    if (funded[i]) continue;
    const share = position.bankCode === 'YNRCC' ? 15 : 10;
    const amount = Decimal.max(new Decimal(position.loanBalance).div(share).div(10_000).ceil().times(10_000), 10_000); // whole 10,000s
    await apps.funds.riskFunds.recordMovement(DEMO_OPERATOR, {
      countyCode,
      bankCode: position.bankCode,
      kind: 'DEPOSIT',
      amount: amount.toFixed(2),
      effectiveDate: `${year}-01-05`,
      reference: `DEMO-RISK-FUND-${countyCode}-${position.bankCode}-${year}`,
    });
    const targets = await apps.funds.referenceFigures.nplTargets([{ bankCode: position.bankCode, year }]);
    if (targets.size === 0)
      await apps.funds.referenceFigures.recordNplTarget(DEMO_OPERATOR, {
        bankCode: position.bankCode,
        year,
        target: '0.02',
        source: '演示：银行年度不良率控制目标',
      });
  }
  const months: string[] = [];
  for (let back = STATISTICS_MONTHS; back >= 1; back--) {
    const first = new Date(Date.UTC(year, Number(today.slice(5, 7)) - 1 - back, 1));
    months.push(first.toISOString().slice(0, 7));
  }
  // A later start computes only the months not there yet (the job owns them once computed).
  const computed = new Set(
    (await apps.loans.monitoring.list(DEMO_OPERATOR, { countyCode, from: months[0], to: months[months.length - 1] })).map((m) => m.month),
  );
  for (const month of months) if (!computed.has(month)) await computeMonthlyStatistics(apps, month);
  await assessRiskFunds(apps, today);
  return { months: `${months[0]}..${months[months.length - 1]}`, assessedOn: today };
}
