/**
 * One simulated bank's loan book and its change feed. Pure: no I/O, no clock, randomness only
 * from the seeded generator it is given, so a seed reproduces the same book.
 *
 * Compact by design (benchmarks hold 500,000 loans): a contract is a row in typed-array columns
 * (dates as day numbers, amounts in whole yuan, rates in 1/10,000), and a record version is
 * never stored. A loan's history is a few dates (contract, overdue, NPL, closed); interest
 * settlements follow from them (the 20th of every quarter's last month), so the record at any
 * version is recomputed on demand. The feed is two integer columns: (contract slot, version).
 *
 * Interest (DOMAIN "The interest subsidy"): daily rate = annual rate / 360; a settlement period
 * runs from the day after the previous settlement (or the disbursement day) to the settlement
 * day, both included; the repayment day itself earns nothing (算头不算尾). Days on or after the
 * day a loan fell overdue earn penalty interest at 1.5 × the contract rate instead, reported
 * as overdueInterestPaid. Amounts are rounded to the fen, half up, with decimal.js.
 */
import Decimal from 'decimal.js';
import type { InterestPaymentWire, LoanRecordWire, PurposeCategory, WireLoanStatus } from '../../contracts/bank-connector/protocol';
import { HubDecimal, toFen } from '../../common/money';
import { composeResidentId } from '../../common/domain/resident-id';

// ---------------------------------------------------------------------------------------------
// Calendar: days since 1970-01-01 (UTC), so date arithmetic is integer arithmetic

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
function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const target = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
  const lastDayOfTarget = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0)).getUTCDate();
  return target / DAY_MS + Math.min(date.getUTCDate(), lastDayOfTarget) - 1;
}

/**
 * Settlement days are numbered: n settlements fall on or before a day. Counting and listing them
 * is then arithmetic, with no loop over calendar days.
 */
function settlementsUpTo(day: number): number {
  const date = new Date(day * DAY_MS);
  const month = date.getUTCMonth(); // 0-based
  const quarter = date.getUTCFullYear() * 4 + Math.floor(month / 3);
  const settledThisQuarter = month % 3 === 2 && date.getUTCDate() >= 20;
  return quarter + (settledThisQuarter ? 1 : 0);
}

/** The day of settlement number n (n = settlementsUpTo(that day)). */
function settlementDay(n: number): number {
  const quarter = n - 1;
  return Date.UTC(Math.floor(quarter / 4), (quarter % 4) * 3 + 2, 20) / DAY_MS;
}

// ---------------------------------------------------------------------------------------------
// Policy-ish numbers a bank would use

/** LPR fixings (DOMAIN "The loan"): effective date, 1-year and 5-year-plus rates in 1/10,000. */
const LPR_FIXINGS: ReadonlyArray<readonly [string, number, number]> = [
  ['2019-08-20', 425, 485],
  ['2019-09-20', 420, 485],
  ['2019-11-20', 415, 480],
  ['2020-02-20', 405, 475],
  ['2020-04-20', 385, 465],
  ['2021-12-20', 380, 465],
  ['2022-01-20', 370, 460],
  ['2022-05-20', 370, 445],
  ['2022-08-22', 365, 430],
  ['2023-06-20', 355, 420],
  ['2023-08-21', 345, 420],
  ['2024-02-20', 345, 395],
  ['2024-07-22', 335, 385],
  ['2024-10-21', 310, 360],
  ['2025-05-20', 300, 350],
];
const LPR_BY_DAY = LPR_FIXINGS.map(([date, oneYear, fiveYear]) => ({ from: parseDay(date)!, oneYear, fiveYear }));

/** The rate cap in force on a contract day: 1-year LPR up to 12 months, 5-year-plus beyond. */
export function rateCapOn(day: number, termMonths: number): number {
  let fixing = LPR_BY_DAY[0]; // before the first fixing in the table: its values are the best guess
  for (const candidate of LPR_BY_DAY) if (candidate.from <= day) fixing = candidate;
  return termMonths <= 12 ? fixing.oneYear : fixing.fiveYear;
}

