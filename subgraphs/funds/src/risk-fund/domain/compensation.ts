/**
 * Risk compensation (风险补偿) for defaulted loans: how a loan's loss is split between the
 * insurer, the fund and the bank, a claim's totals, and the return to the fund of money
 * recovered afterwards. Pure: no I/O, no clock. Money is decimal CNY, never a float; every
 * amount in and out is a whole number of fen.
 *
 * ## A loan's line
 *
 * The loss is the principal still unpaid when the loan is claimed (`outstandingPrincipal`): the
 * fund compensates principal only (004 第十七条 冲抵逾期贷款本金, 第二十一条 补偿…贷款本金; 001 §四(二)
 * 不良贷款…补偿80%); interest is the bank's.
 *
 *   excluded       = the loan carries any flag (违规发放的贷款一律不予补偿, 001 §四(二); 004 第二十六、二十七条)
 *   insurance      = insurancePaid when rules.insuranceFirst, else it must be 0 (refused otherwise)
 *   unpaid         = loss − insurance                       (what is left after the insurer, 004 第十一条)
 *   covered        = min(subsidizedPrincipal, rules.compensablePrincipalCap)
 *   compensable    = excluded ? 0 : min(covered, unpaid)
 *   notCompensable = unpaid − compensable                    (the bank's alone)
 *   fundPays       = toFen(compensable × fundShare)          (ROUND_HALF_UP)
 *   bankShare      = compensable − fundPays                  (the remainder)
 *   bankBears      = bankShare + notCompensable
 *
 * so insurance + fundPays + bankBears = loss exactly, and compensable + notCompensable + insurance = loss.
 *
 * ### "The part above 50,000 is not compensated" (000 national §二(三); caps 001 §五(一), 004 第十五条)
 *
 * 50,000 caps a household's *subsidized principal*, which the loans side already works out per
 * loan (`subsidizedAmount`: the part of this loan's principal within the household's 50,000,
 * 0 when other loans use it up). A loss is attributed to that covered principal *last*: money
 * that came back before the claim (repayments, then the insurer's payment) is taken to have
 * retired the uncovered principal above it first, so the covered part of a loss is
 * min(covered, what is still unpaid). An 80,000 loan with 50,000 covered that defaults owing
 * 60,000 is compensated on 50,000 (10,000 is the bank's); one that defaults owing 45,000 is
 * compensated on all 45,000.
 *
 * This is the same reading the interest subsidy uses (compute-subsidy.ts: the subsidized
 * principal of a period is min(subsidizedAmount, outstanding principal)), so the principal the
 * fund covers is exactly the principal finance paid subsidy on. The alternative, pro rata
 * (45,000 × 50/80 = 28,125), would compensate less than the subsidized principal still owed.
 * Under the 2017 texts a household may not borrow more than 50,000 at all, so such a loan is
 * flagged by the loans side and excluded entirely; the cap then only matters for 2021-style loans.
 *
 * ### Rounding: the fund's share is rounded, the bank's is the remainder
 *
 * Only the fund's share is rounded (half up, to the fen); the bank's share is compensable −
 * fundPays. The fund's share is the amount that actually moves: it is instructed from the fund
 * account, booked in the ledger and reconciled with the bank, so it must be a rounded figure
 * computed by one stated rule from the loss. The bank's share moves nowhere — it is what the bank
 * is left to absorb — so taking it as the remainder keeps fund + bank + insurance = loss exactly
 * with no second rounding that could make the parts add up to a fen more or less. 70% of
 * 10,000.05 is 7,000.035: the fund pays 7,000.04, the bank bears 3,000.01 (not 3,000.015 → 3,000.02).
 *
 * ## A claim
 *
 * Each line is rounded on its own and the claim's totals are exactly the sums of its lines, never
 * a rounding of the summed loss: what the fund pays on a claim is the sum of what it pays per loan,
 * so any line can be checked alone.
 *
 * ## Recoveries after compensation
 *
 * The bank keeps collecting (账销案存, 001 §四(二)) and returns the fund's part of whatever it
 * recovers — principal and interest (追回的贷款本息, 004 第二十一条) — in proportion to the share
 * of the loss the fund bore at compensation (按补偿时承担比例, 001 §四(二); 按损失承担比例, 004
 * 第二十一条): fundPays / loss of the loan's line. Rounding is cumulative so that repeated small
 * recoveries cannot drift: the fund is due toFen(totalRecovered × fundPays / loss) over all
 * recoveries so far, and one recovery's return is that figure minus the same figure before it.
 * The bank keeps the rest (the insurer's part, if any, is settled between bank and insurer by
 * their agreement). Recovering the whole loss returns exactly what the fund paid.
 */
