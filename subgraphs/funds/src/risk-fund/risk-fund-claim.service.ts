/**
 * The claims workflow on a county's risk fund: a bank files its quarter's defaulted loans with
 * their documents; the claim job checks each against the loans side (passed in: funds never reads
 * the loans tables) and computes what the fund pays under the rules in force (domain/compensation);
 * the bureau reviews for the township and another person approves; the finance bureau pays from
 * the fund on the ledger, once. Every step is an event. Claims are confidential (004 第二十一条).
 */
import type { DataSource } from 'typeorm';
import { type Caller, isCountyOfficial } from '../../../../common/auth/caller';
import { COUNTY_CODE, TRANSFER_REFERENCE, UUID_PATTERN } from '../../../../common/codes';
import { HubDecimal, isPositiveYuan, isYuan } from '../../../../common/money';
import type { ClaimedLoanFacts, PortfolioPosition } from '../../../../contracts/risk-fund/loan-facts';
import { LedgerService } from '../ledger/ledger.service';
import { formatQuarter, parseQuarter } from '../subsidy/domain/settlement-window';
import { judgeClaimLine } from './domain/claim-line';
import { CLAIM_STEPS, claimStepDeadline, recoveryReturn, sumClaimLines, type ClaimStep } from './domain/compensation';
import { assessNpl } from './domain/leverage';
import { RiskFundInputError } from './domain/risk-fund-error';
import { CLAIM_DOCUMENT_KINDS, type ClaimDocumentKind, type RiskFundRules } from './domain/risk-fund-rules';
import type { WorkingDayCalendar } from './domain/working-days';
import { nplTargetKey, ReferenceFiguresService } from './reference/reference-figures.service';
import {
  CLAIM_CAUSES,
  RiskFundClaimEventRecord,
  RiskFundClaimLineRecord,
  RiskFundClaimRecord,
  RiskFundRecoveryRecord,
  type ClaimCause,
  type ClaimDocument,
  type RiskFundClaimStatus,
} from './risk-fund-claim.entity';
import { riskFundAccountCode, RiskFundService } from './risk-fund.service';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { forbidden, HubError } from '../../../../common/errors/hub-error';

/** A claim step its claim's state does not allow (told only to callers allowed on the claim). */
export class RiskFundClaimStateError extends HubError {
  constructor(message: string) {
    super('RISK_FUND_CLAIM_WRONG_STATE', message);
  }
}

export interface ClaimLoanInput {
  contractNo: string;
  /** 004 第十七条's ground; required where the rules set no portfolio NPL trigger (checked by the job). */
  cause?: ClaimCause | null;
  /** Yuan; "0.00" when there is no insurance. */
  insurancePaid: string;
  documents: ClaimDocument[];
}

export interface ClaimInput {
  countyCode: string;
  quarter: string;
  /** The claim's own documents (004 第十八条(一)(二)). */
  documents?: ClaimDocument[] | null;
  loans: ClaimLoanInput[];
}

const MAX_CLAIM_LOANS = 5000;
const CONTRACT_NO = /^[A-Za-z0-9_\-/.]{1,64}$/;
const compensatedAccountCode = (countyCode: string, bankCode: string) => `risk-compensation-paid:${countyCode}:${bankCode}`;

