/**
 * Monthly statistics for regulators (04:00 Asia/Shanghai on the 1st, for the month just ended):
 *
 *   compute-monthly-statistics  households side: households on each county's roster
 *                               → loans side: per county, bank and month, the aggregates and
 *                                 the swing against the previous month, stored (a rerun replaces);
 *                                 and each township's borrowers against its roster (应贷尽贷).
 *
 * Only counts cross between the sides, through this job.
 */
import type { Logger } from '../../../common/logger';
import { retryOf } from '../../../common/queue/job-options';
import { JOBS } from '../../../common/queue/names';
import type { HouseholdsApp } from '../../../subgraphs/households/src/households.app';
import { previousMonth, type LoansApp } from '../../../subgraphs/loans/src/loans.app';
import type { JobSet } from '../job-set';
import { shanghaiDate } from '../../../common/domain/calendar-date';

/** Computes the month for every county (used by the job and the tests). */
export async function computeMonthlyStatistics(deps: { households: HouseholdsApp; loans: LoansApp }, month: string): Promise<number> {
  const monitoring = deps.loans.monitoring;
  const counties = await monitoring.counties();
  const eligible = await deps.households.householdLookup.onRosterCounts(counties);
  const byTownship = await deps.households.householdLookup.onRosterCountsByTownship(counties);
  return monitoring.compute(month, counties, eligible, byTownship);
}

export function createMonitoringJobs(deps: { logger: Logger; households: HouseholdsApp; loans: LoansApp }): JobSet {
  return {
    handlers: {
      [JOBS.computeMonthlyStatistics]: async () => {
        const month = previousMonth(shanghaiDate(new Date()));
        const rows = await computeMonthlyStatistics(deps, month);
        deps.logger.info('monthly statistics computed', { month, rows });
        return { month, rows };
      },
    },
    schedulers: [
      {
        id: 'compute-monthly-statistics',
        repeat: { pattern: '0 4 1 * *', tz: 'Asia/Shanghai' },
        template: {
          name: JOBS.computeMonthlyStatistics,
          data: {},
          opts: { ...retryOf(JOBS.computeMonthlyStatistics), removeOnComplete: 24, removeOnFail: 24 },
        },
      },
    ],
  };
}
