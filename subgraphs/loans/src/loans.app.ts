/**
 * The loans subgraph's front door (issue 13): its services, built once with what each needs passed
 * in. Its GraphQL schema and HTTP routes (index.ts), the worker's jobs, the CLIs, the benchmarks
 * and the demo all use these; nothing outside subgraphs/loans/ imports another file of src/.
 */
import type { DataSource } from 'typeorm';
import { protectorFromConfig, type PiiProtector } from '../../../common/pii/protector';
import type { SubgraphApp, SubgraphAppDependencies } from '../../../common/subgraph-service';
import { BankListService } from './bank-list/bank-list.service';
import { BankService } from './bank/bank.service';
import { bankDirectoryEnqueuerFromConfig } from './bank/bank-directory-queue';
import { loadDemoLoans, type DemoLoansInput } from './demo/load-demo';
import { LoanIngestService } from './ingest/loan-ingest.service';
import { RejectionLogService } from './ingest/rejection-log.service';
import { LoanService } from './loan/loan.service';
import { MonitoringService } from './monitoring/monitoring.service';
import { PolicyDataService } from './policy-data/policy-data.service';
import { PolicyReevaluationService } from './reevaluation/policy-reevaluation.service';
import { reevaluationEnqueuerFromConfig } from './reevaluation/reevaluation-queue';
import { ClaimFactsService } from './portfolio/claim-facts.service';
import { LendingYearFactsService } from './portfolio/lending-year-facts.service';
import { PortfolioService } from './portfolio/portfolio.service';
import { SubsidyFactsService } from './subsidy-facts/subsidy-facts.service';

// What outsiders name: the demo loader's input, a bank's registration (the banks CLI), a gap in a bank's delivered lists, a loan's status,
// the policy rules' JSON form, the month helper of the monthly job.
export type { DemoLoansInput } from './demo/load-demo';
export type { BankChanges, BankRegistration } from './bank/bank.service';
export { ListGapError } from './bank-list/bank-list.service';
export type { IngestResult } from './ingest/loan-ingest.service';
export { LoanStatus } from './loan/loan-status';
export { previousMonth } from './monitoring/monitoring.service';
export { serializeLoanPolicyRules } from './policy/loan-policy';
// The re-evaluation job's queueing (the worker's dispatcher) and its progress.
export { enqueueReevaluation } from './reevaluation/reevaluation-queue';
export type { ReevaluationProgress } from './reevaluation/policy-reevaluation.service';

export interface LoansApp extends SubgraphApp {
  dataSource: DataSource;
  pii: PiiProtector;
  banks: BankService;
  loans: LoanService;
  policyData: PolicyDataService;
  /** Stored loans judged again after policy data changed (the reevaluate-loans job). */
  reevaluations: PolicyReevaluationService;
  ingest: LoanIngestService;
  rejections: RejectionLogService;
  bankLists: BankListService;
  monitoring: MonitoringService;
  subsidyFacts: SubsidyFactsService;
  portfolio: PortfolioService;
  claimFacts: ClaimFactsService;
  lendingYearFacts: LendingYearFactsService;
  /** Banks, lists and loans of a demo county (npm start, tests, benchmarks); loans go through the ingest like a bank's report. */
  loadDemo(input: DemoLoansInput): Promise<{ loans: number; flagged: number }>;
}

/** Builds the loans services; touches no database (the shipped policy data is written by seed(), or on first use). */
export function createLoansApp({ dataSource, config, logger }: SubgraphAppDependencies): LoansApp {
  const pii = protectorFromConfig(config.pii);
  const enqueueReevaluation = reevaluationEnqueuerFromConfig(config, logger);
  const policyData = new PolicyDataService(dataSource, (id) =>
    enqueueReevaluation(id).catch((error) =>
      logger.warn('could not queue the re-evaluation of stored loans; the dispatcher will', { reevaluation: id, error }),
    ),
  );
  const ingest = new LoanIngestService(dataSource, pii, policyData);
  const bankLists = new BankListService(dataSource);
  const banks = new BankService(dataSource, bankDirectoryEnqueuerFromConfig(config, logger));
  return {
    dataSource,
    pii,
    banks,
    loans: new LoanService(dataSource),
    policyData,
    reevaluations: new PolicyReevaluationService(dataSource, policyData),
    ingest,
    rejections: new RejectionLogService(dataSource),
    bankLists,
    monitoring: new MonitoringService(dataSource, policyData),
    subsidyFacts: new SubsidyFactsService(dataSource, policyData),
    portfolio: new PortfolioService(dataSource),
    claimFacts: new ClaimFactsService(dataSource),
    lendingYearFacts: new LendingYearFactsService(dataSource),
    seed: () => policyData.ensureShipped(),
    loadDemo: (input) => loadDemoLoans({ dataSource, pii, banks, bankLists, ingest }, input),
  };
}
