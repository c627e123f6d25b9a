/**
 * One loan's interest subsidy (贴息) for one settlement window, computed from what the loans side
 * knows about the loan (carried in the job payload; the funds side never reads the loans tables).
 * Pure: no I/O, no clock. Money is decimal, never a float.
 *
 * The rule (DOMAIN.md "The interest subsidy"; 000 national §一(六), §二(三); 002 §二(二)): a
 * quarter's subsidy = the normal interest actually paid in the settlement window on the subsidized
 * principal (≤ 50,000) × the subsidy ratio, rounded half up to the fen. Overdue (penalty) interest,
 * the principal above the subsidized part, loans converted to farmer loans, loans flagged as
 * non-compliant and loans whose household was off the roster at contract get nothing.
 *
 * Per payment settled inside the window (window.start ≤ settlementDate ≤ window.end):
 *
 *   base        = payment.principalBase ?? loan.amount        (principal the interest was charged on)
 *   subsidized  = min(loan.subsidizedAmount, base)
 *   share       = interestPaid × subsidized / base            (the subsidized principal's part)
 *   contractCap = subsidized × annualRate × days / 360        (days = settlementDate − periodStart + 1)
 *   eligible    = min(share, contractCap)
 *
 *   line.subsidy = toFen(Σ eligible × subsidyRatio)           (ROUND_HALF_UP, once, on the line)
 *
 * computed over exact fractions (see the loop), so a line that is exactly a half fen is one.
 *
 * Why the contract-rate cap: the subsidy pays for interest at the contract rate on at most the
 * subsidized principal. A bank's figure can carry more (a rate above the contract's, fees or
 * penalty interest booked as normal interest, a wrong principal base); the cap keeps such
 * errors out of the budget. It also means a loan above the subsidized principal is subsidized
 * exactly what a loan of the subsidized size would have earned, not the proportional share of the
 * bank's fen-rounded figure (80,000 at 3.50% over 92 days: 447.2222…, not 715.56 × 5/8 = 447.225).
 * Daily interest is annual rate / 360, as banks count it; the bank's periods already apply
 * 算头不算尾 (the repayment day is not in the period), so both period ends count here.
 *
 * Nothing is rounded before the line's final figure: rounding per payment or before the ratio
 * would drift from the sum the bank and finance reconcile against.
 */
import Decimal from 'decimal.js';
import { HubDecimal, toFen } from '../../../../../common/money';
import { assertSettlementWindow, daysInclusive, isIsoDate, SubsidyInputError, type SettlementWindow } from './settlement-window';

export { SubsidyInputError } from './settlement-window';

/**
 * Why a line's subsidy is zero or less than the interest paid. `notes` lists every reason that
 * applies, in this order; `reason` is the first of them (null when there is none):
 *
 * - Exclusions — the loan gets nothing whatever it paid, and no other note is added:
 *   CONVERTED_TO_FARMER_LOAN (the flag or the boolean), OFF_LIST_AT_CONTRACT, FLAGGED (any other
 *   policy flag). Several can apply together.
 * - NO_INTEREST_PAID — nothing (neither normal nor overdue interest) settled in the window.
 * - Reductions — the line is still computed, these say what was left out:
 *   OVERDUE_INTEREST_EXCLUDED (penalty interest paid but never subsidized; the primary reason
 *   when a loan paid only overdue interest), ABOVE_SUBSIDIZED_PRINCIPAL (only the subsidized
 *   share of the interest counts; the primary reason when subsidizedAmount is 0 without a flag,
 *   e.g. the household's other loans use the 50,000), ABOVE_CONTRACT_RATE (the contract-rate cap
 *   removed at least one fen: less is cap noise from the bank's own rounding to the fen).
 *
 * The subsidy ratio is the same for every line of a batch, so it is not a per-line reason; the
 * detail text shows it.
 */
