/**
 * What the fund's special deposit account should have earned over a period, to check the interest
 * the bank credits (001 §四(一): the benchmark rate of the same term and tier + 10 %; 004 第十条:
 * the demand deposit rate). Banks count deposit interest on balance-days (积数计息): Σ of each
 * day's closing balance × the annual rate / 360, rounded half up to the fen once.
 */
import type Decimal from 'decimal.js';
import { HubDecimal, toFen } from '../../../../../common/money';
import { RiskFundInputError } from './risk-fund-error';
import { depositInterestRate, type DepositInterestRule } from './risk-fund-rules';

export interface ExpectedInterest {
  /** basis × (1 + markup). */
  rate: Decimal;
  /** Σ daily closing balances over the period. */
  balanceDays: Decimal;
  /** toFen(balanceDays × rate / 360). */
  interest: Decimal;
}

/** `dailyBalances`: the account's closing balance on each day of the period, in order. */
export function expectedDepositInterest(dailyBalances: readonly Decimal[], rule: DepositInterestRule, basisRate: Decimal): ExpectedInterest {
  if (dailyBalances.length === 0) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'period', 'the interest period has no day');
  const rate = depositInterestRate(rule, basisRate);
  const balanceDays = dailyBalances.reduce((sum: Decimal, balance) => sum.plus(balance), new HubDecimal(0));
  return { rate, balanceDays, interest: toFen(balanceDays.times(rate).div(360)) };
}
