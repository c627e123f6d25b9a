/**
 * Loan policy as data: what one region's policy version decides, versioned with effective dates.
 * Rules of different years and places disagree (50,000 vs 100,000 per household, benchmark rate
 * vs LPR, NPL tolerance 2 vs 3 pp), so none of them is hard-coded in the evaluation; the versions
 * below are the defaults that ship, each naming the seed text it comes from.
 */
import type Decimal from 'decimal.js';
import { parseDecimal } from '../../../../common/money';
import { PURPOSE_CATEGORIES, type PurposeCategory } from '../../../../contracts/bank-connector/protocol';
import type { LoanFlagCode } from './loan-flag-codes';
import type { LprTenor } from './lpr';
import { PolicyDataError } from './policy-data-error';
import { isIsoDate } from './policy-dates';
import { mostSpecificInForce, type RuleVersion } from '../../../../common/domain/regional-rule';

/** The cap follows an LPR tenor in force on the contract date, plus a spread (negative = below LPR). */
export interface LprRateCapBucket {
  maxTermMonths: number;
  lprTenor: LprTenor;
  spread: Decimal;
}

/**
 * A fixed cap. The 2017 rules lent at the PBoC benchmark rate (基准利率放贷), a rate that did not
 * move at all while they were in force (4.35% up to 1 year, 4.75% for 1–5 years, unchanged since
 * 2015-10-24) and that no constant spread over the LPR reproduces — and there was no LPR before
 * 2019-08-20. So it is stated as the number itself rather than as an LPR bucket.
 */
export interface FixedRateCapBucket {
  maxTermMonths: number;
  fixedCap: Decimal;
}

/** Buckets ascend by `maxTermMonths`; a loan uses the first whose maxTermMonths >= its term. */
export type RateCapBucket = LprRateCapBucket | FixedRateCapBucket;

export interface LoanPolicyRules {
  /** Program loans of a household above this get no subsidy and no risk compensation. */
  maxSubsidizedAmount: Decimal;
  /** All live program loans of a household together, additional loans (追加) included. */
  maxTotalPerHousehold: Decimal;
  maxTermMonths: number;
  rateCap: readonly RateCapBucket[];
  /** Both ages inclusive, on the contract date. */
  minBorrowerAge: number;
  /** Null: this version sets no upper age (the 2017 texts do not). */
  maxBorrowerAge: number | null;
  /** Renewals (续贷) and extensions (展期) together; null: no limit set (2017). */
  maxRenewals: number | null;
  allowedPurposes: readonly PurposeCategory[];
  /** Share of the interest on the subsidized principal that finance pays; 1 = full (全额贴息). */
  subsidyRatio: Decimal;
  /** Percentage points of product NPL above the bank's overall NPL target that are not penalized. */
  nplTolerancePp: Decimal;
  /** Last contract date the program accepts (inclusive); null = open-ended. */
  lendingWindowEnd: string | null;
}

export interface LoanPolicyVersion extends RuleVersion<LoanPolicyRules> {
  /** Where a single rule comes from a different section than `source` (used on that rule's flags). */
  ruleSources?: Readonly<Partial<Record<LoanFlagCode, string>>>;
}

// ---------------------------------------------------------------------------------------------
// JSON (jsonb column, admin files): decimals as strings, whole numbers as numbers

const RULE_FIELDS = [
  'maxSubsidizedAmount',
  'maxTotalPerHousehold',
  'maxTermMonths',
  'rateCap',
  'minBorrowerAge',
  'maxBorrowerAge',
  'maxRenewals',
  'allowedPurposes',
  'subsidyRatio',
  'nplTolerancePp',
  'lendingWindowEnd',
] as const satisfies readonly (keyof LoanPolicyRules)[];

const LPR_TENORS: readonly LprTenor[] = ['ONE_YEAR', 'FIVE_YEAR_PLUS'];
const RATE_DECIMALS = 6;
const MONEY_DECIMALS = 2;
/** 50 years: beyond anything a micro-credit programme could mean; catches days typed as months. */
const LONGEST_TERM_MONTHS = 600;

