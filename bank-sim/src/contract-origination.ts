/** New contracts with realistic terms (date, term, amount, rate, purpose, insurance) and 续贷 renewals. */
import type { ContractColumns } from './contract-columns';
import { LENDING_WINDOW_DAYS, PURPOSE_CODES, PURPOSES, rateCapOn } from './lending-policy';
import { pickWeighted, Random, randomInt } from '../../common/seeded-random';

export class ContractOrigination {
  constructor(
    private readonly contracts: ContractColumns,
    private readonly random: Random,
  ) {}

  /** A new contract with realistic terms, dated within the lending window before `asOfDay`. */
  open({ townshipCode, asOfDay, notBefore }: { townshipCode: string; asOfDay: number; notBefore?: number }): number {
    const random = this.random;
    const slot = this.contracts.allocateSlot();
    const earliest = Math.min(asOfDay, Math.max(asOfDay - LENDING_WINDOW_DAYS, notBefore ?? Number.NEGATIVE_INFINITY));
    const contractDay = randomInt(random, earliest, asOfDay);
    // 48 months is above the 3-year policy limit: a few such loans test the hub's checks.
    const termMonths = pickWeighted(random, [
      [12, 30],
      [24, 20],
      [36, 48],
      [48, 2],
    ] as const);
    this.contracts.setTerms(slot, {
      contractDay,
      termMonths,
      amountYuan: this.randomAmount(),
      rate: this.randomRate(contractDay, termMonths),
      purpose: PURPOSE_CODES.indexOf(pickWeighted(random, PURPOSES)),
      township: this.contracts.townshipSlot(townshipCode),
      insured: random() < 0.4,
      renewalCount: 0,
      previousSlot: -1,
      borrowerSlot: slot,
    });
    return slot;
  }

  /** 续贷: a new 12-month contract from the old one's maturity, same borrower and amount, rate at that day's cap. */
  renew(previous: number, day: number): number {
    const contracts = this.contracts;
    const slot = contracts.allocateSlot();
    contracts.setTerms(slot, {
      contractDay: day,
      termMonths: 12,
      amountYuan: contracts.amountYuan.values[previous],
      rate: rateCapOn(day, 12),
      purpose: contracts.purpose.values[previous],
      township: contracts.township.values[previous],
      insured: contracts.insured.values[previous] === 1,
      renewalCount: contracts.renewalCount.values[previous] + 1,
      previousSlot: previous,
      borrowerSlot: contracts.borrowerSlot.values[previous],
    });
    return slot;
  }

  /** Mostly 10,000–50,000 in steps of 1,000 (many take the full 50,000); a few additional loans up to 100,000. */
  private randomAmount(): number {
    const random = this.random;
    const band = pickWeighted(random, [
      ['full', 40],
      ['upper', 30],
      ['lower', 25],
      ['additional', 5],
    ] as const);
    if (band === 'full') return 50_000;
    if (band === 'upper') return randomInt(random, 30, 49) * 1000;
    if (band === 'lower') return randomInt(random, 10, 29) * 1000;
    return randomInt(random, 51, 100) * 1000;
  }

  /** At or a little under the cap in force; about 3 % of contracts above it. */
  private randomRate(contractDay: number, termMonths: number): number {
    const cap = rateCapOn(contractDay, termMonths);
    if (this.random() < 0.03) return cap + randomInt(this.random, 1, 5) * 10;
    return (
      cap -
      pickWeighted(this.random, [
        [0, 50],
        [5, 15],
        [10, 15],
        [20, 10],
        [30, 10],
      ] as const)
    );
  }
}
