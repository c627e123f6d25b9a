/**
 * The funds subgraph: 一卡通 accounts and fund accounts (later subsidy computation, payout
 * batches, the ledger). Owns the PostgreSQL schema `funds`; contributes `Household.oneCardAccount`.
 */
import type { DataSource } from 'typeorm';
import type { HubConfig } from '../../../common/config';
import { buildFederatedSchema } from '../../../common/graphql/federation';
import { protectorFromConfig } from '../../../common/pii/protector';
import type { SubgraphModule } from '../../../common/subgraph-service';
import { FundAccountRecord } from './fund-account/fund-account.entity';
import { FundAccountResolver } from './fund-account/fund-account.resolver';
import { FundAccountService } from './fund-account/fund-account.service';
import { HouseholdAccountResolver } from './household/household-account.resolver';
import { HouseholdDirectoryCursorRecord, HouseholdDirectoryRecord } from './household-directory/household-directory.entity';
import { HouseholdDirectoryService } from './household-directory/household-directory.service';
import { JournalEntryRecord } from './ledger/journal-entry.entity';
import { LedgerAccountRecord } from './ledger/ledger-account.entity';
import { PostingRecord } from './ledger/posting.entity';
import { MIGRATIONS } from './migrations';
import { FinanceNoticeRecord } from './notice/finance-notice.entity';
import { FinanceNoticeResolver } from './notice/finance-notice.resolver';
import { FinanceNoticeService } from './notice/finance-notice.service';
import { SubsidyReconciliationRecord } from './payout/subsidy-reconciliation.entity';
import { SubsidyLineRecord } from './subsidy/subsidy-line.entity';
import { PayoutBatchRecord } from './payout/payout-batch.entity';
import { PayoutInstructionRecord } from './payout/payout-instruction.entity';
import { PayoutResolver } from './payout/payout.resolver';
import { PayoutService } from './payout/payout.service';
import { reconciliationRoutes } from './payout/reconciliation-http';
import { ReconciliationResolver } from './payout/reconciliation.resolver';
import { ReconciliationService } from './payout/reconciliation.service';
import { OneCardAccountWriter } from './one-card-account/one-card-account-writer';
import { RiskFundRuleVersionRecord } from './risk-fund/risk-fund-rule-version.entity';
import { RiskFundAssessmentRecord } from './risk-fund/risk-fund-assessment.entity';
import { RiskFundAssessmentService } from './risk-fund/risk-fund-assessment.service';
import { RiskFundClaimEventRecord, RiskFundClaimLineRecord, RiskFundClaimRecord, RiskFundRecoveryRecord } from './risk-fund/risk-fund-claim.entity';
import { RiskFundClaimResolver } from './risk-fund/risk-fund-claim.resolver';
import { RiskFundClaimService } from './risk-fund/risk-fund-claim.service';
import { RiskFundResolver } from './risk-fund/risk-fund.resolver';
import { RiskFundService } from './risk-fund/risk-fund.service';
import { BankNplTargetRecord, DepositRateRecord, HolidayArrangementsRecord } from './risk-fund/reference/reference-figures.entity';
import { ReferenceFiguresResolver } from './risk-fund/reference/reference-figures.resolver';
import { LendingRewardRecord } from './risk-fund/lending-reward.entity';
import { LendingRewardResolver } from './risk-fund/lending-reward.resolver';
import { LendingRewardService } from './risk-fund/lending-reward.service';
import { ReferenceFiguresService } from './risk-fund/reference/reference-figures.service';
import { SettlementRuleRecord } from './subsidy/settlement-rule.entity';
import { SettlementRuleResolver } from './subsidy/settlement-rule.resolver';
import { SettlementRuleService } from './subsidy/settlement-rule.service';
import { SubsidyRunRecord } from './subsidy/subsidy-run.entity';
import { SubsidyRunResolver } from './subsidy/subsidy.resolver';
import { SubsidyRunService } from './subsidy/subsidy-run.service';
import { OneCardAccountRecord } from './one-card-account/one-card-account.entity';
import { OneCardAccountResolver } from './one-card-account/one-card-account.resolver';
import { OneCardAccountService } from './one-card-account/one-card-account.service';
import { oneCardImportRoutes } from './one-card-import/one-card-import-http';
import { OneCardImportErrorRecord } from './one-card-import/one-card-import-error.entity';
import { OneCardImportReportService } from './one-card-import/one-card-import-report.service';
import { OneCardImportRowRecord } from './one-card-import/one-card-import-row.entity';
import { OneCardImportRecord } from './one-card-import/one-card-import.entity';
import { OneCardImportResolver } from './one-card-import/one-card-import.resolver';