function invalid(field: string, message: string): PolicyDataError {
  return new PolicyDataError('POLICY_INVALID_RULES', field, `policy rules: ${field} ${message}`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readDecimal(value: unknown, field: string, min: Decimal, max: Decimal | null, maxDecimals: number, minExclusive = false): Decimal {
  if (typeof value !== 'string') throw invalid(field, `must be a decimal string such as "50000.00" (got ${JSON.stringify(value)})`);
  let decimal: Decimal;
  try {
    decimal = parseDecimal(value);
  } catch {
    throw invalid(field, `${JSON.stringify(value)} is not a decimal number`);
  }
  const belowMin = minExclusive ? decimal.lte(min) : decimal.lt(min);
  if (belowMin || (max !== null && decimal.gt(max))) {
    const range = `${minExclusive ? 'above' : 'at least'} ${min.toFixed()}${max === null ? '' : ` and at most ${max.toFixed()}`}`;
    throw invalid(field, `must be ${range} (got ${value})`);
  }
  if (decimal.decimalPlaces() > maxDecimals) throw invalid(field, `has more than ${maxDecimals} decimals (got ${value})`);
  return decimal;
}

function readInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function readNullable<T>(value: unknown, read: (value: unknown) => T): T | null {
  return value === null ? null : read(value);
}

const ZERO = parseDecimal('0');
const RATE_LIMIT = parseDecimal('0.2');

function readRateCapBucket(value: unknown, field: string): RateCapBucket {
  if (!isPlainObject(value)) throw invalid(field, 'must be an object');
  const keys = Object.keys(value).sort().join(',');
  const maxTermMonths = readInteger(value.maxTermMonths, `${field}.maxTermMonths`, 1, LONGEST_TERM_MONTHS);
  if (keys === 'fixedCap,maxTermMonths') {
    return { maxTermMonths, fixedCap: readDecimal(value.fixedCap, `${field}.fixedCap`, ZERO, RATE_LIMIT, RATE_DECIMALS, true) };
  }
  if (keys === 'lprTenor,maxTermMonths,spread') {
    if (!LPR_TENORS.includes(value.lprTenor as LprTenor)) {
      throw invalid(`${field}.lprTenor`, `must be one of ${LPR_TENORS.join(', ')} (got ${JSON.stringify(value.lprTenor)})`);
    }
    return {
      maxTermMonths,
      lprTenor: value.lprTenor as LprTenor,
      spread: readDecimal(value.spread, `${field}.spread`, RATE_LIMIT.negated(), RATE_LIMIT, RATE_DECIMALS),
    };
  }
  throw invalid(field, `must be {maxTermMonths, lprTenor, spread} or {maxTermMonths, fixedCap} (got keys ${keys || 'none'})`);
}

function readRateCap(value: unknown, maxTermMonths: number): RateCapBucket[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('rateCap', 'must be a non-empty list of term buckets');
  const buckets = value.map((bucket, index) => readRateCapBucket(bucket, `rateCap[${index}]`));
  buckets.forEach((bucket, index) => {
    if (index > 0 && bucket.maxTermMonths <= buckets[index - 1].maxTermMonths) {
      throw invalid(`rateCap[${index}].maxTermMonths`, "must be larger than the previous bucket's (buckets ascend by term)");
    }
  });
  // Every term the policy allows must have a cap, or a loan could escape the rate check.
  if (buckets[buckets.length - 1].maxTermMonths < maxTermMonths) {
    throw invalid(`rateCap[${buckets.length - 1}].maxTermMonths`, `must reach maxTermMonths (${maxTermMonths})`);
  }
  return buckets;
}

function readPurposes(value: unknown): PurposeCategory[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('allowedPurposes', 'must be a non-empty list of purpose categories');
  value.forEach((purpose, index) => {
    if (!PURPOSE_CATEGORIES.includes(purpose as PurposeCategory)) {
      throw invalid(`allowedPurposes[${index}]`, `must be one of ${PURPOSE_CATEGORIES.join(', ')} (got ${JSON.stringify(purpose)})`);
    }
    if (value.indexOf(purpose) !== index) throw invalid(`allowedPurposes[${index}]`, `lists ${purpose} twice`);
  });
  return value as PurposeCategory[];
}

/** Validates a rules document (decimals as strings); throws PolicyDataError naming the bad field. */
export function parseLoanPolicyRules(json: unknown): LoanPolicyRules {
  if (!isPlainObject(json)) throw invalid('(document)', 'must be a JSON object');
  // A misspelt key would otherwise be ignored silently and its rule left at nothing.
  for (const key of Object.keys(json)) {
    if (!(RULE_FIELDS as readonly string[]).includes(key)) throw invalid(key, 'is not a policy rule field');
  }
  for (const key of RULE_FIELDS) {
    if (!(key in json)) throw invalid(key, 'is missing (use null where a rule may be absent)');
  }

  const maxSubsidizedAmount = readDecimal(json.maxSubsidizedAmount, 'maxSubsidizedAmount', ZERO, null, MONEY_DECIMALS, true);
  const maxTotalPerHousehold = readDecimal(json.maxTotalPerHousehold, 'maxTotalPerHousehold', ZERO, null, MONEY_DECIMALS, true);
  if (maxTotalPerHousehold.lt(maxSubsidizedAmount)) {
    throw invalid('maxTotalPerHousehold', `(${maxTotalPerHousehold.toFixed()}) must not be below maxSubsidizedAmount (${maxSubsidizedAmount.toFixed()})`);
  }
  const maxTermMonths = readInteger(json.maxTermMonths, 'maxTermMonths', 1, LONGEST_TERM_MONTHS);
  const minBorrowerAge = readInteger(json.minBorrowerAge, 'minBorrowerAge', 0, 150);
  const maxBorrowerAge = readNullable(json.maxBorrowerAge, (value) => readInteger(value, 'maxBorrowerAge', minBorrowerAge, 150));
  const lendingWindowEnd = readNullable(json.lendingWindowEnd, (value) => {
    if (!isIsoDate(value)) throw invalid('lendingWindowEnd', `must be a real date in YYYY-MM-DD form or null (got ${JSON.stringify(value)})`);
    return value;
  });

  return {
    maxSubsidizedAmount,
    maxTotalPerHousehold,
    maxTermMonths,
    rateCap: readRateCap(json.rateCap, maxTermMonths),
    minBorrowerAge,
    maxBorrowerAge,
    maxRenewals: readNullable(json.maxRenewals, (value) => readInteger(value, 'maxRenewals', 0, 100)),
    allowedPurposes: readPurposes(json.allowedPurposes),
    subsidyRatio: readDecimal(json.subsidyRatio, 'subsidyRatio', ZERO, parseDecimal('1'), RATE_DECIMALS),
    nplTolerancePp: readDecimal(json.nplTolerancePp, 'nplTolerancePp', ZERO, parseDecimal('100'), MONEY_DECIMALS),
    lendingWindowEnd,
  };
}

export interface LoanPolicyRulesJson {
  maxSubsidizedAmount: string;
  maxTotalPerHousehold: string;
  maxTermMonths: number;
  rateCap: ({ maxTermMonths: number; lprTenor: LprTenor; spread: string } | { maxTermMonths: number; fixedCap: string })[];
  minBorrowerAge: number;
  maxBorrowerAge: number | null;
  maxRenewals: number | null;
  allowedPurposes: PurposeCategory[];
  subsidyRatio: string;
  nplTolerancePp: string;
  lendingWindowEnd: string | null;
}

/** Back to the stored JSON form; `parseLoanPolicyRules` reads it back unchanged. */
export function serializeLoanPolicyRules(rules: LoanPolicyRules): LoanPolicyRulesJson {
  // toFixed() without places: plain notation (never 1e-7), no rounding.
  return {
    maxSubsidizedAmount: rules.maxSubsidizedAmount.toFixed(),
    maxTotalPerHousehold: rules.maxTotalPerHousehold.toFixed(),
    maxTermMonths: rules.maxTermMonths,
    rateCap: rules.rateCap.map((bucket) =>
      'fixedCap' in bucket
        ? { maxTermMonths: bucket.maxTermMonths, fixedCap: bucket.fixedCap.toFixed() }
        : { maxTermMonths: bucket.maxTermMonths, lprTenor: bucket.lprTenor, spread: bucket.spread.toFixed() },
    ),
    minBorrowerAge: rules.minBorrowerAge,
    maxBorrowerAge: rules.maxBorrowerAge,
    maxRenewals: rules.maxRenewals,
    allowedPurposes: [...rules.allowedPurposes],
    subsidyRatio: rules.subsidyRatio.toFixed(),
    nplTolerancePp: rules.nplTolerancePp.toFixed(),
    lendingWindowEnd: rules.lendingWindowEnd,
  };
}

// ---------------------------------------------------------------------------------------------
// The versions that ship

/** Production and business only (000 national §一(八); 001 §二(三)): no house, wedding, consumption, wealth management, company use. */
const PRODUCTION_PURPOSES: PurposeCategory[] = ['PLANTING', 'BREEDING', 'PROCESSING', 'TRADING', 'RURAL_TOURISM', 'OTHER_PRODUCTION'];

/** 2017: "5万元以下、3年期以内、免担保免抵押、基准利率放贷" and at most 50,000 even after 追加. */
const RULES_2017: LoanPolicyRulesJson = {
  maxSubsidizedAmount: '50000',
  maxTotalPerHousehold: '50000',
  maxTermMonths: 36,
  // PBoC benchmark lending rates (see FixedRateCapBucket): ≤ 1 year 4.35%, 1–5 years 4.75%.
  rateCap: [
    { maxTermMonths: 12, fixedCap: '0.0435' },
    { maxTermMonths: 36, fixedCap: '0.0475' },
  ],
  // The 2017 texts set no age band; 18 is the adulthood a loan contract needs anyway.
  minBorrowerAge: 18,
  maxBorrowerAge: null,
  // 无还本续贷 and 展期 were encouraged during 脱贫攻坚期 with no count given.
  maxRenewals: null,
  allowedPurposes: PRODUCTION_PURPOSES,
  // "财政贴息" with no ratio stated; full subsidy is the default a region overrides.
  subsidyRatio: '1',
  nplTolerancePp: '2',
  lendingWindowEnd: null,
};

const RULES_2021: LoanPolicyRulesJson = {
  maxSubsidizedAmount: '50000',
  maxTotalPerHousehold: '100000',
  maxTermMonths: 36,
  rateCap: [
    { maxTermMonths: 12, lprTenor: 'ONE_YEAR', spread: '0' },
    { maxTermMonths: 36, lprTenor: 'FIVE_YEAR_PLUS', spread: '0' },
  ],
  minBorrowerAge: 18,
  maxBorrowerAge: 65,
  maxRenewals: 1,
  allowedPurposes: PRODUCTION_PURPOSES,
  // The national text leaves the ratio to local finance (§一(六)); Jiangxi keeps full subsidy (000 Jiangxi §二).
  subsidyRatio: '1',
  nplTolerancePp: '3',
  lendingWindowEnd: '2025-12-31',
};

/** The 2021 rules apply "from the day the document is issued": 银保监发〔2021〕6号 was issued 2021-03-10. */
const NATIONAL_2021_FROM = '2021-03-10';

export const SHIPPED_POLICY_VERSIONS: readonly LoanPolicyVersion[] = Object.freeze([
  {
    id: 'national-2017',
    regionCode: '',
    // 银监发〔2017〕42号, issued 2017-07-28 (attached to 001).
    effectiveFrom: '2017-07-28',
    effectiveTo: NATIONAL_2021_FROM,
    name: '扶贫小额信贷 (银监发〔2017〕42号)',
    source: '001 银监发〔2017〕42号 §一',
    ruleSources: {
      AMOUNT_ABOVE_CAP: '001 银监发〔2017〕42号 §三 三是',
      TOO_MANY_RENEWALS: '001 银监发〔2017〕42号 §三 二是、三是',
      PURPOSE_NOT_ALLOWED: '001 银监发〔2017〕42号 §二',
    },
    rules: parseLoanPolicyRules(RULES_2017),
  },
  {
    id: 'chuxiong-2017',
    // 楚雄彝族自治州 (532300): a prefecture notice to all its counties and cities.
    regionCode: '5323',
    effectiveFrom: '2017-09-29',
    effectiveTo: NATIONAL_2021_FROM,
    name: '楚雄州扶贫小额信贷 (楚贫发〔2017〕71号)',
    source: '001 楚贫发〔2017〕71号 §二(一)',
    ruleSources: {
      AMOUNT_ABOVE_CAP: '001 楚贫发〔2017〕71号 §五(一)四',
      TOO_MANY_RENEWALS: '001 楚贫发〔2017〕71号 §五(一)三、四',
      PURPOSE_NOT_ALLOWED: '001 楚贫发〔2017〕71号 §二(三)',
    },
    rules: parseLoanPolicyRules(RULES_2017),
  },
  {
    id: 'national-2021',
    regionCode: '',
    effectiveFrom: NATIONAL_2021_FROM,
    effectiveTo: null,
    name: '脱贫人口小额信贷 (银保监发〔2021〕6号)',
    source: '000 national §一',
    ruleSources: {
      AMOUNT_ABOVE_CAP: '000 national §二(三)',
      TERM_TOO_LONG: '000 national §一(三)',
      MATURITY_MISMATCH: '000 national §一(三)',
      RATE_ABOVE_CAP: '000 national §一(四)',
      NO_LPR: '000 national §一(四)',
      BORROWER_AGE: '000 national §一(九)',
      PURPOSE_NOT_ALLOWED: '000 national §一(八)',
      TOO_MANY_RENEWALS: '000 national §二(二)',
      OUTSIDE_LENDING_WINDOW: '000 national §一(十)',
      CONVERTED_TO_FARMER_LOAN: '000 national §三(四)',
    },
    rules: parseLoanPolicyRules(RULES_2021),
  },
]);

// ---------------------------------------------------------------------------------------------
// Which version applies

const REGION_PREFIX = /^(|\d{2}|\d{4}|\d{6})$/;

/**
 * The version of the most specific region (longest regionCode that prefixes the county code) that
 * is in force on `date`: a county's own rules, else its prefecture's, province's, the national
 * ones (mostSpecificInForce: of one region's versions, the later effectiveFrom wins).
 */
export function policyInForce(versions: readonly LoanPolicyVersion[], regionCode: string, date: string): LoanPolicyVersion | null {
  if (!/^\d{6}$/.test(regionCode)) {
    throw new PolicyDataError('POLICY_INVALID_ARGUMENT', 'regionCode', `regionCode ${JSON.stringify(regionCode)} is not a 6-digit county code`);
  }
  if (!isIsoDate(date)) {
    throw new PolicyDataError('POLICY_INVALID_ARGUMENT', 'date', `date ${JSON.stringify(date)} is not a real date in YYYY-MM-DD form`);
  }
  for (const [index, version] of versions.entries()) {
    // A malformed region would silently never match; better to hear about it.
    if (!REGION_PREFIX.test(version.regionCode)) {
      throw new PolicyDataError(
        'POLICY_INVALID_ARGUMENT',
        `versions[${index}].regionCode`,
        `versions[${index}].regionCode ${JSON.stringify(version.regionCode)} (policy version ${version.id}) must be '' or 2, 4 or 6 digits`,
      );
    }
  }
  return mostSpecificInForce(versions, regionCode, date);
}
