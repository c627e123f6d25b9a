/**
 * Runs the record-household-directory job until the funds side knows these households. The copy
 * reads only transactions older than the oldest one still running on the whole PostgreSQL
 * cluster, so while other suites hold transactions open it may lag a moment: it is polled.
 */
import { buildDemoCounty, DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { recordHouseholdDirectory } from '../../queues/src/jobs/household-directory-jobs';
import type { FundsApp } from '../../subgraphs/funds/src/funds.app';
import { loadCountyRegions, type HouseholdsApp } from '../../subgraphs/households/src/households.app';
import { registerBanks } from './bank-directory';

export async function untilHouseholdsKnown(deps: { households: HouseholdsApp; funds: FundsApp }, householdIds: readonly string[]): Promise<number> {
  const deadline = Date.now() + 30_000;
  let recorded = 0;
  for (;;) {
    recorded += (await recordHouseholdDirectory(deps)).recorded;
    const [{ n }] = await deps.funds.dataSource.query(`SELECT count(*)::int AS n FROM funds.household_directory WHERE household_id = ANY($1::uuid[])`, [
      [...householdIds],
    ]);
    if (n === householdIds.length) return recorded;
    if (Date.now() > deadline) throw new Error(`the household directory still lacks ${householdIds.length - n} of ${householdIds.length} households`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The demo county's regions and its first `households` households on the hub, its banks registered, the funds side knowing every household. */
export async function loadKnownDemoHouseholds(hub: TestHub, households: number) {
  const regions = await loadCountyRegions(DEMO_COUNTY);
  const demo = buildDemoCounty(regions, { households });
  await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments: demo.assignments, households: demo.households });
  await registerBanks(hub.apps);
  await untilHouseholdsKnown(
    hub.apps,
    demo.households.map((h) => h.id),
  );
  return { regions, demo };
}
