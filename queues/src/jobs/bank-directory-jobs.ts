/**
 * record-bank-directory (every 5 s, and queued by the loans side after each change of the bank
 * registry): the banks registered, updated or retired since the households and funds sides last
 * looked, copied into each side's bank directory (households.bank_directory, funds.bank_directory).
 * The households side assigns townships only to banks it knows serve the county; the funds side
 * recognises 一卡通 issuers and their card prefixes by it.
 *
 * Only the registry's public facts cross, through this job (contracts/bank-registry); neither side
 * reads the loans side's tables. Ordered by the registry's revision: each side copies what changed
 * after the highest revision it holds, and an entry never replaces a row of a higher (or the same)
 * revision, so a late or repeated run changes nothing.
 */
import type { Logger } from '../../../common/logger';
import { retryOf } from '../../../common/queue/job-options';
import type { JobResult } from '../../../common/queue/job-types';
import { JOBS } from '../../../common/queue/names';
import type { FundsApp } from '../../../subgraphs/funds/src/funds.app';
import type { HouseholdsApp } from '../../../subgraphs/households/src/households.app';
import type { LoansApp } from '../../../subgraphs/loans/src/loans.app';
import type { JobSet } from '../job-set';

export const BANK_DIRECTORY_EVERY_MS = 5_000;
const PAGE = 500;

/** Copies every registry change after what both directories hold; returns how many rows each side wrote. */
export async function recordBankDirectory(
  deps: { loans: LoansApp; households: HouseholdsApp; funds: FundsApp },
  pageSize = PAGE,
): Promise<JobResult<typeof JOBS.recordBankDirectory>> {
  const [householdsAt, fundsAt] = await Promise.all([deps.households.bankDirectory.revision(), deps.funds.bankDirectory.revision()]);
  let after = BigInt(householdsAt) < BigInt(fundsAt) ? householdsAt : fundsAt;
  let read = 0;
  let households = 0;
  let funds = 0;
  for (;;) {
    const entries = await deps.loans.banks.directoryAfter(after, pageSize);
    if (entries.length === 0) break;
    // Households first, then funds: each write is one statement, guarded by the revision, so a crash between them is made good by the next run.
    households += await deps.households.bankDirectory.record(entries);
    funds += await deps.funds.bankDirectory.record(entries);
    read += entries.length;
    after = entries[entries.length - 1].revision;
    if (entries.length < pageSize) break;
  }
  return { read, households, funds, revision: after };
}

export function createBankDirectoryJobs(deps: { logger: Logger; loans: LoansApp; households: HouseholdsApp; funds: FundsApp }): JobSet {
  async function record(): Promise<JobResult<typeof JOBS.recordBankDirectory>> {
    const result = await recordBankDirectory(deps);
    if (result.households || result.funds) deps.logger.info('bank directory: registry changes recorded for the households and funds sides', result);
    return result;
  }
  return {
    handlers: { [JOBS.recordBankDirectory]: record },
    schedulers: [
      {
        id: 'record-bank-directory',
        repeat: { every: BANK_DIRECTORY_EVERY_MS },
        template: { name: JOBS.recordBankDirectory, data: {}, opts: { ...retryOf(JOBS.recordBankDirectory), removeOnComplete: 20, removeOnFail: 50 } },
      },
    ],
  };
}
