/**
 * The funds subgraph's front door (issue 13): its services, built once with what each needs passed
 * in (one ledger, one rules service, one set of reference figures for all). Its GraphQL schema and
 * HTTP routes (index.ts), the worker's jobs, the CLIs, the benchmarks and the demo all use these;
 * nothing outside subgraphs/funds/ imports another file of src/.
 */
import type { DataSource } from 'typeorm';
import { protectorFromConfig, type PiiProtector } from '../../../common/pii/protector';
import type { SubgraphApp, SubgraphAppDependencies } from '../../../common/subgraph-service';
import { loadDemoFunds, type DemoFundsInput } from './demo/load-demo';
import { FundAccountService } from './fund-account/fund-account.service';
import { HouseholdDirectoryService } from './household-directory/household-directory.service';
import { BankDirectoryService } from './bank-directory/bank-directory.service';
import { LedgerService } from './ledger/ledger.service';
import { FinanceNoticeService } from './notice/finance-notice.service';
import { OneCardAccountWriter } from './one-card-account/one-card-account-writer';
import { OneCardAccountService } from './one-card-account/one-card-account.service';
import { matchEnqueuerFromConfig, type MatchEnqueuer } from './one-card-import/match-queue';
import { OneCardImportApplyService } from './one-card-import/one-card-import-apply.service';
import { OneCardImportReportService } from './one-card-import/one-card-import-report.service';
import { OneCardImportService } from './one-card-import/one-card-import.service';
import { PayoutLedger } from './payout/payout-ledger';
import { PayoutService } from './payout/payout.service';
import { ReconciliationService } from './payout/reconciliation.service';
import { LendingRewardService } from './risk-fund/lending-reward.service';
import { ReferenceFiguresService } from './risk-fund/reference/reference-figures.service';
import { RiskFundAssessmentService } from './risk-fund/risk-fund-assessment.service';
import { RiskFundClaimDeadlineService } from './risk-fund/risk-fund-claim-deadlines.service';
import { RiskFundClaimFilingService } from './risk-fund/risk-fund-claim-filing.service';
import { RiskFundClaimQueryService } from './risk-fund/risk-fund-claim-query.service';
import { RiskFundRecoveryService } from './risk-fund/risk-fund-claim-recovery.service';
import { RiskFundClaimStepService } from './risk-fund/risk-fund-claim-steps.service';
import { RiskFundClaimService } from './risk-fund/risk-fund-claim.service';
import { RiskFundService } from './risk-fund/risk-fund.service';
import { SettlementRuleService } from './subsidy/settlement-rule.service';
import { SubsidyRunService } from './subsidy/subsidy-run.service';
import { ReceivableLedger } from './subsidy/receivable-ledger';
import { SubsidyReceivableService } from './subsidy/subsidy-receivable.service';
import { SubsidyBudgetService } from './subsidy-budget/subsidy-budget.service';
import { computeEnqueuerFromConfig } from './subsidy/compute-queue';

// What outsiders name: quarters (the subsidy and risk-fund jobs), a valid card number (demo and
// benchmark data), a refused ledger entry, the 一卡通 match job's queueing and its household lookup,
// records the jobs report.
export type { DemoFundsInput } from './demo/load-demo';
export { luhnCheckDigit } from './domain/luhn';
export { LedgerError } from './ledger/ledger.service';
export { enqueueMatch } from './one-card-import/match-queue';
export type { HouseholdLookup } from './one-card-import/one-card-import-apply.service';
export { OneCardImportError } from './one-card-import/one-card-import-access';
export type { OneCardImportRecord } from './one-card-import/one-card-import.entity';
export type { AssessmentAlert } from './risk-fund/risk-fund-assessment.service';
export { formatQuarter, parseQuarter, previousQuarter, quarterOfDate, settlementWindow } from './subsidy/domain/settlement-window';
export { enqueueSubsidyCompute } from './subsidy/compute-queue';
export type { SubsidyRunRecord } from './subsidy/subsidy-run.entity';