const PURPOSES: ReadonlyArray<readonly [PurposeCategory, number]> = [
  ['PLANTING', 34],
  ['BREEDING', 34],
  ['PROCESSING', 8],
  ['TRADING', 8],
  ['RURAL_TOURISM', 4],
  ['OTHER_PRODUCTION', 8],
  ['HOUSE_BUILDING', 2], // not allowed by the policy: the hub should flag these
  ['CONSUMPTION', 2],
];
const PURPOSE_CODES = PURPOSES.map(([purpose]) => purpose);

/** Overdue principal pays this multiple of the contract rate (罚息, the usual +50%). */
const PENALTY_RATE_MULTIPLE = new HubDecimal('1.5');
/** A loan overdue this many days is non-performing (DOMAIN: "overdue > 90 days is NPL in practice"). */
const DAYS_OVERDUE_BEFORE_NPL = 90;
const EARLY_REPAYMENT_PER_QUARTER = 0.02;
const LATE_REPAYMENT_PER_MONTH = 0.25;
/** How a loan ends at maturity, when it reaches it: repaid, renewed (once only) or overdue. */
const MATURITY_OUTCOMES = [
  ['REPAID', 63],
  ['RENEWED', 12],
  ['OVERDUE', 25],
] as const;
/** Contract dates are spread over this many days before the `asOf` of a lending round. */
const LENDING_WINDOW_DAYS = 730;
const SYNTHETIC_BIRTHS_FROM = parseDay('1962-01-01')!;

// ---------------------------------------------------------------------------------------------
// Randomness

export type Random = () => number;

/** mulberry32: a tiny, well-known 32-bit generator; plenty for test data and reproducible by seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pickWeighted<T>(random: Random, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1][0];
}

function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Chance that something with a constant rate per `unitDays` happens within `days`. */
function chanceWithin(days: number, perUnit: number, unitDays: number): number {
  return 1 - Math.pow(1 - perUnit, days / unitDays);
}

// ---------------------------------------------------------------------------------------------
// Interest

export interface InterestPeriod {
  principal: string;
  annualRate: string;
  /** First day that earns interest. */
  periodStart: string;
  /** Last day that earns interest (the settlement day). */
  periodEnd: string;
}

/** principal × annualRate / 360 × days (both ends included), rounded half up to the fen. */
export function interestForPeriod(period: InterestPeriod): string {
  const days = parseDay(period.periodEnd)! - parseDay(period.periodStart)! + 1;
  return dailyInterest(new HubDecimal(period.principal), new HubDecimal(period.annualRate), days).toFixed(2);
}

function dailyInterest(principal: Decimal, annualRate: Decimal, days: number): Decimal {
  if (days <= 0) return new HubDecimal(0);
  return toFen(principal.times(annualRate).times(days).dividedBy(360));
}

// ---------------------------------------------------------------------------------------------
// The book

/** A household from the bank's beneficiary list that takes a loan. */
export interface Borrower {
  householdId: string;
  residentId: string;
  townshipCode: string;
  /** The first day the household was on this bank's list: no contract before it. */
  listedSinceDay: number;
}

const enum Change {
  Disbursed,
  Settled,
  Overdue,
  NonPerforming,
  Repaid,
  Renewed,
}

interface TimelineEntry {
  day: number;
  change: Change;
}

const enum Closure {
  Open = 0,
  Repaid = 1,
  Renewed = 2,
}

/** Growable typed-array column. */
class Column<T extends Int32Array | Uint8Array | Uint16Array> {
  constructor(
    public values: T,
    private readonly allocate: (length: number) => T,
  ) {}
  ensure(length: number): void {
    if (length <= this.values.length) return;
    const grown = this.allocate(Math.max(length, this.values.length * 2));
    grown.set(this.values);
    this.values = grown;
  }
}
const int32Column = () => new Column(new Int32Array(1024), (n) => new Int32Array(n));
const uint8Column = () => new Column(new Uint8Array(1024), (n) => new Uint8Array(n));
const uint16Column = () => new Column(new Uint16Array(1024), (n) => new Uint16Array(n));

