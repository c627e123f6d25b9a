/**
 * Risk-fund rules as JSON (jsonb column, admin file: decimals as strings): read and checked field
 * by field (`parseRiskFundRules`, naming the field at fault), checked as typed rules
 * (`assertRiskFundRules`), and written back (`serializeRiskFundRules`). Pure.
 */
import Decimal from 'decimal.js';
import { HubDecimal, parseDecimal } from '../../../../../common/money';
import { RiskFundInputError, show } from './risk-fund-error';
import {
  CLAIM_DOCUMENT_KINDS,
  ClaimDocumentKind,
  ClaimDocumentRules,
  DEPOSIT_RATE_BASES,
  DepositInterestRule,
  LendingRewardRule,
  RiskFundDeadlines,
  RiskFundRules,
  TOP_UP_TIMINGS,
  TopUpRules,
  TopUpTiming,
} from './risk-fund-rules';
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
const DEADLINE_FIELDS = [
  'townshipReviewWorkingDays',
  'confirmationWorkingDays',
  'recoveryReturnWorkingDays',
] as const satisfies readonly (keyof RiskFundDeadlines)[];
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
        throw invalidRules(
          `claimDocuments.${key}[${index}]`,
          `must be one of ${CLAIM_DOCUMENT_KINDS.filter((k) => k !== 'EVIDENCE').join(', ')} (got ${show(kind)}; EVIDENCE is never required)`,
        );
      }
      if (kinds.indexOf(kind) !== index) throw invalidRules(`claimDocuments.${key}[${index}]`, `lists ${kind} twice`);
    });
  }
  const both = documents.perClaim.filter((kind) => documents.perLoan.includes(kind));
  if (both.length)
    throw invalidRules(
      'claimDocuments.perLoan',
      `lists ${both.join(', ')}, which perClaim requires already: a kind is required once per claim or once per loan`,
    );

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
