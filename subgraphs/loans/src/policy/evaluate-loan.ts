/**
 * Checks one loan against the policy version and LPR fixing the caller found for it (normally
 * `policyInForce(versions, countyCode, contractDate)` and `lprInForce(fixings, contractDate)`;
 * a renewal may be checked under its original contract's policy, which "stays unchanged",
 * 000 national §二(二)). Pure: no I/O and no clock.
 *
 * Flag messages are shown to bank and bureau staff and stored with the loan, so they carry the
 * figures but never the borrower's ID number or birth date.
 */
import type Decimal from 'decimal.js';
import type { PurposeCategory } from '../../../../contracts/bank-connector/protocol';
import { HubDecimal, toFen } from '../../../../common/money';
import { checkResidentId, type ResidentIdProblem } from '../../../../common/domain/resident-id';
import type { LoanPolicyRules, LoanPolicyVersion, RateCapBucket } from './loan-policy';
import { lprRate, type LprFixing, type LprTenor } from './lpr';
import type { LoanFlagCode } from './loan-flag-codes';
import { PolicyDataError } from './policy-data-error';
import { addMonths, ageOn, isIsoDate } from './policy-dates';

export interface LoanFacts {
  amount: Decimal;
  /** Fraction: 0.0345 = 3.45%. */
  annualRate: Decimal;
  termMonths: number;
  contractDate: string;
  maturityDate: string;
  /**
   * Null when a stored loan is judged again (policy-reevaluation): the hub keeps only the ID's
   * hash, so the ID and age checks are skipped and the caller carries over the flags they gave.
   */
  borrowerResidentId: string | null;
  purposeCategory: PurposeCategory;
  /** Renewals and extensions this credit line has had, this contract included. */
  renewalCount: number;
  /** The household's other live program loans at this bank; 0 if none. */
  otherOutstandingPrincipal: Decimal;
  convertedToFarmerLoan: boolean;
}

// The codes live on their own so that loan-policy.ts can name them without importing this file.
export { LOAN_FLAG_CODES, type LoanFlagCode } from './loan-flag-codes';

export interface LoanFlag {
  code: LoanFlagCode;
  /** English, with the figures. */
  message: string;
  messageZh: string;
  /** The seed section behind the rule ('' when no policy version applies). */
  source: string;
}

export interface LoanEvaluation {
  flags: LoanFlag[];
  /** Principal that earns subsidy: 0 when flagged; never more than `maxSubsidizedAmount` per household. */
  subsidizedAmount: Decimal;
  policyVersionId: string | null;
  /** The LPR fixing the rate was checked against; null when the cap was fixed or nothing was checked. */
  lprEffectiveDate: string | null;
  /** The rate cap for this loan's term; null when it could not be determined. */
  rateCap: Decimal | null;
}

/** GB 11643 is a national standard, not a policy section, so ID flags cite it under every version. */
const RESIDENT_ID_SOURCE = 'GB 11643-1999';

const ID_PROBLEMS: Record<ResidentIdProblem, { en: string; zh: string }> = {
  FORMAT: { en: 'it must be 17 digits followed by a digit or X', zh: '应为17位数字加1位数字或X' },
  BIRTH_DATE: { en: 'its birth date does not exist or is after the contract date', zh: '出生日期不存在或晚于合同日期' },
  CHECKSUM: { en: 'its check character does not match (ISO 7064 MOD 11-2)', zh: '校验码不符' },
};

const PURPOSE_NAMES_ZH: Record<PurposeCategory, string> = {
  PLANTING: '种植业',
  BREEDING: '养殖业',
  PROCESSING: '农产品加工',
  TRADING: '商贸流通',
  RURAL_TOURISM: '乡村旅游',
  OTHER_PRODUCTION: '其他生产经营',
  HOUSE_BUILDING: '建房',
  MARRIAGE: '婚丧嫁娶',
  CONSUMPTION: '生活消费',
  WEALTH_MANAGEMENT: '理财',
  ENTERPRISE_USE: '户贷企用、入股分红',
};