/** The bank's change feed: every record version, in the order the bank made the changes. */
export class ChangeFeed {
  private readonly slots = int32Column();
  private readonly versions = int32Column();
  length = 0;

  append(slot: number, version: number): void {
    this.slots.ensure(this.length + 1);
    this.versions.ensure(this.length + 1);
    this.slots.values[this.length] = slot;
    this.versions.values[this.length] = version;
    this.length++;
  }

  at(position: number): { slot: number; version: number } {
    return { slot: this.slots.values[position], version: this.versions.values[position] };
  }
}

export interface LoanBookSummary {
  contracts: number;
  byStatus: Partial<Record<WireLoanStatus, number>>;
  outstandingPrincipal: string;
  feedLength: number;
  /** The latest day any contract is known to (the book's "today"). */
  bookDate: string | null;
}

export interface LendingResult {
  contractsOpened: number;
  renewals: number;
  feedRecordsAdded: number;
}

export class LoanBook {
  readonly feed = new ChangeFeed();
  private count = 0;

  // One entry per contract ("slot"). Day columns use 0 for "never" (1970-01-01 is no loan's date).
  private readonly contractDay = int32Column();
  private readonly maturityDay = int32Column();
  private readonly overdueDay = int32Column();
  private readonly nonPerformingDay = int32Column();
  private readonly closedDay = int32Column();
  private readonly closure = uint8Column();
  /** The last day the bank has processed for this contract; later events are not decided yet. */
  private readonly knownUntil = int32Column();
  private readonly termMonths = uint8Column();
  private readonly amountYuan = int32Column();
  private readonly rateTenThousandths = uint16Column();
  private readonly purpose = uint8Column();
  private readonly township = uint16Column();
  private readonly insured = uint8Column();
  private readonly renewalCount = uint8Column();
  private readonly previousSlot = int32Column();
  /** The contract whose borrower this is (itself, or the first contract of a renewed line). */
  private readonly borrowerSlot = int32Column();

  private readonly townshipCodes: string[] = [];
  private readonly townshipIndex = new Map<string, number>();
  /** Borrowers from the list, by the slot of their first contract; synthetic borrowers are derived. */
  private readonly listedBorrowers = new Map<number, Borrower>();
  /** A listed household's latest contract, to know who is already borrowing. */
  private readonly latestSlotByHousehold = new Map<string, number>();
  private renewalsAllowed = true;
  private readonly interestMemo = new Map<number, string>();

  constructor(
    readonly bankCode: string,
    /** Keeps synthetic borrower IDs of different banks apart. */
    private readonly bankIndex: number,
    private readonly random: Random,
  ) {}

  /** Households whose latest loan is not repaid or renewed as the book knows it (NPL included). */
  isBorrowing(householdId: string): boolean {
    const slot = this.latestSlotByHousehold.get(householdId);
    return slot !== undefined && this.closure.values[slot] !== Closure.Repaid;
  }

  /**
   * Lends to listed households: contracts dated over the two years before `asOfDay`, each then
   * lived through to `asOfDay` (settlements, repayment, renewal, overdue, NPL). Every change
   * goes to the feed, in day order, so the feed tells each loan's history version by version.
   */
  lend(borrowers: Borrower[], asOfDay: number): LendingResult {
    const firstNew = this.count;
    for (const borrower of borrowers) {
      // Repeat borrowing comes after full repayment: the new contract is dated no earlier.
      const previous = this.latestSlotByHousehold.get(borrower.householdId);
      const notBefore = Math.max(borrower.listedSinceDay, previous === undefined ? borrower.listedSinceDay : this.closedDay.values[previous]);
      const slot = this.openContract({ townshipCode: borrower.townshipCode, asOfDay, notBefore });
      this.listedBorrowers.set(slot, borrower);
      this.latestSlotByHousehold.set(borrower.householdId, slot);
      this.evolve(slot, asOfDay);
    }
    const added = this.publishChanges(firstNew, new Map(), 'every-version');
    return { contractsOpened: this.count - firstNew, renewals: this.count - firstNew - borrowers.length, feedRecordsAdded: added };
  }

