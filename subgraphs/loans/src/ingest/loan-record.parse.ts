/**
 * Checks one loan record from a bank (pulled or pushed) field by field. Pure: no I/O, no clock
 * (the caller passes today). A record that fails is rejected alone, with a code, the field and a
 * message the bank can act on.
 */
import type Decimal from 'decimal.js';
import { PURPOSE_CATEGORIES, PurposeCategory, WIRE_LOAN_STATUSES } from '../../../../contracts/bank-connector/protocol';
import { COUNTY_CODE, TOWNSHIP_CODE, UUID_PATTERN } from '../../../../common/codes';
import { HubDecimal } from '../../../../common/money';
import { LoanStatus } from '../loan/loan-status';
import { checkResidentId } from '../../../../common/domain/resident-id';

export interface ParsedInterestPayment {
  settlementDate: string;
  periodStart: string;
  /** Yuan with exactly two decimals ("441.67"): stored as NUMERIC, never computed on here. */
  interestPaid: string;
  overdueInterestPaid: string;
}

export interface ParsedLoanRecord {
  contractNo: string;
  recordVersion: number;
  householdId: string | null;
  borrowerResidentId: string;
  countyCode: string;
  townshipCode: string;
  amount: Decimal;
  annualRate: Decimal;
  termMonths: number;
  contractDate: string;
  maturityDate: string;
  purposeCategory: PurposeCategory;
  status: LoanStatus;
  statusDate: string;
  outstandingPrincipal: Decimal;
  /** The amounts as stored (two decimals, the rate six), from the bank's text: what the content digest and the loan row take, without formatting a Decimal. */
  text: { amount: string; annualRate: string; outstandingPrincipal: string };
  previousContractNo: string | null;
  renewalCount: number;
  insured: boolean;
  convertedToFarmerLoan: boolean;
  interestPayments: ParsedInterestPayment[];
}

export interface RecordRejection {
  code: string;
  field: string | null;
  message: string;
  /** Whatever identifies the record, as far as it could be read. */
  contractNo: string;
  recordVersion: number;
}

export type ParseResult = { ok: true; record: ParsedLoanRecord } | { ok: false; rejection: RecordRejection };

const CONTRACT_NO = /^[A-Za-z0-9][A-Za-z0-9\-_/.]{0,63}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const RATE = /^0?\.\d{1,6}$/;

/** A MONEY text with two decimals, as a Decimal's toFixed(2) writes it ("050000.5" → "50000.50"). */
function moneyAsStored(value: string): string {
  const dot = value.indexOf('.');
  const whole = (dot < 0 ? value : value.slice(0, dot)).replace(/^0+(?=\d)/, '');
  const fraction = dot < 0 ? '' : value.slice(dot + 1);
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** A RATE text with six decimals, as a Decimal's toFixed(6) writes it (".0345" → "0.034500"). */
function rateAsStored(value: string): string {
  return `0.${value.slice(value.indexOf('.') + 1).padEnd(6, '0')}`;
}
/** What the purpose and the status must be, for the message when they are not (built once, not per record). */
const PURPOSES_WHAT = `one of ${PURPOSE_CATEGORIES.join(', ')}`;
const STATUSES_WHAT = `one of ${WIRE_LOAN_STATUSES.join(', ')}`;

/** A field the record cannot be taken with: MALFORMED_RECORD, or a code of its own where the bank can act on one. */
class FieldProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code: 'MALFORMED_RECORD' | 'INVALID_RESIDENT_ID' | 'DATE_IN_FUTURE' | 'SETTLEMENT_OUTSIDE_LOAN' = 'MALFORMED_RECORD',
  ) {
    super(message);
  }
}

const RESIDENT_ID_PROBLEMS = {
  FORMAT: 'is not 17 digits and a check character',
  BIRTH_DATE: 'holds a birth date that does not exist',
  CHECKSUM: 'has a wrong check character',
} as const;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date in YYYY-MM-DD (by arithmetic: this runs several times per record). */
function isRealDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** Statuses that end the loan on their status date: no interest is settled after it. */
const CLOSING_STATUSES: ReadonlySet<string> = new Set([LoanStatus.REPAID, LoanStatus.RENEWED, LoanStatus.WRITTEN_OFF, LoanStatus.COMPENSATED]);
/** Statuses past maturity that still owe (overdue interest keeps being paid): their life has no end date yet. */
const OWING_STATUSES: ReadonlySet<string> = new Set([LoanStatus.OVERDUE, LoanStatus.NPL]);

/**
 * `today` is the hub's calendar day (Asia/Shanghai, YYYY-MM-DD): a bank reports what happened,
 * so a contract, status (a disbursement is the DISBURSED status date) or settlement dated later
 * is refused (DATE_IN_FUTURE).
 */