export interface FundsApp extends SubgraphApp {
  dataSource: DataSource;
  pii: PiiProtector;
  ledger: LedgerService;
  referenceFigures: ReferenceFiguresService;
  riskFunds: RiskFundService;
  riskFundAssessments: RiskFundAssessmentService;
  riskFundClaims: RiskFundClaimService;
  lendingRewards: LendingRewardService;
  settlementRules: SettlementRuleService;
  subsidyRuns: SubsidyRunService;
  /** What households still owe after a run's netting: repayments, write-offs, their history. */
  subsidyReceivables: SubsidyReceivableService;
  /** The receivables on the ledger (the subsidy-receivable:<county> account). */
  receivableLedger: ReceivableLedger;
  subsidyBudgets: SubsidyBudgetService;
  payouts: PayoutService;
  reconciliations: ReconciliationService;
  notices: FinanceNoticeService;
  fundAccounts: FundAccountService;
  householdDirectory: HouseholdDirectoryService;
  /** The funds side's copy of the bank registry (the record-bank-directory job writes it). */
  bankDirectory: BankDirectoryService;
  oneCardAccounts: OneCardAccountService;
  oneCardAccountWriter: OneCardAccountWriter;
  oneCardImports: OneCardImportService;
  oneCardImportApply: OneCardImportApplyService;
  oneCardImportReports: OneCardImportReportService;
  /** Queues the match of an uploaded 一卡通 import for the worker. */
  matchEnqueuer: MatchEnqueuer;
  /** 一卡通 and fund accounts of a demo county, written directly (npm start, tests, benchmarks). */
  loadDemo(input: DemoFundsInput): Promise<{ accounts: number }>;
}

/** Builds the funds services; touches no database (the shipped rules and figures are written by seed(), or on first use). */
export function createFundsApp({ dataSource, config, logger }: SubgraphAppDependencies): FundsApp {
  const pii = protectorFromConfig(config.pii);
  const ledger = new LedgerService(dataSource);
  const referenceFigures = new ReferenceFiguresService(dataSource);
  const riskFunds = new RiskFundService(dataSource, ledger, referenceFigures);
  const settlementRules = new SettlementRuleService(dataSource);
  const householdDirectory = new HouseholdDirectoryService(dataSource);
  const bankDirectory = new BankDirectoryService(dataSource);
  const subsidyBudgets = new SubsidyBudgetService(dataSource, ledger);
  const subsidyComputeEnqueuer = computeEnqueuerFromConfig(config, logger);
  const receivableLedger = new ReceivableLedger(dataSource, ledger);
  return {
    dataSource,
    pii,
    ledger,
    referenceFigures,
    riskFunds,
    riskFundAssessments: new RiskFundAssessmentService(dataSource, riskFunds, referenceFigures),
    riskFundClaims: new RiskFundClaimService(
      new RiskFundClaimFilingService(dataSource, riskFunds, referenceFigures),
      new RiskFundClaimStepService(dataSource, riskFunds, ledger, referenceFigures),
      new RiskFundRecoveryService(dataSource, riskFunds, ledger, referenceFigures),
      new RiskFundClaimDeadlineService(dataSource, riskFunds, referenceFigures),
      new RiskFundClaimQueryService(dataSource),
    ),
    lendingRewards: new LendingRewardService(dataSource, riskFunds),
    settlementRules,
    subsidyRuns: new SubsidyRunService(dataSource, settlementRules, subsidyComputeEnqueuer, undefined, receivableLedger),
    subsidyReceivables: new SubsidyReceivableService(dataSource, receivableLedger),
    receivableLedger,
    subsidyBudgets,
    payouts: new PayoutService(dataSource, pii, new PayoutLedger(ledger), subsidyBudgets),
    reconciliations: new ReconciliationService(dataSource),
    notices: new FinanceNoticeService(dataSource),
    fundAccounts: new FundAccountService(dataSource, riskFunds),
    householdDirectory,
    bankDirectory,
    oneCardAccounts: new OneCardAccountService(dataSource, pii),
    oneCardAccountWriter: new OneCardAccountWriter(dataSource, pii, householdDirectory, bankDirectory),
    oneCardImports: new OneCardImportService(dataSource, pii, bankDirectory),
    oneCardImportApply: new OneCardImportApplyService(dataSource),
    oneCardImportReports: new OneCardImportReportService(dataSource),
    matchEnqueuer: matchEnqueuerFromConfig(config, logger),
    seed: async () => {
      await referenceFigures.ensureShipped();
      await riskFunds.ensureShipped();
    },
    loadDemo: (input) => loadDemoFunds(dataSource, pii, subsidyBudgets, input),
  };
}
