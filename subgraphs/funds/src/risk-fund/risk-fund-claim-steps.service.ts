/**
 * The steps after the claim job's check: the bureau reviews for the township and another person
 * approves (004 第十九条); the finance bureau pays from the fund on the ledger, once (第二十条).
 * Each step passes one gate: the caller's role, then the claim's county, then its state. The loans
 * of a paid claim are then told to the loans side, once.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { UUID_PATTERN } from '../../../../common/codes';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { forbidden, HubError } from '../../../../common/errors/hub-error';
import { HubDecimal } from '../../../../common/money';
import type { LedgerService } from '../ledger/ledger.service';
import { RiskFundInputError } from './domain/risk-fund-error';
import type { RiskFundRules } from './domain/risk-fund-rules';
import type { ReferenceFiguresService } from './reference/reference-figures.service';
import { stepDeadline } from './risk-fund-claim-deadlines.service';
import { transitionClaim } from './risk-fund-claim-transition';
import { RiskFundClaimRecord, type RiskFundClaimStatus } from './risk-fund-claim.entity';
import { RiskFundClaimStateError } from './risk-fund-claim.errors';
import { riskFundAccountCode, type RiskFundService } from './risk-fund.service';

/** The ledger account of what a county's fund has paid a bank in compensation (a recovery returns part of it). */
export const compensatedAccountCode = (countyCode: string, bankCode: string) => `risk-compensation-paid:${countyCode}:${bankCode}`;

type ClaimStepKind = 'review' | 'approve' | 'pay';

/**
 * Who takes each step (besides admins): the bureau of the claim's county reviews and approves
 * (004 第十九条), its finance bureau pays (第二十条); the state the claim must be in. The refusal
 * says who may, and nothing of the claim: it is the same for a claim that does not exist.
 */
const CLAIM_STEP_RULES: Record<ClaimStepKind, { role: Caller['role']; from: RiskFundClaimStatus; refusal: (claimId: string) => string }> = {
  review: { role: 'bureau', from: 'VERIFIED', refusal: (id) => `only the bureau of a claim's county reviews it: you have no claim ${id} to review` },
  approve: {
    role: 'bureau',
    from: 'TOWNSHIP_REVIEWED',
    refusal: (id) => `only the bureau of a claim's county approves it: you have no claim ${id} to approve`,
  },
  pay: { role: 'finance', from: 'APPROVED', refusal: (id) => `only the finance bureau of a claim's county pays it: you have no claim ${id} to pay` },
};

