/**
 * The claims workflow on a county's risk fund, one door for the resolver and the claim jobs: a
 * bank files its quarter's defaulted loans and the claim job checks them (filing); the bureau
 * reviews and approves, the finance bureau pays (steps); the bank reports recoveries (recovery);
 * the working-day deadlines (deadlines); the reads (query). Every step is an event. Claims are
 * confidential (004 第二十一条). Each call goes to the piece that does the work, unchanged.
 */
import type { Caller } from '../../../../common/auth/caller';
import type { ClaimedLoanFacts, PortfolioPosition } from '../../../../contracts/risk-fund/loan-facts';
import type { OverdueStep, RiskFundClaimDeadlineService } from './risk-fund-claim-deadlines.service';
import type { ClaimInput, RiskFundClaimFilingService } from './risk-fund-claim-filing.service';
import type { RiskFundClaimQueryService } from './risk-fund-claim-query.service';
import type { RecoveryReport, RiskFundRecoveryService } from './risk-fund-claim-recovery.service';
import type { RiskFundClaimStepService } from './risk-fund-claim-steps.service';
import type { RiskFundClaimEventRecord, RiskFundClaimLineRecord, RiskFundClaimRecord, RiskFundRecoveryRecord } from './risk-fund-claim.entity';

export class RiskFundClaimService {
  constructor(
    private readonly filing: RiskFundClaimFilingService,
    private readonly steps: RiskFundClaimStepService,
    private readonly recovery: RiskFundRecoveryService,
    private readonly deadlines: RiskFundClaimDeadlineService,
    private readonly query: RiskFundClaimQueryService,
  ) {}

  file(caller: Caller, input: ClaimInput, today: string): Promise<RiskFundClaimRecord> {
    return this.filing.file(caller, input, today);
  }

  filed(): Promise<RiskFundClaimRecord[]> {
    return this.filing.filed();
  }

  contractsOf(claimId: string): Promise<string[]> {
    return this.filing.contractsOf(claimId);
  }

  verify(claimId: string, facts: Map<string, ClaimedLoanFacts>, position: Pick<PortfolioPosition, 'loanBalance' | 'nplBalance'>): Promise<RiskFundClaimRecord> {
    return this.filing.verify(claimId, facts, position);
  }

  review(caller: Caller, claimId: string, accept: boolean, note: string | null): Promise<RiskFundClaimRecord> {
    return this.steps.review(caller, claimId, accept, note);
  }

  approve(caller: Caller, claimId: string, accept: boolean, note: string | null, today: string): Promise<RiskFundClaimRecord> {
    return this.steps.approve(caller, claimId, accept, note, today);
  }

  pay(caller: Caller, claimId: string): Promise<RiskFundClaimRecord> {
    return this.steps.pay(caller, claimId);
  }

  compensatedLoans(): Promise<{ loanId: string; claimId: string; compensatedOn: string }[]> {
    return this.steps.compensatedLoans();
  }

  loansTold(claimIds: readonly string[]): Promise<void> {
    return this.steps.loansTold(claimIds);
  }

  reportRecovery(caller: Caller, input: RecoveryReport, today: string): Promise<RiskFundRecoveryRecord> {
    return this.recovery.reportRecovery(caller, input, today);
  }

  postMissingRecoveryEntries(): Promise<number> {
    return this.recovery.postMissingRecoveryEntries();
  }

  fillMissingDeadlines(): Promise<{ filled: number; stillOpen: number }> {
    return this.deadlines.fillMissingDeadlines();
  }

  overdueSteps(today: string): Promise<OverdueStep[]> {
    return this.deadlines.overdueSteps(today);
  }

  list(caller: Caller, countyCode: string): Promise<RiskFundClaimRecord[]> {
    return this.query.list(caller, countyCode);
  }

  page(caller: Caller, countyCode: string, status: string | null, size: number, afterId: string | null): Promise<RiskFundClaimRecord[]> {
    return this.query.page(caller, countyCode, status, size, afterId);
  }

  lines(claimIds: readonly string[]): Promise<RiskFundClaimLineRecord[]> {
    return this.query.lines(claimIds);
  }

  recoveries(claimIds: readonly string[]): Promise<RiskFundRecoveryRecord[]> {
    return this.query.recoveries(claimIds);
  }

  events(claimIds: readonly string[]): Promise<RiskFundClaimEventRecord[]> {
    return this.query.events(claimIds);
  }
}
