/**
 * The loans subgraph: banks and loans (later LPR, policy checks, list deliveries).
 * Owns the PostgreSQL schema `loans`; contributes `Household.loans`.
 */
import { buildFederatedSchema } from '../../../common/graphql/federation';
import type { SubgraphContext } from '../../../common/graphql/subgraph-context';
import type { SubgraphModule } from '../../../common/subgraph-service';
import { BankChangeRecord } from './bank/bank-change.entity';
import { BankRecord } from './bank/bank.entity';
import { bankLoader, BankResolver } from './bank/bank.resolver';
import { HouseholdLoansResolver } from './household/household-loans.resolver';
import { LoanRecord } from './loan/loan.entity';
import { LoanInterestPaymentRecord } from './loan/loan-interest-payment.entity';
import { LoanStatusEventRecord } from './loan/loan-status-event.entity';
import { BankPullCursorRecord } from './ingest/bank-pull-cursor.entity';
import { LoanRecordRejectionRecord } from './ingest/loan-record-rejection.entity';
import { LoanRecordDigestRecord } from './ingest/loan-record-digest.entity';
import { LoanPolicyVersionRecord } from './policy-data/loan-policy-version.entity';
import { LprFixingRecord } from './policy-data/lpr-fixing.entity';
import { PolicyDataRevisionRecord } from './policy-data/policy-data-revision.entity';
import { BankListMemberRecord } from './bank-list/bank-list-member.entity';
import { ReceivedListDeliveryRecord } from './bank-list/received-list-delivery.entity';
import { LoanResolver } from './loan/loan.resolver';
import { MIGRATIONS } from './migrations';
import { LoanReportResolver } from './ingest/loan-report.resolver';
import { loanReportRoutes } from './ingest/loan-report-http';
import { MonitoringResolver } from './monitoring/monitoring.resolver';
import { monitoringRoutes } from './monitoring/monitoring-http';
import { MonthlyStatisticsRecord } from './monitoring/monthly-statistics.entity';
import { MonthlyTownshipStatisticsRecord } from './monitoring/monthly-township-statistics.entity';
import { CompensatedLoanRecord } from './portfolio/compensated-loan.entity';
import { PolicyDataResolver } from './policy-data/policy-data.resolver';
import { LoanFlagChangeRecord } from './reevaluation/loan-flag-change.entity';
import { PolicyReevaluationRecord } from './reevaluation/policy-reevaluation.entity';
import { PolicyReevaluationResolver } from './reevaluation/policy-reevaluation.resolver';
import { createLoansApp, type LoansApp } from './loans.app';

export const loansSubgraph: SubgraphModule<LoansApp> = {
  name: 'loans',
  dbSchema: 'loans',
  entities: [
    BankRecord,
    BankChangeRecord,
    LoanRecord,
    LoanStatusEventRecord,
    LoanInterestPaymentRecord,
    LoanRecordRejectionRecord,
    LoanRecordDigestRecord,
    BankPullCursorRecord,
    LprFixingRecord,
    LoanPolicyVersionRecord,
    PolicyDataRevisionRecord,
    BankListMemberRecord,
    ReceivedListDeliveryRecord,
    MonthlyStatisticsRecord,
    MonthlyTownshipStatisticsRecord,
    CompensatedLoanRecord,
    PolicyReevaluationRecord,
    LoanFlagChangeRecord,
  ],
  migrations: MIGRATIONS,
  createApp: createLoansApp,
  routes: (app, logger) => [...loanReportRoutes(app, logger), ...monitoringRoutes(app, logger)],
  async buildSchema(app) {
    const { banks, loans } = app;
    const resolvers = new Map<Function, object>([
      [LoanReportResolver, new LoanReportResolver(app.ingest, app.rejections)],
      [PolicyDataResolver, new PolicyDataResolver(app.policyData)],
      [PolicyReevaluationResolver, new PolicyReevaluationResolver(app.reevaluations)],
      [BankResolver, new BankResolver(banks)],
      [LoanResolver, new LoanResolver(loans, banks)],
      [HouseholdLoansResolver, new HouseholdLoansResolver(loans)],
      [MonitoringResolver, new MonitoringResolver(app.monitoring)],
    ]);
    return buildFederatedSchema(
      { resolvers: [...resolvers.keys()] as [Function, ...Function[]], container: { get: (resolverClass) => resolvers.get(resolverClass) } },
      {
        // Households are owned elsewhere: the representation is all this subgraph needs.
        Household: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) },
        Bank: { __resolveReference: (reference: { code: string }, context: SubgraphContext) => bankLoader(context, banks).load(reference.code) },
      },
    );
  },
};
