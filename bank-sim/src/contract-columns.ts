/** The book's contracts as typed-array columns, one row ("slot") per contract: terms, key dates, closure. */
import { addMonths } from './calendar';
import { int32Column, uint16Column, uint8Column } from './typed-column';

export const enum Closure {
  Open = 0,
  Repaid = 1,
  Renewed = 2,
}

/** What a contract is agreed on; `purpose` and `township` are indexes (PURPOSE_CODES, townshipCodes). */
export interface ContractTerms {
  contractDay: number;
  termMonths: number;
  amountYuan: number;
  rate: number;
  purpose: number;
  township: number;
  insured: boolean;
  renewalCount: number;
  previousSlot: number;
  borrowerSlot: number;
}

export class ContractColumns {
  count = 0;

  // One entry per contract ("slot"). Day columns use 0 for "never" (1970-01-01 is no loan's date).
  readonly contractDay = int32Column();
  readonly maturityDay = int32Column();
  readonly overdueDay = int32Column();
  readonly nonPerformingDay = int32Column();
  readonly closedDay = int32Column();
  readonly closure = uint8Column();
  /** The last day the bank has processed for this contract; later events are not decided yet. */
  readonly knownUntil = int32Column();
  readonly termMonths = uint8Column();
  readonly amountYuan = int32Column();
  readonly rateTenThousandths = uint16Column();
  readonly purpose = uint8Column();
  readonly township = uint16Column();
  readonly insured = uint8Column();
  readonly renewalCount = uint8Column();
  readonly previousSlot = int32Column();
  /** The contract whose borrower this is (itself, or the first contract of a renewed line). */
  readonly borrowerSlot = int32Column();

  readonly townshipCodes: string[] = [];
  private readonly townshipIndex = new Map<string, number>();

  townshipSlot(code: string): number {
    let index = this.townshipIndex.get(code);
    if (index === undefined) {
      index = this.townshipCodes.length;
      this.townshipCodes.push(code);
      this.townshipIndex.set(code, index);
    }
    return index;
  }

  allocateSlot(): number {
    const slot = this.count++;
    for (const column of [
      this.contractDay,
      this.maturityDay,
      this.overdueDay,
      this.nonPerformingDay,
      this.closedDay,
      this.closure,
      this.knownUntil,
      this.termMonths,
      this.amountYuan,
      this.rateTenThousandths,
      this.purpose,
      this.township,
      this.insured,
      this.renewalCount,
      this.previousSlot,
      this.borrowerSlot,
    ]) {
      column.ensure(this.count);
    }
    return slot;
  }

  setTerms(slot: number, terms: ContractTerms): void {
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
}
