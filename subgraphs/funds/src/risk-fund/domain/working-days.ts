/**
 * Working days (工作日) for the fund's deadlines (004 第十九、二十、二十一条: 5, 3 and 5 working days).
 * A working day is Monday to Friday, except official days off, plus the Saturdays and Sundays
 * the State Council's yearly holiday arrangement turns into working days (调休上班). Which days
 * those are is data, published each November for the next year, so the calendar is always an
 * argument, never a global:
 *
 * - `CHINA_WORKING_DAYS_2025_2026`: the State Council arrangements for 2025 and 2026, copied from
 *   the notices (sources on each entry). A count that reaches a day outside 2025–2026 is refused
 *   (RISK_FUND_DATE_NOT_COVERED), never guessed: load the next year's notice with
 *   `buildWorkingDayCalendar` (the entries below are the model).
 * - `WEEKENDS_ONLY_CALENDAR`: Monday–Friday, every year, no holidays. An approximation for tests,
 *   or for years no notice covers, chosen explicitly by the caller.
 *
 * A region may add its own days off (全国年节及纪念日放假办法 lets ethnic-minority areas set their
 * festivals, e.g. in 楚雄彝族自治州) as further `HolidayArrangement`s in the data it passes.
 *
 * Counting (民法典 第二百零一条: 开始的当日不计入): "within N working days of D" ends on the N-th
 * working day after D; D itself never counts, whether or not it is a working day.
 *
 * Pure: no clock, no I/O. Dates are 'YYYY-MM-DD' strings; day arithmetic goes through UTC day
 * numbers, never the local time zone.
 */
import { addDays, dayNumber, isIsoDate, weekday } from '../../../../../common/domain/calendar-date';
import { RiskFundInputError } from './risk-fund-error';

/** One block of days off as a notice states it, with the weekend days it makes working days. */
export interface HolidayArrangement {
  /** The festival as the notice names it: '春节'. */
  name: string;
  /** The notice (or local regulation) it comes from. */
  source: string;
  /** First day off, included. */
  from: string;
  /** Last day off, included. */
  to: string;
  /** The notice's own count (共8天); checked against from … to to catch typing errors. */
  days: number;
  /** Saturdays or Sundays worked instead (调休上班). */
  makeUpWorkdays: readonly string[];
}

export interface WorkingDayCalendarData {
  name: string;
  /** Years whose official arrangements are all in `arrangements`; null = weekends only, any year (then no arrangements). */
  coveredYears: readonly number[] | null;
  arrangements: readonly HolidayArrangement[];
}

/** A validated calendar, built by `buildWorkingDayCalendar`. */
export interface WorkingDayCalendar {
  readonly name: string;
  readonly coveredYears: ReadonlySet<number> | null;
  /** Days off that would otherwise be working days (weekdays inside a holiday block, and weekends too). */
  readonly daysOff: ReadonlySet<string>;
  readonly makeUpWorkdays: ReadonlySet<string>;
}

const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

// ---------------------------------------------------------------------------------------------
// Calendar data

/** 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12). */
const NOTICE_2025 = '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12)';
/** 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, published by Xinhua the same day). */
const NOTICE_2026 = '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)';

/** Every arrangement of the 2025 notice, in its order (weekdays as the notice gives them). */
export const CHINA_HOLIDAYS_2025: readonly HolidayArrangement[] = Object.freeze([
  // 一、元旦：1月1日（周三）放假1天，不调休。
  { name: '元旦', source: NOTICE_2025, from: '2025-01-01', to: '2025-01-01', days: 1, makeUpWorkdays: [] },
  // 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
  { name: '春节', source: NOTICE_2025, from: '2025-01-28', to: '2025-02-04', days: 8, makeUpWorkdays: ['2025-01-26', '2025-02-08'] },
  // 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
  { name: '清明节', source: NOTICE_2025, from: '2025-04-04', to: '2025-04-06', days: 3, makeUpWorkdays: [] },
  // 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
  { name: '劳动节', source: NOTICE_2025, from: '2025-05-01', to: '2025-05-05', days: 5, makeUpWorkdays: ['2025-04-27'] },
  // 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
  { name: '端午节', source: NOTICE_2025, from: '2025-05-31', to: '2025-06-02', days: 3, makeUpWorkdays: [] },
  // 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
  { name: '国庆节、中秋节', source: NOTICE_2025, from: '2025-10-01', to: '2025-10-08', days: 8, makeUpWorkdays: ['2025-09-28', '2025-10-11'] },
]);

