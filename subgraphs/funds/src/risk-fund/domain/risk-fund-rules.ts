/**
 * The risk-compensation fund's rules (风险补偿金) as data, versioned per region with effective dates.
 * Counties disagree (80/20 vs insurance first then 70/30, a 3% NPL trigger vs loan-level
 * conditions, deadlines or none), so nothing here is hard-coded in the computations
 * (compensation.ts, leverage.ts): they take a `RiskFundRules` found by `riskFundRulesInForce`.
 * The two versions that ship are the real texts in /work/shared/seeds: 001 (楚雄州, 楚贫发〔2017〕71号
 * §四) and 004 (巫山县, 巫山府办发〔2017〕166号); every value cites its article.
 *
 * Pure: no I/O, no clock. Rates and shares are fractions (0.03 = 3%, 0.02 = 2 percentage points),
 * money is decimal CNY, never a float. Rules arrive as JSON (jsonb column, admin file) with
 * decimals as strings and are read by `parseRiskFundRules`, which names the field at fault.
 */
import Decimal from 'decimal.js';
import { HubDecimal } from '../../../../../common/money';
import { RiskFundInputError, show } from './risk-fund-error';
import type { RuleVersion } from '../../../../../common/domain/regional-rule';

/**
 * What the fund's special deposit account earns; the interest is added to the fund
 * (001 §四(一); 004 第十条). The bank applies the rate; the hub records which rate applies and
 * checks the bank's figure with `depositInterestRate`.
 */
export interface DepositInterestRule {
  /**
   * BENCHMARK_DEPOSIT_RATE: the PBoC benchmark deposit rate of the same term and tier
   * (同期同档次存款基准利率; unchanged since 2015-10-24: demand 0.35%, 1-year 1.50%).
   * DEMAND_DEPOSIT_RATE: the bank's current (demand) deposit rate (活期存款利率).
   */
  basis: 'BENCHMARK_DEPOSIT_RATE' | 'DEMAND_DEPOSIT_RATE';
  /** Relative markup on the basis: 0.10 = 上浮10%, i.e. basis × 1.10 (not + 10 pp). 0 = the basis itself. */
  markup: Decimal;
  /** The text's own words, for staff. */
  description: string;
}

export const DEPOSIT_RATE_BASES = ['BENCHMARK_DEPOSIT_RATE', 'DEMAND_DEPOSIT_RATE'] as const;

/**
 * Deadlines in working days (工作日; counted with working-days.ts, the start day not counted).
 * Null: the text sets none (the county's agreement with the bank may; put it in a new version).
 */
export interface RiskFundDeadlines {
  /** Township (乡镇/街道) preliminary review of the compensation list, from receiving it (004 第十九条: 5). */
  townshipReviewWorkingDays: number | null;
  /** Bureau issues the confirmation and payment voucher, from the leading group's approval (004 第二十条: 3). */
  confirmationWorkingDays: number | null;
  /** Bank returns the fund's part of money recovered after compensation, from receiving it (004 第二十一条: 5). */
  recoveryReturnWorkingDays: number | null;
}

/**
 * When a top-up that restores the leverage ratio is due, counted from the day the shortfall is
 * assessed (leverage.ts):
 * - END_OF_NEXT_MONTH: by the last day of the following month (次月内补足, 004 第六条);
 * - END_OF_FIRST_MONTH_OF_NEXT_QUARTER: by the last day of the next quarter's first month
 *   (于下一季度第一个月内补足, 004 第七条);
 * - END_OF_QUARTER: by the last day of the assessment's own quarter.
 */