import Decimal from 'decimal.js';
import { HubDecimal, toFen } from '../../../../../common/money';
import { RiskFundInputError, show } from './risk-fund-error';
import { type RiskFundRules } from './risk-fund-rules';
import { assertRiskFundRules } from './risk-fund-rules-json';
import { isIsoDate } from '../../../../../common/domain/calendar-date';
import { addWorkingDays, type WorkingDayCalendar } from './working-days';

const FLAG_CODE = /^[A-Z_]{2,40}$/;
const MONEY_LIMIT = new HubDecimal('1e12');

export interface DefaultedLoan {
  loanId: string;
  contractNo: string;
  /** Principal disbursed, CNY. */
  principal: Decimal;
  /**
   * The part of the principal within the household's subsidized limit, as the loans side
   * computes it (its `subsidizedAmount`); at most `principal`.
   */
  subsidizedPrincipal: Decimal;
  /** Principal still unpaid at the claim: the loss. Above 0, at most `principal`. */
  outstandingPrincipal: Decimal;
  /** Paid by the credit-guarantee insurer against this principal (004 第十一条); 0 when none. */
  insurancePaid: Decimal;
  /**
   * Why the loan is not compliant, empty when it is: the loans side's flags (LOAN_FLAG_CODES,
   * e.g. AMOUNT_ABOVE_CAP, CONVERTED_TO_FARMER_LOAN) and the bureau's review findings
   * (OFF_LIST_AT_CONTRACT, FRAUD, BANK_NEGLIGENCE …). Any flag excludes the loan entirely.
   */
  flags: readonly string[];
}

/**
 * Notes on a line, in this order:
 * - EXCLUDED: flagged, so the fund pays nothing; the loan's flags are on the line.
 * - INSURANCE_FIRST: the insurer's payment was deducted before the split.
 * - ABOVE_COMPENSABLE_PRINCIPAL: part of the unpaid principal lies above the covered principal.
 */
export const COMPENSATION_NOTES = ['EXCLUDED', 'INSURANCE_FIRST', 'ABOVE_COMPENSABLE_PRINCIPAL'] as const;
export type CompensationNote = (typeof COMPENSATION_NOTES)[number];

/** How a loss splits, on a line and (as exactly the sums of its lines') on a claim. */
export interface CompensationAmounts {
  /** outstandingPrincipal. */
  loss: Decimal;
  /** Paid by the insurer first; 0 unless rules.insuranceFirst. */
  insurance: Decimal;
  /** The part of the unpaid loss the fund and bank share. */
  compensable: Decimal;
  /** The part outside compensation (above the covered principal, or all of it when excluded). */
  notCompensable: Decimal;
  /** toFen(compensable × fundShare), half up. */
  fundPays: Decimal;
  /** compensable − fundPays. */
  bankShare: Decimal;
  /** bankShare + notCompensable: everything the bank loses on the loan. */
  bankBears: Decimal;
}

/** The amounts by name, in the order a line lists them: what a claim checks and sums line by line. */
export const COMPENSATION_AMOUNTS = [
  'loss',
  'insurance',
  'compensable',
  'notCompensable',
  'fundPays',
  'bankShare',
  'bankBears',
] as const satisfies readonly (keyof CompensationAmounts)[];

export interface CompensationLine extends CompensationAmounts {
  loanId: string;
  contractNo: string;
  excluded: boolean;
  flags: readonly string[];
  notes: CompensationNote[];
}

export interface ClaimTotals extends CompensationAmounts {
  lineCount: number;
  /** Lines on which the fund pays more than 0. */
  compensatedLineCount: number;
  excludedLineCount: number;
}

export interface Claim {
  lines: CompensationLine[];
  totals: ClaimTotals;
}

function invalid(field: string, message: string): RiskFundInputError {
  return new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);
}