/** Every arrangement of the 2026 notice, in its order. */
export const CHINA_HOLIDAYS_2026: readonly HolidayArrangement[] = Object.freeze([
  // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
  { name: '元旦', source: NOTICE_2026, from: '2026-01-01', to: '2026-01-03', days: 3, makeUpWorkdays: ['2026-01-04'] },
  // 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
  { name: '春节', source: NOTICE_2026, from: '2026-02-15', to: '2026-02-23', days: 9, makeUpWorkdays: ['2026-02-14', '2026-02-28'] },
  // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
  { name: '清明节', source: NOTICE_2026, from: '2026-04-04', to: '2026-04-06', days: 3, makeUpWorkdays: [] },
  // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
  { name: '劳动节', source: NOTICE_2026, from: '2026-05-01', to: '2026-05-05', days: 5, makeUpWorkdays: ['2026-05-09'] },
  // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
  { name: '端午节', source: NOTICE_2026, from: '2026-06-19', to: '2026-06-21', days: 3, makeUpWorkdays: [] },
  // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
  { name: '中秋节', source: NOTICE_2026, from: '2026-09-25', to: '2026-09-27', days: 3, makeUpWorkdays: [] },
  // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
  { name: '国庆节', source: NOTICE_2026, from: '2026-10-01', to: '2026-10-07', days: 7, makeUpWorkdays: ['2026-09-20', '2026-10-10'] },
]);

function invalidCalendar(field: string, message: string): RiskFundInputError {
  return new RiskFundInputError('RISK_FUND_INVALID_CALENDAR', field, `working-day calendar: ${field} ${message}`);
}

/**
 * Validates calendar data and indexes it. Refuses (RISK_FUND_INVALID_CALENDAR, naming the field):
 * unreal dates, from after to, a `days` count that does not match from … to, a make-up working
 * day that is not a Saturday or Sunday, a day both off and worked, and arrangements without
 * covered years (a weekends-only calendar must say so with coveredYears null and no arrangements).
 */
export function buildWorkingDayCalendar(data: WorkingDayCalendarData): WorkingDayCalendar {
  if (typeof data.name !== 'string' || data.name === '') throw invalidCalendar('name', 'must be a non-empty string');
  let coveredYears: Set<number> | null = null;
  if (data.coveredYears === null) {
    if (data.arrangements.length > 0) {
      throw invalidCalendar('coveredYears', 'must list the years the arrangements cover (null means weekends only, with no arrangements)');
    }
  } else {
    coveredYears = new Set();
    data.coveredYears.forEach((year, index) => {
      if (!Number.isInteger(year) || year < 1000 || year > 9999)
        throw invalidCalendar(`coveredYears[${index}]`, `must be a four-digit year (got ${String(year)})`);
      if (coveredYears!.has(year)) throw invalidCalendar(`coveredYears[${index}]`, `lists ${year} twice`);
      coveredYears!.add(year);
    });
  }

  const daysOff = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  data.arrangements.forEach((arrangement, index) => {
    const at = `arrangements[${index}]`;
    if (typeof arrangement.name !== 'string' || arrangement.name === '') throw invalidCalendar(`${at}.name`, 'must be a non-empty string');
    if (typeof arrangement.source !== 'string' || arrangement.source === '') throw invalidCalendar(`${at}.source`, 'must name the notice it comes from');
    if (!isIsoDate(arrangement.from)) throw invalidCalendar(`${at}.from`, `must be a real YYYY-MM-DD date (got ${JSON.stringify(arrangement.from)})`);
    if (!isIsoDate(arrangement.to) || arrangement.to < arrangement.from) {
      throw invalidCalendar(`${at}.to`, `must be a real YYYY-MM-DD date not before from ${arrangement.from} (got ${JSON.stringify(arrangement.to)})`);
    }
    const span = dayNumber(arrangement.to) - dayNumber(arrangement.from) + 1;
    if (arrangement.days !== span)
      throw invalidCalendar(`${at}.days`, `is ${String(arrangement.days)} but ${arrangement.from} … ${arrangement.to} has ${span} days`);
    for (let day = 0; day < span; day += 1) daysOff.add(addDays(arrangement.from, day));
    arrangement.makeUpWorkdays.forEach((date, k) => {
      if (!isIsoDate(date)) throw invalidCalendar(`${at}.makeUpWorkdays[${k}]`, `must be a real YYYY-MM-DD date (got ${JSON.stringify(date)})`);
      if (!isWeekend(date)) throw invalidCalendar(`${at}.makeUpWorkdays[${k}]`, `${date} is not a Saturday or Sunday, so it is a working day already`);
      makeUpWorkdays.add(date);
    });
  });
  for (const date of makeUpWorkdays) {
    if (daysOff.has(date)) throw invalidCalendar('arrangements', `${date} is both a day off and a make-up working day`);
  }
  return Object.freeze({ name: data.name, coveredYears, daysOff, makeUpWorkdays });
}

