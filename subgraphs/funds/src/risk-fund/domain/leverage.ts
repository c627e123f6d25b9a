/**
 * The fund against the bank's lending: the leverage ratio and the top-up that restores it
 * (001 §四(一)(二); 004 第六、七条), and the product NPL rate against the compensation trigger and
 * the pause-lending threshold (001 §四(二); 004 第十三条). Pure: no I/O, no clock. Money is decimal
 * CNY in whole fen, never a float; rates are exact fractions, compared unrounded.
 *
 * Leverage (the bank lends at most multiple × fund):
 *
 *   limit        = leverageMultiple × fundBalance
 *   breach       = loanBalance > limit                     (equal is allowed: 按…10倍发放)
 *   requiredFund = ceilFen(loanBalance / leverageMultiple)
 *   topUpDue     = max(0, requiredFund − fundBalance)
 *
 * requiredFund is rounded *up* to the fen, unlike every other figure (half up): the top-up must
 * restore the ratio, and a half-up fund can fall short of it. 1,000,000.04 of loans needs
 * 100,000.004 × 10; half up gives 100,000.00, and 10 × 100,000.00 < 1,000,000.04. The ceiling
 * 100,000.01 is the smallest fund in fen with multiple × fund ≥ loans.
 *
 * The top-up deadline follows the rule for what caused the shortfall (rules.topUp): lending
 * growth (004 第六条, 次月内: by the end of the next month) or compensation paid out of the fund
 * (004 第七条, 于下一季度第一个月内: by the end of the next quarter's first month). It counts from the
 * day the shortfall began, not from each day it is assessed again: a deadline that moved with
 * every assessment could never pass. Past it, with the shortfall still there, the top-up is overdue.
 *
 * NPL (不良率) = nplBalance / loanBalance of the bank's program loans (compensated loans are off
 * balance sheet, 001 §四(二), so in neither figure):
 * - the trigger is reached when the rate is at least nplTriggerRate (达到 3%, 001 §四(二));
 * - lending may pause when the rate exceeds the bank's annual NPL target by more than
 *   pauseLendingMargin (004 第十三条, 2 pp). At exactly target + 2 pp the bank is still within the
 *   2 pp the regulators tolerate (高出…2个百分点以内的…不作为扣分因素, 001 §五(一)五 and 银监发〔2017〕
 *   42号: 以内 includes the bound), so the pause starts strictly above it.
 */
import Decimal from 'decimal.js';
import { HubDecimal } from '../../../../../common/money';
import { RiskFundInputError, show } from './risk-fund-error';
import { type RiskFundRules, type TopUpTiming } from './risk-fund-rules';
import { assertRiskFundRules } from './risk-fund-rules-json';
import { endOfMonth, isIsoDate } from '../../../../../common/domain/calendar-date';

/** Why the fund may be too small: the bank lent more, or compensation was paid out of the fund. */
export const SHORTFALL_CAUSES = ['LENDING_GROWTH', 'COMPENSATION'] as const;
export type ShortfallCause = (typeof SHORTFALL_CAUSES)[number];

export interface LeverageInput {
  /** The bank's outstanding program loans in the county, CNY. */
  loanBalance: Decimal;
  /** The fund's balance in the special account at that bank, CNY. */
  fundBalance: Decimal;
  /** The day the balances are taken. */
  assessedOn: string;
  /** The first day of the shortfall still assessed now, when it began earlier (the deadline counts from its month); default assessedOn. */
  shortfallSince?: string | null;
  cause: ShortfallCause;
}

export interface LeverageAssessment {
  leverageMultiple: Decimal;
  /** leverageMultiple × fundBalance: the most the bank may have lent. */
  limit: Decimal;
  breach: boolean;
  /** What the bank may still lend: max(0, limit − loanBalance). */
  lendingHeadroom: Decimal;
  /** The smallest fund in whole fen that covers the loans: ceilFen(loanBalance / multiple). */
  requiredFund: Decimal;
  /** max(0, requiredFund − fundBalance); above 0 exactly when breach. */
  topUpDue: Decimal;
  /** The rule that sets the deadline (by cause), or null without a breach. */
  topUpTiming: TopUpTiming | null;
  /** Last day for the top-up, or null without a breach. */
  topUpDeadline: string | null;
  /** The breach goes on after its deadline. */
  topUpOverdue: boolean;
}

