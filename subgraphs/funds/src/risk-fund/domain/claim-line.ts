/**
 * What the fund does with one loan a bank lists on a claim: why it is refused, or what it pays.
 * The checks in order — the loan exists at that bank in that county, is on no other live claim, is
 * non-performing, has a ground where the rules compensate loan by loan (004 第十七条), and an
 * extended loan's ground holds (第十七条(四): judged once per claim by assessNpl, against the bank's
 * own annual target or the rules') — then the loss shared under the rules (compensation.ts).
 *
 * Pure: the loans side's facts, the bank's position and its target come in as arguments.
 */
import type Decimal from 'decimal.js';
import { HubDecimal } from '../../../../../common/money';
import type { ClaimedLoanFacts } from '../../../../../contracts/risk-fund/loan-facts';
import { compensateLoan, type CompensationLine } from './compensation';
import type { NplAssessment } from './leverage';
import { RiskFundInputError } from './risk-fund-error';
import { type RiskFundRules } from './risk-fund-rules';

/**
 * Why a loan could not be repaid, as 004 第十七条 lists the grounds for compensation: the
 * borrower's death, serious illness or lost ability to work; force majeure (disaster, epidemic);
 * market or policy change; an extended loan still unpaid while NPL exceeds the target by 2 pp.
 */
export const CLAIM_CAUSES = ['DEATH_ILLNESS_DISABILITY', 'FORCE_MAJEURE', 'MARKET_OR_POLICY', 'EXTENDED_STILL_UNPAID'] as const;
export type ClaimCause = (typeof CLAIM_CAUSES)[number];

export type ClaimLineRefusalCode =
  'NOT_FOUND' | 'ALREADY_CLAIMED' | 'NOT_NPL' | 'NO_CAUSE' | 'NOT_EXTENDED' | 'NPL_TARGET_UNKNOWN' | 'NPL_NOT_ABOVE_TARGET' | 'INVALID';

export interface ClaimLineInput {
  contractNo: string;
  cause: ClaimCause | null;
  insurancePaid: Decimal;
}

/** The filing bank in the county when the claim is checked, and its NPL against the rules (leverage.ts assessNpl, once per claim). */
export interface ClaimingBank {
  bankCode: string;
  countyCode: string;
  /** The year whose NPL target was used. */
  year: number;
  npl: Pick<NplAssessment, 'nplRate' | 'nplTarget' | 'extendedLoanGround'>;
}

export interface JudgedClaimLine {
  loanId: string | null;
  refusal?: { code: ClaimLineRefusalCode; detail: string };
  result?: CompensationLine;
}

const percent = (rate: Decimal) => `${rate.times(100).toDecimalPlaces(4).toFixed()}%`;

/** `otherClaim`: loan id → the other live or paid claim it is on. */
export function judgeClaimLine(
  line: ClaimLineInput,
  loan: ClaimedLoanFacts | undefined,
  otherClaim: ReadonlyMap<string, string>,
  rules: RiskFundRules,
  bank: ClaimingBank,
): JudgedClaimLine {
  const refuse = (code: ClaimLineRefusalCode, detail: string): JudgedClaimLine => ({ loanId: loan?.loanId ?? null, refusal: { code, detail } });
  if (!loan) return refuse('NOT_FOUND', `${bank.bankCode} reported no loan ${line.contractNo} in county ${bank.countyCode}`);
  if (otherClaim.has(loan.loanId)) return refuse('ALREADY_CLAIMED', `loan ${line.contractNo} is on claim ${otherClaim.get(loan.loanId)} already`);
  if (loan.status !== 'NPL') return refuse('NOT_NPL', `loan ${line.contractNo} is ${loan.status}, not non-performing`);
  // Without a portfolio trigger (Wushan), each loan must meet one of 004 第十七条's grounds.
  if (rules.nplTriggerRate === null && !line.cause)
    return refuse('NO_CAUSE', `loan ${line.contractNo}: name the ground for compensation (004 第十七条: ${CLAIM_CAUSES.join(', ')})`);
  if (line.cause === 'EXTENDED_STILL_UNPAID' && !loan.extended)
    return refuse('NOT_EXTENDED', `loan ${line.contractNo} was never extended, so 004 第十七条(四) does not apply`);
  if (line.cause === 'EXTENDED_STILL_UNPAID' && bank.npl.extendedLoanGround === 'NPL_TARGET_UNKNOWN') {
    return refuse(
      'NPL_TARGET_UNKNOWN',
      `loan ${line.contractNo}: ${bank.bankCode} has recorded no NPL target for ${bank.year}, so 004 第十七条(四) cannot be judged (recordBankNplTarget)`,
    );
  }
  if (line.cause === 'EXTENDED_STILL_UNPAID' && bank.npl.extendedLoanGround === 'NPL_NOT_ABOVE_TARGET') {
    return refuse(
      'NPL_NOT_ABOVE_TARGET',
      `loan ${line.contractNo}: ${bank.bankCode}'s NPL rate ${percent(bank.npl.nplRate)} is not above its ${bank.year} target ${percent(bank.npl.nplTarget!)} + ${percent(rules.extendedLoanNplMargin!)} (004 第十七条(四))`,
    );
  }
  try {
    const result = compensateLoan(
      {
        loanId: loan.loanId,
        contractNo: line.contractNo,
        principal: new HubDecimal(loan.amount),
        subsidizedPrincipal: new HubDecimal(loan.subsidizedAmount),
        outstandingPrincipal: new HubDecimal(loan.outstandingPrincipal),
        insurancePaid: new HubDecimal(line.insurancePaid),
        flags: loan.flags,
      },
      rules,
    );
    return { loanId: loan.loanId, result };
  } catch (error) {
    if (!(error instanceof RiskFundInputError)) throw error;
    return refuse('INVALID', error.message);
  }
}
