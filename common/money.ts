/**
 * Money is decimal.js in code, NUMERIC in PostgreSQL and a string on the wire. Never a float.
 */
import Decimal from 'decimal.js';

/** Precision well beyond any amount the hub handles; rounding is always explicit. */
export const HubDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type HubDecimal = Decimal;

const DECIMAL_TEXT = /^-?\d{1,20}(\.\d{1,12})?$/;

/** Parses a decimal from text, refusing anything a float or locale could have produced. */
export function parseDecimal(text: string): Decimal {
  if (!DECIMAL_TEXT.test(text)) throw new TypeError(`"${text}" is not a decimal number (digits, optional sign and point)`);
  return new HubDecimal(text);
}

/** Rounds to the fen (0.01 CNY), half up, as the subsidy rules require. */
export function toFen(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Yuan as people type it: up to 12 integer digits and 2 decimals, 0 or more ("500000.00", "1.5", "0"). */
export function isYuan(text: string): boolean {
  return /^\d{1,12}(\.\d{1,2})?$/.test(text);
}

/** Yuan as people type it, above 0. */
export function isPositiveYuan(text: string): boolean {
  return isYuan(text) && !new HubDecimal(text).isZero();
}