export interface NplInput {
  /** Non-performing program loans of the bank (次级, 可疑, 损失), CNY. */
  nplBalance: Decimal;
  /** All its outstanding program loans, NPL included, CNY. */
  loanBalance: Decimal;
  /** The bank's own annual NPL target for all its loans; falls back to rules.nplTarget. */
  nplTarget?: Decimal | null;
}

export interface NplAssessment {
  /** nplBalance / loanBalance, exact (0 when nothing is lent). */
  nplRate: Decimal;
  triggerRate: Decimal | null;
  /** nplRate ≥ triggerRate; null when the rules set no trigger (Wushan: loan-level conditions of 第十七条 decide). */
  triggerReached: boolean | null;
  /** The target used: the input's, else the rules'; null when neither gives one. */
  nplTarget: Decimal | null;
  /** nplTarget + pauseLendingMargin, or null. */
  pauseThreshold: Decimal | null;
  /** nplRate > pauseThreshold; null when the rules have no pause rule or no target is known. */
  pauseLending: boolean | null;
  /**
   * Whether an extended loan still unpaid may be compensated (004 第十七条(四): NPL above the target by
   * more than rules.extendedLoanNplMargin): HOLDS, or not, or cannot be judged for want of a target.
   * HOLDS when the rules set no margin (the extension alone suffices).
   */
  extendedLoanGround: 'HOLDS' | 'NPL_NOT_ABOVE_TARGET' | 'NPL_TARGET_UNKNOWN';
}

const MONEY_LIMIT = new HubDecimal('1e14');

function invalid(field: string, message: string): RiskFundInputError {
  return new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);
}

function assertBalance(value: unknown, field: string): asserts value is Decimal {
  const ok =
    Decimal.isDecimal(value) &&
    (value as Decimal).isFinite() &&
    !(value as Decimal).isNeg() &&
    (value as Decimal).decimalPlaces() <= 2 &&
    (value as Decimal).lt(MONEY_LIMIT);
  if (!ok) throw invalid(field, `${field} must be an amount of 0 or more in whole fen (got ${show(value)})`);
}

/** The last day by which a top-up assessed on `assessedOn` is due under `timing`. */
export function topUpDeadline(timing: TopUpTiming, assessedOn: string): string {
  if (!isIsoDate(assessedOn)) throw invalid('assessedOn', `assessedOn must be a real YYYY-MM-DD date (got ${show(assessedOn)})`);
  const month = Number(assessedOn.slice(5, 7));
  const monthsToQuarterEnd = (3 - (month % 3)) % 3;
  switch (timing) {
    case 'END_OF_NEXT_MONTH':
      return endOfMonth(assessedOn, 1);
    case 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER':
      return endOfMonth(assessedOn, monthsToQuarterEnd + 1);
    case 'END_OF_QUARTER':
      return endOfMonth(assessedOn, monthsToQuarterEnd);
    default:
      throw invalid('timing', `timing must be one of END_OF_NEXT_MONTH, END_OF_FIRST_MONTH_OF_NEXT_QUARTER, END_OF_QUARTER (got ${show(timing)})`);
  }
}