export class RiskFundClaimService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly riskFunds: RiskFundService,
    private readonly ledger: LedgerService,
    private readonly figures: ReferenceFiguresService,
  ) {}

  /** A bank files its claim for a county's quarter (one live claim per county, bank and quarter). */
  async file(caller: Caller, input: ClaimInput, today: string): Promise<RiskFundClaimRecord> {
    if (caller.role !== 'bank' || !caller.bank) throw forbidden('only a lending bank files a risk-fund claim, for its own loans');
    const invalid = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);
    if (!COUNTY_CODE.test(input.countyCode)) throw invalid('countyCode', `"${input.countyCode}" is not a county code`);
    const quarter = formatQuarter(parseQuarter(input.quarter));
    if (input.loans.length === 0 || input.loans.length > MAX_CLAIM_LOANS) throw invalid('loans', `a claim lists 1 to ${MAX_CLAIM_LOANS} loans`);
    const seen = new Set<string>();
    input.loans.forEach((loan, i) => {
      if (!CONTRACT_NO.test(loan.contractNo)) throw invalid(`loans[${i}].contractNo`, `loans[${i}].contractNo "${loan.contractNo}" is not a contract number`);
      if (seen.has(loan.contractNo)) throw invalid(`loans[${i}].contractNo`, `contract ${loan.contractNo} is listed twice`);
      seen.add(loan.contractNo);
      if (loan.cause != null && !(CLAIM_CAUSES as readonly string[]).includes(loan.cause)) throw invalid(`loans[${i}].cause`, `loans[${i}].cause must be one of ${CLAIM_CAUSES.join(', ')}`);
      if (!isYuan(loan.insurancePaid)) throw invalid(`loans[${i}].insurancePaid`, `loans[${i}].insurancePaid "${loan.insurancePaid}" must be yuan with at most two decimals`);
      checkDocuments(loan.documents, `loans[${i}].documents`, `contract ${loan.contractNo}`);
    });
    const claimDocuments = input.documents ?? [];
    checkDocuments(claimDocuments, 'documents', 'the claim');
    // The documents the rules in force require (004 第十八条), refused at filing so the bank can
    // complete them now; without rules the claim job refuses the whole claim anyway.
    const version = await this.riskFunds.rulesInForce(input.countyCode, today);
    if (version) {
      const { perClaim, perLoan } = version.rules.claimDocuments;
      const missing = perClaim.filter((kind) => !claimDocuments.some((d) => d.kind === kind));
      if (missing.length) throw invalid('documents', `the claim lacks ${missing.join(', ')} (${version.source} requires ${perClaim.join(', ')} with every claim)`);
      input.loans.forEach((loan, i) => {
        const lacking = perLoan.filter((kind) => !loan.documents.some((d) => d.kind === kind));
        if (lacking.length) throw invalid(`loans[${i}].documents`, `contract ${loan.contractNo} lacks ${lacking.join(', ')} (${version.source} requires ${perLoan.join(', ')} for every loan)`);
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager
        .query(
          `INSERT INTO funds.risk_fund_claims (county_code, bank_code, quarter, status, filed_on, filed_by, documents) VALUES ($1, $2, $3, 'FILED', $4, $5, $6) RETURNING id`,
          [input.countyCode, caller.bank, quarter, today, caller.subject, JSON.stringify(claimDocuments.map(trimmed))],
        )
        .catch((error: { code?: string }) => {
          if (error.code === '23505') throw new RiskFundClaimStateError(`${caller.bank} already has a claim for ${input.countyCode} ${quarter} in progress or paid`);
          throw error;
        });
      await manager.query(
        `INSERT INTO funds.risk_fund_claim_lines (claim_id, contract_no, cause, insurance_paid, documents)
         SELECT $1, l.contract_no, l.cause, l.insurance_paid, l.documents
         FROM jsonb_to_recordset($2::jsonb) AS l(contract_no text, cause text, insurance_paid numeric, documents jsonb)`,
        [id, JSON.stringify(input.loans.map((l) => ({ contract_no: l.contractNo, cause: l.cause ?? null, insurance_paid: l.insurancePaid, documents: l.documents.map(trimmed) })))],
      );
      await manager.query(`INSERT INTO funds.risk_fund_claim_events (claim_id, step, actor, note) VALUES ($1, 'FILED', $2, $3)`, [id, caller.subject, `${input.loans.length} loans`]);
      return manager.getRepository(RiskFundClaimRecord).findOneByOrFail({ id });
    });
  }

  /** Claims the job has yet to check. */
  async filed(): Promise<RiskFundClaimRecord[]> {
    return this.dataSource.getRepository(RiskFundClaimRecord).find({ where: { status: 'FILED' }, order: { createdAt: 'ASC' }, take: 100 });
  }

  async contractsOf(claimId: string): Promise<string[]> {
    const rows: { contract_no: string }[] = await this.dataSource.query('SELECT contract_no FROM funds.risk_fund_claim_lines WHERE claim_id = $1 ORDER BY id', [claimId]);
    return rows.map((r) => r.contract_no);
  }

  /**
   * The claim job's step: each line against the loans side's facts, computed under the rules in
   * force on the filing day; FILED → VERIFIED (or REJECTED when the county has no rules, or the
   * bank's NPL rate has not reached the rules' trigger). Idempotent: a claim no longer FILED is left
   * as it is.
   */
  async verify(claimId: string, facts: Map<string, ClaimedLoanFacts>, position: Pick<PortfolioPosition, 'loanBalance' | 'nplBalance'>): Promise<RiskFundClaimRecord> {
    return this.dataSource.transaction(async (manager) => {
      const claim = await manager.getRepository(RiskFundClaimRecord).findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
      if (!claim) throw new RiskFundClaimStateError(`no claim ${claimId}`);
      if (claim.status !== 'FILED') return claim;
      const version = await this.riskFunds.rulesInForce(claim.countyCode, claim.filedOn);
      if (!version) {
        await this.transition(manager, claim, 'REJECTED', 'hub', `no risk-fund rules in force for ${claim.countyCode} on ${claim.filedOn}`, { rejection_reason: 'no risk-fund rules in force' });
        return manager.getRepository(RiskFundClaimRecord).findOneByOrFail({ id: claimId });
      }
      // The bank's NPL in the county now, judged once for the whole claim: against the rules' trigger
      // (001 §四: 3 %, or the claim is refused whole) and, for extended loans (004 第十七条(四)),
      // against its own target for the filing year as it recorded it (else the rules').
      const year = Number(claim.filedOn.slice(0, 4));
      const target = (await this.figures.nplTargets([{ bankCode: claim.bankCode, year }])).get(nplTargetKey(claim.bankCode, year))?.target ?? null;
      const npl = assessNpl({ nplBalance: new HubDecimal(position.nplBalance), loanBalance: new HubDecimal(position.loanBalance), nplTarget: target }, version.rules);
      if (npl.triggerReached === false) {
        const why = `${claim.bankCode}'s NPL rate in ${claim.countyCode} is ${npl.nplRate.times(100).toFixed(2)}%, below the ${npl.triggerRate!.times(100).toFixed(2)}% at which compensation starts (${version.source})`;
        await this.transition(manager, claim, 'REJECTED', 'hub', why, { rejection_reason: why.slice(0, 500) });
        return manager.getRepository(RiskFundClaimRecord).findOneByOrFail({ id: claimId });
      }
      const lines = await manager.getRepository(RiskFundClaimLineRecord).find({ where: { claimId }, order: { id: 'ASC' } });
      // A loan is compensated once: one already on another live or paid claim is refused here.
      const claimedElsewhere: { loan_id: string; claim_id: string }[] = await manager.query(
        `SELECT l.loan_id, l.claim_id FROM funds.risk_fund_claim_lines l JOIN funds.risk_fund_claims c ON c.id = l.claim_id
         WHERE l.loan_id = ANY($1::uuid[]) AND l.claim_id <> $2 AND l.refusal IS NULL AND c.status <> 'REJECTED'`,
        [[...facts.values()].map((f) => f.loanId), claimId],
      );
      const otherClaim = new Map(claimedElsewhere.map((r) => [r.loan_id, r.claim_id]));
      // Each line judged in memory, then all written back in one statement.
      const judged = lines.map((line) => ({ line, ...judgeClaimLine(line, facts.get(line.contractNo), otherClaim, version.rules, { bankCode: claim.bankCode, countyCode: claim.countyCode, year, npl }) }));
      const calendar = await this.figures.calendar();
      // unnest, not jsonb_to_recordset: the planner knows an array's length and hash-joins it (a
      // jsonb set is guessed at 100 rows and can be nested-looped against the claim's lines).
      const column = <T>(pick: (j: (typeof judged)[number]) => T) => judged.map(pick);
      await manager.query(
        `UPDATE funds.risk_fund_claim_lines l SET loan_id = j.loan_id, refusal = j.refusal, refusal_detail = j.refusal_detail, loss = j.loss,
           compensable = j.compensable, fund_pays = j.fund_pays, bank_bears = j.bank_bears,
           notes = ARRAY(SELECT jsonb_array_elements_text(j.notes)), flags = ARRAY(SELECT jsonb_array_elements_text(j.flags))
         FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[], $10::jsonb[], $11::jsonb[])
           AS j(id, loan_id, refusal, refusal_detail, loss, compensable, fund_pays, bank_bears, notes, flags)
         WHERE l.claim_id = $1 AND l.id = j.id`,
        [
          claimId,
          column((j) => j.line.id),
          column((j) => j.loanId),
          column((j) => j.refusal?.code ?? null),
          column((j) => j.refusal?.detail.slice(0, 300) ?? null),
          column((j) => j.result?.loss.toFixed(2) ?? null),
          column((j) => j.result?.compensable.toFixed(2) ?? null),
          column((j) => j.result?.fundPays.toFixed(2) ?? null),
          column((j) => j.result?.bankBears.toFixed(2) ?? null),
          column((j) => JSON.stringify(j.result?.notes ?? [])),
          column((j) => JSON.stringify(j.result ? [...j.result.flags] : [])),
        ],
      );
      const computed = judged.flatMap((j) => (j.result ? [j.result] : []));
      const totals = sumClaimLines(computed);
      await this.transition(manager, claim, 'VERIFIED', 'hub', `${computed.length} of ${lines.length} lines compensable under ${version.id}; the fund pays ${totals.fundPays.toFixed(2)}`, {
        rules_version_id: version.id,
        fund_pays: totals.fundPays.toFixed(2),
        township_review_due: deadline('TOWNSHIP_REVIEW', claim.filedOn, version.rules, calendar),
      });
      return manager.getRepository(RiskFundClaimRecord).findOneByOrFail({ id: claimId });
    });
  }

  /** The bureau, for the township: VERIFIED → TOWNSHIP_REVIEWED, or REJECTED with the reason. */
  async review(caller: Caller, claimId: string, accept: boolean, note: string | null): Promise<RiskFundClaimRecord> {
    return this.step(caller, claimId, 'review', async (manager, claim) => {
      if (!accept) return this.reject(manager, claim, caller, note);
      await this.transition(manager, claim, 'TOWNSHIP_REVIEWED', caller.subject, note, { reviewed_by: caller.subject });
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
      await this.transition(manager, claim, 'APPROVED', caller.subject, note, { approved_by: caller.subject, confirmation_due: deadline('CONFIRMATION', today, rules, calendar) });
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
          throw new RiskFundClaimStateError(`the fund of ${claim.countyCode} at ${claim.bankCode} holds ${balance.toFixed(2)}, less than the ${amount} this claim pays: top it up first`);
        }
      }
      if (posted) entryId = posted.id;
      else if (claim.fundPays.gt(0)) {
        await this.ledger.openAccount({ code: compensatedAccountCode(claim.countyCode, claim.bankCode), kind: 'RISK_COMPENSATION_PAID', countyCode: claim.countyCode, bankCode: claim.bankCode });
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
      await this.transition(manager, claim, 'PAID', caller.subject, `${amount} paid from the fund`, { paid_entry_id: entryId });
    });
  }

  /**
   * The bank reports money recovered on a loan the fund compensated, with the transfer returning
   * the fund's part: pro rata to the share the fund bore, cumulative over the loan's recoveries
   * (domain/compensation `recoveryReturn`), due so many working days after receipt. The fund's
   * part goes back on the ledger once (fund up, compensation paid down); the same reference twice
   * is recorded once.
   */
  async reportRecovery(
    caller: Caller,
    input: { claimId: string; contractNo: string; amount: string; receivedOn: string; reference: string },
    today: string,
  ): Promise<RiskFundRecoveryRecord> {
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
        if (!same) throw invalid('reference', `reference ${input.reference} was reported already for ${existing.contractNo}: ${existing.recovered.toFixed(2)} received ${existing.receivedOn}`);
        return existing;
      }
      if (claim.status !== 'PAID') throw new RiskFundClaimStateError(`claim ${claim.id} is ${claim.status}: recoveries are reported on a paid claim`);
      const line = await manager.getRepository(RiskFundClaimLineRecord).findOneBy({ claimId: claim.id, contractNo: input.contractNo });
      if (!line || line.refusal || !line.loss || !line.fundPays || !line.loanId) throw invalid('contractNo', `contract ${input.contractNo} was not compensated by claim ${claim.id}`);
      const [{ previous }] = await manager.query(
        'SELECT coalesce(sum(recovered), 0)::text AS previous FROM funds.risk_fund_recoveries WHERE claim_id = $1 AND contract_no = $2',
        [claim.id, input.contractNo],
      );
      const version = await this.riskFunds.version(claim.rulesVersionId!);
      const calendar = await this.figures.calendar();
      const result = recoveryReturn({ line: { loanId: line.loanId, loss: line.loss, fundPays: line.fundPays }, previouslyRecovered: new HubDecimal(previous), recovered: new HubDecimal(input.amount) });
      const due = deadline('RECOVERY_RETURN', input.receivedOn, version.rules, calendar);
      const [{ id }] = await manager.query(
        `INSERT INTO funds.risk_fund_recoveries (claim_id, contract_no, reference, recovered, return_to_fund, received_on, return_due, late, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [claim.id, input.contractNo, input.reference, input.amount, result.returnToFund.toFixed(2), input.receivedOn, due, due !== null && today > due, caller.subject],
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
    const missing = await this.dataSource.getRepository(RiskFundRecoveryRecord).createQueryBuilder('r').where('r.entryId IS NULL AND r.returnToFund > 0').getMany();
    for (const recovery of missing) await this.postRecoveryEntry(recovery);
    return missing.length;
  }

  /**
   * Deadlines left open because the working-day calendar did not cover their year when the step
   * happened, computed now that it may (an admin records each year's arrangement when the State
   * Council publishes it). A recovery reported after a deadline found this way is marked late.
   */
  async fillMissingDeadlines(): Promise<{ filled: number; stillOpen: number }> {
    const open: { id: string; kind: 'TOWNSHIP_REVIEW' | 'CONFIRMATION' | 'RECOVERY_RETURN'; from_day: string; rules_version_id: string; reported_on: string | null }[] = await this.dataSource.query(
      `SELECT c.id::text, 'TOWNSHIP_REVIEW' AS kind, to_char(c.filed_on, 'YYYY-MM-DD') AS from_day, c.rules_version_id, NULL AS reported_on
         FROM funds.risk_fund_claims c WHERE c.status = 'VERIFIED' AND c.township_review_due IS NULL
       UNION ALL
       SELECT c.id::text, 'CONFIRMATION', to_char((e.at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD'), c.rules_version_id, NULL
         FROM funds.risk_fund_claims c JOIN funds.risk_fund_claim_events e ON e.claim_id = c.id AND e.step = 'APPROVED'
         WHERE c.status = 'APPROVED' AND c.confirmation_due IS NULL
       UNION ALL
       SELECT r.id::text, 'RECOVERY_RETURN', to_char(r.received_on, 'YYYY-MM-DD'), c.rules_version_id, to_char((r.reported_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')
         FROM funds.risk_fund_recoveries r JOIN funds.risk_fund_claims c ON c.id = r.claim_id WHERE r.return_due IS NULL`,
    );
    if (open.length === 0) return { filled: 0, stillOpen: 0 };
    const calendar = await this.figures.calendar();
    const versions = new Map<string, RiskFundRules>();
    let filled = 0;
    let stillOpen = 0;
    for (const row of open) {
      if (!versions.has(row.rules_version_id)) versions.set(row.rules_version_id, (await this.riskFunds.version(row.rules_version_id)).rules);
      const rules = versions.get(row.rules_version_id)!;
      // The rules set no deadline for the step (Chuxiong): there is none to find.
      if (rules.deadlines[CLAIM_STEPS[row.kind]] === null) continue;
      const due = deadline(row.kind, row.from_day, rules, calendar);
      if (due === null) {
        stillOpen += 1;
        continue;
      }
      if (row.kind === 'RECOVERY_RETURN') {
        await this.dataSource.query('UPDATE funds.risk_fund_recoveries SET return_due = $2, late = $3 WHERE id = $1 AND return_due IS NULL', [row.id, due, row.reported_on! > due]);
      } else {
        const column = row.kind === 'TOWNSHIP_REVIEW' ? 'township_review_due' : 'confirmation_due';
        await this.dataSource.query(`UPDATE funds.risk_fund_claims SET ${column} = $2 WHERE id = $1 AND ${column} IS NULL`, [row.id, due]);
      }
      filled += 1;
    }
    return { filled, stillOpen };
  }

  /** Claims whose township review, or confirmation and payment after approval, is past its working-day deadline (004 第十九、二十条) on `today`. */
  async overdueSteps(today: string): Promise<{ claim: RiskFundClaimRecord; step: 'TOWNSHIP_REVIEW' | 'CONFIRMATION'; due: string }[]> {
    const claims = await this.dataSource
      .getRepository(RiskFundClaimRecord)
      .createQueryBuilder('c')
      .where(`(c.status = 'VERIFIED' AND c.townshipReviewDue < :today) OR (c.status = 'APPROVED' AND c.confirmationDue < :today)`, { today })
      .orderBy('c.createdAt')
      .getMany();
    return claims.map((claim) =>
      claim.status === 'VERIFIED' ? { claim, step: 'TOWNSHIP_REVIEW' as const, due: claim.townshipReviewDue! } : { claim, step: 'CONFIRMATION' as const, due: claim.confirmationDue! },
    );
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

  async list(caller: Caller, countyCode: string): Promise<RiskFundClaimRecord[]> {
    const query = this.dataSource.getRepository(RiskFundClaimRecord).createQueryBuilder('c').where('c.countyCode = :countyCode', { countyCode });
    if (caller.role === 'bank') query.andWhere('c.bankCode = :bank', { bank: caller.bank });
    else if (!(isCountyOfficial(caller, countyCode))) {
      throw forbidden(`the risk-fund claims of county ${countyCode} are confidential: shown to the banks that filed them, its bureau, its finance bureau and admins`);
    }
    return query.orderBy('c.createdAt', 'DESC').getMany();
  }

  async lines(claimIds: readonly string[]): Promise<RiskFundClaimLineRecord[]> {
    return this.dataSource.getRepository(RiskFundClaimLineRecord).createQueryBuilder('l').where('l.claimId IN (:...ids)', { ids: [...claimIds] }).orderBy('l.id').getMany();
  }

  async recoveries(claimIds: readonly string[]): Promise<RiskFundRecoveryRecord[]> {
    return this.dataSource.getRepository(RiskFundRecoveryRecord).createQueryBuilder('r').where('r.claimId IN (:...ids)', { ids: [...claimIds] }).orderBy('r.reportedAt').getMany();
  }

  async events(claimIds: readonly string[]): Promise<RiskFundClaimEventRecord[]> {
    return this.dataSource.getRepository(RiskFundClaimEventRecord).createQueryBuilder('e').where('e.claimId IN (:...ids)', { ids: [...claimIds] }).orderBy('e.id').getMany();
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
    act: (manager: import('typeorm').EntityManager, claim: RiskFundClaimRecord, rules: RiskFundRules) => Promise<unknown>,
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

  private async reject(manager: import('typeorm').EntityManager, claim: RiskFundClaimRecord, caller: Caller, note: string | null) {
    if (!note?.trim()) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'note', 'a rejection says why (note)');
    await this.transition(manager, claim, 'REJECTED', caller.subject, note, { rejection_reason: note.slice(0, 500) });
  }

  private async transition(manager: import('typeorm').EntityManager, claim: RiskFundClaimRecord, to: RiskFundClaimStatus, actor: string, note: string | null, set: Record<string, string | null> = {}) {
    const columns = Object.keys(set);
    await manager.query(
      `UPDATE funds.risk_fund_claims SET status = $2${columns.map((c, i) => `, ${c} = $${i + 3}`).join('')} WHERE id = $1`,
      [claim.id, to, ...columns.map((c) => set[c])],
    );
    await manager.query(`INSERT INTO funds.risk_fund_claim_events (claim_id, step, actor, note) VALUES ($1, $2, $3, $4)`, [claim.id, to, actor, note?.slice(0, 500) ?? null]);
  }
}

type ClaimStepKind = 'review' | 'approve' | 'pay';

/**
 * Who takes each step (besides admins): the bureau of the claim's county reviews and approves
 * (004 第十九条), its finance bureau pays (第二十条); the state the claim must be in. The refusal
 * says who may, and nothing of the claim: it is the same for a claim that does not exist.
 */
const CLAIM_STEP_RULES: Record<ClaimStepKind, { role: Caller['role']; from: RiskFundClaimStatus; refusal: (claimId: string) => string }> = {
  review: { role: 'bureau', from: 'VERIFIED', refusal: (id) => `only the bureau of a claim's county reviews it: you have no claim ${id} to review` },
  approve: { role: 'bureau', from: 'TOWNSHIP_REVIEWED', refusal: (id) => `only the bureau of a claim's county approves it: you have no claim ${id} to approve` },
  pay: { role: 'finance', from: 'APPROVED', refusal: (id) => `only the finance bureau of a claim's county pays it: you have no claim ${id} to pay` },
};


/** The step's deadline, or null when the rules set none or the working-day calendar does not cover the year (yet). */
function deadline(step: ClaimStep, from: string, rules: RiskFundRules, calendar: WorkingDayCalendar): string | null {
  try {
    return claimStepDeadline(step, from, rules, calendar);
  } catch (error) {
    if (error instanceof RiskFundInputError && error.code === 'RISK_FUND_DATE_NOT_COVERED') return null;
    throw error;
  }
}


const trimmed = (document: ClaimDocument): ClaimDocument => ({ kind: document.kind, reference: document.reference.trim() });

/** Each document a known kind with a reference of 1 to 200 characters. */
function checkDocuments(documents: readonly ClaimDocument[], field: string, what: string): void {
  documents.forEach((document, k) => {
    if (!(CLAIM_DOCUMENT_KINDS as readonly string[]).includes(document.kind)) {
      throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', `${field}[${k}].kind`, `${what}: document kind must be one of ${CLAIM_DOCUMENT_KINDS.join(', ')}`);
    }
    const reference = typeof document.reference === 'string' ? document.reference.trim() : '';
    if (!reference || reference.length > 200) {
      throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', `${field}[${k}].reference`, `${what}: the ${document.kind as ClaimDocumentKind} document needs a reference of 1 to 200 characters`);
    }
  });
}