export const SUBSIDY_REASONS = [
  'CONVERTED_TO_FARMER_LOAN',
  'OFF_LIST_AT_CONTRACT',
  'FLAGGED',
  'NO_INTEREST_PAID',
  'OVERDUE_INTEREST_EXCLUDED',
  'ABOVE_SUBSIDIZED_PRINCIPAL',
  'ABOVE_CONTRACT_RATE',
] as const;
export type SubsidyReason = (typeof SUBSIDY_REASONS)[number];

/** The loans side's flag for a loan converted to a farmer loan (its LOAN_FLAG_CODES); reported as its own reason. */
const CONVERTED_FLAG_CODE = 'CONVERTED_TO_FARMER_LOAN';
const FLAG_CODE = /^[A-Z_]{2,40}$/;

export interface SubsidyPayment {
  /** First day of the interest period the bank settled (the disbursement day for the first one). */
  periodStart: string;
  /** Last day of the period: the settlement day, or the day before an early repayment. */
  settlementDate: string;
  /** Normal interest paid for the period, CNY. */
  interestPaid: Decimal;
  /** Penalty interest paid with it, CNY: never subsidized. */
  overdueInterestPaid: Decimal;
  /** Outstanding principal the period's interest was charged on, when the bank reports it; default: the loan amount. */
  principalBase?: Decimal;
}

export interface SubsidyLoanInput {
  loanId: string;
  contractNo: string;
  /** Principal, CNY. */
  amount: Decimal;
  /** The part of the principal the loans side subsidizes (≤ the policy's cap, 0 when flagged). */
  subsidizedAmount: Decimal;
  /** Contract rate as a fraction: 0.0345 = 3.45%. */
  annualRate: Decimal;
  /** Policy flag codes from the loans side; empty when compliant. */
  flags: string[];
  convertedToFarmerLoan: boolean;
  /** Whether the household was on the roster (名单) when the contract was signed. */
  onListAtContract: boolean;
  payments: SubsidyPayment[];
}

export interface SubsidyContext {
  window: SettlementWindow;
  /** Fraction of the eligible interest finance pays, 0..1 (1 = 全额贴息). */
  subsidyRatio: Decimal;
}

export interface SubsidyLine {
  loanId: string;
  contractNo: string;
  /** Normal interest the bank settled in the window, CNY (overdue interest not included). */
  interestPaidInWindow: Decimal;
  /** Penalty interest settled in the window, CNY: shown, never subsidized. */
  overdueInterestPaidInWindow: Decimal;
  /** Σ eligible over the window's payments, before the ratio, unrounded. */
  eligibleInterest: Decimal;
  /** toFen(eligibleInterest × subsidyRatio): what finance pays for this loan. */
  subsidy: Decimal;
  /** The main reason for a zero or a reduction: `notes[0]`, or null. */
  reason: SubsidyReason | null;
  /** Every reason that applies, in SUBSIDY_REASONS order. */
  notes: SubsidyReason[];
  /** For bank and bureau staff: the figures behind the line, in English. */
  detail: string;
}

export interface SubsidyBatchTotals {
  lineCount: number;
  /** Lines with a subsidy above 0. */
  payableLineCount: number;
  interestPaidInWindow: Decimal;
  /** Exactly the sum of the lines' (already rounded) subsidies. */
  subsidy: Decimal;
}

interface Fraction {
  numerator: Decimal;
  denominator: Decimal;
}
const ZERO_FRACTION: Fraction = { numerator: new HubDecimal(0), denominator: new HubDecimal(1) };

/** Exact while the digits fit the hub's 40 (a quarter's few payments use ~25). */
function addFractions(a: Fraction, b: Fraction): Fraction {
  if (a.denominator.equals(b.denominator)) return { numerator: a.numerator.plus(b.numerator), denominator: a.denominator };
  return { numerator: a.numerator.times(b.denominator).plus(b.numerator.times(a.denominator)), denominator: a.denominator.times(b.denominator) };
}

