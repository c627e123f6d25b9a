/**
 * 一卡通 account files, after the upload (funds subgraph) staged their valid rows:
 *
 *   match-one-card-import {importId}   households side: which household each holder heads (by ID hash)
 *                                      → funds side: applied in one transaction (or rejected)
 *   dispatch-one-card-imports (every minute)  queues the match again for imports still pending
 *
 * Only keyed ID hashes and household ids pass between the two sides, through this job; neither
 * subgraph reads the other's tables. The county's pending imports are applied in upload order.
 */
import type { HubConfig } from '../../../common/config';
import type { Logger } from '../../../common/logger';
import type { HubQueue } from '../../../common/queue/backend';
import { retryOf } from '../../../common/queue/job-options';
import type { HubJob, JobResult } from '../../../common/queue/job-types';
import { JOBS, QUEUES } from '../../../common/queue/names';
import { enqueueMatch, type FundsApp, type HouseholdLookup, type OneCardImportRecord } from '../../../subgraphs/funds/src/funds.app';
import type { HouseholdsApp } from '../../../subgraphs/households/src/households.app';
import type { JobSet } from '../job-set';

/** How often pending imports are looked for, and how old one must be to count as stuck. */
export const ONE_CARD_DISPATCH_EVERY_MS = 60_000;
const STUCK_AFTER_MS = 60_000;

export interface OneCardImportJobDependencies {
  config: HubConfig;
  logger: Logger;
  households: HouseholdsApp;
  funds: FundsApp;
  /** The queue the dispatcher adds matches to. */
  queue(name: typeof QUEUES.oneCardAccounts): HubQueue<typeof QUEUES.oneCardAccounts>;
}

/** Applies the import, after any of the county's older imports still pending (used by the job and the CLI). */
export async function matchOneCardImport(deps: { households: HouseholdsApp; funds: FundsApp }, importId: string): Promise<OneCardImportRecord[]> {
  const applier = deps.funds.oneCardImportApply;
  const households = deps.households.householdLookup;
  const lookup: HouseholdLookup = (countyCode, hashes) => households.householdIdsByResidentIdHash(countyCode, hashes);
  const done: OneCardImportRecord[] = [];
  for (const id of await applier.pendingUpTo(importId)) {
    const record = await applier.apply(id, lookup);
    if (record) done.push(record);
  }
  return done;
}

export function createOneCardImportJobs(deps: OneCardImportJobDependencies): JobSet {
  const queue = deps.queue(QUEUES.oneCardAccounts);
  const applier = deps.funds.oneCardImportApply;

  async function match(job: HubJob<typeof JOBS.matchOneCardImport>): Promise<JobResult<typeof JOBS.matchOneCardImport>> {
    const records = await matchOneCardImport(deps, job.data.importId);
    for (const r of records) {
      deps.logger.info('一卡通 import matched', { import: r.id, county: r.countyCode, status: r.status, applied: r.appliedRows, errors: r.errorCount });
    }
    return { imports: records.map((r) => ({ id: r.id, status: r.status, applied: r.appliedRows })) };
  }

  async function dispatch(): Promise<JobResult<typeof JOBS.dispatchOneCardImports>> {
    const stuck = await applier.stalePending(STUCK_AFTER_MS);
    for (const importId of stuck) await enqueueMatch(queue, importId);
    if (stuck.length) deps.logger.warn('一卡通 imports still pending: match queued again', { imports: stuck.length });
    return { queued: stuck.length };
  }

  return {
    handlers: {
      [JOBS.matchOneCardImport]: match,
      [JOBS.dispatchOneCardImports]: dispatch,
    },
    schedulers: [
      {
        id: 'dispatch-one-card-imports',
        repeat: { every: ONE_CARD_DISPATCH_EVERY_MS },
        template: { name: JOBS.dispatchOneCardImports, data: {}, opts: { ...retryOf(JOBS.dispatchOneCardImports), removeOnComplete: 20, removeOnFail: 50 } },
      },
    ],
  };
}
