/** Interest arithmetic: a period's interest, and the memoized settlement payments of the book's contracts. */
/*
 * Interest (DOMAIN "The interest subsidy"): daily rate = annual rate / 360; a settlement period
 * runs from the day after the previous settlement (or the disbursement day) to the settlement
 * day, both included; the repayment day itself earns nothing (算头不算尾). Days on or after the
 * day a loan fell overdue earn penalty interest at 1.5 × the contract rate instead, reported
 * as overdueInterestPaid. Amounts are rounded to the fen, half up, with decimal.js.
 */
import Decimal from 'decimal.js';
import type { InterestPaymentWire } from '../../contracts/bank-connector/protocol';
import { HubDecimal, toFen } from '../../common/money';
import { formatDay, parseDay } from './calendar';
import type { ContractColumns } from './contract-columns';
import { PENALTY_RATE_MULTIPLE } from './lending-policy';

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

/** The interest payments of one book's contracts, from their amount, rate and overdue day. */
export class ContractInterest {
  private readonly interestMemo = new Map<number, string>();

  constructor(private readonly contracts: ContractColumns) {}

  /** Interest paid for the days from `start` to `end`, both included; overdue days at the penalty rate. */
  payment(slot: number, start: number, end: number): InterestPaymentWire {
    const overdueFrom = this.contracts.overdueDay.values[slot] || Number.POSITIVE_INFINITY;
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
    const amountYuan = this.contracts.amountYuan.values[slot];
    const rate = this.contracts.rateTenThousandths.values[slot];
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
}