/** Whether the bank's lending exceeds multiple × fund, and the top-up that restores the ratio. */
export function assessLeverage(input: LeverageInput, rules: RiskFundRules): LeverageAssessment {
  assertRiskFundRules(rules);
  assertBalance(input.loanBalance, 'loanBalance');
  assertBalance(input.fundBalance, 'fundBalance');
  if (!isIsoDate(input.assessedOn)) throw invalid('assessedOn', `assessedOn must be a real YYYY-MM-DD date (got ${show(input.assessedOn)})`);
  if (!(SHORTFALL_CAUSES as readonly unknown[]).includes(input.cause)) {
    throw invalid('cause', `cause must be one of ${SHORTFALL_CAUSES.join(', ')} (got ${show(input.cause)})`);
  }
  const multiple = new HubDecimal(rules.leverageMultiple);
  const loans = new HubDecimal(input.loanBalance);
  const fund = new HubDecimal(input.fundBalance);
  const limit = multiple.times(fund);
  const breach = loans.gt(limit);
  const requiredFund = loans.div(multiple).toDecimalPlaces(2, Decimal.ROUND_CEIL);
  const topUpDue = HubDecimal.max(0, requiredFund.minus(fund));
  const timing = breach ? (input.cause === 'COMPENSATION' ? rules.topUp.afterCompensation : rules.topUp.onLendingGrowth) : null;
  const since = input.shortfallSince ?? input.assessedOn;
  if (!isIsoDate(since) || since > input.assessedOn) {
    throw invalid(
      'shortfallSince',
      `shortfallSince must be a real YYYY-MM-DD date not after assessedOn ${input.assessedOn} (got ${show(input.shortfallSince)})`,
    );
  }
  const deadline = timing === null ? null : topUpDeadline(timing, since);
  return {
    leverageMultiple: multiple,
    limit,
    breach,
    lendingHeadroom: HubDecimal.max(0, limit.minus(loans)),
    requiredFund,
    topUpDue,
    topUpTiming: timing,
    topUpDeadline: deadline,
    topUpOverdue: deadline !== null && input.assessedOn > deadline,
  };
}

/** The product NPL rate, whether it reaches the compensation trigger, and the pause-lending signal. */
export function assessNpl(input: NplInput, rules: RiskFundRules): NplAssessment {
  assertRiskFundRules(rules);
  assertBalance(input.nplBalance, 'nplBalance');
  assertBalance(input.loanBalance, 'loanBalance');
  if (input.nplBalance.gt(input.loanBalance)) {
    throw invalid(
      'nplBalance',
      `nplBalance ${input.nplBalance.toFixed(2)} must not exceed loanBalance ${input.loanBalance.toFixed(2)} (NPL is part of the balance)`,
    );
  }
  const given = input.nplTarget;
  if (given !== undefined && given !== null && (!Decimal.isDecimal(given) || !given.isFinite() || given.isNeg() || given.gte(1))) {
    throw invalid('nplTarget', `nplTarget must be a fraction from 0 to below 1, e.g. 0.015 for 1.5% (got ${show(given)})`);
  }
  const loans = new HubDecimal(input.loanBalance);
  const npl = new HubDecimal(input.nplBalance);
  const nplRate = loans.isZero() ? new HubDecimal(0) : npl.div(loans);
  // Compared cross-multiplied (npl ≥ rate × loans), so a repeating quotient is never compared
  // after a 40-digit cut; with nothing lent the rate is 0.
  const compare = (rate: Decimal) => (loans.isZero() ? new HubDecimal(0).cmp(rate) : npl.cmp(loans.times(rate)));
  const triggerRate = rules.nplTriggerRate;
  const nplTarget = given ?? rules.nplTarget;
  const pauseThreshold = nplTarget === null || rules.pauseLendingMargin === null ? null : new HubDecimal(nplTarget).plus(rules.pauseLendingMargin);
  const margin = rules.extendedLoanNplMargin;
  const extendedLoanGround =
    margin === null
      ? 'HOLDS'
      : nplTarget === null
        ? 'NPL_TARGET_UNKNOWN'
        : compare(new HubDecimal(nplTarget).plus(margin)) > 0
          ? 'HOLDS'
          : 'NPL_NOT_ABOVE_TARGET';
  return {
    nplRate,
    triggerRate,
    triggerReached: triggerRate === null ? null : compare(triggerRate) >= 0,
    nplTarget,
    pauseThreshold,
    pauseLending: pauseThreshold === null ? null : compare(pauseThreshold) > 0,
    extendedLoanGround,
  };
}
