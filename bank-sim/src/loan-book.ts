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
 * The pieces: contract-columns.ts (the rows), contract-origination.ts (new contracts and
 * renewals), loan-lifecycle.ts (what happens as days pass), loan-timeline.ts (a contract's
 * versions), interest.ts (the interest rules), change-feed.ts, borrowers.ts; this file lends,
 * advances and reads the book.
 */
import type { InterestPaymentWire, LoanRecordWire, WireLoanStatus } from '../../contracts/bank-connector/protocol';
import { HubDecimal } from '../../common/money';
import { shanghaiDate } from '../../common/domain/calendar-date';
import { BookBorrowers, Borrower } from './borrowers';
import { formatDay, parseDay } from './calendar';
import { ChangeFeed, publishChanges } from './change-feed';
import { Closure, ContractColumns } from './contract-columns';
import { ContractOrigination } from './contract-origination';
import { ContractInterest } from './interest';
import { PURPOSE_CODES } from './lending-policy';
import { LoanLifecycle, statusNow } from './loan-lifecycle';
import { Change, timeline } from './loan-timeline';
import type { Random } from '../../common/seeded-random';

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
  private readonly contracts = new ContractColumns();
  private readonly borrowers: BookBorrowers;
  private readonly origination: ContractOrigination;
  private readonly lifecycle: LoanLifecycle;
  private readonly interest = new ContractInterest(this.contracts);

  constructor(
    readonly bankCode: string,
    /** Keeps synthetic borrower IDs of different banks apart. */
    bankIndex: number,
    random: Random,
    /** The bank's calendar day (Asia/Shanghai, as the hub's): the book is never lived past it. */
    private readonly today: () => number = () => parseDay(shanghaiDate())!,
  ) {
    this.borrowers = new BookBorrowers(this.contracts, bankIndex);
    this.origination = new ContractOrigination(this.contracts, random);
    this.lifecycle = new LoanLifecycle(this.contracts, random, (previous, day) => this.renew(previous, day));
  }

  /** Households whose latest loan is not repaid or renewed as the book knows it (NPL included). */
  isBorrowing(householdId: string): boolean {
    return this.borrowers.isBorrowing(householdId);
  }

  /**
   * Lends to listed households: contracts dated over the two years before `asOfDay`, each then
   * lived through to `asOfDay` (settlements, repayment, renewal, overdue, NPL). Every change
   * goes to the feed, in day order, so the feed tells each loan's history version by version.
   */
  lend(borrowers: Borrower[], asOfDay: number): LendingResult {
    this.notAfterToday(asOfDay, 'asOf');
    const firstNew = this.contracts.count;
    for (const borrower of borrowers) {
      // Repeat borrowing comes after full repayment: the new contract is dated no earlier.
      const previous = this.borrowers.latestSlotOf(borrower.householdId);
      const notBefore = Math.max(borrower.listedSinceDay, previous === undefined ? borrower.listedSinceDay : this.contracts.closedDay.values[previous]);
      const slot = this.origination.open({ townshipCode: borrower.townshipCode, asOfDay, notBefore });
      this.borrowers.lentTo(slot, borrower);
      this.lifecycle.evolve(slot, asOfDay);
    }
    const added = publishChanges(this.feed, this.contracts, firstNew, new Map(), 'every-version');
    return { contractsOpened: this.contracts.count - firstNew, renewals: this.contracts.count - firstNew - borrowers.length, feedRecordsAdded: added };
  }

  /**
   * Synthesizes `count` loans for benchmarks, without a list: borrowers get valid synthetic
   * resident IDs (derived from the slot, not stored). Only each contract's latest version goes to
   * the feed: the book as a bank would hand it over when the connector goes live.
   */
  generate(count: number, asOfDay: number, townshipCodes: string[]): LendingResult {
    if (townshipCodes.length === 0) throw new Error('no townships to lend in');
    this.notAfterToday(asOfDay, 'asOf');
    const firstNew = this.contracts.count;
    let opened = 0;
    while (this.contracts.count - firstNew < count) {
      // A renewal opens a second contract: the last one may not renew, so `count` is exact.
      this.lifecycle.renewalsAllowed = this.contracts.count - firstNew < count - 1;
      const slot = this.origination.open({ townshipCode: townshipCodes[opened++ % townshipCodes.length], asOfDay });
      this.lifecycle.evolve(slot, asOfDay);
    }
    this.lifecycle.renewalsAllowed = true;
    const added = publishChanges(this.feed, this.contracts, firstNew, new Map(), 'latest-version');
    return { contractsOpened: count, renewals: count - opened, feedRecordsAdded: added };
  }

  /** Moves every open contract forward to `toDay`, publishing each change it makes. */
  advance(toDay: number): LendingResult {
    this.notAfterToday(toDay, 'to');
    const firstNew = this.contracts.count;
    const knownBefore = new Map<number, number>();
    for (let slot = 0; slot < firstNew; slot++) {
      const known = this.contracts.knownUntil.values[slot];
      if (known >= toDay) continue;
      knownBefore.set(slot, known);
      this.lifecycle.evolve(slot, toDay);
    }
    const added = publishChanges(this.feed, this.contracts, firstNew, knownBefore, 'every-version');
    return { contractsOpened: this.contracts.count - firstNew, renewals: this.contracts.count - firstNew, feedRecordsAdded: added };
  }

  /** The record of contract `slot` at `version` (1 = disbursed), exactly as it was published. */
  record(slot: number, version: number): LoanRecordWire {
    const contracts = this.contracts;
    const entries = timeline(contracts, slot).slice(0, version);
    const amount = new HubDecimal(contracts.amountYuan.values[slot]);
    const contractDay = contracts.contractDay.values[slot];
    let status: WireLoanStatus = 'DISBURSED';
    let statusDay = contractDay;
    let outstanding = amount;
    let periodStart = contractDay;
    const interestPayments: InterestPaymentWire[] = [];
    for (const { day, change } of entries) {
      switch (change) {
        case Change.Disbursed:
          break;
        case Change.Settled:
          interestPayments.push(this.interest.payment(slot, periodStart, day));
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
          if (periodStart <= day - 1) interestPayments.push(this.interest.payment(slot, periodStart, day - 1));
          status = change === Change.Repaid ? 'REPAID' : 'RENEWED';
          statusDay = day;
          outstanding = new HubDecimal(0);
          break;
      }
    }
    const townshipCode = contracts.townshipCodes[contracts.township.values[slot]];
    const borrower = this.borrowers.of(slot);
    const previous = contracts.previousSlot.values[slot];
    return {
      contractNo: this.contractNo(slot),
      recordVersion: version,
      householdId: borrower.householdId,
      borrowerResidentId: borrower.residentId,
      countyCode: townshipCode.slice(0, 6),
      townshipCode,
      amount: amount.toFixed(2),
      annualRate: `0.${String(contracts.rateTenThousandths.values[slot]).padStart(4, '0')}`, // rates stay below 100 %
      termMonths: contracts.termMonths.values[slot],
      contractDate: formatDay(contractDay),
      maturityDate: formatDay(contracts.maturityDay.values[slot]),
      purposeCategory: PURPOSE_CODES[contracts.purpose.values[slot]],
      status,
      statusDate: formatDay(statusDay),
      outstandingPrincipal: outstanding.toFixed(2),
      previousContractNo: previous >= 0 ? this.contractNo(previous) : null,
      renewalCount: contracts.renewalCount.values[slot],
      insured: contracts.insured.values[slot] === 1,
      convertedToFarmerLoan: false,
      interestPayments,
    };
  }

  summary(): LoanBookSummary {
    const byStatus: Partial<Record<WireLoanStatus, number>> = {};
    let outstandingYuan = 0; // whole yuan: exact in a double far beyond any book's size
    let bookDay = -1;
    for (let slot = 0; slot < this.contracts.count; slot++) {
      const status = statusNow(this.contracts, slot);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (this.contracts.closure.values[slot] === Closure.Open) outstandingYuan += this.contracts.amountYuan.values[slot];
      bookDay = Math.max(bookDay, this.contracts.knownUntil.values[slot]);
    }
    return {
      contracts: this.contracts.count,
      byStatus,
      outstandingPrincipal: new HubDecimal(outstandingYuan).toFixed(2),
      feedLength: this.feed.length,
      bookDate: bookDay >= 0 ? formatDay(bookDay) : null,
    };
  }

  // -------------------------------------------------------------------------------------------

  /**
   * A bank reports what has happened: a book lived past today would publish contracts, statuses
   * and settlements dated in the future, which the hub refuses (DATE_IN_FUTURE). Refused rather
   * than cut short, so a request means the same on any later day.
   */
  private notAfterToday(day: number, field: string): void {
    const today = this.today();
    if (day > today)
      throw new RangeError(
        `${field}: ${formatDay(day)} is after the bank's today (${formatDay(today)}, Asia/Shanghai); a bank lends and settles only up to today`,
      );
  }

  /** The slot of one of this book's contract numbers (they end in slot + 1). */
  slotOf(contractNo: string): number {
    const slot = Number(contractNo.slice(contractNo.lastIndexOf('XD') + 2)) - 1;
    if (!(slot >= 0 && slot < this.contracts.count) || this.contractNo(slot) !== contractNo) throw new RangeError(`no contract ${contractNo} in this book`);
    return slot;
  }

  private contractNo(slot: number): string {
    const year = formatDay(this.contracts.contractDay.values[slot]).slice(0, 4);
    return `${this.bankCode}${year}XD${String(slot + 1).padStart(8, '0')}`;
  }

  /** A renewal keeps the borrower: a listed household's latest contract becomes the new one. */
  private renew(previous: number, day: number): number {
    const slot = this.origination.renew(previous, day);
    this.borrowers.renewed(previous, slot);
    return slot;
  }
}
