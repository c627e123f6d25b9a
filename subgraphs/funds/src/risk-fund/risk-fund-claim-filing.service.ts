/**
 * A claim filed and checked: a bank files its quarter's defaulted loans with their documents; the
 * claim job checks each against the loans side (passed in: funds never reads the loans tables) and
 * computes what the fund pays under the rules in force (domain/compensation). Claims are
 * confidential (004 第二十一条).
 */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { COUNTY_CODE } from '../../../../common/codes';
import { forbidden } from '../../../../common/errors/hub-error';
import { HubDecimal, isYuan } from '../../../../common/money';
import type { ClaimedLoanFacts, PortfolioPosition } from '../../../../contracts/risk-fund/loan-facts';
import { formatQuarter, parseQuarter } from '../subsidy/domain/settlement-window';
import { judgeClaimLine } from './domain/claim-line';
import { sumClaimLines } from './domain/compensation';
import { assessNpl } from './domain/leverage';
import { RiskFundInputError } from './domain/risk-fund-error';
import { CLAIM_DOCUMENT_KINDS, type ClaimDocumentKind } from './domain/risk-fund-rules';
import { nplTargetKey, type ReferenceFiguresService } from './reference/reference-figures.service';
import { stepDeadline } from './risk-fund-claim-deadlines.service';
import { transitionClaim } from './risk-fund-claim-transition';
import { CLAIM_CAUSES, RiskFundClaimLineRecord, RiskFundClaimRecord, type ClaimCause, type ClaimDocument } from './risk-fund-claim.entity';
import { RiskFundClaimStateError } from './risk-fund-claim.errors';
import type { RiskFundService } from './risk-fund.service';

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

