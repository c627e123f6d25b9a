/**
 * The worker's jobs, family by family: `npm run worker` runs them all; a test runs the families
 * it is about (the bank connector's, the subsidy's …) on the same code.
 */
import type { HubConfig } from '../../common/config';
import type { Logger } from '../../common/logger';
import type { FundsApp } from '../../subgraphs/funds/src/funds.app';
import type { HouseholdsApp } from '../../subgraphs/households/src/households.app';
import type { LoansApp } from '../../subgraphs/loans/src/loans.app';
import { mergeJobSets, type JobSet, type QueueOf } from './job-set';
import { createBankDirectoryJobs } from './jobs/bank-directory-jobs';
import { createBankJobs } from './jobs/bank-jobs';
import { createHouseholdDirectoryJobs } from './jobs/household-directory-jobs';
import { createLoanReevaluationJobs } from './jobs/loan-reevaluation-jobs';
import { createMonitoringJobs } from './jobs/monitoring-jobs';
import { createOneCardImportJobs } from './jobs/one-card-import-jobs';
import { createRiskFundJobs } from './jobs/risk-fund-jobs';
import { createSubsidyJobs } from './jobs/subsidy-jobs';

export interface HubJobDependencies {
  config: HubConfig;
  logger: Logger;
  apps: { households: HouseholdsApp; loans: LoansApp; funds: FundsApp };
  queue: QueueOf;
}

const FAMILIES = {
  /** Beneficiary lists pushed, loan records pulled (bank connector). */
  banks: ({ config, logger, apps, queue }: HubJobDependencies) => createBankJobs({ config, logger, households: apps.households, loans: apps.loans, queue }),
  /** The quarter computed once due, its batches prepared. */
  subsidy: ({ config, logger, apps, queue }: HubJobDependencies) => createSubsidyJobs({ config, logger, loans: apps.loans, funds: apps.funds, queue }),
  /** 一卡通 account files matched to the roster. */
  oneCardImports: ({ config, logger, apps, queue }: HubJobDependencies) =>
    createOneCardImportJobs({ config, logger, households: apps.households, funds: apps.funds, queue }),
  riskFunds: ({ logger, apps }: HubJobDependencies) => createRiskFundJobs({ logger, loans: apps.loans, funds: apps.funds }),
  monitoring: ({ logger, apps }: HubJobDependencies) => createMonitoringJobs({ logger, households: apps.households, loans: apps.loans }),
  /** Households copied to the funds side. */
  householdDirectory: ({ logger, apps }: HubJobDependencies) => createHouseholdDirectoryJobs({ logger, households: apps.households, funds: apps.funds }),
  /** Stored loans judged again after a policy change. */
  reevaluations: ({ logger, apps, queue }: HubJobDependencies) => createLoanReevaluationJobs({ logger, loans: apps.loans, queue }),
  /** The bank registry copied to the households and funds sides. */
  bankDirectory: ({ logger, apps }: HubJobDependencies) => createBankDirectoryJobs({ logger, ...apps }),
} satisfies Record<string, (deps: HubJobDependencies) => JobSet | Promise<JobSet>>;

export type JobFamily = keyof typeof FAMILIES;
export const JOB_FAMILIES = Object.keys(FAMILIES) as JobFamily[];

/** The job sets of the families named, merged by job name (two sets on one queue keep both their handlers). */
export async function createHubJobs(deps: HubJobDependencies, families: readonly JobFamily[] = JOB_FAMILIES): Promise<JobSet> {
  const sets: JobSet[] = [];
  for (const family of families) sets.push(await FAMILIES[family](deps));
  return mergeJobSets(...sets);
}
