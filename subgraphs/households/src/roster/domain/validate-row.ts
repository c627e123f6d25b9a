/**
 * Validates one roster row (already mapped to canonical fields). Pure: the checks that need
 * the whole file or the database (duplicates, IDs of other households) run in SQL afterwards.
 */
import { mask } from '../../../../../common/pii/masking';
import { calendarDate } from '../../../../../common/domain/calendar-date';
import { HouseholdCategory } from '../../domain/household-category';
import { residentIdCell } from '../../../../../common/tabular/resident-id-cell';
import type { RegionIndex } from './region-index';
import { MAX_CELL_CHARS, RosterErrorCode, RosterRowError, rowError } from './roster-errors';
import type { RosterField } from './roster-fields';

export interface ValidRosterRow {
  row: number;
  householdNo: string;
  headName: string;
  /** Normalized (upper-case X). */
  idNumber: string;
  phone: string | null;
  townshipCode: string;
  villageCode: string;
  category: HouseholdCategory;
  isMonitored: boolean;
  riskEliminated: boolean | null;
  liftedOutYear: number | null;
  memberCount: number;
  dataDate: string | null;
}

const CATEGORY_NAMES: Record<string, HouseholdCategory> = {
  脱贫户: HouseholdCategory.LIFTED_OUT,
  建档立卡贫困户: HouseholdCategory.LIFTED_OUT,
  脱贫不稳定户: HouseholdCategory.UNSTABLE_LIFTED,
  边缘易致贫户: HouseholdCategory.EDGE_AT_RISK,
  突发严重困难户: HouseholdCategory.SUDDEN_HARDSHIP,
  LIFTED_OUT: HouseholdCategory.LIFTED_OUT,
  UNSTABLE_LIFTED: HouseholdCategory.UNSTABLE_LIFTED,
  EDGE_AT_RISK: HouseholdCategory.EDGE_AT_RISK,
  SUDDEN_HARDSHIP: HouseholdCategory.SUDDEN_HARDSHIP,
};
const MONITORING_TYPES = new Set(['脱贫不稳定户', '边缘易致贫户', '突发严重困难户']);
const YES = new Set(['是', 'Y', 'y', '1', 'true', 'TRUE']);
const NO = new Set(['否', 'N', 'n', '0', 'false', 'FALSE']);
const NONE = new Set(['', '无', '/', '-', '否']);

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

const PERSONAL = new Set<RosterField>(['idNumber', 'phone', 'headName']);

/** Personal values are masked in reports; everything else is shown as given (trimmed, shortened). */
function shown(field: RosterField, value: string): string {
  if (field === 'idNumber') return mask('residentId', value);
  if (field === 'phone') return mask('phone', value);
  if (field === 'headName') return mask('name', value);
  return value.length > 50 ? `${value.slice(0, 50)}…` : value;
}

function parseDate(value: string): string | null {
  const match = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(value);
  if (!match) return null;
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]))?.toISOString().slice(0, 10) ?? null;
}

/** What the import calls each way an ID number can be wrong. */
const ID_NUMBER_CODES = { FORMAT: 'ROSTER_INVALID_ID_FORMAT', BIRTH_DATE: 'ROSTER_INVALID_BIRTH_DATE', CHECKSUM: 'ROSTER_INVALID_ID_CHECKSUM' } as const;

