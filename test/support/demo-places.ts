/**
 * The demo county's places without its people: 楚雄市's townships and villages, each township
 * assigned to its demo bank, and the demo banks registered (and copied to the households and funds
 * sides). What a test that imports its own roster starts from.
 */
import { buildDemoCounty, DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import type { HubApps } from '../../demo/test-hub';
import { loadCountyRegions, type RegionRow } from '../../subgraphs/households/src/households.app';
import { registerBanks } from './bank-directory';

export async function loadDemoPlaces(apps: HubApps): Promise<RegionRow[]> {
  const regions = await loadCountyRegions(DEMO_COUNTY);
  const demo = buildDemoCounty(regions, { households: 1 });
  await apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments: demo.assignments, households: [] });
  await registerBanks(apps, DEMO_BANKS);
  return regions;
}
