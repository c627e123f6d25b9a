/**
 * The funds subgraph: 一卡通 accounts and fund accounts (later subsidy computation, payout
 * batches, the ledger). Owns the PostgreSQL schema `funds`; contributes `Household.oneCardAccount`.
 */
import { buildFederatedSchema } from '../../../common/graphql/federation';
import type { SubgraphModule } from '../../../common/subgraph-service';
import { FundAccountRecord } from './fund-account/fund-account.entity';
import { FundAccountResolver } from './fund-account/fund-account.resolver';
import { HouseholdAccountResolver } from './household/household-account.resolver';
import { BankNameResolver } from './bank-directory/bank-name.resolver';
import { HouseholdDirectoryCursorRecord, HouseholdDirectoryRecord } from './household-directory/household-directory.entity';
import { JournalEntryRecord } from './ledger/journal-entry.entity';
import { LedgerAccountRecord } from './ledger/ledger-account.entity';
import { PostingRecord } from './ledger/posting.entity';
import { MIGRATIONS } from './migrations';
import { FinanceNoticeRecord } from './notice/finance-notice.entity';
import { FinanceNoticeResolver } from './notice/finance-notice.resolver';
import { SubsidyReconciliationRecord } from './payout/subsidy-reconciliation.entity';
import { SubsidyLineRecord } from './subsidy/subsidy-line.entity';
import { PayoutBatchRecord } from './payout/payout-batch.entity';
import { PayoutInstructionRecord } from './payout/payout-instruction.entity';
import { PayoutResolver } from './payout/payout.resolver';
import { PayoutInstructionPageResolver } from './payout/payout-instruction-page';
import { BankPayoutBatchesResolver } from './payout/bank-payout-batches';
import { reconciliationRoutes } from './payout/reconciliation-http';
import { ReconciliationResolver } from './payout/reconciliation.resolver';
import { RiskFundRuleVersionRecord } from './risk-fund/risk-fund-rule-version.entity';
import { RiskFundAssessmentRecord } from './risk-fund/risk-fund-assessment.entity';
import { RiskFundClaimEventRecord, RiskFundClaimLineRecord, RiskFundClaimRecord, RiskFundRecoveryRecord } from './risk-fund/risk-fund-claim.entity';
import { RiskFundClaimResolver } from './risk-fund/risk-fund-claim.resolver';
import { RiskFundResolver } from './risk-fund/risk-fund.resolver';
import { BankNplTargetRecord, DepositRateRecord, HolidayArrangementsRecord } from './risk-fund/reference/reference-figures.entity';
import { ReferenceFiguresResolver } from './risk-fund/reference/reference-figures.resolver';
import { LendingRewardRecord } from './risk-fund/lending-reward.entity';
import { LendingRewardResolver } from './risk-fund/lending-reward.resolver';
import { SettlementRuleRecord } from './subsidy/settlement-rule.entity';
import { SettlementRuleResolver } from './subsidy/settlement-rule.resolver';
import { SubsidyReceivableEventRecord, SubsidyReceivableRecord } from './subsidy/subsidy-receivable.entity';
import { SubsidyRunRecord } from './subsidy/subsidy-run.entity';
import { SubsidyRunResolver } from './subsidy/subsidy.resolver';
import { SubsidyReceivableResolver } from './subsidy/subsidy-receivable.resolver';
import { SubsidyBudgetResolver } from './subsidy-budget/subsidy-budget.resolver';
import { OneCardAccountRecord } from './one-card-account/one-card-account.entity';
import { OneCardAccountResolver } from './one-card-account/one-card-account.resolver';
import { oneCardImportRoutes } from './one-card-import/one-card-import-http';
import { OneCardImportErrorRecord } from './one-card-import/one-card-import-error.entity';
import { OneCardImportRowRecord } from './one-card-import/one-card-import-row.entity';
import { OneCardImportRecord } from './one-card-import/one-card-import.entity';
import { OneCardImportResolver } from './one-card-import/one-card-import.resolver';
import { createFundsApp, type FundsApp } from './funds.app';
import { BankDirectoryRecord } from './bank-directory/bank-directory.entity';

export const fundsSubgraph: SubgraphModule<FundsApp> = {
  name: 'funds',
  dbSchema: 'funds',
  entities: [
    OneCardAccountRecord,
    FundAccountRecord,
    LedgerAccountRecord,
    JournalEntryRecord,
    PostingRecord,
    SubsidyRunRecord,
    SubsidyLineRecord,
    SubsidyReceivableRecord,
    SubsidyReceivableEventRecord,
    PayoutBatchRecord,
    PayoutInstructionRecord,
    FinanceNoticeRecord,
    SubsidyReconciliationRecord,
    SettlementRuleRecord,
    RiskFundRuleVersionRecord,
    RiskFundAssessmentRecord,
    RiskFundClaimRecord,
    RiskFundClaimLineRecord,
    RiskFundClaimEventRecord,
    RiskFundRecoveryRecord,
    DepositRateRecord,
    BankNplTargetRecord,
    HolidayArrangementsRecord,
    LendingRewardRecord,
    OneCardImportRecord,
    OneCardImportRowRecord,
    OneCardImportErrorRecord,
    BankDirectoryRecord,
    HouseholdDirectoryRecord,
    HouseholdDirectoryCursorRecord,
  ],
  migrations: MIGRATIONS,
  // The reconciliation download and the 一卡通 file upload and its error report.
  createApp: createFundsApp,
  routes: (app, logger) => [...reconciliationRoutes(app, logger), ...oneCardImportRoutes(app, logger)],
  async buildSchema(app) {
    const accounts = app.oneCardAccounts;
    const resolvers = new Map<Function, object>([
      [OneCardAccountResolver, new OneCardAccountResolver(accounts)],
      [BankNameResolver, new BankNameResolver(app.bankDirectory)],
      [HouseholdAccountResolver, new HouseholdAccountResolver(accounts)],
      [FundAccountResolver, new FundAccountResolver(app.fundAccounts)],
      [SubsidyRunResolver, new SubsidyRunResolver(app.subsidyRuns)],
      [SubsidyReceivableResolver, new SubsidyReceivableResolver(app.subsidyReceivables)],
      [ReconciliationResolver, new ReconciliationResolver(app.reconciliations)],
      [RiskFundResolver, new RiskFundResolver(app.riskFunds, app.riskFundAssessments)],
      [RiskFundClaimResolver, new RiskFundClaimResolver(app.riskFundClaims)],
      [ReferenceFiguresResolver, new ReferenceFiguresResolver(app.referenceFigures)],
      [LendingRewardResolver, new LendingRewardResolver(app.lendingRewards)],
      [SettlementRuleResolver, new SettlementRuleResolver(app.settlementRules)],
      [SubsidyBudgetResolver, new SubsidyBudgetResolver(app.subsidyBudgets)],
      [FinanceNoticeResolver, new FinanceNoticeResolver(app.notices)],
      [PayoutResolver, new PayoutResolver(app.payouts, app.oneCardAccountWriter, app.pii)],
      [PayoutInstructionPageResolver, new PayoutInstructionPageResolver(app.payouts, app.pii)],
      [BankPayoutBatchesResolver, new BankPayoutBatchesResolver(app.dataSource)],
      [OneCardImportResolver, new OneCardImportResolver(app.oneCardImportReports)],
    ]);
    return buildFederatedSchema(
      { resolvers: [...resolvers.keys()] as [Function, ...Function[]], container: { get: (resolverClass) => resolvers.get(resolverClass) } },
      { Household: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) } },
    );
  },
};
