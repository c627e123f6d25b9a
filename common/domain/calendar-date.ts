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
