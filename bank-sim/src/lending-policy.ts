/** Policy-ish numbers a bank would use: LPR rate caps, loan purposes, penalty rate, repayment and maturity odds. */
import type { PurposeCategory } from '../../contracts/bank-connector/protocol';
import { HubDecimal } from '../../common/money';
import { parseDay } from './calendar';

/** LPR fixings (DOMAIN "The loan"): effective date, 1-year and 5-year-plus rates in 1/10,000. */
const LPR_FIXINGS: ReadonlyArray<readonly [string, number, number]> = [
  ['2019-08-20', 425, 485],
  ['2019-09-20', 420, 485],
  ['2019-11-20', 415, 480],
  ['2020-02-20', 405, 475],
  ['2020-04-20', 385, 465],
  ['2021-12-20', 380, 465],
  ['2022-01-20', 370, 460],
  ['2022-05-20', 370, 445],
  ['2022-08-22', 365, 430],
  ['2023-06-20', 355, 420],
  ['2023-08-21', 345, 420],
  ['2024-02-20', 345, 395],
  ['2024-07-22', 335, 385],
  ['2024-10-21', 310, 360],
  ['2025-05-20', 300, 350],
];
const LPR_BY_DAY = LPR_FIXINGS.map(([date, oneYear, fiveYear]) => ({ from: parseDay(date)!, oneYear, fiveYear }));

/** The rate cap in force on a contract day: 1-year LPR up to 12 months, 5-year-plus beyond. */
export function rateCapOn(day: number, termMonths: number): number {
  let fixing = LPR_BY_DAY[0]; // before the first fixing in the table: its values are the best guess
  for (const candidate of LPR_BY_DAY) if (candidate.from <= day) fixing = candidate;
  return termMonths <= 12 ? fixing.oneYear : fixing.fiveYear;
}

export const PURPOSES: ReadonlyArray<readonly [PurposeCategory, number]> = [
  ['PLANTING', 34],
  ['BREEDING', 34],
  ['PROCESSING', 8],
  ['TRADING', 8],
  ['RURAL_TOURISM', 4],
  ['OTHER_PRODUCTION', 8],
  ['HOUSE_BUILDING', 2], // not allowed by the policy: the hub should flag these
  ['CONSUMPTION', 2],
];
export const PURPOSE_CODES = PURPOSES.map(([purpose]) => purpose);

/** Overdue principal pays this multiple of the contract rate (罚息, the usual +50%). */
export const PENALTY_RATE_MULTIPLE = new HubDecimal('1.5');
/** A loan overdue this many days is non-performing (DOMAIN: "overdue > 90 days is NPL in practice"). */
export const DAYS_OVERDUE_BEFORE_NPL = 90;
export const EARLY_REPAYMENT_PER_QUARTER = 0.02;
export const LATE_REPAYMENT_PER_MONTH = 0.25;
/** How a loan ends at maturity, when it reaches it: repaid, renewed (once only) or overdue. */
export const MATURITY_OUTCOMES = [
  ['REPAID', 63],
  ['RENEWED', 12],
  ['OVERDUE', 25],
] as const;
/** Contract dates are spread over this many days before the `asOf` of a lending round. */
export const LENDING_WINDOW_DAYS = 730;
