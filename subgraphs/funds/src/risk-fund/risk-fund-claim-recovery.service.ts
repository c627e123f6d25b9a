/**
 * Recoveries on a paid claim: the bank reports money recovered on a compensated loan with the
 * transfer returning the fund's part, and that part goes back on the ledger (fund up, compensation
 * paid down), once per recovery.
 */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { TRANSFER_REFERENCE, UUID_PATTERN } from '../../../../common/codes';
import { forbidden } from '../../../../common/errors/hub-error';
import { HubDecimal, isPositiveYuan } from '../../../../common/money';
import type { LedgerService } from '../ledger/ledger.service';
import { recoveryReturn } from './domain/compensation';
import { RiskFundInputError } from './domain/risk-fund-error';
import type { ReferenceFiguresService } from './reference/reference-figures.service';
import { stepDeadline } from './risk-fund-claim-deadlines.service';
import { compensatedAccountCode } from './risk-fund-claim-steps.service';
import { RiskFundClaimLineRecord, RiskFundClaimRecord, RiskFundRecoveryRecord } from './risk-fund-claim.entity';
import { RiskFundClaimStateError } from './risk-fund-claim.errors';
import { riskFundAccountCode, type RiskFundService } from './risk-fund.service';

/** What the bank reports: the claim and contract, the yuan recovered, the day received, the transfer's reference. */
export interface RecoveryReport {
  claimId: string;
  contractNo: string;
  amount: string;
  receivedOn: string;
  reference: string;
}