/** Monday–Friday every year, no official holidays: explicit approximation, never a silent default. */
export const WEEKENDS_ONLY_CALENDAR: WorkingDayCalendar = buildWorkingDayCalendar({
  name: 'weekends only (no official holidays)',
  coveredYears: null,
  arrangements: [],
});

/** The State Council arrangements for 2025 and 2026 (notices cited on each entry). */
export const CHINA_WORKING_DAYS_2025_2026: WorkingDayCalendar = buildWorkingDayCalendar({
  name: 'China State Council holiday arrangements 2025–2026',
  coveredYears: [2025, 2026],
  arrangements: [...CHINA_HOLIDAYS_2025, ...CHINA_HOLIDAYS_2026],
});

// ---------------------------------------------------------------------------------------------
// Counting

function assertCovered(date: string, calendar: WorkingDayCalendar, field: string): void {
  const year = Number(date.slice(0, 4));
  if (calendar.coveredYears !== null && !calendar.coveredYears.has(year)) {
    throw new RiskFundInputError(
      'RISK_FUND_DATE_NOT_COVERED',
      field,
      `${field}: ${date} is in ${year}, which the calendar "${calendar.name}" has no official holiday arrangement for (covers ${[...calendar.coveredYears].sort().join(', ')}); load that year's State Council notice`,
    );
  }
}

/** Whether `date` is a working day under `calendar`; refuses a date in a year the calendar does not cover. */
export function isWorkingDay(date: string, calendar: WorkingDayCalendar): boolean {
  if (!isIsoDate(date)) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'date', `date ${JSON.stringify(date)} is not a real YYYY-MM-DD date`);
  assertCovered(date, calendar, 'date');
  if (calendar.makeUpWorkdays.has(date)) return true;
  return !isWeekend(date) && !calendar.daysOff.has(date);
}

/** A year of working days is the most any deadline could mean; more is a units mistake. */
const MAX_WORKING_DAYS = 260;

/**
 * The N-th working day after `date` (`date` itself not counted): the last day of "within N
 * working days of `date`". 0 returns `date` unchanged. Refuses (RISK_FUND_DATE_NOT_COVERED) when
 * the count would step onto a day of a year the calendar does not cover.
 *
 * Friday 2025-09-26 + 5 under the 2025 arrangement: Sun 09-28 (make-up), Mon 09-29, Tue 09-30,
 * then 10-01 … 10-08 off, Thu 10-09, Fri 10-10 → '2025-10-10'; weekends only it is '2025-10-03'.
 */
export function addWorkingDays(date: string, workingDays: number, calendar: WorkingDayCalendar): string {
  if (!isIsoDate(date)) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'date', `date ${JSON.stringify(date)} is not a real YYYY-MM-DD date`);
  if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
    throw new RiskFundInputError(
      'RISK_FUND_INVALID_INPUT',
      'workingDays',
      `workingDays must be a whole number from 0 to ${MAX_WORKING_DAYS} (got ${String(workingDays)})`,
    );
  }
  let current = date;
  let counted = 0;
  while (counted < workingDays) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) counted += 1;
  }
  return current;
}
