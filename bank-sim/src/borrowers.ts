/** Who borrows each contract: households from the bank's list, or synthetic borrowers derived from the slot. */
import { composeResidentId } from '../../common/domain/resident-id';
import { formatDay, parseDay } from './calendar';
import { Closure, ContractColumns } from './contract-columns';

/** A household from the bank's beneficiary list that takes a loan. */
export interface Borrower {
  householdId: string;
  residentId: string;
  townshipCode: string;
  /** The first day the household was on this bank's list: no contract before it. */
  listedSinceDay: number;
}

const SYNTHETIC_BIRTHS_FROM = parseDay('1962-01-01')!;

export class BookBorrowers {
  /** Borrowers from the list, by the slot of their first contract; synthetic borrowers are derived. */
  private readonly listedBorrowers = new Map<number, Borrower>();
  /** A listed household's latest contract, to know who is already borrowing. */
  private readonly latestSlotByHousehold = new Map<string, number>();

  constructor(
    private readonly contracts: ContractColumns,
    /** Keeps synthetic borrower IDs of different banks apart. */
    private readonly bankIndex: number,
  ) {}

  /** Households whose latest loan is not repaid or renewed as the book knows it (NPL included). */
  isBorrowing(householdId: string): boolean {
    const slot = this.latestSlotByHousehold.get(householdId);
    return slot !== undefined && this.contracts.closure.values[slot] !== Closure.Repaid;
  }

  /** The household's latest contract, if it has one. */
  latestSlotOf(householdId: string): number | undefined {
    return this.latestSlotByHousehold.get(householdId);
  }

  /** Contract `slot` is the first of a line lent to `borrower`. */
  lentTo(slot: number, borrower: Borrower): void {
    this.listedBorrowers.set(slot, borrower);
    this.latestSlotByHousehold.set(borrower.householdId, slot);
  }

  /** Contract `slot` renews `previous`: a listed household's latest contract moves on to it. */
  renewed(previous: number, slot: number): void {
    const borrower = this.listedBorrowers.get(this.contracts.borrowerSlot.values[previous]);
    if (borrower) this.latestSlotByHousehold.set(borrower.householdId, slot);
  }

  of(slot: number): { householdId: string | null; residentId: string } {
    const root = this.contracts.borrowerSlot.values[slot];
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
    const county = this.contracts.townshipCodes[this.contracts.township.values[slot]].slice(0, 6);
    return composeResidentId(county, formatDay(birthDay), serial % 1000);
  }
}
