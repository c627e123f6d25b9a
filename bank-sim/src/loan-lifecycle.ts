/** Status progression: what happens to an open contract as the bank's days pass (repaid, renewed, overdue, NPL). */
import type { WireLoanStatus } from '../../contracts/bank-connector/protocol';
import { Closure, ContractColumns } from './contract-columns';
import { DAYS_OVERDUE_BEFORE_NPL, EARLY_REPAYMENT_PER_QUARTER, LATE_REPAYMENT_PER_MONTH, MATURITY_OUTCOMES } from './lending-policy';
import { chanceWithin, pickWeighted, Random, randomInt } from '../../common/seeded-random';

export class LoanLifecycle {
  renewalsAllowed = true;

  constructor(
    private readonly contracts: ContractColumns,
    private readonly random: Random,
    /** Opens the renewal of contract `previous` on `day` and returns its slot. */
    private readonly renew: (previous: number, day: number) => number,
  ) {}

  /**
   * Decides what happens to contract `slot` between the day it is known to and `toDay`:
   * early repayment, the outcome at maturity (repaid, renewed into a new contract, overdue),
   * late repayment or NPL. Only days after `knownUntil` change, so published versions stay true.
   */
  evolve(slot: number, toDay: number): void {
    const contracts = this.contracts;
    const from = contracts.knownUntil.values[slot];
    contracts.knownUntil.values[slot] = toDay;
    if (contracts.closure.values[slot] !== Closure.Open || contracts.nonPerformingDay.values[slot]) return;
    const random = this.random;
    const maturity = contracts.maturityDay.values[slot];
    const earliestClose = Math.max(from + 1, contracts.contractDay.values[slot] + 1);

    if (!contracts.overdueDay.values[slot]) {
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
      const mayRenew = this.renewalsAllowed && contracts.renewalCount.values[slot] === 0; // 续贷 once only
      if (outcome === 'REPAID' || (outcome === 'RENEWED' && !mayRenew)) {
        this.close(slot, Math.max(earliestClose, maturity - randomInt(random, 0, 4)), Closure.Repaid);
        return;
      }
      if (outcome === 'RENEWED') {
        this.close(slot, maturity, Closure.Renewed);
        this.evolve(this.renew(slot, maturity), toDay);
        return;
      }
      contracts.overdueDay.values[slot] = maturity;
    }

    const overdueDay = contracts.overdueDay.values[slot];
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
    if (nonPerformingDay > from && nonPerformingDay <= toDay) contracts.nonPerformingDay.values[slot] = nonPerformingDay;
  }

  private close(slot: number, day: number, closure: Closure): void {
    this.contracts.closedDay.values[slot] = day;
    this.contracts.closure.values[slot] = closure;
  }
}

/** The contract's status as far as the book knows it. */
export function statusNow(contracts: ContractColumns, slot: number): WireLoanStatus {
  const closure = contracts.closure.values[slot];
  if (closure === Closure.Repaid) return 'REPAID';
  if (closure === Closure.Renewed) return 'RENEWED';
  if (contracts.nonPerformingDay.values[slot]) return 'NPL';
  if (contracts.overdueDay.values[slot]) return 'OVERDUE';
  return 'DISBURSED';
}
