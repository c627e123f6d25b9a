/**
 * Calendar arithmetic on YYYY-MM-DD strings for the policy rules. Pure: dates are always inputs,
 * never "today". ISO strings compare correctly as plain strings, which the callers rely on.
 */
import { isIsoDate } from '../../../../common/domain/calendar-date';

export { isIsoDate };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/**
 * `date` plus whole months. When the target month has no such day, the period ends on that
 * month's last day — the corresponding-day rule of 民法典 第二百零一条 (没有对应日的，月末日为期间的最后一日):
 * 2024-01-31 + 1 month = 2024-02-29.
 */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${twoDigits(targetMonth)}-${twoDigits(targetDay)}`;
}

/**
 * Completed years (周岁) on `date`. The age goes up on the birthday itself, as banks count it;
 * someone born on 29 February has the birthday on 28 February in common years, by the same
 * corresponding-day rule as `addMonths`.
 */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return addMonths(birthDate, years * 12) > date ? years - 1 : years;
}