export const fundsSubgraph: SubgraphModule = {
  name: 'funds',
  dbSchema: 'funds',
  entities: [OneCardAccountRecord, FundAccountRecord, LedgerAccountRecord, JournalEntryRecord, PostingRecord, SubsidyRunRecord, SubsidyLineRecord, PayoutBatchRecord, PayoutInstructionRecord, FinanceNoticeRecord, SubsidyReconciliationRecord, SettlementRuleRecord, RiskFundRuleVersionRecord, RiskFundAssessmentRecord, RiskFundClaimRecord, RiskFundClaimLineRecord, RiskFundClaimEventRecord, RiskFundRecoveryRecord,
    DepositRateRecord, BankNplTargetRecord, HolidayArrangementsRecord, LendingRewardRecord,
    OneCardImportRecord, OneCardImportRowRecord, OneCardImportErrorRecord, HouseholdDirectoryRecord, HouseholdDirectoryCursorRecord],
  migrations: MIGRATIONS,
  // The reconciliation download and the 一卡通 file upload and its error report.
  routes: (dataSource, config, logger) => [...reconciliationRoutes(dataSource, config, logger), ...oneCardImportRoutes(dataSource, config, logger)],
  async buildSchema(dataSource: DataSource, config: HubConfig) {
    const pii = protectorFromConfig(config.pii);
    const accounts = new OneCardAccountService(dataSource, pii);
    const funds = new FundAccountService(dataSource);
    const resolvers = new Map<Function, object>([
      [OneCardAccountResolver, new OneCardAccountResolver(accounts)],
      [HouseholdAccountResolver, new HouseholdAccountResolver(accounts)],
      [FundAccountResolver, new FundAccountResolver(funds)],
      [SubsidyRunResolver, new SubsidyRunResolver(new SubsidyRunService(dataSource))],
      [ReconciliationResolver, new ReconciliationResolver(new ReconciliationService(dataSource))],
      [RiskFundResolver, new RiskFundResolver(new RiskFundService(dataSource), new RiskFundAssessmentService(dataSource))],
      [RiskFundClaimResolver, new RiskFundClaimResolver(new RiskFundClaimService(dataSource))],
      [ReferenceFiguresResolver, new ReferenceFiguresResolver(new ReferenceFiguresService(dataSource))],
      [LendingRewardResolver, new LendingRewardResolver(new LendingRewardService(dataSource))],
      [SettlementRuleResolver, new SettlementRuleResolver(new SettlementRuleService(dataSource))],
      [FinanceNoticeResolver, new FinanceNoticeResolver(new FinanceNoticeService(dataSource))],
      [PayoutResolver, new PayoutResolver(new PayoutService(dataSource, pii), new OneCardAccountWriter(dataSource, pii, new HouseholdDirectoryService(dataSource)), pii)],
      [OneCardImportResolver, new OneCardImportResolver(new OneCardImportReportService(dataSource))],
    ]);
    return buildFederatedSchema(
      { resolvers: [...resolvers.keys()] as [Function, ...Function[]], container: { get: (resolverClass) => resolvers.get(resolverClass) } },
      { Household: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) } },
    );
  },
};