  /**
   * Synthesizes `count` loans for benchmarks, without a list: borrowers get valid synthetic
   * resident IDs (derived from the slot, not stored). Only each contract's latest version goes to
   * the feed: the book as a bank would hand it over when the connector goes live.
   */
  generate(count: number, asOfDay: number, townshipCodes: string[]): LendingResult {
    if (townshipCodes.length === 0) throw new Error('no townships to lend in');
    const firstNew = this.count;
    let opened = 0;
    while (this.count - firstNew < count) {
      // A renewal opens a second contract: the last one may not renew, so `count` is exact.
      this.renewalsAllowed = this.count - firstNew < count - 1;
      const slot = this.openContract({ townshipCode: townshipCodes[opened++ % townshipCodes.length], asOfDay });
      this.evolve(slot, asOfDay);
    }
    this.renewalsAllowed = true;
    const added = this.publishChanges(firstNew, new Map(), 'latest-version');
    return { contractsOpened: count, renewals: count - opened, feedRecordsAdded: added };
  }

  /** Moves every open contract forward to `toDay`, publishing each change it makes. */
  advance(toDay: number): LendingResult {
    const firstNew = this.count;
    const knownBefore = new Map<number, number>();
    for (let slot = 0; slot < firstNew; slot++) {
      const known = this.knownUntil.values[slot];
      if (known >= toDay) continue;
      knownBefore.set(slot, known);
      this.evolve(slot, toDay);
    }
    const added = this.publishChanges(firstNew, knownBefore, 'every-version');
    return { contractsOpened: this.count - firstNew, renewals: this.count - firstNew, feedRecordsAdded: added };
  }

  /** The record of contract `slot` at `version` (1 = disbursed), exactly as it was published. */
  record(slot: number, version: number): LoanRecordWire {
    const timeline = this.timeline(slot).slice(0, version);
    const amount = new HubDecimal(this.amountYuan.values[slot]);
    const contractDay = this.contractDay.values[slot];
    let status: WireLoanStatus = 'DISBURSED';
    let statusDay = contractDay;
    let outstanding = amount;
    let periodStart = contractDay;
    const interestPayments: InterestPaymentWire[] = [];
    for (const { day, change } of timeline) {
      switch (change) {
        case Change.Disbursed:
          break;
        case Change.Settled:
          interestPayments.push(this.payment(slot, periodStart, day));
          periodStart = day + 1;
          break;
        case Change.Overdue:
        case Change.NonPerforming:
          status = change === Change.Overdue ? 'OVERDUE' : 'NPL';
          statusDay = day;
          break;
        case Change.Repaid:
        case Change.Renewed:
          // Interest up to the day before repayment is paid with the principal.
          if (periodStart <= day - 1) interestPayments.push(this.payment(slot, periodStart, day - 1));
          status = change === Change.Repaid ? 'REPAID' : 'RENEWED';
          statusDay = day;
          outstanding = new HubDecimal(0);
          break;
      }
    }
    const townshipCode = this.townshipCodes[this.township.values[slot]];
    const borrower = this.borrowerOf(slot);
    const previous = this.previousSlot.values[slot];
    return {
      contractNo: this.contractNo(slot),
      recordVersion: version,
      householdId: borrower.householdId,
      borrowerResidentId: borrower.residentId,
      countyCode: townshipCode.slice(0, 6),
      townshipCode,
      amount: amount.toFixed(2),
      annualRate: `0.${String(this.rateTenThousandths.values[slot]).padStart(4, '0')}`, // rates stay below 100 %
      termMonths: this.termMonths.values[slot],
      contractDate: formatDay(contractDay),
      maturityDate: formatDay(this.maturityDay.values[slot]),
      purposeCategory: PURPOSE_CODES[this.purpose.values[slot]],
      status,
      statusDate: formatDay(statusDay),
      outstandingPrincipal: outstanding.toFixed(2),
      previousContractNo: previous >= 0 ? this.contractNo(previous) : null,
      renewalCount: this.renewalCount.values[slot],
      insured: this.insured.values[slot] === 1,
      convertedToFarmerLoan: false,
      interestPayments,
    };
  }

