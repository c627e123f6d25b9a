/**
 * A hub holding the demo county as `npm start` loads it: its households, each bank's list as
 * delivered, and the banks' loans (every demo loan names its household's own region, so all land).
 */
import { buildDemoCounty, DEMO_COUNTY, type DemoCounty } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';

export async function startDemoLoansHub(households: number): Promise<{ hub: TestHub; demo: DemoCounty }> {
  const hub = await startTestHub();
  const demo = buildDemoCounty(await loadCountyRegions(DEMO_COUNTY), { households });
  await hub.apps.households.loadDemo(demo);
  const loaded = await hub.apps.loans.loadDemo(demo);
  if (loaded.loans !== demo.loans.length) throw new Error(`the demo county's loans did not all land: ${loaded.loans} of ${demo.loans.length}`);
  return { hub, demo };
}