const TENOR_NAMES: Record<LprTenor, { en: string; zh: string }> = {
  ONE_YEAR: { en: '1-year LPR', zh: '1年期LPR' },
  FIVE_YEAR_PLUS: { en: '5-year-plus LPR', zh: '5年期以上LPR' },
};

const yuan = (amount: Decimal) => toFen(amount).toFixed(2);

/** 0.0385 → "3.85%", 0.031 → "3.10%", 0.03125 → "3.125%": at least two places, never rounded. */
function percent(rate: Decimal): string {
  const points = rate.times(100);
  return `${points.toFixed(Math.max(2, points.decimalPlaces()))}%`;
}

function assertValidFacts(facts: LoanFacts): void {
  const bad = (field: keyof LoanFacts, why: string) =>
    new PolicyDataError('POLICY_INVALID_ARGUMENT', field, `loan facts: ${field} ${why} (got ${JSON.stringify(String(facts[field]))})`);
  if (!facts.amount.isFinite() || facts.amount.lte(0)) throw bad('amount', 'must be above 0');
  if (!facts.annualRate.isFinite() || facts.annualRate.lt(0)) throw bad('annualRate', 'must be a fraction of 0 or more');
  if (!facts.otherOutstandingPrincipal.isFinite() || facts.otherOutstandingPrincipal.lt(0)) throw bad('otherOutstandingPrincipal', 'must be 0 or more');
  if (!Number.isInteger(facts.termMonths) || facts.termMonths < 1) throw bad('termMonths', 'must be a whole number of months, at least 1');
  if (!Number.isInteger(facts.renewalCount) || facts.renewalCount < 0) throw bad('renewalCount', 'must be a whole number, 0 or more');
  if (!isIsoDate(facts.contractDate)) throw bad('contractDate', 'must be a real date in YYYY-MM-DD form');
  if (!isIsoDate(facts.maturityDate)) throw bad('maturityDate', 'must be a real date in YYYY-MM-DD form');
}

/** The first bucket whose term covers the loan; none when the term is beyond every bucket. */
function rateCapBucketFor(rules: LoanPolicyRules, termMonths: number): RateCapBucket | null {
  return rules.rateCap.find((bucket) => termMonths <= bucket.maxTermMonths) ?? null;
}

type FlagDraft = Omit<LoanFlag, 'source'>;

/**
 * Runs every rule and collects a flag per breach. Every flag makes the loan non-compliant, and
 * "flagged loans get nothing" (DOMAIN.md, the interest subsidy): any flag sets subsidizedAmount to
 * 0. That includes NO_POLICY and NO_LPR, which mean "cannot be verified yet" — once the missing
 * policy or fixing is loaded, re-evaluating clears them. There are no informational flags today.
 *
 * Otherwise subsidizedAmount = min(amount, max(0, maxSubsidizedAmount − otherOutstandingPrincipal)):
 * a household's program loans above 50,000 get no subsidy (000 national §二(三)). The subsidy
 * ratio is applied later, to interest, by the subsidy calculation, not here.
 */
