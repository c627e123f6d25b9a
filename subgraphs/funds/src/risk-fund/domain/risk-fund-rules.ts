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
import { isIsoDate } from '../../../../../common/domain/calendar-date';
import { HubDecimal, parseDecimal } from '../../../../../common/money';

// ---------------------------------------------------------------------------------------------
// Errors

export type RiskFundErrorCode =
  /** A rules document or a typed rule set breaks a rule (range, sum, unknown field …). */
  | 'RISK_FUND_INVALID_RULES'
  /** A list of rule versions is malformed or ambiguous (overlapping versions of one region). */
  | 'RISK_FUND_INVALID_VERSIONS'
  /** A loan, claim, recovery, balance or date passed to a computation is malformed. */
  | 'RISK_FUND_INVALID_INPUT'
  /** Working-day calendar data is malformed. */
  | 'RISK_FUND_INVALID_CALENDAR'
  /** A working-day count reached a year the calendar has no official data for. */
  | 'RISK_FUND_DATE_NOT_COVERED'
  /** No deposit rate or bank NPL target is recorded for what a rule needs. */
  | 'RISK_FUND_FIGURE_NOT_RECORDED';

/**
 * Malformed risk-fund data or input, refused with a stable code and the path of the field at
 * fault (`fundShare`, `deadlines.recoveryReturnWorkingDays`, `loans[2].insurancePaid`), so
 * whoever produced it can fix it. The message is English and carries the figures.
 */
export class RiskFundInputError extends Error {
  override readonly name = 'RiskFundInputError';