export function parseLoanRecord(input: unknown, today: string): ParseResult {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const contractNo = typeof raw.contractNo === 'string' ? raw.contractNo : '';
  const recordVersion = Number.isInteger(raw.recordVersion) ? (raw.recordVersion as number) : 0;
  try {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new FieldProblem('record', 'a loan record must be a JSON object');
    const text = (field: string, pattern: RegExp, what: string): string => {
      const value = raw[field];
      if (typeof value === 'string' && pattern.test(value)) return value;
      // Personal data is never echoed back, even when wrong. (Described only when wrong: this runs ten times a record.)
      const shown = field === 'borrowerResidentId' ? (typeof value === 'string' ? `${value.length} characters` : describe(value)) : describe(value);
      throw new FieldProblem(field, `${field} must be ${what}, got ${shown}`);
    };
    // A number the roster could never hold is the bank's typing error, not a household off its list.
    const residentId = (value: string): string => {
      const check = checkResidentId(value);
      if (!check.ok) throw new FieldProblem('borrowerResidentId', `borrowerResidentId ${RESIDENT_ID_PROBLEMS[check.problem!]}`, 'INVALID_RESIDENT_ID');
      return check.normalized;
    };
    const date = (field: string): string => {
      const value = raw[field];
      if (typeof value !== 'string' || !isRealDate(value)) throw new FieldProblem(field, `${field} must be a real date YYYY-MM-DD, got ${describe(value)}`);
      return value;
    };
    const money = (field: string, from: Record<string, unknown> = raw, prefix = ''): Decimal => {
      const value = from[field];
      if (typeof value !== 'string' || !MONEY.test(value))
        throw new FieldProblem(prefix + field, `${prefix}${field} must be an amount in yuan as a decimal string ("50000.00"), got ${describe(value)}`);
      return new HubDecimal(value);
    };
    // Interest lines are many per record and only stored: checked and written with two decimals, no Decimal object.
    const moneyText = (field: string, from: Record<string, unknown>, prefix: string): string => {
      const value = from[field];
      if (typeof value !== 'string' || !MONEY.test(value))
        throw new FieldProblem(prefix + field, `${prefix}${field} must be an amount in yuan as a decimal string ("50000.00"), got ${describe(value)}`);
      return moneyAsStored(value);
    };
    const integer = (field: string, min: number, max: number): number => {
      const value = raw[field];
      if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
        throw new FieldProblem(field, `${field} must be a whole number from ${min} to ${max}, got ${describe(value)}`);
      return value as number;
    };
    const flag = (field: string): boolean => {
      const value = raw[field] ?? false;
      if (typeof value !== 'boolean') throw new FieldProblem(field, `${field} must be true or false, got ${describe(value)}`);
      return value;
    };

    const record: ParsedLoanRecord = {
      contractNo: text('contractNo', CONTRACT_NO, 'a contract number (letters, digits, - _ / ., at most 64)'),
      recordVersion: integer('recordVersion', 1, 1_000_000),
      householdId: raw.householdId == null ? null : text('householdId', UUID_PATTERN, "the hub's household id from the list"),
      borrowerResidentId: residentId(text('borrowerResidentId', /^\d{17}[\dXx]$/, 'an 18-character resident ID')),
      countyCode: text('countyCode', COUNTY_CODE, 'a 6-digit county code'),
      townshipCode: text('townshipCode', TOWNSHIP_CODE, 'a 9-digit township code'),
      amount: money('amount'),
      annualRate: new HubDecimal(text('annualRate', RATE, 'an annual rate as a fraction ("0.0345")')),
      termMonths: integer('termMonths', 1, 600),
      contractDate: date('contractDate'),
      maturityDate: date('maturityDate'),
      purposeCategory: text('purposeCategory', /^[A-Z_]+$/, PURPOSES_WHAT) as PurposeCategory,
      status: text('status', /^[A-Z_]+$/, STATUSES_WHAT) as LoanStatus,
      statusDate: date('statusDate'),
      outstandingPrincipal: money('outstandingPrincipal'),
      // Read after amount, annualRate and outstandingPrincipal were checked against MONEY and RATE.
      text: {
        amount: moneyAsStored(raw.amount as string),
        annualRate: rateAsStored(raw.annualRate as string),
        outstandingPrincipal: moneyAsStored(raw.outstandingPrincipal as string),
      },
      previousContractNo: raw.previousContractNo == null ? null : text('previousContractNo', CONTRACT_NO, 'a contract number'),
      renewalCount: integer('renewalCount', 0, 100),
      insured: flag('insured'),
      convertedToFarmerLoan: flag('convertedToFarmerLoan'),
      interestPayments: [],
    };
    if (!PURPOSE_CATEGORIES.includes(record.purposeCategory))
      throw new FieldProblem('purposeCategory', `purposeCategory must be one of ${PURPOSE_CATEGORIES.join(', ')}, got "${record.purposeCategory}"`);
    if (!(WIRE_LOAN_STATUSES as readonly string[]).includes(record.status))
      throw new FieldProblem('status', `status must be one of ${WIRE_LOAN_STATUSES.join(', ')}, got "${record.status}"`);
    if (record.amount.lte(0)) throw new FieldProblem('amount', 'amount must be more than 0');
    if (record.outstandingPrincipal.gt(record.amount))
      throw new FieldProblem(
        'outstandingPrincipal',
        `outstandingPrincipal ${record.outstandingPrincipal.toFixed(2)} is more than the amount ${record.amount.toFixed(2)}`,
      );
    if (record.previousContractNo === record.contractNo)
      throw new FieldProblem(
        'previousContractNo',
        `previousContractNo names the contract itself (${record.contractNo}); a renewal or extension names the contract it continues`,
      );
    if (record.maturityDate <= record.contractDate)
      throw new FieldProblem('maturityDate', `maturityDate ${record.maturityDate} must be after contractDate ${record.contractDate}`);
    if (record.statusDate < record.contractDate)
      throw new FieldProblem('statusDate', `statusDate ${record.statusDate} is before contractDate ${record.contractDate}`);
    for (const field of ['contractDate', 'statusDate'] as const) {
      if (record[field] > today) throw new FieldProblem(field, `${field} ${record[field]} is later than today (${today}, Asia/Shanghai)`, 'DATE_IN_FUTURE');
    }
    // The loan's life: from its contract date to its maturity, or to the status date of a status
    // that closed it; an overdue or non-performing loan still owes, up to today.
    const lifeEnd = CLOSING_STATUSES.has(record.status) ? record.statusDate : OWING_STATUSES.has(record.status) ? today : record.maturityDate;
    const lifeEndWhat = CLOSING_STATUSES.has(record.status)
      ? `its ${record.status} statusDate ${record.statusDate}`
      : OWING_STATUSES.has(record.status)
        ? `today (${today})`
        : `its maturityDate ${record.maturityDate}`;

    const payments = raw.interestPayments ?? [];
    if (!Array.isArray(payments) || payments.length > 400) throw new FieldProblem('interestPayments', 'interestPayments must be a list (at most 400)');
    const seen = new Set<string>();
    payments.forEach((payment, index) => {
      const prefix = `interestPayments[${index}].`;
      const p = (payment && typeof payment === 'object' ? payment : {}) as Record<string, unknown>;
      for (const field of ['settlementDate', 'periodStart']) {
        if (typeof p[field] !== 'string' || !isRealDate(p[field] as string))
          throw new FieldProblem(prefix + field, `${prefix}${field} must be a real date YYYY-MM-DD, got ${describe(p[field])}`);
      }
      const parsed: ParsedInterestPayment = {
        settlementDate: p.settlementDate as string,
        periodStart: p.periodStart as string,
        interestPaid: moneyText('interestPaid', p, prefix),
        overdueInterestPaid: moneyText('overdueInterestPaid', p, prefix),
      };
      if (parsed.periodStart > parsed.settlementDate)
        throw new FieldProblem(prefix + 'periodStart', `${prefix}periodStart ${parsed.periodStart} is after settlementDate ${parsed.settlementDate}`);
      if (parsed.settlementDate > today)
        throw new FieldProblem(
          prefix + 'settlementDate',
          `${prefix}settlementDate ${parsed.settlementDate} is later than today (${today}, Asia/Shanghai)`,
          'DATE_IN_FUTURE',
        );
      if (parsed.periodStart < record.contractDate)
        throw new FieldProblem(
          prefix + 'periodStart',
          `${prefix}periodStart ${parsed.periodStart} is before the loan's contractDate ${record.contractDate}`,
          'SETTLEMENT_OUTSIDE_LOAN',
        );
      if (parsed.settlementDate > lifeEnd)
        throw new FieldProblem(
          prefix + 'settlementDate',
          `${prefix}settlementDate ${parsed.settlementDate} is after the loan's end: ${lifeEndWhat}`,
          'SETTLEMENT_OUTSIDE_LOAN',
        );
      if (seen.has(parsed.settlementDate)) throw new FieldProblem(prefix + 'settlementDate', `settlement ${parsed.settlementDate} appears twice`);
      seen.add(parsed.settlementDate);
      record.interestPayments.push(parsed);
    });
    // Oldest first, whatever order the bank sent: the hub's digest of a loan's payments depends on it.
    record.interestPayments.sort((a, b) => (a.settlementDate < b.settlementDate ? -1 : 1));
    return { ok: true, record };
  } catch (error) {
    if (!(error instanceof FieldProblem)) throw error;
    return {
      ok: false,
      rejection: { code: error.code, field: error.field, message: error.message, contractNo: CONTRACT_NO.test(contractNo) ? contractNo : '', recordVersion },
    };
  }
}

/** A value as shown in an error message: short, and never a whole ID number. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length > 24 ? `"${value.slice(0, 8)}…" (${value.length} characters)` : JSON.stringify(value);
  return JSON.stringify(value)?.slice(0, 24) ?? String(value);
}