  summary(): LoanBookSummary {
    const byStatus: Partial<Record<WireLoanStatus, number>> = {};
    let outstandingYuan = 0; // whole yuan: exact in a double far beyond any book's size
    let bookDay = -1;
    for (let slot = 0; slot < this.count; slot++) {
      const status = this.statusNow(slot);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (this.closure.values[slot] === Closure.Open) outstandingYuan += this.amountYuan.values[slot];
      bookDay = Math.max(bookDay, this.knownUntil.values[slot]);
    }
    return {
      contracts: this.count,
      byStatus,
      outstandingPrincipal: new HubDecimal(outstandingYuan).toFixed(2),
      feedLength: this.feed.length,
      bookDate: bookDay >= 0 ? formatDay(bookDay) : null,
    };
  }

  // -------------------------------------------------------------------------------------------

  /** The slot of one of this book's contract numbers (they end in slot + 1). */
  slotOf(contractNo: string): number {
    const slot = Number(contractNo.slice(contractNo.lastIndexOf('XD') + 2)) - 1;
    if (!(slot >= 0 && slot < this.count) || this.contractNo(slot) !== contractNo) throw new RangeError(`no contract ${contractNo} in this book`);
    return slot;
  }

  private contractNo(slot: number): string {
    const year = formatDay(this.contractDay.values[slot]).slice(0, 4);
    return `${this.bankCode}${year}XD${String(slot + 1).padStart(8, '0')}`;
  }

  private statusNow(slot: number): WireLoanStatus {
    const closure = this.closure.values[slot];
    if (closure === Closure.Repaid) return 'REPAID';
    if (closure === Closure.Renewed) return 'RENEWED';
    if (this.nonPerformingDay.values[slot]) return 'NPL';
    if (this.overdueDay.values[slot]) return 'OVERDUE';
    return 'DISBURSED';
  }

  private borrowerOf(slot: number): { householdId: string | null; residentId: string } {
    const root = this.borrowerSlot.values[slot];
    const listed = this.listedBorrowers.get(root);
    if (listed) return { householdId: listed.householdId, residentId: listed.residentId };
    return { householdId: null, residentId: this.syntheticResidentId(root) };
  }

  /**
   * A valid GB 11643 number derived from the slot, so 500,000 of them cost no memory: region =
   * the county, born 1962–2001 (18–65 at any contract date of the 2020s), sequence from the slot.
   * Unique for the first 4 million contracts of each of the first three banks.
   */
  private syntheticResidentId(slot: number): string {
    const serial = this.bankIndex * 4_000_000 + slot;
    const birthSpanDays = 14_610; // 40 years; 7,919 is prime to it, so the stride visits every day once
    const birthDay = SYNTHETIC_BIRTHS_FROM + ((Math.floor(serial / 1000) * 7_919) % birthSpanDays);
    const county = this.townshipCodes[this.township.values[slot]].slice(0, 6);
    return composeResidentId(county, formatDay(birthDay), serial % 1000);
  }

  private townshipSlot(code: string): number {
    let index = this.townshipIndex.get(code);
    if (index === undefined) {
      index = this.townshipCodes.length;
      this.townshipCodes.push(code);
      this.townshipIndex.set(code, index);
    }
    return index;
  }

  private allocateSlot(): number {
    const slot = this.count++;
    for (const column of [this.contractDay, this.maturityDay, this.overdueDay, this.nonPerformingDay, this.closedDay, this.closure, this.knownUntil, this.termMonths, this.amountYuan, this.rateTenThousandths, this.purpose, this.township, this.insured, this.renewalCount, this.previousSlot, this.borrowerSlot]) {
      column.ensure(this.count);
    }
    return slot;
  }

