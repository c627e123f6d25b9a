/**
 * Runs the record-household-directory job until the funds side knows these households. The copy
 * reads only transactions older than the oldest one still running on the whole PostgreSQL
 * cluster, so while other suites hold transactions open it may lag a moment: it is polled.
 */
import { recordHouseholdDirectory } from '../../queues/src/jobs/household-directory-jobs';
import type { FundsApp } from '../../subgraphs/funds/src/funds.app';
import type { HouseholdsApp } from '../../subgraphs/households/src/households.app';

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
