/** A calendar date that exists (no 30 February), as a UTC Date, or null. Pure. */
export function calendarDate(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** The calendar day in China (UTC+8, no daylight saving) at an instant: what "today" means for counties and banks. */
export function shanghaiDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a YYYY-MM-DD string naming a day that exists (no 2025-02-29), years 1000–9999: four
 * digits are required so dates compare correctly as plain strings, which callers rely on.
 */
export function isIsoDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = ISO_DATE.exec(text);
  return match !== null && Number(match[1]) >= 1000 && calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) !== null;
}

// Day arithmetic on YYYY-MM-DD strings goes through UTC day numbers: never the local time zone,
// never daylight saving, so a day is always 86,400,000 ms.
const MS_PER_DAY = 86_400_000;
const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Days since 1970-01-01 (UTC) of a valid YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The YYYY-MM-DD date of a day number. */
export function fromDayNumber(days: number): string {
  const date = new Date(days * MS_PER_DAY);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Days from `start` to `end`, both included: 2025-06-21 … 2025-09-20 → 92. */
export function daysInclusive(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start) + 1;
}

/** The last day of the month `months` after the month of `date` (0 = its own month): ('2024-01-31', 1) → '2024-02-29'. */
export function endOfMonth(date: string, months = 0): string {
  const [year, month] = date.split('-').map(Number);
  return fromDayNumber(Date.UTC(year, month + months, 0) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(dayNumber(date) * MS_PER_DAY).getUTCDay();
}