/** One loan's subsidy line for the window. Throws SubsidyInputError naming the field on malformed input. */
export function computeSubsidy(loan: SubsidyLoanInput, context: SubsidyContext): SubsidyLine {
  assertValidContext(context);
  assertValidLoan(loan);
  const { window } = context;
  const ratio = new HubDecimal(context.subsidyRatio);
  const amount = new HubDecimal(loan.amount);
  const subsidizedAmount = new HubDecimal(loan.subsidizedAmount);
  const annualRate = new HubDecimal(loan.annualRate);

  const converted = loan.convertedToFarmerLoan || loan.flags.includes(CONVERTED_FLAG_CODE);
  const otherFlags = loan.flags.filter((code) => code !== CONVERTED_FLAG_CODE);
  const exclusions: SubsidyReason[] = [];
  if (converted) exclusions.push('CONVERTED_TO_FARMER_LOAN');
  if (!loan.onListAtContract) exclusions.push('OFF_LIST_AT_CONTRACT');
  if (otherFlags.length > 0) exclusions.push('FLAGGED');

  let interestPaid: Decimal = new HubDecimal(0);
  let overduePaid: Decimal = new HubDecimal(0);
  // Exact fractions: a payment's share (paid × S / base) and cap (S × rate × days / 360) over
  // their common denominator 360 × base, so every comparison is exact and the only division is the
  // line's last one. Dividing earlier loses the exact half fen: 86.9533… × 0.75 is exactly 65.215.
  let eligible: Fraction = ZERO_FRACTION;
  let removedByCap: Fraction = ZERO_FRACTION;
  let paymentsInWindow = 0;
  let partlySubsidized = false;

  for (const payment of loan.payments) {
    if (payment.settlementDate < window.start || payment.settlementDate > window.end) continue;
    paymentsInWindow += 1;
    const paid = new HubDecimal(payment.interestPaid);
    interestPaid = interestPaid.plus(paid);
    overduePaid = overduePaid.plus(payment.overdueInterestPaid);

    const base = new HubDecimal(payment.principalBase ?? amount);
    const subsidizedPrincipal = HubDecimal.min(subsidizedAmount, base);
    const denominator = base.times(360);
    const share = paid.times(subsidizedPrincipal).times(360);
    const contractCap = subsidizedPrincipal.times(annualRate).times(daysInclusive(payment.periodStart, payment.settlementDate)).times(base);
    eligible = addFractions(eligible, { numerator: HubDecimal.min(share, contractCap), denominator });
    if (share.gt(contractCap)) removedByCap = addFractions(removedByCap, { numerator: share.minus(contractCap), denominator });
    if (subsidizedPrincipal.lt(base) && paid.gt(0)) partlySubsidized = true;
  }

  const notes: SubsidyReason[] = [...exclusions];
  if (exclusions.length > 0) {
    eligible = ZERO_FRACTION;
  } else if (interestPaid.isZero() && overduePaid.isZero()) {
    notes.push('NO_INTEREST_PAID');
  } else {
    if (overduePaid.gt(0)) notes.push('OVERDUE_INTEREST_EXCLUDED');
    if (partlySubsidized) notes.push('ABOVE_SUBSIDIZED_PRINCIPAL');
    if (removedByCap.numerator.gte(removedByCap.denominator.times('0.01'))) notes.push('ABOVE_CONTRACT_RATE');
  }

  const subsidy = toFen(eligible.numerator.times(ratio).div(eligible.denominator));
  const eligibleInterest = eligible.numerator.div(eligible.denominator);
  const removed = removedByCap.numerator.div(removedByCap.denominator);
  return {
    loanId: loan.loanId,
    contractNo: loan.contractNo,
    interestPaidInWindow: interestPaid,
    overdueInterestPaidInWindow: overduePaid,
    eligibleInterest,
    subsidy,
    reason: notes[0] ?? null,
    notes,
    detail: describeSubsidyLine({
      window,
      subsidizedAmount,
      annualRate,
      ratio,
      interestPaid,
      overduePaid,
      eligible: eligibleInterest,
      subsidy,
      paymentsInWindow,
      removedByCap: removed,
      notes,
      otherFlags,
    }),
  };
}

/**
 * Batch totals as exactly the sum of the already rounded lines, so computed, instructed and
 * confirmed amounts reconcile to the fen. Refuses unrounded subsidies and a loan listed twice
 * (nothing may be paid twice).
 */