  /** A new contract with realistic terms, dated within the lending window before `asOfDay`. */
  private openContract({ townshipCode, asOfDay, notBefore }: { townshipCode: string; asOfDay: number; notBefore?: number }): number {
    const random = this.random;
    const slot = this.allocateSlot();
    const earliest = Math.min(asOfDay, Math.max(asOfDay - LENDING_WINDOW_DAYS, notBefore ?? Number.NEGATIVE_INFINITY));
    const contractDay = randomInt(random, earliest, asOfDay);
    // 48 months is above the 3-year policy limit: a few such loans test the hub's checks.
    const termMonths = pickWeighted(random, [[12, 30], [24, 20], [36, 48], [48, 2]] as const);
    this.setTerms(slot, {
      contractDay,
      termMonths,
      amountYuan: this.randomAmount(),
      rate: this.randomRate(contractDay, termMonths),
      purpose: PURPOSE_CODES.indexOf(pickWeighted(random, PURPOSES)),
      township: this.townshipSlot(townshipCode),
      insured: random() < 0.4,
      renewalCount: 0,
      previousSlot: -1,
      borrowerSlot: slot,
    });
    return slot;
  }

  private setTerms(slot: number, terms: { contractDay: number; termMonths: number; amountYuan: number; rate: number; purpose: number; township: number; insured: boolean; renewalCount: number; previousSlot: number; borrowerSlot: number }): void {
    this.contractDay.values[slot] = terms.contractDay;
    this.maturityDay.values[slot] = addMonths(terms.contractDay, terms.termMonths);
    this.knownUntil.values[slot] = terms.contractDay - 1;
    this.termMonths.values[slot] = terms.termMonths;
    this.amountYuan.values[slot] = terms.amountYuan;
    this.rateTenThousandths.values[slot] = terms.rate;
    this.purpose.values[slot] = terms.purpose;
    this.township.values[slot] = terms.township;
    this.insured.values[slot] = terms.insured ? 1 : 0;
    this.renewalCount.values[slot] = terms.renewalCount;
    this.previousSlot.values[slot] = terms.previousSlot;
    this.borrowerSlot.values[slot] = terms.borrowerSlot;
  }

  /** Mostly 10,000–50,000 in steps of 1,000 (many take the full 50,000); a few additional loans up to 100,000. */
  private randomAmount(): number {
    const random = this.random;
    const band = pickWeighted(random, [['full', 40], ['upper', 30], ['lower', 25], ['additional', 5]] as const);
    if (band === 'full') return 50_000;
    if (band === 'upper') return randomInt(random, 30, 49) * 1000;
    if (band === 'lower') return randomInt(random, 10, 29) * 1000;
    return randomInt(random, 51, 100) * 1000;
  }

  /** At or a little under the cap in force; about 3 % of contracts above it. */
  private randomRate(contractDay: number, termMonths: number): number {
    const cap = rateCapOn(contractDay, termMonths);
    if (this.random() < 0.03) return cap + randomInt(this.random, 1, 5) * 10;
    return cap - pickWeighted(this.random, [[0, 50], [5, 15], [10, 15], [20, 10], [30, 10]] as const);
  }