export class RiskFundRecoveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly riskFunds: RiskFundService,
    private readonly ledger: LedgerService,
    private readonly figures: ReferenceFiguresService,
  ) {}

  /**
   * The bank reports money recovered on a loan the fund compensated, with the transfer returning
   * the fund's part: pro rata to the share the fund bore, cumulative over the loan's recoveries
   * (domain/compensation `recoveryReturn`), due so many working days after receipt. The fund's
   * part goes back on the ledger once (fund up, compensation paid down); the same reference twice
   * is recorded once.
   */
  async reportRecovery(caller: Caller, input: RecoveryReport, today: string): Promise<RiskFundRecoveryRecord> {
    const refused = () => forbidden('only the bank whose claim was paid reports recoveries on it');
    // The role before anything is read.
    if (caller.role !== 'bank' || !caller.bank) throw refused();
    const invalid = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);
    if (!isPositiveYuan(input.amount)) throw invalid('amount', `amount "${input.amount}" must be yuan above 0 with at most two decimals`);
    if (!TRANSFER_REFERENCE.test(input.reference)) throw invalid('reference', 'reference must be 4 to 64 letters, digits or . _ : - /');
    if (!UUID_PATTERN.test(input.claimId)) throw invalid('claimId', `"${input.claimId}" is not a claim id`);
    const recovery = await this.dataSource.transaction(async (manager) => {
      const claim = await manager.getRepository(RiskFundClaimRecord).findOne({ where: { id: input.claimId }, lock: { mode: 'pessimistic_write' } });
      if (!claim || caller.bank !== claim.bankCode) throw refused();
      const existing = await manager.getRepository(RiskFundRecoveryRecord).findOneBy({ claimId: claim.id, reference: input.reference });
      if (existing) {
        // The same report again is answered with what was recorded; another report under a used reference is refused, as the ledger refuses a reused key.
        const same = existing.contractNo === input.contractNo && existing.recovered.equals(input.amount) && existing.receivedOn === input.receivedOn;
        if (!same)
          throw invalid(
            'reference',
            `reference ${input.reference} was reported already for ${existing.contractNo}: ${existing.recovered.toFixed(2)} received ${existing.receivedOn}`,
          );
        return existing;
      }
      if (claim.status !== 'PAID') throw new RiskFundClaimStateError(`claim ${claim.id} is ${claim.status}: recoveries are reported on a paid claim`);
      const line = await manager.getRepository(RiskFundClaimLineRecord).findOneBy({ claimId: claim.id, contractNo: input.contractNo });
      if (!line || line.refusal || !line.loss || !line.fundPays || !line.loanId)
        throw invalid('contractNo', `contract ${input.contractNo} was not compensated by claim ${claim.id}`);
      const [{ previous }] = await manager.query(
        'SELECT coalesce(sum(recovered), 0)::text AS previous FROM funds.risk_fund_recoveries WHERE claim_id = $1 AND contract_no = $2',
        [claim.id, input.contractNo],
      );
      const version = await this.riskFunds.version(claim.rulesVersionId!);
      const calendar = await this.figures.calendar();
      const result = recoveryReturn({
        line: { loanId: line.loanId, loss: line.loss, fundPays: line.fundPays },
        previouslyRecovered: new HubDecimal(previous),
        recovered: new HubDecimal(input.amount),
      });
      const due = stepDeadline('RECOVERY_RETURN', input.receivedOn, version.rules, calendar);
      const [{ id }] = await manager.query(
        `INSERT INTO funds.risk_fund_recoveries (claim_id, contract_no, reference, recovered, return_to_fund, received_on, return_due, late, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          claim.id,
          input.contractNo,
          input.reference,
          input.amount,
          result.returnToFund.toFixed(2),
          input.receivedOn,
          due,
          due !== null && today > due,
          caller.subject,
        ],
      );
      await manager.query(`INSERT INTO funds.risk_fund_claim_events (claim_id, step, actor, note) VALUES ($1, 'RECOVERY', $2, $3)`, [
        claim.id,
        caller.subject,
        `${input.contractNo}: ${input.amount} recovered, ${result.returnToFund.toFixed(2)} to the fund`,
      ]);
      return manager.getRepository(RiskFundRecoveryRecord).findOneByOrFail({ id });
    });
    if (recovery.entryId || recovery.returnToFund.isZero()) return recovery;
    return this.postRecoveryEntry(recovery);
  }

  /**
   * The fund's part of a recovery back on the ledger (fund up, compensation paid down), keyed by
   * the recovery: posted after the recovery's commit, and again by the claim job for any a crash left.
   */
  private async postRecoveryEntry(recovery: RiskFundRecoveryRecord): Promise<RiskFundRecoveryRecord> {
    const claim = await this.dataSource.getRepository(RiskFundClaimRecord).findOneByOrFail({ id: recovery.claimId });
    const amount = recovery.returnToFund.toFixed(2);
    const entry = await this.ledger.post(
      {
        idempotencyKey: `risk-fund-recovery-${recovery.id}`,
        reasonCode: 'RECOVERY_RETURNED',
        description: `recovery on ${recovery.contractNo} returned to the fund (claim ${claim.quarter})`,
        effectiveDate: recovery.receivedOn,
        postings: [
          { accountCode: riskFundAccountCode(claim.countyCode, claim.bankCode), amount },
          { accountCode: compensatedAccountCode(claim.countyCode, claim.bankCode), amount: `-${amount}` },
        ],
      },
      // The ledger replays a key only for the same request by the same actor: always the bank that reported it.
      recovery.reportedBy,
    );
    await this.dataSource.query('UPDATE funds.risk_fund_recoveries SET entry_id = $2 WHERE id = $1', [recovery.id, entry.id]);
    return { ...recovery, entryId: entry.id };
  }

  /** Posts the ledger entries of recoveries a crash left without one (the claim job, every round). */
  async postMissingRecoveryEntries(): Promise<number> {
    const missing = await this.dataSource
      .getRepository(RiskFundRecoveryRecord)
      .createQueryBuilder('r')
      .where('r.entryId IS NULL AND r.returnToFund > 0')
      .getMany();
    for (const recovery of missing) await this.postRecoveryEntry(recovery);
    return missing.length;
  }
}