/** A finite amount, 0 or more, whole fen. */
function isFenAmount(value: unknown): value is Decimal {
  return (
    Decimal.isDecimal(value) &&
    (value as Decimal).isFinite() &&
    !(value as Decimal).isNeg() &&
    (value as Decimal).decimalPlaces() <= 2 &&
    (value as Decimal).lt(MONEY_LIMIT)
  );
}

function assertDefaultedLoan(loan: DefaultedLoan, rules: RiskFundRules, at: string): void {
  const fail = (field: string, why: string, value: unknown) =>
    invalid(`${at}${field}`, `loan ${String(loan.loanId)}: ${at}${field} ${why} (got ${show(value)})`);
  if (typeof loan.loanId !== 'string' || loan.loanId === '') throw fail('loanId', 'must be a non-empty string', loan.loanId);
  if (typeof loan.contractNo !== 'string' || loan.contractNo === '') throw fail('contractNo', 'must be a non-empty string', loan.contractNo);
  const money = (field: 'principal' | 'subsidizedPrincipal' | 'outstandingPrincipal' | 'insurancePaid') => {
    if (!isFenAmount(loan[field])) throw fail(field, 'must be an amount of 0 or more in whole fen', loan[field]);
  };
  money('principal');
  money('subsidizedPrincipal');
  money('outstandingPrincipal');
  money('insurancePaid');
  if (loan.principal.isZero()) throw fail('principal', 'must be above 0', loan.principal);
  if (loan.subsidizedPrincipal.gt(loan.principal))
    throw fail('subsidizedPrincipal', `must not exceed the principal ${loan.principal.toFixed(2)}`, loan.subsidizedPrincipal);
  if (loan.outstandingPrincipal.isZero())
    throw fail('outstandingPrincipal', 'must be above 0: a loan with nothing unpaid has no loss to compensate', loan.outstandingPrincipal);
  if (loan.outstandingPrincipal.gt(loan.principal))
    throw fail('outstandingPrincipal', `must not exceed the principal ${loan.principal.toFixed(2)}`, loan.outstandingPrincipal);
  if (loan.insurancePaid.gt(loan.outstandingPrincipal)) {
    throw fail(
      'insurancePaid',
      `must not exceed the unpaid principal ${loan.outstandingPrincipal.toFixed(2)} (only the insurer's payment against principal counts)`,
      loan.insurancePaid,
    );
  }
  // Deducting insurance is what insuranceFirst means; without it the rules say nothing about an
  // insurer, and splitting the whole loss while the bank also keeps the insurer's money would pay
  // the bank twice. The county must decide (a version with insuranceFirst) before this is paid.
  if (!rules.insuranceFirst && loan.insurancePaid.gt(0)) {
    throw fail('insurancePaid', 'must be 0: the rules in force do not deduct insurance first (insuranceFirst is false)', loan.insurancePaid);
  }
  if (!Array.isArray(loan.flags)) throw fail('flags', 'must be a list of flag codes', loan.flags);
  loan.flags.forEach((code, i) => {
    if (typeof code !== 'string' || !FLAG_CODE.test(code)) throw fail(`flags[${i}]`, 'must be a flag code (A-Z and _)', code);
  });
}

/** One defaulted loan's line. Throws RiskFundInputError naming the field on malformed input. */
export function compensateLoan(loan: DefaultedLoan, rules: RiskFundRules): CompensationLine {
  assertRiskFundRules(rules);
  assertDefaultedLoan(loan, rules, '');
  return computeLine(loan, rules);
}

function computeLine(loan: DefaultedLoan, rules: RiskFundRules): CompensationLine {
  const loss = new HubDecimal(loan.outstandingPrincipal);
  const excluded = loan.flags.length > 0;
  const insurance = rules.insuranceFirst ? new HubDecimal(loan.insurancePaid) : new HubDecimal(0);
  const unpaid = loss.minus(insurance);
  const covered = HubDecimal.min(loan.subsidizedPrincipal, rules.compensablePrincipalCap);
  const compensable = excluded ? new HubDecimal(0) : HubDecimal.min(covered, unpaid);
  const notCompensable = unpaid.minus(compensable);
  const fundPays = toFen(compensable.times(rules.fundShare));
  const bankShare = compensable.minus(fundPays);

  const notes: CompensationNote[] = [];
  if (excluded) notes.push('EXCLUDED');
  if (insurance.gt(0)) notes.push('INSURANCE_FIRST');
  if (!excluded && notCompensable.gt(0)) notes.push('ABOVE_COMPENSABLE_PRINCIPAL');
  return {
    loanId: loan.loanId,
    contractNo: loan.contractNo,
    loss,
    excluded,
    flags: [...loan.flags],
    insurance,
    compensable,
    notCompensable,
    fundPays,
    bankShare,
    bankBears: bankShare.plus(notCompensable),
    notes,
  };
}