export class RiskFundClaimStepService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly riskFunds: RiskFundService,
    private readonly ledger: LedgerService,
    private readonly figures: ReferenceFiguresService,
  ) {}

  /** The bureau, for the township: VERIFIED → TOWNSHIP_REVIEWED, or REJECTED with the reason. */
  async review(caller: Caller, claimId: string, accept: boolean, note: string | null): Promise<RiskFundClaimRecord> {
    return this.step(caller, claimId, 'review', async (manager, claim) => {
      if (!accept) return this.reject(manager, claim, caller, note);
      await transitionClaim(manager, claim, 'TOWNSHIP_REVIEWED', caller.subject, note, { reviewed_by: caller.subject });
    });
  }

  /**
   * The county's approval (the leading group's decision, 004 第十九条), by someone other than the
   * reviewer: TOWNSHIP_REVIEWED → APPROVED, or REJECTED. From it run the working days within which
   * the confirmation and the payment voucher are due (第二十条).
   */
  async approve(caller: Caller, claimId: string, accept: boolean, note: string | null, today: string): Promise<RiskFundClaimRecord> {
    return this.step(caller, claimId, 'approve', async (manager, claim, rules) => {
      if (!accept) return this.reject(manager, claim, caller, note);
      const calendar = await this.figures.calendar();
      await transitionClaim(manager, claim, 'APPROVED', caller.subject, note, {
        approved_by: caller.subject,
        confirmation_due: stepDeadline('CONFIRMATION', today, rules, calendar),
      });
    });
  }

  /**
   * The finance bureau pays the fund's share from the fund at the bank: one ledger entry (fund →
   * compensation paid), keyed by the claim, refused when the fund holds less than the claim.
   */
  async pay(caller: Caller, claimId: string): Promise<RiskFundClaimRecord> {
    return this.step(caller, claimId, 'pay', async (manager, claim) => {
      const fund = riskFundAccountCode(claim.countyCode, claim.bankCode);
      // Claims on one fund are paid one at a time, so two cannot both pass the balance check.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-${fund}`]);
      const amount = claim.fundPays.toFixed(2);
      const key = `risk-fund-claim-paid-${claim.id}`;
      let entryId: string | null = null;
      // Posted before a crash that lost the status change: that entry stands, nothing is posted again.
      const [posted] = await manager.query('SELECT id FROM funds.journal_entries WHERE idempotency_key = $1', [key]);
      if (claim.fundPays.gt(0) && !posted) {
        const balance = new HubDecimal((await this.riskFunds.balances([claim])).get(fund)!);
        if (balance.lt(claim.fundPays)) {
          throw new RiskFundClaimStateError(
            `the fund of ${claim.countyCode} at ${claim.bankCode} holds ${balance.toFixed(2)}, less than the ${amount} this claim pays: top it up first`,
          );
        }
      }
      if (posted) entryId = posted.id;
      else if (claim.fundPays.gt(0)) {
        await this.ledger.openAccount({
          code: compensatedAccountCode(claim.countyCode, claim.bankCode),
          kind: 'RISK_COMPENSATION_PAID',
          countyCode: claim.countyCode,
          bankCode: claim.bankCode,
        });
        const entry = await this.ledger.post(
          {
            idempotencyKey: key,
            reasonCode: 'COMPENSATION_PAID',
            description: `risk-fund claim ${claim.quarter} of ${claim.bankCode} in ${claim.countyCode}`,
            effectiveDate: shanghaiDate(),
            postings: [
              { accountCode: compensatedAccountCode(claim.countyCode, claim.bankCode), amount },
              { accountCode: fund, amount: `-${amount}` },
            ],
          },
          caller.subject,
        );
        entryId = entry.id;
      }
      await transitionClaim(manager, claim, 'PAID', caller.subject, `${amount} paid from the fund`, { paid_entry_id: entryId });
    });
  }

  /** Loans of paid claims the loans side has not been told of yet, with the day they were paid. */
  async compensatedLoans(): Promise<{ loanId: string; claimId: string; compensatedOn: string }[]> {
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT l.loan_id, l.claim_id, to_char((e.at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS compensated_on
       FROM funds.risk_fund_claims c JOIN funds.risk_fund_claim_lines l ON l.claim_id = c.id
       JOIN funds.risk_fund_claim_events e ON e.claim_id = c.id AND e.step = 'PAID'
       WHERE c.status = 'PAID' AND c.loans_told_at IS NULL AND l.refusal IS NULL AND l.fund_pays > 0 AND l.loan_id IS NOT NULL`,
    );
    return rows.map((r) => ({ loanId: r.loan_id, claimId: r.claim_id, compensatedOn: r.compensated_on }));
  }

  /** After the loans side recorded them: those claims are not sent again. */
  async loansTold(claimIds: readonly string[]): Promise<void> {
    if (claimIds.length) await this.dataSource.query('UPDATE funds.risk_fund_claims SET loans_told_at = now() WHERE id = ANY($1::uuid[])', [[...claimIds]]);
  }

  /**
   * One step of the workflow on a claim, authorized before its state is read into any answer: the
   * caller's role first (nothing read), then the claim's county (and, to approve, not its reviewer).
   * A caller not allowed on the claim gets the same FORBIDDEN whether it exists or not, naming
   * neither its county nor its status; only a caller allowed on it learns that it is in another state.
   */
  private async step(
    caller: Caller,
    claimId: string,
    kind: ClaimStepKind,
    act: (manager: EntityManager, claim: RiskFundClaimRecord, rules: RiskFundRules) => Promise<unknown>,
  ): Promise<RiskFundClaimRecord> {
    // The id's shape first (it says nothing of any claim), so a refusal only ever names a well-formed id.
    if (!UUID_PATTERN.test(claimId)) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'id', `"${claimId}" is not a claim id`);
    const rule = CLAIM_STEP_RULES[kind];
    const refused = () => forbidden(rule.refusal(claimId));
    if (caller.role !== 'admin' && caller.role !== rule.role) throw refused();
    await this.dataSource.transaction(async (manager) => {
      const claim = await manager.getRepository(RiskFundClaimRecord).findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
      if (!claim) {
        // Only an admin could see every claim: anyone else is answered as for a claim of another county.
        if (caller.role === 'admin') throw new HubError('RISK_FUND_CLAIM_NOT_FOUND', `no claim ${claimId}`, { field: 'id' });
        throw refused();
      }
      if (caller.role !== 'admin' && !caller.counties.includes(claim.countyCode)) throw refused();
      if (kind === 'approve' && claim.reviewedBy === caller.subject) throw forbidden('the claim was reviewed by you: another person approves it');
      if (claim.status !== rule.from) throw new RiskFundClaimStateError(`claim ${claimId} is ${claim.status}; this step needs it ${rule.from}`);
      // A verified claim follows the version that priced it, whatever was recorded since.
      await act(manager, claim, (await this.riskFunds.version(claim.rulesVersionId!)).rules);
    });
    return this.dataSource.getRepository(RiskFundClaimRecord).findOneByOrFail({ id: claimId });
  }

  private async reject(manager: EntityManager, claim: RiskFundClaimRecord, caller: Caller, note: string | null) {
    if (!note?.trim()) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'note', 'a rejection says why (note)');
    await transitionClaim(manager, claim, 'REJECTED', caller.subject, note, { rejection_reason: note.slice(0, 500) });
  }
}