  constructor(
    readonly code: RiskFundErrorCode,
    /** Path of the offending field. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// The rule set

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

export interface RiskFundRuleVersion {
  id: string;
  /** '' = national, 2-digit province, 4-digit prefecture, 6-digit county (GB/T 2260 prefixes). */
  regionCode: string;
  /** Inclusive. */
  effectiveFrom: string;
  /** Exclusive; null = still in force. */
  effectiveTo: string | null;
  name: string;
  /** The seed file and section, e.g. '004 第六、七条'. */
  source: string;
  rules: RiskFundRules;
}

/** The leverage both 2017 texts use (1:10). */
export const DEFAULT_LEVERAGE_MULTIPLE = '10';

// ---------------------------------------------------------------------------------------------
// Validation

/** JSON form: decimals as strings (never floats), whole numbers as numbers. */
export interface RiskFundRulesJson {
  leverageMultiple: string;
  fundShare: string;
  bankShare: string;
  insuranceFirst: boolean;
  nplTriggerRate: string | null;
  nplTarget: string | null;
  pauseLendingMargin: string | null;
  extendedLoanNplMargin: string | null;
  compensablePrincipalCap: string;
  depositInterest: { basis: DepositInterestRule['basis']; markup: string; description: string };
  deadlines: RiskFundDeadlines;
  topUp: TopUpRules;
  claimDocuments: { perClaim: ClaimDocumentKind[]; perLoan: ClaimDocumentKind[] };
  lendingReward: { minCollectionCoverage: string; minRecoveryRate: string; maxShareOfNewLending: string } | null;
}

const RULE_FIELDS = [
  'leverageMultiple',
  'fundShare',
  'bankShare',
  'insuranceFirst',
  'nplTriggerRate',
  'nplTarget',
  'pauseLendingMargin',
  'extendedLoanNplMargin',
  'compensablePrincipalCap',
  'depositInterest',
  'deadlines',
  'topUp',
  'claimDocuments',
  'lendingReward',
] as const satisfies readonly (keyof RiskFundRules)[];
const DEPOSIT_FIELDS = ['basis', 'markup', 'description'] as const satisfies readonly (keyof DepositInterestRule)[];
const DEADLINE_FIELDS = ['townshipReviewWorkingDays', 'confirmationWorkingDays', 'recoveryReturnWorkingDays'] as const satisfies readonly (keyof RiskFundDeadlines)[];
const TOP_UP_FIELDS = ['onLendingGrowth', 'afterCompensation'] as const satisfies readonly (keyof TopUpRules)[];
const DOCUMENT_FIELDS = ['perClaim', 'perLoan'] as const satisfies readonly (keyof ClaimDocumentRules)[];
const REWARD_FIELDS = ['minCollectionCoverage', 'minRecoveryRate', 'maxShareOfNewLending'] as const satisfies readonly (keyof LendingRewardRule)[];

/** Two months of working days: more is a typo (calendar days, or a deadline in hours). */
const MAX_DEADLINE_WORKING_DAYS = 40;
const MAX_LEVERAGE = new HubDecimal(100);
const SHARE_DECIMALS = 4;
const RATE_DECIMALS = 6;
const MONEY_DECIMALS = 2;

function invalidRules(field: string, message: string): RiskFundInputError {
  return new RiskFundInputError('RISK_FUND_INVALID_RULES', field, `risk-fund rules: ${field} ${message}`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A value as an error message quotes it: a decimal by its digits, anything else as JSON. */
export const show = (value: unknown) => (Decimal.isDecimal(value) ? (value as Decimal).toString() : JSON.stringify(value) ?? String(value));

function checkKeys(json: Record<string, unknown>, fields: readonly string[], prefix: string): void {
  // A misspelt key would otherwise be ignored and its rule silently left unset.
  for (const key of Object.keys(json)) {
    if (!fields.includes(key)) throw invalidRules(`${prefix}${key}`, 'is not a risk-fund rule field');
  }
  for (const key of fields) {
    if (!(key in json)) throw invalidRules(`${prefix}${key}`, 'is missing (use null where a rule may be absent)');
  }
}

function readDecimalText(value: unknown, field: string): Decimal {
  if (typeof value !== 'string') throw invalidRules(field, `must be a decimal string such as "0.8" (got ${show(value)})`);
  try {
    return parseDecimal(value);
  } catch {
    throw invalidRules(field, `${JSON.stringify(value)} is not a decimal number`);
  }
}

const readNullableDecimal = (value: unknown, field: string) => (value === null ? null : readDecimalText(value, field));

/**
 * Reads and validates a rules document (decimals as strings); throws RiskFundInputError
 * (RISK_FUND_INVALID_RULES) naming the field at fault. `serializeRiskFundRules` is its inverse.
 */
export function parseRiskFundRules(json: unknown): RiskFundRules {
  if (!isPlainObject(json)) throw invalidRules('(document)', 'must be a JSON object');
  checkKeys(json, RULE_FIELDS, '');
  const deposit = json.depositInterest;
  if (!isPlainObject(deposit)) throw invalidRules('depositInterest', 'must be an object {basis, markup, description}');
  checkKeys(deposit, DEPOSIT_FIELDS, 'depositInterest.');
  const deadlines = json.deadlines;
  if (!isPlainObject(deadlines)) throw invalidRules('deadlines', `must be an object {${DEADLINE_FIELDS.join(', ')}}`);
  checkKeys(deadlines, DEADLINE_FIELDS, 'deadlines.');
  const topUp = json.topUp;
  if (!isPlainObject(topUp)) throw invalidRules('topUp', `must be an object {${TOP_UP_FIELDS.join(', ')}}`);
  checkKeys(topUp, TOP_UP_FIELDS, 'topUp.');
  const documents = json.claimDocuments;
  if (!isPlainObject(documents)) throw invalidRules('claimDocuments', `must be an object {${DOCUMENT_FIELDS.join(', ')}}`);
  checkKeys(documents, DOCUMENT_FIELDS, 'claimDocuments.');
  const reward = json.lendingReward;
  if (reward !== null && !isPlainObject(reward)) throw invalidRules('lendingReward', `must be null or an object {${REWARD_FIELDS.join(', ')}}`);
  if (reward !== null) checkKeys(reward, REWARD_FIELDS, 'lendingReward.');

  const rules: RiskFundRules = {
    leverageMultiple: readDecimalText(json.leverageMultiple, 'leverageMultiple'),
    fundShare: readDecimalText(json.fundShare, 'fundShare'),
    bankShare: readDecimalText(json.bankShare, 'bankShare'),
    insuranceFirst: json.insuranceFirst as boolean,
    nplTriggerRate: readNullableDecimal(json.nplTriggerRate, 'nplTriggerRate'),
    nplTarget: readNullableDecimal(json.nplTarget, 'nplTarget'),
    pauseLendingMargin: readNullableDecimal(json.pauseLendingMargin, 'pauseLendingMargin'),
    extendedLoanNplMargin: readNullableDecimal(json.extendedLoanNplMargin, 'extendedLoanNplMargin'),
    compensablePrincipalCap: readDecimalText(json.compensablePrincipalCap, 'compensablePrincipalCap'),
    depositInterest: {
      basis: deposit.basis as DepositInterestRule['basis'],
      markup: readDecimalText(deposit.markup, 'depositInterest.markup'),
      description: deposit.description as string,
    },
    deadlines: {
      townshipReviewWorkingDays: deadlines.townshipReviewWorkingDays as number | null,
      confirmationWorkingDays: deadlines.confirmationWorkingDays as number | null,
      recoveryReturnWorkingDays: deadlines.recoveryReturnWorkingDays as number | null,
    },
    topUp: { onLendingGrowth: topUp.onLendingGrowth as TopUpTiming, afterCompensation: topUp.afterCompensation as TopUpTiming },
    claimDocuments: { perClaim: documents.perClaim as ClaimDocumentKind[], perLoan: documents.perLoan as ClaimDocumentKind[] },
    lendingReward:
      reward === null
        ? null
        : {
            minCollectionCoverage: readDecimalText(reward.minCollectionCoverage, 'lendingReward.minCollectionCoverage'),
            minRecoveryRate: readDecimalText(reward.minRecoveryRate, 'lendingReward.minRecoveryRate'),
            maxShareOfNewLending: readDecimalText(reward.maxShareOfNewLending, 'lendingReward.maxShareOfNewLending'),
          },
  };
  assertRiskFundRules(rules);
  return rules;
}

/**
 * Throws RiskFundInputError (RISK_FUND_INVALID_RULES) unless `rules` is a consistent rule set.
 * `parseRiskFundRules` ends with it; the computations call it on the rules they are given.
 */
export function assertRiskFundRules(rules: RiskFundRules): void {
  if (!isPlainObject(rules)) throw invalidRules('(rules)', 'must be an object');
  const decimal = (value: unknown, field: string, min: Decimal, max: Decimal, places: number, minExclusive: boolean): Decimal => {
    if (!Decimal.isDecimal(value) || !(value as Decimal).isFinite()) throw invalidRules(field, `must be a decimal (got ${show(value)})`);
    const v = value as Decimal;
    if ((minExclusive ? v.lte(min) : v.lt(min)) || v.gt(max)) {
      throw invalidRules(field, `must be ${minExclusive ? 'above' : 'at least'} ${min.toFixed()} and at most ${max.toFixed()} (got ${v.toString()})`);
    }
    if (v.decimalPlaces() > places) throw invalidRules(field, `has more than ${places} decimals (got ${v.toString()})`);
    return v;
  };
  const zero = new HubDecimal(0);
  const one = new HubDecimal(1);

  decimal(rules.leverageMultiple, 'leverageMultiple', zero, MAX_LEVERAGE, 2, true);
  const fund = decimal(rules.fundShare, 'fundShare', zero, one, SHARE_DECIMALS, true);
  const bank = decimal(rules.bankShare, 'bankShare', zero, one, SHARE_DECIMALS, false);
  if (!fund.plus(bank).equals(1)) {
    throw invalidRules('bankShare', `must make fundShare + bankShare exactly 1 (got ${fund.toString()} + ${bank.toString()} = ${fund.plus(bank).toString()})`);
  }
  if (typeof rules.insuranceFirst !== 'boolean') throw invalidRules('insuranceFirst', `must be true or false (got ${show(rules.insuranceFirst)})`);
  // A rate of 1 or more is a percentage typed as a fraction (3 for 0.03).
  if (rules.nplTriggerRate !== null) decimal(rules.nplTriggerRate, 'nplTriggerRate', zero, one, RATE_DECIMALS, true);
  if (rules.nplTarget !== null) decimal(rules.nplTarget, 'nplTarget', zero, one, RATE_DECIMALS, false);
  if (rules.pauseLendingMargin !== null) decimal(rules.pauseLendingMargin, 'pauseLendingMargin', zero, one, RATE_DECIMALS, false);
  if (rules.nplTarget !== null && rules.pauseLendingMargin === null) {
    throw invalidRules('nplTarget', 'is only used by the pause-lending rule, and pauseLendingMargin is null: set both or neither');
  }
  if (rules.extendedLoanNplMargin !== null) decimal(rules.extendedLoanNplMargin, 'extendedLoanNplMargin', zero, one, RATE_DECIMALS, false);
  decimal(rules.compensablePrincipalCap, 'compensablePrincipalCap', zero, new HubDecimal('1e12'), MONEY_DECIMALS, true);

  const deposit = rules.depositInterest;
  if (!isPlainObject(deposit)) throw invalidRules('depositInterest', 'must be an object {basis, markup, description}');
  if (!(DEPOSIT_RATE_BASES as readonly unknown[]).includes(deposit.basis)) {
    throw invalidRules('depositInterest.basis', `must be one of ${DEPOSIT_RATE_BASES.join(', ')} (got ${show(deposit.basis)})`);
  }
  // 上浮 is a markup; a relative markup above 100% would be a percentage typed as a fraction.
  decimal(deposit.markup, 'depositInterest.markup', zero, one, 4, false);
  if (typeof deposit.description !== 'string' || deposit.description.trim() === '') {
    throw invalidRules('depositInterest.description', 'must be the rule in words (not empty)');
  }

  const deadlines = rules.deadlines;
  if (!isPlainObject(deadlines)) throw invalidRules('deadlines', `must be an object {${DEADLINE_FIELDS.join(', ')}}`);
  for (const key of DEADLINE_FIELDS) {
    const days = deadlines[key];
    if (days !== null && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_DEADLINE_WORKING_DAYS)) {
      throw invalidRules(`deadlines.${key}`, `must be null or a whole number of working days from 1 to ${MAX_DEADLINE_WORKING_DAYS} (got ${show(days)})`);
    }
  }

  const topUp = rules.topUp;
  if (!isPlainObject(topUp)) throw invalidRules('topUp', `must be an object {${TOP_UP_FIELDS.join(', ')}}`);
  for (const key of TOP_UP_FIELDS) {
    if (!(TOP_UP_TIMINGS as readonly unknown[]).includes(topUp[key])) {
      throw invalidRules(`topUp.${key}`, `must be one of ${TOP_UP_TIMINGS.join(', ')} (got ${show(topUp[key])})`);
    }
  }

  const documents = rules.claimDocuments;
  if (!isPlainObject(documents)) throw invalidRules('claimDocuments', `must be an object {${DOCUMENT_FIELDS.join(', ')}}`);
  for (const key of DOCUMENT_FIELDS) {
    const kinds = documents[key];
    if (!Array.isArray(kinds)) throw invalidRules(`claimDocuments.${key}`, `must be a list of document kinds (got ${show(kinds)})`);
    kinds.forEach((kind, index) => {
      if (!(CLAIM_DOCUMENT_KINDS as readonly unknown[]).includes(kind) || kind === 'EVIDENCE') {
        throw invalidRules(`claimDocuments.${key}[${index}]`, `must be one of ${CLAIM_DOCUMENT_KINDS.filter((k) => k !== 'EVIDENCE').join(', ')} (got ${show(kind)}; EVIDENCE is never required)`);
      }
      if (kinds.indexOf(kind) !== index) throw invalidRules(`claimDocuments.${key}[${index}]`, `lists ${kind} twice`);
    });
  }
  const both = documents.perClaim.filter((kind) => documents.perLoan.includes(kind));
  if (both.length) throw invalidRules('claimDocuments.perLoan', `lists ${both.join(', ')}, which perClaim requires already: a kind is required once per claim or once per loan`);

  if (rules.lendingReward !== null) {
    const reward = rules.lendingReward;
    if (!isPlainObject(reward)) throw invalidRules('lendingReward', `must be null or an object {${REWARD_FIELDS.join(', ')}}`);
    decimal(reward.minCollectionCoverage, 'lendingReward.minCollectionCoverage', zero, one, RATE_DECIMALS, false);
    decimal(reward.minRecoveryRate, 'lendingReward.minRecoveryRate', zero, one, RATE_DECIMALS, false);
    decimal(reward.maxShareOfNewLending, 'lendingReward.maxShareOfNewLending', zero, one, RATE_DECIMALS, true);
  }
}

/** Back to the stored JSON form; `parseRiskFundRules` reads it back unchanged. */
export function serializeRiskFundRules(rules: RiskFundRules): RiskFundRulesJson {
  // toFixed() without places: plain notation (never 1e-7), no rounding.
  const nullable = (value: Decimal | null) => (value === null ? null : value.toFixed());
  return {
    leverageMultiple: rules.leverageMultiple.toFixed(),
    fundShare: rules.fundShare.toFixed(),
    bankShare: rules.bankShare.toFixed(),
    insuranceFirst: rules.insuranceFirst,
    nplTriggerRate: nullable(rules.nplTriggerRate),
    nplTarget: nullable(rules.nplTarget),
    pauseLendingMargin: nullable(rules.pauseLendingMargin),
    extendedLoanNplMargin: nullable(rules.extendedLoanNplMargin),
    compensablePrincipalCap: rules.compensablePrincipalCap.toFixed(),
    depositInterest: { basis: rules.depositInterest.basis, markup: rules.depositInterest.markup.toFixed(), description: rules.depositInterest.description },
    deadlines: { ...rules.deadlines },
    topUp: { ...rules.topUp },
    claimDocuments: { perClaim: [...rules.claimDocuments.perClaim], perLoan: [...rules.claimDocuments.perLoan] },
    lendingReward:
      rules.lendingReward === null
        ? null
        : {
            minCollectionCoverage: rules.lendingReward.minCollectionCoverage.toFixed(),
            minRecoveryRate: rules.lendingReward.minRecoveryRate.toFixed(),
            maxShareOfNewLending: rules.lendingReward.maxShareOfNewLending.toFixed(),
          },
  };
}

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

// ---------------------------------------------------------------------------------------------
// The versions that ship

/**
 * 楚雄州 2017 (001 楚贫发〔2017〕71号, issued 2017-09-29), §四 完善补偿机制，加强风险管理. A prefecture
 * notice binding every county and city of 楚雄彝族自治州 (532300), hence region '5323'.
 */
const CHUXIONG_2017_JSON: RiskFundRulesJson = {
  // §四(一): 按…发放扶贫小额信贷的规模按 1:10 比例据实安排…风险补偿金.
  leverageMultiple: DEFAULT_LEVERAGE_MULTIPLE,
  // §四(二)一是: 不良贷款经审核认定后用风险补偿资金补偿 80%，承贷银行承担 20%.
  fundShare: '0.8',
  bankShare: '0.2',
  // The text has no insurance-first rule (it only encourages 银保合作 pilots, §四(一)).
  insuranceFirst: false,
  // §四(二)一是: 各承贷银行扶贫小额信贷不良率达到 3% 时可先启动补偿程序.
  nplTriggerRate: '0.03',
  // No pause-lending rule: the 2 pp in §五(一)五 is a supervisory tolerance (not penalized), not a pause.
  nplTarget: null,
  pauseLendingMargin: null,
  // §四(二) compensates NPL once the trigger is reached, with no loan-level ground.
  extendedLoanNplMargin: null,
  // §五(一)四: 贷款追加后，单户扶贫小额信贷不能超过5万元 — so a loan beyond it is 违规 and excluded
  // (§四(二)一是, 违规发放的贷款一律不予补偿; the loans side flags it). The cap also carries the
  // 2021 rule (000 national §二(三): 5万元以上部分…不纳入风险补偿范围) while 000 §一(七) keeps the
  // county mechanism itself unchanged.
  compensablePrincipalCap: '50000',
  depositInterest: {
    basis: 'BENCHMARK_DEPOSIT_RATE',
    markup: '0.1',
    // §四(一).
    description: '同期同档次存款基准利率上浮10%，利息收入补入风险补偿金账户',
  },
  // The text sets no working-day deadlines for review, confirmation or the return of recoveries.
  deadlines: { townshipReviewWorkingDays: null, confirmationWorkingDays: null, recoveryReturnWorkingDays: null },
  // §四(二)一是 says the fund is topped up 及时 (promptly) when lending exceeds the leveraged
  // amount, and §四(三) adjusts the funds 每季度 (quarterly). No date is given: the hub reads it as
  // the next quarterly adjustment, in the first month of the next quarter (as 004 第七条 words it).
  topUp: { onLendingGrowth: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER', afterCompensation: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER' },
  // The text lists no claim documents (§四(二): 经审核认定); the county's agreement may, in a new version.
  claimDocuments: { perClaim: [], perLoan: [] },
  lendingReward: null,
};

/** 巫山县 2017 (004 巫山府办发〔2017〕166号, issued 2017-10-13, in force from issue: 第三十条). */
const WUSHAN_2017_JSON: RiskFundRulesJson = {
  // 第六条: 合作银行按风险补偿金的10倍发放扶贫小额信贷.
  leverageMultiple: DEFAULT_LEVERAGE_MULTIPLE,
  // 第十一、十二条: 70% / 30%, with or without insurance.
  fundShare: '0.7',
  bankShare: '0.3',
  // 第十一条: 首先由保险机构按协议承担风险损失，剩余部分…按照 70%、30% 的比例承担.
  insuranceFirst: true,
  // No portfolio NPL threshold: a bank applies quarterly when a loan meets one of 第十七条's conditions.
  nplTriggerRate: null,
  // 第十三条: 不良率高出自身各项贷款不良率年度目标 2 个百分点时，合作银行可以暂停贷款发放. The
  // target is each bank's own, so it comes with the bank's figures.
  nplTarget: null,
  pauseLendingMargin: '0.02',
  // 第十七条(四): 展期后，且扶贫小额信贷不良率高出年度目标 2 个百分点.
  extendedLoanNplMargin: '0.02',
  // 第十五条: 贷款追加后，单户扶贫小额信贷不能超过 5 万元 (and 000 national §二(三) since 2021).
  compensablePrincipalCap: '50000',
  depositInterest: {
    basis: 'DEMAND_DEPOSIT_RATE',
    markup: '0',
    // 第十条.
    description: '按活期存款利率计息，利息收入补充风险补偿金',
  },
  // 第十九条 (乡镇…于5个工作日内完成初审), 第二十条 (3个工作日内…出具补偿确认书和划款凭证),
  // 第二十一条 (追回的贷款本息按损失承担比例，在5个工作日内退回风险补偿金专户).
  deadlines: { townshipReviewWorkingDays: 5, confirmationWorkingDays: 3, recoveryReturnWorkingDays: 5 },
  // 第六条 (于次月内补足), 第七条 (补偿…后…于下一季度第一个月内补足).
  topUp: { onLendingGrowth: 'END_OF_NEXT_MONTH', afterCompensation: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER' },
  // 第十八条: (一) 申请划拨风险补偿金报告 (二) 划拨申请表 for the claim; (三) 补偿名单和借款借据（复印件）
  // and (四) 催收通知书 for each loan on it.
  claimDocuments: { perClaim: ['APPLICATION_REPORT', 'APPLICATION_FORM'], perLoan: ['LOAN_RECEIPT', 'COLLECTION_NOTICE'] },
  // 第十三条: 催收面达100%，贷款到期回收率95%以上 … 按不超过新增扶贫小额信贷规模的1%给予奖励.
  lendingReward: { minCollectionCoverage: '1', minRecoveryRate: '0.95', maxShareOfNewLending: '0.01' },
};

export const CHUXIONG_2017_RISK_FUND_RULES: RiskFundRuleVersion = Object.freeze({
  id: 'chuxiong-2017-risk-fund',
  regionCode: '5323',
  effectiveFrom: '2017-09-29',
  // 000 national §一(七) (2021): counties with a fund keep their mechanism, so no end date.
  effectiveTo: null,
  name: '楚雄州扶贫小额信贷风险补偿金 (楚贫发〔2017〕71号 §四)',
  source: '001 楚贫发〔2017〕71号 §四',
  rules: parseRiskFundRules(CHUXIONG_2017_JSON),
});

export const WUSHAN_2017_RISK_FUND_RULES: RiskFundRuleVersion = Object.freeze({
  id: 'wushan-2017-risk-fund',
  // 重庆市巫山县.
  regionCode: '500237',
  effectiveFrom: '2017-10-13',
  effectiveTo: null,
  name: '巫山县扶贫小额信贷风险补偿资金管理办法 (巫山府办发〔2017〕166号)',
  source: '004 巫山府办发〔2017〕166号 第六、七、十至十三、十七至二十一条',
  rules: parseRiskFundRules(WUSHAN_2017_JSON),
});

export const SHIPPED_RISK_FUND_RULE_VERSIONS: readonly RiskFundRuleVersion[] = Object.freeze([CHUXIONG_2017_RISK_FUND_RULES, WUSHAN_2017_RISK_FUND_RULES]);

// ---------------------------------------------------------------------------------------------
// Which version applies

const REGION_PREFIX = /^(|\d{2}|\d{4}|\d{6})$/;
const COUNTY_CODE = /^\d{6}$/;

export function isInForce(version: RiskFundRuleVersion, date: string): boolean {
  return version.effectiveFrom <= date && (version.effectiveTo === null || date < version.effectiveTo);
}

/**
 * Throws RiskFundInputError (RISK_FUND_INVALID_VERSIONS) unless every version is well formed
 * (id, region prefix, real dates, from < to, valid rules) and no two versions of the same
 * region overlap in time: which rules pay a claim must never depend on list order.
 */
export function assertRiskFundRuleVersions(versions: readonly RiskFundRuleVersion[]): void {
  const fail = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_VERSIONS', field, `${field} ${message}`);
  if (!Array.isArray(versions)) throw fail('versions', 'must be a list');
  const ids = new Set<string>();
  versions.forEach((version, index) => {
    const at = `versions[${index}]`;
    if (typeof version.id !== 'string' || version.id === '') throw fail(`${at}.id`, 'must be a non-empty string');
    if (ids.has(version.id)) throw fail(`${at}.id`, `"${version.id}" appears twice`);
    ids.add(version.id);
    if (typeof version.regionCode !== 'string' || !REGION_PREFIX.test(version.regionCode)) {
      throw fail(`${at}.regionCode`, `(version ${version.id}) must be '' or 2, 4 or 6 digits (got ${show(version.regionCode)})`);
    }
    if (!isIsoDate(version.effectiveFrom)) throw fail(`${at}.effectiveFrom`, `(version ${version.id}) must be a real YYYY-MM-DD date (got ${show(version.effectiveFrom)})`);
    if (version.effectiveTo !== null && (!isIsoDate(version.effectiveTo) || version.effectiveTo <= version.effectiveFrom)) {
      throw fail(`${at}.effectiveTo`, `(version ${version.id}) must be null or a real date after effectiveFrom ${version.effectiveFrom} (got ${show(version.effectiveTo)})`);
    }
    try {
      assertRiskFundRules(version.rules);
    } catch (error) {
      if (error instanceof RiskFundInputError) throw fail(`${at}.rules.${error.field}`, `(version ${version.id}): ${error.message}`);
      throw error;
    }
  });
  versions.forEach((a, i) => {
    versions.forEach((b, j) => {
      if (j <= i || a.regionCode !== b.regionCode) return;
      const overlap = a.effectiveFrom < (b.effectiveTo ?? '9999-12-32') && b.effectiveFrom < (a.effectiveTo ?? '9999-12-32');
      if (overlap) {
        throw fail(`versions[${j}].effectiveFrom`, `(version ${b.id}) overlaps version ${a.id} of the same region ${JSON.stringify(a.regionCode)}: end the earlier one first`);
      }
    });
  });
}

/**
 * The rules in force for a county on a date: the version of the most specific region (longest
 * regionCode prefixing the county code) in force that day — a county's own rules over its
 * prefecture's, province's or national ones — or null when none is. The list is validated first.
 */
export function riskFundRulesInForce(versions: readonly RiskFundRuleVersion[], countyCode: string, date: string): RiskFundRuleVersion | null {
  if (typeof countyCode !== 'string' || !COUNTY_CODE.test(countyCode)) {
    throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'countyCode', `countyCode ${show(countyCode)} is not a 6-digit county code`);
  }
  if (!isIsoDate(date)) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'date', `date ${show(date)} is not a real date in YYYY-MM-DD form`);
  assertRiskFundRuleVersions(versions);
  let best: RiskFundRuleVersion | null = null;
  for (const version of versions) {
    if (!countyCode.startsWith(version.regionCode) || !isInForce(version, date)) continue;
    if (best === null || version.regionCode.length > best.regionCode.length) best = version;
  }
  return best;
}
