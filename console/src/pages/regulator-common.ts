/**
 * What the regulator's pages compute from the hub's figures, plain functions (the browser test
 * uses them too): the months offered, rates as percentages on the decimal digits (never through a
 * float), and the NPL tolerance line: the bank's own NPL target for the year plus the policy's
 * tolerance in percentage points (高出自身各项贷款不良率年度目标 N 个百分点以内).
 */
import { formatFen } from '../format';

/** 'YYYY-MM' of an instant in Asia/Shanghai. */
export function monthOf(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(date).slice(0, 7);
}

/** The month n months after 'YYYY-MM' (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months offered, newest first: the month just ended (the monthly job's last) and 35 before it. */
export function monthOptions(today = new Date()): string[] {
  const last = addMonths(monthOf(today), -1);
  return Array.from({ length: 36 }, (_, i) => addMonths(last, -i));
}

/** The default range: the twelve months ending with the month just ended. */
export function defaultRange(today = new Date()): { from: string; to: string } {
  const to = addMonths(monthOf(today), -1);
  return { from: addMonths(to, -11), to };
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string times 100, as a decimal string ("0.104567" → "10.4567"), on the digits. */
export function timesHundred(value: string): string {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`not a decimal: "${value}"`);
  const [, sign, whole, fraction = ''] = match;
  const padded = fraction.padEnd(2, '0');
  const digits = (whole + padded.slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = padded.slice(2);
  return `${sign}${digits}${rest ? `.${rest}` : ''}`;
}

/** A rate as a fraction ("0.1") shown as a percentage to 2 places ("10.00%"); '—' for none. */
export function formatRate(value: string | null | undefined): string {
  return value == null ? '—' : `${formatFen(timesHundred(value))}%`;
}

/** Percentage points ("3.00") shown as "3.00 pp" / "3.00 个百分点" by the caller's words. */
export function formatPp(value: string | null | undefined): string {
  return value == null ? '—' : formatFen(value);
}

/** The tolerance line as a fraction: target + pp / 100, to 6 places as the hub keeps rates (null without either). */
export function toleranceLine(target: string | null | undefined, tolerancePp: string | null | undefined): string | null {
  if (target == null || tolerancePp == null) return null;
  // Both are short decimals: scaled to integers of 1e-6 to add them exactly.
  const micros = (v: string, scale: number) => {
    const [whole, fraction = ''] = v.split('.');
    const sign = whole.startsWith('-') ? -1 : 1;
    return sign * (Math.abs(Number(whole)) * 10 ** scale + Number((fraction + '0'.repeat(scale)).slice(0, scale)));
  };
  const sum = micros(target, 6) + micros(tolerancePp, 4);
  return `${Math.floor(sum / 1e6)}.${String(sum % 1e6).padStart(6, '0')}`;
}

/** Whether a rate is above a line (both fractions as decimal strings). */
export function above(rate: string, line: string | null): boolean {
  return line !== null && Number(rate) > Number(line);
}