/**
 * A claim (one bank, one county, one quarter: 004 第十七、十八条) over many loans: a line per
 * loan, in the order given, and totals that are exactly the sums of the lines. Refuses a loan
 * listed twice (nothing may be compensated twice) and names the field as `loans[i].…`.
 */
export function computeClaim(loans: readonly DefaultedLoan[], rules: RiskFundRules): Claim {
  assertRiskFundRules(rules);
  if (!Array.isArray(loans)) throw invalid('loans', 'loans must be a list');
  const seen = new Set<string>();
  loans.forEach((loan, index) => {
    assertDefaultedLoan(loan, rules, `loans[${index}].`);
    if (seen.has(loan.loanId)) throw invalid(`loans[${index}].loanId`, `loans[${index}].loanId "${loan.loanId}" appears twice in the claim`);
    seen.add(loan.loanId);
  });
  const lines = loans.map((loan) => computeLine(loan, rules));
  return { lines, totals: sumClaimLines(lines) };
}

/**
 * Totals as exactly the sums of (already rounded) lines, e.g. re-computed from stored lines.
 * Refuses a loan listed twice, amounts not in whole fen, and a line whose parts do not add up.
 */
export function sumClaimLines(lines: readonly CompensationLine[]): ClaimTotals {
  const totals = {
    lineCount: lines.length,
    compensatedLineCount: 0,
    excludedLineCount: 0,
    ...(Object.fromEntries(COMPENSATION_AMOUNTS.map((field) => [field, new HubDecimal(0)])) as Record<keyof CompensationAmounts, Decimal>),
  } satisfies ClaimTotals;
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    if (seen.has(line.loanId)) throw invalid(`${at}.loanId`, `${at}.loanId "${line.loanId}" appears twice in the claim`);
    seen.add(line.loanId);
    for (const field of COMPENSATION_AMOUNTS) {
      if (!isFenAmount(line[field])) throw invalid(`${at}.${field}`, `${at}.${field} must be 0 or more in whole fen (got ${show(line[field])})`);
    }
    // Together these make insurance + fundPays + bankBears = loss.
    const f = (value: Decimal) => value.toFixed(2);
    if (!line.insurance.plus(line.compensable).plus(line.notCompensable).equals(line.loss)) {
      throw invalid(
        `${at}.loss`,
        `${at}.loss ${f(line.loss)} must equal insurance ${f(line.insurance)} + compensable ${f(line.compensable)} + notCompensable ${f(line.notCompensable)}`,
      );
    }
    if (!line.fundPays.plus(line.bankShare).equals(line.compensable)) {
      throw invalid(`${at}.bankShare`, `${at}.bankShare ${f(line.bankShare)} + fundPays ${f(line.fundPays)} must equal compensable ${f(line.compensable)}`);
    }
    if (!line.bankShare.plus(line.notCompensable).equals(line.bankBears)) {
      throw invalid(
        `${at}.bankBears`,
        `${at}.bankBears ${f(line.bankBears)} must equal bankShare ${f(line.bankShare)} + notCompensable ${f(line.notCompensable)}`,
      );
    }
    if (line.fundPays.gt(0)) totals.compensatedLineCount += 1;
    if (line.excluded) totals.excludedLineCount += 1;
    for (const field of COMPENSATION_AMOUNTS) totals[field] = totals[field].plus(line[field]);
  });
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Recoveries

export interface RecoveryInput {
  /** The loan's compensation line (only its loss and what the fund paid matter). */
  line: Pick<CompensationLine, 'loanId' | 'loss' | 'fundPays'>;
  /** Recovered on this loan after compensation, before this recovery (principal and interest). */
  previouslyRecovered: Decimal;
  /** This recovery. */
  recovered: Decimal;
}

