/**
 * The loan prime rate (贷款市场报价利率, LPR): published around the 20th of each month for the
 * 1-year and 5-year-plus tenors. A loan's rate is checked against the fixing in force on its
 * contract date, so the hub keeps the whole history with effective dates. Later fixings are
 * loaded as data (`parseLprFixing`), never by editing this file.
 */
import type Decimal from 'decimal.js';
import { parseDecimal } from '../../../../common/money';
import { PolicyDataError } from './policy-data-error';
import { isIsoDate } from './policy-dates';

export type LprTenor = 'ONE_YEAR' | 'FIVE_YEAR_PLUS';

/** Rates are fractions: 3.45% is 0.0345. */
export interface LprFixing {
  effectiveDate: string;
  oneYear: Decimal;
  fiveYearPlus: Decimal;
}

export interface LprFixingInput {
  effectiveDate: string;
  oneYear: string;
  fiveYearPlus: string;
}

/** Published LPRs are quoted to 2 (at most 4) decimals of a percent, i.e. 6 decimals as a fraction. */
const MAX_FRACTION_DECIMALS = 6;
/** 20% would be a typing error (a percent entered as a fraction's digits), not a rate. */
const RATE_CEILING = parseDecimal('0.2');

function parseLprRate(text: unknown, field: 'oneYear' | 'fiveYearPlus'): Decimal {
  const invalid = (why: string) => new PolicyDataError('POLICY_INVALID_LPR_FIXING', field, `LPR ${field} ${JSON.stringify(text)} ${why}`);
  if (typeof text !== 'string') throw invalid('must be a decimal string, e.g. "0.0345" for 3.45%');
  let rate: Decimal;
  try {
    rate = parseDecimal(text.trim());
  } catch {
    throw invalid('is not a decimal number, e.g. "0.0345" for 3.45%');
  }
  if (rate.lte(0) || rate.gte(RATE_CEILING)) throw invalid('must be a fraction above 0 and below 0.2 (3.45% is "0.0345")');
  if (rate.decimalPlaces() > MAX_FRACTION_DECIMALS) throw invalid(`has more than ${MAX_FRACTION_DECIMALS} decimals (4 as a percent)`);
  return rate;
}

/** Validates one fixing as an admin or a file supplies it (rates as fraction strings). */
export function parseLprFixing(input: LprFixingInput): LprFixing {
  if (!isIsoDate(input.effectiveDate)) {
    throw new PolicyDataError(
      'POLICY_INVALID_LPR_FIXING',
      'effectiveDate',
      `LPR effectiveDate ${JSON.stringify(input.effectiveDate)} is not a real date in YYYY-MM-DD form`,
    );
  }
  return {
    effectiveDate: input.effectiveDate,
    oneYear: parseLprRate(input.oneYear, 'oneYear'),
    fiveYearPlus: parseLprRate(input.fiveYearPlus, 'fiveYearPlus'),
  };
}

/** The rate of one tenor of a fixing. */
export function lprRate(fixing: LprFixing, tenor: LprTenor): Decimal {
  return tenor === 'ONE_YEAR' ? fixing.oneYear : fixing.fiveYearPlus;
}

/** The published history since the LPR reform (DOMAIN.md "The loan"); percent 1Y / 5Y+. */
const PUBLISHED_LPR_PERCENT: readonly (readonly [effectiveDate: string, oneYear: string, fiveYearPlus: string])[] = [
  ['2019-08-20', '4.25', '4.85'],
  ['2019-09-20', '4.20', '4.85'],
  ['2019-11-20', '4.15', '4.80'],
  ['2020-02-20', '4.05', '4.75'],
  ['2020-04-20', '3.85', '4.65'],
  ['2021-12-20', '3.80', '4.65'],
  ['2022-01-20', '3.70', '4.60'],
  ['2022-05-20', '3.70', '4.45'],
  ['2022-08-22', '3.65', '4.30'],
  ['2023-06-20', '3.55', '4.20'],
  ['2023-08-21', '3.45', '4.20'],
  ['2024-02-20', '3.45', '3.95'],
  ['2024-07-22', '3.35', '3.85'],
  ['2024-10-21', '3.10', '3.60'],
  ['2025-05-20', '3.00', '3.50'],
];

const percentToFraction = (percent: string) => parseDecimal(percent).dividedBy(100).toFixed();

/** Shipped through the same validation as loaded data, so a typo here fails at start-up. */
export const SHIPPED_LPR_FIXINGS: readonly LprFixing[] = Object.freeze(
  PUBLISHED_LPR_PERCENT.map(([effectiveDate, oneYear, fiveYearPlus]) =>
    Object.freeze(parseLprFixing({ effectiveDate, oneYear: percentToFraction(oneYear), fiveYearPlus: percentToFraction(fiveYearPlus) })),
  ),
);

/**
 * The fixing in force on `date`: the latest with effectiveDate <= date, whatever the order of
 * `fixings`. Of two fixings with the same date the later in the list wins (a correction appended).
 * Null before the first fixing.
 */
export function lprInForce(fixings: readonly LprFixing[], date: string): LprFixing | null {
  if (!isIsoDate(date)) {
    throw new PolicyDataError('POLICY_INVALID_ARGUMENT', 'date', `date ${JSON.stringify(date)} is not a real date in YYYY-MM-DD form`);
  }
  let inForce: LprFixing | null = null;
  for (const fixing of fixings) {
    if (fixing.effectiveDate <= date && (inForce === null || fixing.effectiveDate >= inForce.effectiveDate)) inForce = fixing;
  }
  return inForce;
}
