/**
 * record-household-directory (every 10 s): the households the households side created since the
 * funds side last looked, with their county, copied into funds.household_directory. The funds
 * side authorizes its writes about a household (setOneCardAccount) against that county, so a
 * finance bureau can only ever touch its own county's households, whatever the input names.
 *
 * Only household ids and county codes cross, through this job; neither subgraph reads the
 * other's tables. Idempotent: pages are recorded with their cursor in one transaction and a
 * pair recorded twice changes nothing (two runs at once only read some pages twice).
 */
import type { Logger } from '../../../common/logger';
import { retryOf } from '../../../common/queue/job-options';
import type { JobResult } from '../../../common/queue/job-types';
import { JOBS } from '../../../common/queue/names';
import type { FundsApp } from '../../../subgraphs/funds/src/funds.app';
import type { HouseholdsApp } from '../../../subgraphs/households/src/households.app';
import type { JobSet } from '../job-set';

export const HOUSEHOLD_DIRECTORY_EVERY_MS = 10_000;
const PAGE = 10_000;

/** Copies every household created since the last run; returns how many were new to the directory. */
export async function recordHouseholdDirectory(
  deps: { households: HouseholdsApp; funds: FundsApp },
  pageSize = PAGE,
): Promise<{ read: number; recorded: number }> {
  const source = deps.households.householdLookup;
  const directory = deps.funds.householdDirectory;
  let cursor = await directory.cursor();
  let read = 0;
  let recorded = 0;
  for (;;) {
    const page = await source.householdsCreatedAfter(cursor, pageSize);
    if (!page.next) return { read, recorded };
    recorded += await directory.record(page.households, page.next);
    read += page.households.length;
    cursor = page.next;
    if (page.households.length < pageSize) return { read, recorded };
  }
}

export function createHouseholdDirectoryJobs(deps: { logger: Logger; households: HouseholdsApp; funds: FundsApp }): JobSet {
  async function record(): Promise<JobResult<typeof JOBS.recordHouseholdDirectory>> {
    const result = await recordHouseholdDirectory(deps);
    if (result.recorded) deps.logger.info('household directory: households recorded for the funds side', result);
    return result;
  }
  return {
    handlers: { [JOBS.recordHouseholdDirectory]: record },
    schedulers: [
      {
        id: 'record-household-directory',
        repeat: { every: HOUSEHOLD_DIRECTORY_EVERY_MS },
        template: {
          name: JOBS.recordHouseholdDirectory,
          data: {},
          opts: { ...retryOf(JOBS.recordHouseholdDirectory), removeOnComplete: 20, removeOnFail: 50 },
        },
      },
    ],
  };
}