export const TOP_UP_TIMINGS = ['END_OF_NEXT_MONTH', 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER', 'END_OF_QUARTER'] as const;
export type TopUpTiming = (typeof TOP_UP_TIMINGS)[number];

export interface TopUpRules {
  /** The bank's lending outgrew multiple × fund (004 第六条). */
  onLendingGrowth: TopUpTiming;
  /** Paying compensation left the fund too small for the bank's lending (004 第七条). */
  afterCompensation: TopUpTiming;
}

/**
 * The supporting documents a claim carries (004 第十八条): (一) the application report and (二) the
 * application form for the claim as a whole; (三) the compensation list — the claim's lines
 * themselves — with a copy of each loan's receipt (借款借据), and (四) each loan's collection
 * notice (催收通知书). EVIDENCE is any further proof of a ground (a death certificate, a disaster
 * assessment: the 相关证明材料 of 第十九条); never required, always accepted.
 */
export const CLAIM_DOCUMENT_KINDS = ['APPLICATION_REPORT', 'APPLICATION_FORM', 'LOAN_RECEIPT', 'COLLECTION_NOTICE', 'EVIDENCE'] as const;
export type ClaimDocumentKind = (typeof CLAIM_DOCUMENT_KINDS)[number];

export interface ClaimDocumentRules {
  /** Kinds the claim must carry once (the report, the form). */
  perClaim: readonly ClaimDocumentKind[];
  /** Kinds every claimed loan must carry (its receipt, its collection notice). */
  perLoan: readonly ClaimDocumentKind[];
}

/**
 * The county's reward to a bank that collects well (004 第十三条: 催收面达100%，贷款到期回收率95%以上
 * … 按不超过新增扶贫小额信贷规模的1%给予奖励). Paid by the county's finance, not from the fund.
 */
export interface LendingRewardRule {
  /** Share of overdue loans the bank pursued (催收面), at least: 1 = every one. */
  minCollectionCoverage: Decimal;
  /** Principal repaid by maturity ÷ principal that fell due in the year (到期回收率), at least. */
  minRecoveryRate: Decimal;
  /** The reward is at most this share of the year's new program lending (0.01). */
  maxShareOfNewLending: Decimal;
}

export interface RiskFundRules {
  /** The bank lends at most this many times the fund (1:10 → 10). */
  leverageMultiple: Decimal;
  /** Share of the compensable loss the fund pays, 0 < x ≤ 1 (0.8 Chuxiong, 0.7 Wushan). */
  fundShare: Decimal;
  /** Share the bank bears; fundShare + bankShare = 1 exactly. */
  bankShare: Decimal;
  /** Credit-guarantee insurance pays first and only the rest is shared (004 第十一条). */
  insuranceFirst: boolean;
  /** Product NPL rate at which compensation may start (≥, 达到); null: no portfolio threshold. */
  nplTriggerRate: Decimal | null;
  /**
   * The bank's own annual NPL target for all its loans (自身各项贷款不良率年度目标), when the
   * county's agreement fixes one; null: supplied per bank with the NPL figures (leverage.ts).
   */
  nplTarget: Decimal | null;
  /** The bank may pause lending when product NPL exceeds nplTarget by more than this (0.02 = 2 pp); null: no pause rule. */
  pauseLendingMargin: Decimal | null;
  /**
   * An extended loan still unpaid is compensable only while the bank's product NPL exceeds its
   * own annual target by more than this (004 第十七条(四): 2 pp); null: the extension alone suffices.
   */
  extendedLoanNplMargin: Decimal | null;
  /** Of a household's subsidized principal, at most this much is compensated; the part above is not (CNY). */
  compensablePrincipalCap: Decimal;
  depositInterest: DepositInterestRule;
  deadlines: RiskFundDeadlines;
  topUp: TopUpRules;
  claimDocuments: ClaimDocumentRules;
  /** Null: the rules set no reward. */
  lendingReward: LendingRewardRule | null;
}

export type RiskFundRuleVersion = RuleVersion<RiskFundRules>;

/** The leverage both 2017 texts use (1:10). */
export const DEFAULT_LEVERAGE_MULTIPLE = '10';

/**
 * The rate the fund's deposit account should earn given the basis rate in force (a fraction):
 * basis × (1 + markup), unrounded. 1-year benchmark 1.50% under Chuxiong's 上浮10% → 1.65%.
 */
export function depositInterestRate(rule: DepositInterestRule, basisRate: Decimal): Decimal {
  if (!Decimal.isDecimal(basisRate) || !basisRate.isFinite() || basisRate.isNeg() || basisRate.gte(1)) {
    throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'basisRate', `basisRate must be a fraction from 0 to below 1 (got ${show(basisRate)})`);
  }
  return new HubDecimal(basisRate).times(new HubDecimal(1).plus(rule.markup));
}
