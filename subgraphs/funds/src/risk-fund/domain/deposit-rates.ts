/**
 * Which deposit rate a fund's special account earns on, from the rates posted over time: the
 * PBoC benchmark rates (存款基准利率, issuer 'PBOC') for rules on the BENCHMARK basis (001 §四(一):
 * 同期同档次), or the lending bank's own posted demand rate (挂牌活期存款利率) for rules on the
 * DEMAND basis (004 第十条). Rates are data with effective dates, never code: banks re-post theirs
 * several times a year.
 *
 * Which day's rate: a demand deposit earns the rate posted on the interest settlement day (活期
 * 存款按结息日挂牌利率计息), so a demand period takes the rate in force on its last day; a term
 * deposit keeps the rate of the day it was placed, so a term period takes the rate on its first day.
 *
 * Pure: no clock, no I/O.
 */
import Decimal from 'decimal.js';
import { HubDecimal } from '../../../../../common/money';
import { RiskFundInputError } from './risk-fund-error';
import { type DepositInterestRule } from './risk-fund-rules';

export const DEPOSIT_TERMS = ['DEMAND', 'THREE_MONTHS', 'SIX_MONTHS', 'ONE_YEAR', 'TWO_YEARS', 'THREE_YEARS'] as const;
export type DepositTerm = (typeof DEPOSIT_TERMS)[number];

/** The issuer of the benchmark rates. */
export const PBOC = 'PBOC';

export interface PostedDepositRate {
  /** 'PBOC' for benchmark rates, else the bank's code. */
  issuer: string;
  term: DepositTerm;
  /** Inclusive, YYYY-MM-DD; the rate holds until the issuer's next posting for the term. */
  effectiveFrom: string;
  /** Annual, as a fraction (0.0035 = 0.35 %). */
  rate: Decimal;
  source: string;
}

const PBOC_2015_10_24 = '中国人民银行 自2015年10月24日起下调金融机构人民币存款基准利率';

/**
 * The benchmark rates in force since 2015-10-24, the last change; every fund in the seed texts
 * (2017) was opened under them. Earlier postings can be recorded as data if an older period needs them.
 */
export const PBOC_BENCHMARK_DEPOSIT_RATES: readonly PostedDepositRate[] = Object.freeze(
  (
    [
      ['DEMAND', '0.0035'],
      ['THREE_MONTHS', '0.011'],
      ['SIX_MONTHS', '0.013'],
      ['ONE_YEAR', '0.015'],
      ['TWO_YEARS', '0.021'],
      ['THREE_YEARS', '0.0275'],
    ] as const
  ).map(([term, rate]) => ({ issuer: PBOC, term, effectiveFrom: '2015-10-24', rate: new HubDecimal(rate), source: PBOC_2015_10_24 })),
);

export interface BasisRate {
  /** The posting used. */
  posted: PostedDepositRate;
  /** The day whose posting applies (the period's last day for demand, its first for a term). */
  rateDate: string;
}

/**
 * The posting the rule's basis stands at for an interest period of the fund at `bankCode`.
 * Refuses (RISK_FUND_INVALID_INPUT) a term deposit where the rule names the bank's demand rate,
 * and (RISK_FUND_FIGURE_NOT_RECORDED) a period no posting covers, naming what to record.
 */
export function basisRateFor(
  rule: DepositInterestRule,
  postings: readonly PostedDepositRate[],
  period: { bankCode: string; term: DepositTerm; periodStart: string; periodEnd: string },
): BasisRate {
  if (!(DEPOSIT_TERMS as readonly string[]).includes(period.term)) {
    throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'term', `term must be one of ${DEPOSIT_TERMS.join(', ')} (got ${JSON.stringify(period.term)})`);
  }
  if (rule.basis === 'DEMAND_DEPOSIT_RATE' && period.term !== 'DEMAND') {
    throw new RiskFundInputError(
      'RISK_FUND_INVALID_INPUT',
      'term',
      `term ${period.term}: the rules pay the bank's demand deposit rate (${rule.description}), so the fund is a demand deposit`,
    );
  }
  const issuer = rule.basis === 'BENCHMARK_DEPOSIT_RATE' ? PBOC : period.bankCode;
  const rateDate = period.term === 'DEMAND' ? period.periodEnd : period.periodStart;
  let best: PostedDepositRate | null = null;
  for (const posted of postings) {
    if (posted.issuer !== issuer || posted.term !== period.term || posted.effectiveFrom > rateDate) continue;
    if (best === null || posted.effectiveFrom > best.effectiveFrom) best = posted;
  }
  if (best === null) {
    const whose = issuer === PBOC ? 'the PBoC benchmark' : `${issuer}'s posted`;
    throw new RiskFundInputError(
      'RISK_FUND_FIGURE_NOT_RECORDED',
      'term',
      `term ${period.term}: no ${whose} ${period.term} deposit rate is recorded in force on ${rateDate}; record it first (recordDepositRate)`,
    );
  }
  return { posted: best, rateDate };
}