export function computeBatchTotals(lines: readonly SubsidyLine[]): SubsidyBatchTotals {
  const seen = new Set<string>();
  let subsidy: Decimal = new HubDecimal(0);
  let interestPaid: Decimal = new HubDecimal(0);
  let payable = 0;
  lines.forEach((line, index) => {
    if (seen.has(line.loanId)) throw new SubsidyInputError(`lines[${index}].loanId`, `lines[${index}].loanId "${line.loanId}" appears twice in the batch`);
    seen.add(line.loanId);
    if (!line.subsidy.isFinite() || line.subsidy.isNeg() || line.subsidy.decimalPlaces() > 2) {
      throw new SubsidyInputError(
        `lines[${index}].subsidy`,
        `lines[${index}].subsidy must be 0 or more and rounded to the fen (got ${line.subsidy.toString()})`,
      );
    }
    subsidy = subsidy.plus(line.subsidy);
    interestPaid = interestPaid.plus(line.interestPaidInWindow);
    if (line.subsidy.gt(0)) payable += 1;
  });
  return { lineCount: lines.length, payableLineCount: payable, interestPaidInWindow: interestPaid, subsidy };
}

/**
 * The figures behind a line, as stored with it (the set-based computation writes the same ones),
 * from which its detail text is written when it is shown.
 */
export interface SubsidyLineFigures {
  window: Pick<SettlementWindow, 'start' | 'end'>;
  subsidizedAmount: Decimal;
  annualRate: Decimal;
  ratio: Decimal;
  interestPaid: Decimal;
  overduePaid: Decimal;
  /** Unrounded, before the ratio. */
  eligible: Decimal;
  subsidy: Decimal;
  paymentsInWindow: number;
  removedByCap: Decimal;
  notes: readonly string[];
  /** Policy flags other than the conversion to a farmer loan and being off the list. */
  otherFlags: readonly string[];
}

/**
 * Up to four places as they are; longer (repeating) values shown as ≈ four places. Display only:
 * first cut at 12 places, so a repeating figure stored at 20 places (SQL) and one held at 40
 * digits (this module) read the same, and 15.2799…9975 (20.37333… × 0.75 cut short) reads 15.28.
 */
function figure(exact: Decimal): string {
  const value = exact.toDecimalPlaces(12);
  const places = value.decimalPlaces();
  return places <= 4 ? value.toFixed(Math.max(2, places)) : `≈${value.toFixed(4)}`;
}

/** For bank and bureau staff: the figures behind a line, in English. */
export function describeSubsidyLine(facts: SubsidyLineFigures): string {
  const { window } = facts;
  const unrounded = new HubDecimal(facts.eligible).times(facts.ratio);
  const parts = [
    `${figure(facts.interestPaid)} interest settled ${window.start}…${window.end} (${facts.paymentsInWindow} payment${facts.paymentsInWindow === 1 ? '' : 's'})`,
  ];
  const exclusionTexts: Partial<Record<string, string>> = {
    CONVERTED_TO_FARMER_LOAN: 'converted to a farmer loan',
    OFF_LIST_AT_CONTRACT: 'household not on the roster at contract',
    FLAGGED: `flagged by the loans side (${facts.otherFlags.join(', ')})`,
  };
  const exclusions = facts.notes.flatMap((note) => exclusionTexts[note] ?? []);
  if (exclusions.length > 0) return `${parts[0]}; no subsidy: ${exclusions.join('; ')}`;
  if (facts.notes.includes('NO_INTEREST_PAID')) return `${parts[0]}; no subsidy: no interest settled in the window`;

  if (facts.overduePaid.gt(0)) parts.push(`${figure(facts.overduePaid)} overdue interest excluded`);
  if (facts.notes.includes('ABOVE_SUBSIDIZED_PRINCIPAL')) parts.push(`only ${figure(facts.subsidizedAmount)} of the principal is subsidized`);
  if (facts.removedByCap.gt(0)) {
    parts.push(`${figure(facts.removedByCap)} above the contract rate ${facts.annualRate.times(100).toString()}% on the subsidized principal not counted`);
  }
  parts.push(`eligible ${figure(facts.eligible)} × ratio ${facts.ratio.toString()} = ${figure(unrounded)} → ${facts.subsidy.toFixed(2)}`);
  return parts.join('; ');
}

