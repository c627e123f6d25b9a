/**
 * The settlement window a quarter's interest subsidy is paid for. Banks settle interest quarterly
 * on a fixed day of the quarter's last month (the 20th in practice, DOMAIN.md "The interest
 * subsidy"), so a quarter's window runs from the day after the previous quarter's settlement day
 * to this quarter's settlement day, both included: 2025Q3 = 2025-06-21 … 2025-09-20.
 *
 * Pure: no clock, no I/O. Dates are 'YYYY-MM-DD' strings, which compare correctly as strings;
 * day arithmetic goes through UTC day numbers, never the local time zone.
 */
import { addDays, daysInclusive, isIsoDate } from '../../../../../common/domain/calendar-date';
import { HubError } from '../../../../../common/errors/hub-error';

export { addDays, daysInclusive, isIsoDate };

/**
 * Malformed subsidy input (a payload from the loans side, a batch parameter, a rule): refused
 * with the path of the field at fault, so whoever produced it can fix it.
 */
export class SubsidyInputError extends HubError {
  override readonly name = 'SubsidyInputError';

  constructor(
    /** Path of the offending field, e.g. `subsidyRatio` or `payments[2].interestPaid`. */
    override readonly field: string,
    message: string,
  ) {
    super('BAD_USER_INPUT', message, { field });
  }
}

export interface SettlementRule {
  /** Day of the quarter's last month on which banks settle interest: 20 by default. */
  settlementDay: number;
}

export const DEFAULT_SETTLEMENT_RULE: Readonly<SettlementRule> = Object.freeze({ settlementDay: 20 });

export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 };

export interface SettlementWindow {
  /** First day, included: the day after the previous quarter's settlement day. */
  start: string;
  /** Last day, included: this quarter's settlement day. */
  end: string;
  /** end − start + 1. */
  days: number;
}

// Four-digit years only: Date.UTC maps years 0–99 to 1900–1999, and 'YYYY' cannot say more.
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
const QUARTER_TEXT = /^(\d{4})Q([1-4])$/;

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** '2025Q3' → { year: 2025, quarter: 3 }. */
export function parseQuarter(text: string): Quarter {
  const match = QUARTER_TEXT.exec(text);
  if (match === null) throw new SubsidyInputError('quarter', `quarter "${text}" is not of the form YYYYQn (e.g. 2025Q3)`);
  const quarter: Quarter = { year: Number(match[1]), quarter: Number(match[2]) as Quarter['quarter'] };
  assertQuarter(quarter);
  return quarter;
}

/** The quarter before: 2025Q1 → 2024Q4. */
export function previousQuarter(quarter: Quarter): Quarter {
  return quarter.quarter === 1 ? { year: quarter.year - 1, quarter: 4 } : { year: quarter.year, quarter: (quarter.quarter - 1) as Quarter['quarter'] };
}

/** The last day of the quarter's last month: the date a quarter's rule is looked up at. */
export function quarterEnd(quarter: Quarter): string {
  assertQuarter(quarter);
  const month = quarter.quarter * 3;
  return new Date(Date.UTC(quarter.year, month, 0)).toISOString().slice(0, 10);
}

/** The calendar quarter a YYYY-MM-DD date falls in: '2025-08-15' → { year: 2025, quarter: 3 }. */
export function quarterOfDate(date: string): Quarter {
  return { year: Number(date.slice(0, 4)), quarter: Math.ceil(Number(date.slice(5, 7)) / 3) as Quarter['quarter'] };
}

/** The first day of the quarter's first month. */
export function quarterStart(quarter: Quarter): string {
  assertQuarter(quarter);
  return `${pad(quarter.year, 4)}-${pad(quarter.quarter * 3 - 2, 2)}-01`;
}

/** { year: 2025, quarter: 3 } → '2025Q3'. */
export function formatQuarter(quarter: Quarter): string {
  assertQuarter(quarter);
  return `${pad(quarter.year, 4)}Q${quarter.quarter}`;
}

/**
 * The window a quarter's subsidy covers. Q1 starts in the previous December, so 2024Q1 is
 * 2023-12-21 … 2024-03-20 (91 days with 29 February) and 2023Q1 has 90.
 */
export function settlementWindow(quarter: Quarter, rule: SettlementRule = DEFAULT_SETTLEMENT_RULE, previousRule: SettlementRule = rule): SettlementWindow {
  assertQuarter(quarter);
  assertSettlementRule(rule);
  assertSettlementRule(previousRule);
  // The window starts the day after the previous quarter's settlement under the rule then in
  // force, so a region changing its settlement day leaves no day out and counts none twice.
  const end = settlementDate(quarter, rule);
  const start = addDays(settlementDate(previousQuarter(quarter), previousRule), 1);
  return { start, end, days: daysInclusive(start, end) };
}

/**
 * Whether a quarter can be computed on `today` (YYYY-MM-DD, Asia/Shanghai): only once its
 * settlement day, the window's last day, has passed; that day's settlements must all be in.
 */
export function isQuarterDue(window: Pick<SettlementWindow, 'end'>, today: string): boolean {
  return window.end < today;
}

/** Throws unless `window` is a well-formed window (real dates, start ≤ end, days consistent). */
export function assertSettlementWindow(window: SettlementWindow, field = 'window'): void {
  if (!isIsoDate(window.start)) throw new SubsidyInputError(`${field}.start`, `${field}.start "${String(window.start)}" is not a real YYYY-MM-DD date`);
  if (!isIsoDate(window.end)) throw new SubsidyInputError(`${field}.end`, `${field}.end "${String(window.end)}" is not a real YYYY-MM-DD date`);
  if (window.start > window.end) throw new SubsidyInputError(field, `${field} starts (${window.start}) after it ends (${window.end})`);
  const days = daysInclusive(window.start, window.end);
  if (window.days !== days)
    throw new SubsidyInputError(`${field}.days`, `${field}.days is ${String(window.days)} but ${window.start} … ${window.end} has ${days} days`);
}

function settlementDate(quarter: Quarter, rule: SettlementRule): string {
  return `${pad(quarter.year, 4)}-${pad(quarter.quarter * 3, 2)}-${pad(rule.settlementDay, 2)}`;
}

function assertQuarter(quarter: Quarter): void {
  const { year, quarter: number } = quarter;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new SubsidyInputError('quarter.year', `quarter.year must be a whole year from ${MIN_YEAR} to ${MAX_YEAR} (got ${String(year)})`);
  }
  // The previous quarter of 1000Q1 would fall outside four-digit years.
  if (year === MIN_YEAR && number === 1) throw new SubsidyInputError('quarter', `quarter ${MIN_YEAR}Q1 has no previous settlement day in range`);
  if (![1, 2, 3, 4].includes(number)) throw new SubsidyInputError('quarter.quarter', `quarter.quarter must be 1, 2, 3 or 4 (got ${String(number)})`);
}

/** 1..28 exists in every month, so the rule never names a missing day whatever month it meets. */
export function assertSettlementRule(rule: SettlementRule): void {
  const day = rule.settlementDay;
  if (!Number.isInteger(day) || day < 1 || day > 28) {
    throw new SubsidyInputError('settlementDay', `settlementDay must be a whole day of the month from 1 to 28 (got ${String(day)})`);
  }
}