  /**
   * Decides what happens to contract `slot` between the day it is known to and `toDay`:
   * early repayment, the outcome at maturity (repaid, renewed into a new contract, overdue),
   * late repayment or NPL. Only days after `knownUntil` change, so published versions stay true.
   */
  private evolve(slot: number, toDay: number): void {
    const from = this.knownUntil.values[slot];
    this.knownUntil.values[slot] = toDay;
    if (this.closure.values[slot] !== Closure.Open || this.nonPerformingDay.values[slot]) return;
    const random = this.random;
    const maturity = this.maturityDay.values[slot];
    const earliestClose = Math.max(from + 1, this.contractDay.values[slot] + 1);

    if (!this.overdueDay.values[slot]) {
      const lastDayBeforeMaturity = Math.min(toDay, maturity - 1);
      if (earliestClose <= lastDayBeforeMaturity) {
        const span = lastDayBeforeMaturity - earliestClose + 1;
        if (random() < chanceWithin(span, EARLY_REPAYMENT_PER_QUARTER, 91)) {
          this.close(slot, earliestClose + Math.floor(random() * span), Closure.Repaid);
          return;
        }
      }
      if (maturity <= from || maturity > toDay) return;
      const outcome = pickWeighted(random, MATURITY_OUTCOMES);
      const mayRenew = this.renewalsAllowed && this.renewalCount.values[slot] === 0; // 续贷 once only
      if (outcome === 'REPAID' || (outcome === 'RENEWED' && !mayRenew)) {
        this.close(slot, Math.max(earliestClose, maturity - randomInt(random, 0, 4)), Closure.Repaid);
        return;
      }
      if (outcome === 'RENEWED') {
        this.close(slot, maturity, Closure.Renewed);
        this.evolve(this.renew(slot, maturity), toDay);
        return;
      }
      this.overdueDay.values[slot] = maturity;
    }

    const overdueDay = this.overdueDay.values[slot];
    const nonPerformingDay = overdueDay + DAYS_OVERDUE_BEFORE_NPL;
    const firstLateDay = Math.max(from + 1, overdueDay + 1);
    const lastLateDay = Math.min(toDay, nonPerformingDay - 1);
    if (firstLateDay <= lastLateDay) {
      const span = lastLateDay - firstLateDay + 1;
      if (random() < chanceWithin(span, LATE_REPAYMENT_PER_MONTH, 30)) {
        this.close(slot, firstLateDay + Math.floor(random() * span), Closure.Repaid);
        return;
      }
    }
    if (nonPerformingDay > from && nonPerformingDay <= toDay) this.nonPerformingDay.values[slot] = nonPerformingDay;
  }

  private close(slot: number, day: number, closure: Closure): void {
    this.closedDay.values[slot] = day;
    this.closure.values[slot] = closure;
  }

  /** 续贷: a new 12-month contract from the old one's maturity, same borrower and amount, rate at that day's cap. */
  private renew(previous: number, day: number): number {
    const slot = this.allocateSlot();
    this.setTerms(slot, {
      contractDay: day,
      termMonths: 12,
      amountYuan: this.amountYuan.values[previous],
      rate: rateCapOn(day, 12),
      purpose: this.purpose.values[previous],
      township: this.township.values[previous],
      insured: this.insured.values[previous] === 1,
      renewalCount: this.renewalCount.values[previous] + 1,
      previousSlot: previous,
      borrowerSlot: this.borrowerSlot.values[previous],
    });
    const borrower = this.listedBorrowers.get(this.borrowerSlot.values[previous]);
    if (borrower) this.latestSlotByHousehold.set(borrower.householdId, slot);
    return slot;
  }

  /**
   * The contract's changes up to the day it is known to, one per record version. On one day:
   * disbursement, then a status change, then the settlement. No settlement falls on or after
   * the day the loan closed or became NPL (a non-performing loan stops paying).
   */
  private timeline(slot: number): TimelineEntry[] {
    const known = this.knownUntil.values[slot];
    const statusChanges: TimelineEntry[] = [{ day: this.contractDay.values[slot], change: Change.Disbursed }];
    const overdue = this.overdueDay.values[slot];
    const nonPerforming = this.nonPerformingDay.values[slot];
    const closed = this.closedDay.values[slot];
    if (overdue && overdue <= known) statusChanges.push({ day: overdue, change: Change.Overdue });
    if (nonPerforming && nonPerforming <= known) statusChanges.push({ day: nonPerforming, change: Change.NonPerforming });
    if (closed && closed <= known) statusChanges.push({ day: closed, change: this.closure.values[slot] === Closure.Renewed ? Change.Renewed : Change.Repaid });

    let lastPaying = known;
    if (closed) lastPaying = Math.min(lastPaying, closed - 1);
    if (nonPerforming) lastPaying = Math.min(lastPaying, nonPerforming - 1);
    const first = settlementsUpTo(this.contractDay.values[slot] - 1) + 1;
    const last = settlementsUpTo(lastPaying);

    const timeline: TimelineEntry[] = [];
    let next = 0;
    for (let n = first; n <= last; n++) {
      const day = settlementDay(n);
      while (next < statusChanges.length && statusChanges[next].day <= day) timeline.push(statusChanges[next++]);
      timeline.push({ day, change: Change.Settled });
    }
    while (next < statusChanges.length) timeline.push(statusChanges[next++]);
    return timeline;
  }

