/**
 * The county's yearly reward to a bank that lends and collects well (004 第十三条): when it pursued
 * every overdue loan (催收面达100%) and recovered at least 95 % of what fell due (贷款到期回收率95%以上),
 * the county's finance may reward it with up to 1 % of its new program lending that year. The
 * thresholds and the share are the rules' (`lendingReward`); the reward is decided by the county
 * and paid from its budget, not from the fund, so this computes only whether one may be paid and
 * its ceiling.
 *
 * Pure: no clock, no I/O. Rates are compared cross-multiplied, never after a rounded division.
 */
import Decimal from 'decimal.js';
import { HubDecimal } from '../../../../../common/money';
import { RiskFundInputError } from './risk-fund-error';
import { type RiskFundRules } from './risk-fund-rules';
import { assertRiskFundRules } from './risk-fund-rules-json';

export interface LendingRewardInput {
  /** Principal of the program loans the bank disbursed in the year, CNY. */
  newLending: Decimal;
  /** Principal that fell due in the year (loans whose maturity is in the year), CNY. */
  principalDue: Decimal;
  /** Of that, principal repaid by each loan's maturity, CNY. */
  repaidByMaturity: Decimal;
  /** Loans overdue at some point in the year, and how many of them the bank pursued (催收). */
  overdueLoans: number;
  pursuedLoans: number;
}

export interface LendingRewardAssessment {
  /** pursued ÷ overdue; 1 when nothing was overdue (nothing was left unpursued). */
  collectionCoverage: Decimal;
  /** repaid ÷ due; null when nothing fell due (the rate cannot be measured). */
  recoveryRate: Decimal | null;
  eligible: boolean;
  /** newLending × the rules' share, rounded down to the fen ("不超过"); 0 when not eligible. */
  maxReward: Decimal;
  /** Why not, in words, one per unmet condition (empty when eligible). */
  unmet: string[];
}

const isAmount = (value: unknown): value is Decimal =>
  Decimal.isDecimal(value) && (value as Decimal).isFinite() && !(value as Decimal).isNeg() && (value as Decimal).decimalPlaces() <= 2;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

export function assessLendingReward(input: LendingRewardInput, rules: RiskFundRules): LendingRewardAssessment {
  assertRiskFundRules(rules);
  const invalid = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);
  for (const field of ['newLending', 'principalDue', 'repaidByMaturity'] as const) {
    if (!isAmount(input[field])) throw invalid(field, `${field} must be an amount of 0 or more in whole fen (got ${String(input[field])})`);
  }
  if (input.repaidByMaturity.gt(input.principalDue))
    throw invalid('repaidByMaturity', `repaidByMaturity ${input.repaidByMaturity.toFixed(2)} exceeds principalDue ${input.principalDue.toFixed(2)}`);
  for (const field of ['overdueLoans', 'pursuedLoans'] as const) {
    if (!isCount(input[field])) throw invalid(field, `${field} must be a whole number of loans, 0 or more (got ${String(input[field])})`);
  }
  if (input.pursuedLoans > input.overdueLoans) throw invalid('pursuedLoans', `pursuedLoans ${input.pursuedLoans} exceeds overdueLoans ${input.overdueLoans}`);

  const rule = rules.lendingReward;
  const collectionCoverage = input.overdueLoans === 0 ? new HubDecimal(1) : new HubDecimal(input.pursuedLoans).div(input.overdueLoans);
  const recoveryRate = input.principalDue.isZero() ? null : new HubDecimal(input.repaidByMaturity).div(input.principalDue);
  if (rule === null)
    return { collectionCoverage, recoveryRate, eligible: false, maxReward: new HubDecimal(0), unmet: ['the rules in force set no lending reward'] };

  const unmet: string[] = [];
  // pursued ≥ min × overdue, repaid ≥ min × due: exact, whatever the quotient's digits.
  if (new HubDecimal(input.pursuedLoans).lt(rule.minCollectionCoverage.times(input.overdueLoans))) {
    unmet.push(`collection coverage ${input.pursuedLoans}/${input.overdueLoans} is below ${rule.minCollectionCoverage.times(100).toFixed()}%`);
  }
  if (recoveryRate === null) unmet.push('no loan fell due in the year, so the recovery rate at maturity cannot be measured');
  else if (input.repaidByMaturity.lt(rule.minRecoveryRate.times(input.principalDue))) {
    unmet.push(
      `recovery at maturity ${recoveryRate.times(100).toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2)}% is below ${rule.minRecoveryRate.times(100).toFixed()}%`,
    );
  }
  const eligible = unmet.length === 0;
  const maxReward = eligible ? new HubDecimal(input.newLending).times(rule.maxShareOfNewLending).toDecimalPlaces(2, Decimal.ROUND_DOWN) : new HubDecimal(0);
  return { collectionCoverage, recoveryRate, eligible, maxReward, unmet };
}