export interface RecoveryReturn {
  loanId: string;
  recovered: Decimal;
  /** The fund's part of this recovery, to be paid into the fund account. */
  returnToFund: Decimal;
  /** recovered − returnToFund. */
  bankKeeps: Decimal;
  /** toFen((previouslyRecovered + recovered) × fundPays / loss): all the fund has been due on this loan so far. */
  cumulativeReturnToFund: Decimal;
}

/**
 * The fund's part of money recovered after compensation. When it is due back is a claim step's
 * deadline like the others: claimStepDeadline('RECOVERY_RETURN', the day it was received, …).
 */
export function recoveryReturn(input: RecoveryInput): RecoveryReturn {
  const { line } = input;
  if (typeof line.loanId !== 'string' || line.loanId === '') throw invalid('line.loanId', `line.loanId must be a non-empty string (got ${show(line.loanId)})`);
  if (!isFenAmount(line.loss) || line.loss.isZero())
    throw invalid('line.loss', `loan ${line.loanId}: line.loss must be above 0 in whole fen (got ${show(line.loss)})`);
  if (!isFenAmount(line.fundPays) || line.fundPays.gt(line.loss)) {
    throw invalid(
      'line.fundPays',
      `loan ${line.loanId}: line.fundPays must be 0 to the loss ${line.loss.toFixed(2)} in whole fen (got ${show(line.fundPays)})`,
    );
  }
  if (!isFenAmount(input.previouslyRecovered)) {
    throw invalid('previouslyRecovered', `loan ${line.loanId}: previouslyRecovered must be 0 or more in whole fen (got ${show(input.previouslyRecovered)})`);
  }
  if (!isFenAmount(input.recovered) || input.recovered.isZero())
    throw invalid('recovered', `loan ${line.loanId}: recovered must be above 0 in whole fen (got ${show(input.recovered)})`);

  // Multiply before dividing: the numerator is exact, and one division at 40 digits cannot turn a
  // value that is not exactly a half fen into one.
  const dueOn = (recovered: Decimal) => toFen(new HubDecimal(recovered).times(line.fundPays).div(line.loss));
  const before = dueOn(input.previouslyRecovered);
  const cumulative = dueOn(new HubDecimal(input.previouslyRecovered).plus(input.recovered));
  const returnToFund = cumulative.minus(before);
  return {
    loanId: line.loanId,
    recovered: new HubDecimal(input.recovered),
    returnToFund,
    bankKeeps: new HubDecimal(input.recovered).minus(returnToFund),
    cumulativeReturnToFund: cumulative,
  };
}

// ---------------------------------------------------------------------------------------------
// Claim procedure deadlines

/**
 * The steps with a working-day deadline (004 第十九–二十一条) and what the count starts from:
 * TOWNSHIP_REVIEW from the township receiving the list, CONFIRMATION from the leading group's
 * approval, RECOVERY_RETURN from the bank receiving recovered money.
 */
export const CLAIM_STEPS = {
  TOWNSHIP_REVIEW: 'townshipReviewWorkingDays',
  CONFIRMATION: 'confirmationWorkingDays',
  RECOVERY_RETURN: 'recoveryReturnWorkingDays',
} as const;
export type ClaimStep = keyof typeof CLAIM_STEPS;

/** The last day for a step started on `startedOn`, or null when the rules set no deadline for it. */
export function claimStepDeadline(step: ClaimStep, startedOn: string, rules: RiskFundRules, calendar: WorkingDayCalendar): string | null {
  assertRiskFundRules(rules);
  if (typeof step !== 'string' || !Object.hasOwn(CLAIM_STEPS, step))
    throw invalid('step', `step must be one of ${Object.keys(CLAIM_STEPS).join(', ')} (got ${show(step)})`);
  if (!isIsoDate(startedOn)) throw invalid('startedOn', `startedOn must be a real YYYY-MM-DD date (got ${show(startedOn)})`);
  const days = rules.deadlines[CLAIM_STEPS[step]];
  return days === null ? null : addWorkingDays(startedOn, days, calendar);
}