export function validateRosterRow(
  row: number,
  values: Partial<Record<RosterField, string>>,
  headerOf: Partial<Record<RosterField, string>>,
  regions: RegionIndex,
  today = new Date(),
): { valid?: ValidRosterRow; errors: RosterRowError[] } {
  const errors: RosterRowError[] = [];
  // An oversized cell (padding included: it is the cell, not its trimmed text) is the row's only
  // report: named by its column, shown cut short (personal data not at all), and checked no further.
  for (const [field, raw] of Object.entries(values) as [RosterField, string | undefined][]) {
    if (raw !== undefined && raw.length > MAX_CELL_CHARS) {
      errors.push(rowError(row, headerOf[field] ?? field, PERSONAL.has(field) ? '' : shown(field, raw.trim()), 'ROSTER_VALUE_TOO_LONG'));
    }
  }
  if (errors.length > 0) return { errors };
  const value = (field: RosterField) => (values[field] ?? '').trim();
  const fail = (field: RosterField, code: RosterErrorCode) => errors.push(rowError(row, headerOf[field] ?? field, shown(field, value(field)), code));
  const required = (field: RosterField): string | undefined => {
    const v = value(field);
    if (v === '') fail(field, 'ROSTER_MISSING_VALUE');
    return v === '' ? undefined : v;
  };

  const householdNo = required('householdNo');
  if (householdNo !== undefined && !/^[0-9A-Za-z-]{1,32}$/.test(householdNo)) fail('householdNo', 'ROSTER_INVALID_HOUSEHOLD_NO');

  const headName = required('headName');
  if (headName !== undefined && (Array.from(headName).length > 50 || /[\d<>]/.test(headName))) fail('headName', 'ROSTER_INVALID_NAME');

  const idNumber = residentIdCell(required('idNumber'), today, ID_NUMBER_CODES, (code) => fail('idNumber', code));

  const phoneText = value('phone').replace(/\s/g, '');
  let phone: string | null = null;
  if (phoneText !== '') {
    if (MOBILE.test(phoneText) || LANDLINE.test(phoneText)) phone = phoneText;
    else fail('phone', 'ROSTER_INVALID_PHONE');
  }

  // A row of another county (its county, township or village, by code or name) is never this
  // county's household: its own code, apart from a place that exists nowhere (a typo).
  const county = value('county');
  if (county !== '' && !regions.isCounty(county)) fail('county', regions.isOtherCounty(county) ? 'ROSTER_ROW_OTHER_COUNTY' : 'ROSTER_WRONG_COUNTY');

  let townshipCode: string | undefined;
  let villageCode: string | undefined;
  const township = required('township');
  if (township !== undefined) {
    townshipCode = regions.township(township);
    if (!townshipCode) fail('township', regions.isElsewhere(township, 'township') ? 'ROSTER_ROW_OTHER_COUNTY' : 'ROSTER_UNKNOWN_TOWNSHIP');
  }
  const village = required('village');
  if (village !== undefined && regions.isElsewhere(village, 'village')) fail('village', 'ROSTER_ROW_OTHER_COUNTY');
  else if (village !== undefined && townshipCode) {
    villageCode = regions.village(village, townshipCode);
    if (!villageCode) fail('village', 'ROSTER_UNKNOWN_VILLAGE');
  }

  let category: HouseholdCategory | undefined;
  const categoryText = required('category');
  if (categoryText !== undefined) {
    category = CATEGORY_NAMES[categoryText];
    if (!category) fail('category', 'ROSTER_INVALID_CATEGORY');
  }

  // Monitored if either column says so: 是否监测对象 = 是, or a monitoring type is given.
  let isMonitored = false;
  const monitoredText = value('isMonitored');
  if (monitoredText !== '') {
    if (YES.has(monitoredText)) isMonitored = true;
    else if (!NO.has(monitoredText)) fail('isMonitored', 'ROSTER_INVALID_MONITORING');
  }
  const monitoringType = value('monitoringType');
  if (monitoringType !== '' && !NONE.has(monitoringType)) {
    if (MONITORING_TYPES.has(monitoringType)) isMonitored = true;
    else fail('monitoringType', 'ROSTER_INVALID_MONITORING');
  }

  let riskEliminated: boolean | null = null;
  const riskText = value('riskEliminated');
  if (riskText !== '') {
    if (YES.has(riskText)) riskEliminated = true;
    else if (NO.has(riskText)) riskEliminated = false;
    else fail('riskEliminated', 'ROSTER_INVALID_MONITORING');
  }

  const integer = (field: RosterField, min: number, max: number): number | null => {
    const text = value(field);
    if (text === '') return null;
    const number = Number(text);
    if (!/^\d+$/.test(text) || number < min || number > max) {
      fail(field, 'ROSTER_INVALID_NUMBER');
      return null;
    }
    return number;
  };
  const memberCount = required('memberCount') === undefined ? null : integer('memberCount', 1, 30);
  const liftedOutYear = integer('liftedOutYear', 2013, today.getUTCFullYear());

  let dataDate: string | null = null;
  if (value('dataDate') !== '') {
    dataDate = parseDate(value('dataDate'));
    if (!dataDate) fail('dataDate', 'ROSTER_INVALID_DATE');
  }

  if (errors.length > 0) return { errors };
  return {
    errors,
    valid: {
      row,
      householdNo: householdNo!,
      headName: headName!,
      idNumber: idNumber!,
      phone,
      townshipCode: townshipCode!,
      villageCode: villageCode!,
      category: category!,
      isMonitored,
      riskEliminated,
      liftedOutYear,
      memberCount: memberCount!,
      dataDate,
    },
  };
}
