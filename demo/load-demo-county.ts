/**
 * Loads the demo county into all three subgraphs, each through its own loader and its own
 * data source: no subgraph's tables are written by another's code.
 */
import type { HubConfig } from '../common/config';
import type { Logger } from '../common/logger';
import { protectorFromConfig } from '../common/pii/protector';
import { createDataSourceFor } from '../common/subgraph-service';
import { fundsSubgraph } from '../subgraphs/funds/src';
import { loadDemoFunds } from '../subgraphs/funds/src/demo/load-demo';
import { householdsSubgraph } from '../subgraphs/households/src';
import { loadDemoHouseholds } from '../subgraphs/households/src/demo/load-demo';
import { loansSubgraph } from '../subgraphs/loans/src';
import { loadDemoLoans } from '../subgraphs/loans/src/demo/load-demo';
import { buildDemoCounty, DEMO_COUNTY, DemoCounty } from './demo-county';
import { publishDemoRoster } from './demo-roster';
import { loadCountyRegions } from '../subgraphs/households/src/region/region-registry';

export async function loadDemoCounty(
  config: HubConfig,
  databaseUrl: string,
  logger: Logger,
  options: { countyCode?: string; households?: number } = {},
): Promise<DemoCounty> {
  const regions = await loadCountyRegions(options.countyCode ?? DEMO_COUNTY);
  const demo = buildDemoCounty(regions, { households: options.households });
  const pii = protectorFromConfig(config.pii);
  const households = await createDataSourceFor(householdsSubgraph, databaseUrl, { poolSize: 2 }).initialize();
  const loans = await createDataSourceFor(loansSubgraph, databaseUrl, { poolSize: 2 }).initialize();
  const funds = await createDataSourceFor(fundsSubgraph, databaseUrl, { poolSize: 2 }).initialize();
  try {
    const h = await loadDemoHouseholds(households, pii, demo);
    const roster = await publishDemoRoster(households, pii, demo);
    const l = await loadDemoLoans(loans, pii, demo);
    const f = await loadDemoFunds(funds, pii, demo);
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
