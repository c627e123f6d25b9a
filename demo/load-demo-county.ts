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
import { publishDemoRoster } from './demo-roster';
import { loadCountyRegions } from '../subgraphs/households/src/households.app';

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
    logger.info('demo county loaded', {
      county: demo.countyCode,
      regions: regions.length,
      newHouseholds: h.households,
      rosterVersionPublished: roster?.number ?? null,
      loansApplied: l.loans,
      loansFlagged: l.flagged,
      newAccounts: f.accounts,
    });
    return demo;
  } finally {
    await Promise.all([households.destroy(), loans.destroy(), funds.destroy()]);
  }
}
