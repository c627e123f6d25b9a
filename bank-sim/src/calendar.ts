/** Calendar: days since 1970-01-01 (UTC), so date arithmetic is integer arithmetic; quarterly settlement days. */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a real YYYY-MM-DD date, or null (wrong format, or 30 February). */
export function parseDay(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() / DAY_MS;
}

const formattedDays = new Map<number, string>(); // a book spans a few thousand days; pages format them millions of times

export function formatDay(day: number): string {
  let text = formattedDays.get(day);
  if (text === undefined) formattedDays.set(day, (text = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  return text;
}

/** The same day of the month `months` later, or that month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const target = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
  const lastDayOfTarget = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0)).getUTCDate();
  return target / DAY_MS + Math.min(date.getUTCDate(), lastDayOfTarget) - 1;
}

/**
 * Settlement days are numbered: n settlements fall on or before a day. Counting and listing them
 * is then arithmetic, with no loop over calendar days.
 */
export function settlementsUpTo(day: number): number {
  const date = new Date(day * DAY_MS);
  const month = date.getUTCMonth(); // 0-based
  const quarter = date.getUTCFullYear() * 4 + Math.floor(month / 3);
  const settledThisQuarter = month % 3 === 2 && date.getUTCDate() >= 20;
  return quarter + (settledThisQuarter ? 1 : 0);
}

/** The day of settlement number n (n = settlementsUpTo(that day)). */
export function settlementDay(n: number): number {
  const quarter = n - 1;
  return Date.UTC(Math.floor(quarter / 4), (quarter % 4) * 3 + 2, 20) / DAY_MS;
}