export function evaluateLoan(facts: LoanFacts, policy: LoanPolicyVersion | null, lpr: LprFixing | null): LoanEvaluation {
  assertValidFacts(facts);
  const flags: LoanFlag[] = [];
  const add = (draft: FlagDraft) => {
    const source = draft.code === 'INVALID_RESIDENT_ID' ? RESIDENT_ID_SOURCE : policy === null ? '' : (policy.ruleSources?.[draft.code] ?? policy.source);
    flags.push({ ...draft, source });
  };
  const { contractDate } = facts;

  if (policy === null) {
    add({
      code: 'NO_POLICY',
      message: `No loan policy version is in force for this county on the contract date ${contractDate}; the loan cannot be checked and gets no subsidy.`,
      messageZh: `合同日期${contractDate}该县没有生效的小额信贷政策版本，无法核验，不予贴息。`,
    });
  }
  const rules = policy?.rules ?? null;

  // The ID check and the age rule share the parse; an ID that fails says nothing about age.
  const id = facts.borrowerResidentId === null ? null : checkResidentId(facts.borrowerResidentId, new Date(`${contractDate}T00:00:00Z`));
  if (id === null) {
    // Judged again without the ID: see LoanFacts.borrowerResidentId.
  } else if (!id.ok || id.birthDate === undefined) {
    const problem = ID_PROBLEMS[id.problem ?? 'FORMAT'];
    add({
      code: 'INVALID_RESIDENT_ID',
      message: `The borrower's resident ID is not a valid GB 11643 number: ${problem.en}.`,
      messageZh: `借款人身份证号码不符合GB 11643：${problem.zh}。`,
    });
  } else if (rules !== null) {
    const age = ageOn(id.birthDate, contractDate);
    const { minBorrowerAge: min, maxBorrowerAge: max } = rules;
    if (age < min || (max !== null && age > max)) {
      add({
        code: 'BORROWER_AGE',
        message: `The borrower is ${age} on the contract date ${contractDate}; the policy lends to ages ${max === null ? `${min} and over` : `${min} to ${max} inclusive`}.`,
        messageZh: `借款人在合同日期${contractDate}为${age}周岁，政策要求${min}周岁（含）${max === null ? '以上' : `至${max}周岁（含）`}。`,
      });
    }
  }

  if (rules !== null) {
    const householdTotal = facts.amount.plus(facts.otherOutstandingPrincipal);
    if (householdTotal.gt(rules.maxTotalPerHousehold)) {
      const [total, amount, other, cap] = [householdTotal, facts.amount, facts.otherOutstandingPrincipal, rules.maxTotalPerHousehold].map(yuan);
      add({
        code: 'AMOUNT_ABOVE_CAP',
        message: `The household's program loans total ${total} CNY (this loan ${amount} + other live loans ${other}), above the per-household cap of ${cap} CNY.`,
        messageZh: `本户扶贫小额信贷合计${total}元（本笔${amount}元，其他未结清${other}元），超过单户上限${cap}元。`,
      });
    }
    if (facts.termMonths > rules.maxTermMonths) {
      add({
        code: 'TERM_TOO_LONG',
        message: `The term of ${facts.termMonths} months is longer than the maximum of ${rules.maxTermMonths} months.`,
        messageZh: `贷款期限${facts.termMonths}个月，超过上限${rules.maxTermMonths}个月。`,
      });
    }
  }

  // A maturity may be earlier than contract date + term (an early-maturing contract harms nobody),
  // never later: a later one is a longer term than the one declared and checked. The month-end
  // rule of addMonths applies (contract 2024-01-31, 1 month → latest maturity 2024-02-29).
  const latestMaturity = addMonths(contractDate, facts.termMonths);
  if (facts.maturityDate <= contractDate) {
    add({
      code: 'MATURITY_MISMATCH',
      message: `The maturity date ${facts.maturityDate} is not after the contract date ${contractDate}.`,
      messageZh: `到期日${facts.maturityDate}不晚于合同日期${contractDate}。`,
    });
  } else if (facts.maturityDate > latestMaturity) {
    add({
      code: 'MATURITY_MISMATCH',
      message: `The maturity date ${facts.maturityDate} is later than the contract date ${contractDate} plus the ${facts.termMonths}-month term (${latestMaturity}).`,
      messageZh: `到期日${facts.maturityDate}晚于合同日期${contractDate}加${facts.termMonths}个月期限（${latestMaturity}）。`,
    });
  }

  let rateCap: Decimal | null = null;
  let lprEffectiveDate: string | null = null;
  // No bucket covers a term longer than every bucket; TERM_TOO_LONG has already flagged it.
  const bucket = rules === null ? null : rateCapBucketFor(rules, facts.termMonths);
  if (bucket !== null) {
    const rate = percent(facts.annualRate);
    if ('fixedCap' in bucket) {
      rateCap = bucket.fixedCap;
      if (facts.annualRate.gt(rateCap)) {
        add({
          code: 'RATE_ABOVE_CAP',
          message: `The annual rate ${rate} is above the fixed cap of ${percent(rateCap)} for terms up to ${bucket.maxTermMonths} months.`,
          messageZh: `年利率${rate}超过${bucket.maxTermMonths}个月（含）以内贷款的利率上限${percent(rateCap)}。`,
        });
      }
    } else if (lpr === null) {
      const tenor = TENOR_NAMES[bucket.lprTenor];
      add({
        code: 'NO_LPR',
        message: `No LPR fixing is in force on the contract date ${contractDate}, so the ${tenor.en} cap cannot be checked; load the fixing and re-evaluate.`,
        messageZh: `合同日期${contractDate}没有生效的LPR报价，无法核验${tenor.zh}利率上限；请补录LPR后重新核验。`,
      });
    } else {
      const base = lprRate(lpr, bucket.lprTenor);
      rateCap = base.plus(bucket.spread);
      lprEffectiveDate = lpr.effectiveDate;
      if (facts.annualRate.gt(rateCap)) {
        const tenor = TENOR_NAMES[bucket.lprTenor];
        const spread = bucket.spread.isZero() ? '' : ` ${bucket.spread.isNegative() ? '−' : '+'} ${percent(bucket.spread.abs())}`;
        add({
          code: 'RATE_ABOVE_CAP',
          message: `The annual rate ${rate} is above the cap of ${percent(rateCap)} for a ${facts.termMonths}-month loan (${tenor.en} ${percent(base)} in force from ${lpr.effectiveDate}${spread}).`,
          messageZh: `年利率${rate}超过${facts.termMonths}个月期贷款的利率上限${percent(rateCap)}（${lpr.effectiveDate}起执行的${tenor.zh}${percent(base)}${spread}）。`,
        });
      }
    }
  }

  if (rules !== null) {
    if (!rules.allowedPurposes.includes(facts.purposeCategory)) {
      const purposeZh = PURPOSE_NAMES_ZH[facts.purposeCategory] ?? facts.purposeCategory;
      add({
        code: 'PURPOSE_NOT_ALLOWED',
        message: `The purpose ${facts.purposeCategory} is not allowed; the policy allows ${rules.allowedPurposes.join(', ')}.`,
        messageZh: `贷款用途“${purposeZh}”不符合政策，仅限：${rules.allowedPurposes.map((purpose) => PURPOSE_NAMES_ZH[purpose]).join('、')}。`,
      });
    }
    if (rules.maxRenewals !== null && facts.renewalCount > rules.maxRenewals) {
      add({
        code: 'TOO_MANY_RENEWALS',
        message: `The loan has been renewed or extended ${facts.renewalCount} times; the policy allows ${rules.maxRenewals}.`,
        messageZh: `该笔贷款已续贷或展期${facts.renewalCount}次，政策仅允许${rules.maxRenewals}次。`,
      });
    }
    if (rules.lendingWindowEnd !== null && contractDate > rules.lendingWindowEnd) {
      add({
        code: 'OUTSIDE_LENDING_WINDOW',
        message: `The contract date ${contractDate} is after the policy's lending window, which ended on ${rules.lendingWindowEnd}.`,
        messageZh: `合同日期${contractDate}晚于政策实施期限${rules.lendingWindowEnd}。`,
      });
    }
  }

  if (facts.convertedToFarmerLoan) {
    add({
      code: 'CONVERTED_TO_FARMER_LOAN',
      message: 'The loan was converted to an ordinary farmer loan; it no longer earns subsidy or risk compensation.',
      messageZh: '该贷款已转为农户贷款，不再享受贴息和风险补偿。',
    });
  }

  const zero = new HubDecimal(0);
  const subsidizedAmount =
    flags.length > 0 || rules === null
      ? zero
      : HubDecimal.min(facts.amount, HubDecimal.max(zero, rules.maxSubsidizedAmount.minus(facts.otherOutstandingPrincipal)));

  return { flags, subsidizedAmount, policyVersionId: policy?.id ?? null, lprEffectiveDate, rateCap };
}