  /** Interest paid for the days from `start` to `end`, both included; overdue days at the penalty rate. */
  private payment(slot: number, start: number, end: number): InterestPaymentWire {
    const overdueFrom = this.overdueDay.values[slot] || Number.POSITIVE_INFINITY;
    const normalDays = Math.max(0, Math.min(end, overdueFrom - 1) - start + 1);
    const overdueDays = Math.max(0, end - Math.max(start, overdueFrom) + 1);
    return {
      settlementDate: formatDay(end),
      periodStart: formatDay(start),
      interestPaid: this.interest(slot, normalDays, false),
      overdueInterestPaid: this.interest(slot, overdueDays, true),
    };
  }

  /**
   * The interest of `days` days on the contract's principal, as fen text. Memoized: across a
   * book, amount × rate × period length repeats endlessly, and decimal.js is the slow part of a page.
   */
  private interest(slot: number, days: number, penalty: boolean): string {
    if (days <= 0) return '0.00';
    const amountYuan = this.amountYuan.values[slot];
    const rate = this.rateTenThousandths.values[slot];
    const memoizable = amountYuan < 2 ** 17 && rate < 2 ** 14 && days < 2 ** 12; // so the key stays an exact integer
    const key = ((amountYuan * 2 ** 14 + rate) * 2 ** 12 + days) * 2 + (penalty ? 1 : 0);
    let text = memoizable ? this.interestMemo.get(key) : undefined;
    if (text === undefined) {
      const annualRate = new HubDecimal(rate).dividedBy(10_000);
      text = dailyInterest(new HubDecimal(amountYuan), penalty ? annualRate.times(PENALTY_RATE_MULTIPLE) : annualRate, days).toFixed(2);
      if (this.interestMemo.size >= 200_000) this.interestMemo.clear(); // bounded memory
      this.interestMemo.set(key, text);
    }
    return text;
  }


  /**
   * Appends to the feed the changes of contracts touched in this round, in day order (then
   * contract order, then version order): contracts before `firstNew` from the day after they
   * were known to (`knownBefore`), new ones from the start. 'latest-version' publishes one record per contract.
   */
  private publishChanges(firstNew: number, knownBefore: Map<number, number>, versions: 'every-version' | 'latest-version'): number {
    const byDay = new Map<number, number[]>(); // day → [slot, version, slot, version, …]
    const add = (day: number, slot: number, version: number) => {
      let bucket = byDay.get(day);
      if (!bucket) byDay.set(day, (bucket = []));
      bucket.push(slot, version);
    };
    const publish = (slot: number, after: number) => {
      const timeline = this.timeline(slot);
      if (versions === 'latest-version') {
        if (timeline.length > 0) add(timeline[timeline.length - 1].day, slot, timeline.length);
        return;
      }
      timeline.forEach((entry, index) => {
        if (entry.day > after) add(entry.day, slot, index + 1);
      });
    };
    for (const [slot, known] of knownBefore) publish(slot, known);
    for (let slot = firstNew; slot < this.count; slot++) publish(slot, Number.NEGATIVE_INFINITY);

    let added = 0;
    for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
      const bucket = byDay.get(day)!;
      for (let i = 0; i < bucket.length; i += 2) this.feed.append(bucket[i], bucket[i + 1]);
      added += bucket.length / 2;
    }
    return added;
  }
}