function assertValidContext(context: SubsidyContext): void {
  assertSettlementWindow(context.window);
  const ratio = context.subsidyRatio;
  if (!Decimal.isDecimal(ratio) || !ratio.isFinite() || ratio.lt(0) || ratio.gt(1)) {
    throw new SubsidyInputError('subsidyRatio', `subsidyRatio must be a fraction from 0 to 1 (got ${String(ratio)})`);
  }
}

function assertValidLoan(loan: SubsidyLoanInput): void {
  const fail = (field: string, why: string, value: unknown) =>
    new SubsidyInputError(field, `loan ${loan.loanId}: ${field} ${why} (got ${JSON.stringify(String(value))})`);
  const isMoney = (value: unknown): value is Decimal => Decimal.isDecimal(value) && value.isFinite();

  if (typeof loan.loanId !== 'string' || loan.loanId === '') throw fail('loanId', 'must be a non-empty string', loan.loanId);
  if (typeof loan.contractNo !== 'string' || loan.contractNo === '') throw fail('contractNo', 'must be a non-empty string', loan.contractNo);
  if (!isMoney(loan.amount) || loan.amount.lte(0)) throw fail('amount', 'must be above 0', loan.amount);
  if (!isMoney(loan.subsidizedAmount) || loan.subsidizedAmount.isNeg() || loan.subsidizedAmount.gt(loan.amount)) {
    throw fail('subsidizedAmount', 'must be from 0 to the loan amount', loan.subsidizedAmount);
  }
  // A rate of 1 or more is a percentage passed as a fraction (3.45 for 0.0345).
  if (!isMoney(loan.annualRate) || loan.annualRate.isNeg() || loan.annualRate.gte(1))
    throw fail('annualRate', 'must be a fraction from 0 to below 1', loan.annualRate);
  if (!Array.isArray(loan.flags)) throw fail('flags', 'must be a list of flag codes', loan.flags);
  loan.flags.forEach((code, i) => {
    if (typeof code !== 'string' || !FLAG_CODE.test(code)) throw fail(`flags[${i}]`, 'must be a flag code (A-Z and _)', code);
  });
  if (typeof loan.convertedToFarmerLoan !== 'boolean') throw fail('convertedToFarmerLoan', 'must be true or false', loan.convertedToFarmerLoan);
  if (typeof loan.onListAtContract !== 'boolean') throw fail('onListAtContract', 'must be true or false', loan.onListAtContract);
  if (!Array.isArray(loan.payments)) throw fail('payments', 'must be a list', loan.payments);

  loan.payments.forEach((payment, i) => {
    const at = `payments[${i}]`;
    if (!isIsoDate(payment.periodStart)) throw fail(`${at}.periodStart`, 'must be a real YYYY-MM-DD date', payment.periodStart);
    if (!isIsoDate(payment.settlementDate)) throw fail(`${at}.settlementDate`, 'must be a real YYYY-MM-DD date', payment.settlementDate);
    if (payment.periodStart > payment.settlementDate)
      throw fail(`${at}.periodStart`, `must not be after settlementDate ${payment.settlementDate}`, payment.periodStart);
    if (!isMoney(payment.interestPaid) || payment.interestPaid.isNeg()) throw fail(`${at}.interestPaid`, 'must be 0 or more', payment.interestPaid);
    if (!isMoney(payment.overdueInterestPaid) || payment.overdueInterestPaid.isNeg()) {
      throw fail(`${at}.overdueInterestPaid`, 'must be 0 or more', payment.overdueInterestPaid);
    }
    const base = payment.principalBase;
    if (base !== undefined && (!isMoney(base) || base.lte(0) || base.gt(loan.amount))) {
      throw fail(`${at}.principalBase`, 'must be above 0 and not above the loan amount', base);
    }
  });
}