export class RiskFundClaimFilingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly riskFunds: RiskFundService,
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
      if (loan.cause != null && !(CLAIM_CAUSES as readonly string[]).includes(loan.cause))
        throw invalid(`loans[${i}].cause`, `loans[${i}].cause must be one of ${CLAIM_CAUSES.join(', ')}`);
      if (!isYuan(loan.insurancePaid))
        throw invalid(`loans[${i}].insurancePaid`, `loans[${i}].insurancePaid "${loan.insurancePaid}" must be yuan with at most two decimals`);
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
      if (missing.length)
        throw invalid('documents', `the claim lacks ${missing.join(', ')} (${version.source} requires ${perClaim.join(', ')} with every claim)`);
      input.loans.forEach((loan, i) => {
        const lacking = perLoan.filter((kind) => !loan.documents.some((d) => d.kind === kind));
        if (lacking.length)
          throw invalid(
            `loans[${i}].documents`,
            `contract ${loan.contractNo} lacks ${lacking.join(', ')} (${version.source} requires ${perLoan.join(', ')} for every loan)`,
          );
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager
        .query(
          `INSERT INTO funds.risk_fund_claims (county_code, bank_code, quarter, status, filed_on, filed_by, documents) VALUES ($1, $2, $3, 'FILED', $4, $5, $6) RETURNING id`,
          [input.countyCode, caller.bank, quarter, today, caller.subject, JSON.stringify(claimDocuments.map(trimmed))],
        )
        .catch((error: { code?: string }) => {
          if (error.code === '23505')
            throw new RiskFundClaimStateError(`${caller.bank} already has a claim for ${input.countyCode} ${quarter} in progress or paid`);
          throw error;
        });
      await manager.query(
        `INSERT INTO funds.risk_fund_claim_lines (claim_id, contract_no, cause, insurance_paid, documents)
         SELECT $1, l.contract_no, l.cause, l.insurance_paid, l.documents
         FROM jsonb_to_recordset($2::jsonb) AS l(contract_no text, cause text, insurance_paid numeric, documents jsonb)`,
        [
          id,
          JSON.stringify(
            input.loans.map((l) => ({
              contract_no: l.contractNo,
              cause: l.cause ?? null,
              insurance_paid: l.insurancePaid,
              documents: l.documents.map(trimmed),
            })),
          ),
        ],
      );
      await manager.query(`INSERT INTO funds.risk_fund_claim_events (claim_id, step, actor, note) VALUES ($1, 'FILED', $2, $3)`, [
        id,
        caller.subject,
        `${input.loans.length} loans`,
      ]);
      return manager.getRepository(RiskFundClaimRecord).findOneByOrFail({ id });
    });
  }

  /** Claims the job has yet to check. */
  async filed(): Promise<RiskFundClaimRecord[]> {
    return this.dataSource.getRepository(RiskFundClaimRecord).find({ where: { status: 'FILED' }, order: { createdAt: 'ASC' }, take: 100 });
  }

  async contractsOf(claimId: string): Promise<string[]> {
    const rows: { contract_no: string }[] = await this.dataSource.query('SELECT contract_no FROM funds.risk_fund_claim_lines WHERE claim_id = $1 ORDER BY id', [
      claimId,
    ]);
    return rows.map((r) => r.contract_no);
  }

  /**
   * The claim job's step: each line against the loans side's facts, computed under the rules in
   * force on the filing day; FILED → VERIFIED (or REJECTED when the county has no rules, or the
   * bank's NPL rate has not reached the rules' trigger). Idempotent: a claim no longer FILED is left
   * as it is.
   */
  async verify(
    claimId: string,
    facts: Map<string, ClaimedLoanFacts>,
    position: Pick<PortfolioPosition, 'loanBalance' | 'nplBalance'>,
  ): Promise<RiskFundClaimRecord> {
    return this.dataSource.transaction(async (manager) => {
      const claim = await manager.getRepository(RiskFundClaimRecord).findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
      if (!claim) throw new RiskFundClaimStateError(`no claim ${claimId}`);
      if (claim.status !== 'FILED') return claim;
      const version = await this.riskFunds.rulesInForce(claim.countyCode, claim.filedOn);
      if (!version) {
        await transitionClaim(manager, claim, 'REJECTED', 'hub', `no risk-fund rules in force for ${claim.countyCode} on ${claim.filedOn}`, {
          rejection_reason: 'no risk-fund rules in force',
        });
        return manager.getRepository(RiskFundClaimRecord).findOneByOrFail({ id: claimId });
      }
      // The bank's NPL in the county now, judged once for the whole claim: against the rules' trigger
      // (001 §四: 3 %, or the claim is refused whole) and, for extended loans (004 第十七条(四)),
      // against its own target for the filing year as it recorded it (else the rules').
      const year = Number(claim.filedOn.slice(0, 4));
      const target = (await this.figures.nplTargets([{ bankCode: claim.bankCode, year }])).get(nplTargetKey(claim.bankCode, year))?.target ?? null;
      const npl = assessNpl(
        { nplBalance: new HubDecimal(position.nplBalance), loanBalance: new HubDecimal(position.loanBalance), nplTarget: target },
        version.rules,
      );
      if (npl.triggerReached === false) {
        const why = `${claim.bankCode}'s NPL rate in ${claim.countyCode} is ${npl.nplRate.times(100).toFixed(2)}%, below the ${npl.triggerRate!.times(100).toFixed(2)}% at which compensation starts (${version.source})`;
        await transitionClaim(manager, claim, 'REJECTED', 'hub', why, { rejection_reason: why.slice(0, 500) });
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
      const judged = lines.map((line) => ({
        line,
        ...judgeClaimLine(line, facts.get(line.contractNo), otherClaim, version.rules, { bankCode: claim.bankCode, countyCode: claim.countyCode, year, npl }),
      }));
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
      await transitionClaim(
        manager,
        claim,
        'VERIFIED',
        'hub',
        `${computed.length} of ${lines.length} lines compensable under ${version.id}; the fund pays ${totals.fundPays.toFixed(2)}`,
        {
          rules_version_id: version.id,
          fund_pays: totals.fundPays.toFixed(2),
          township_review_due: stepDeadline('TOWNSHIP_REVIEW', claim.filedOn, version.rules, calendar),
        },
      );
      return manager.getRepository(RiskFundClaimRecord).findOneByOrFail({ id: claimId });
    });
  }
}

const trimmed = (document: ClaimDocument): ClaimDocument => ({ kind: document.kind, reference: document.reference.trim() });

/** Each document a known kind with a reference of 1 to 200 characters. */
function checkDocuments(documents: readonly ClaimDocument[], field: string, what: string): void {
  documents.forEach((document, k) => {
    if (!(CLAIM_DOCUMENT_KINDS as readonly string[]).includes(document.kind)) {
      throw new RiskFundInputError(
        'RISK_FUND_INVALID_INPUT',
        `${field}[${k}].kind`,
        `${what}: document kind must be one of ${CLAIM_DOCUMENT_KINDS.join(', ')}`,
      );
    }
    const reference = typeof document.reference === 'string' ? document.reference.trim() : '';
    if (!reference || reference.length > 200) {
      throw new RiskFundInputError(
        'RISK_FUND_INVALID_INPUT',
        `${field}[${k}].reference`,
        `${what}: the ${document.kind as ClaimDocumentKind} document needs a reference of 1 to 200 characters`,
      );
    }
  });
}
