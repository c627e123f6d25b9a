/**
 * What a payout batch means in the ledger, one entry per step, each idempotent by a key made of
 * the batch id (so posting again after a crash or on the next dispatch round changes nothing):
 *
 *   approved  PAYOUT_INSTRUCTED  debit  subsidy-budget:<county>:<year>          total
 *                                credit subsidy-in-transit:<county>:<bank>      total
 *   closed    PAYOUT_CONFIRMED   debit  subsidy-in-transit:<county>:<bank>      paid
 *                                credit subsidy-funding:<county>:<year>         paid     (the money left)
 *             PAYOUT_FAILED      debit  subsidy-in-transit:<county>:<bank>      failed
 *                                credit subsidy-budget:<county>:<year>          failed   (back in the budget)
 *
 * so the in-transit account of a closed batch is back to zero, and the budget's balance tells
 * what is left to pay this year. The budget is filled by the finance bureau's allocation
 * (BUDGET_ALLOCATED, subsidy-budget.service.ts), which approval checks covers the batch first.
 */
import Decimal from 'decimal.js';
import type { LedgerService } from '../ledger/ledger.service';
import { budgetYearOfQuarter, subsidyBudgetAccountCode, subsidyFundingAccountCode } from '../subsidy-budget/subsidy-budget-accounts';
import type { PayoutBatchRecord } from './payout-batch.entity';

/** The ledger key of a batch's entry at each step: what the payout code posts, and what the repair sweep and the reconciliation look for. */
export const PAYOUT_LEDGER_KEY = {
  instructed: 'payout-instructed-',
  confirmed: 'payout-confirmed-',
  failed: 'payout-failed-',
} as const;

export class PayoutLedger {
  constructor(private readonly ledger: LedgerService) {}

  private async accounts(batch: PayoutBatchRecord) {
    const year = budgetYearOfQuarter(batch.quarter);
    const budget = subsidyBudgetAccountCode(batch.countyCode, year);
    const funding = subsidyFundingAccountCode(batch.countyCode, year);
    const transit = `subsidy-in-transit:${batch.countyCode}:${batch.bankCode}`;
    await this.ledger.openAccount({ code: budget, kind: 'SUBSIDY_BUDGET', countyCode: batch.countyCode });
    await this.ledger.openAccount({ code: funding, kind: 'SUBSIDY_FUNDING', countyCode: batch.countyCode });
    await this.ledger.openAccount({ code: transit, kind: 'SUBSIDY_IN_TRANSIT', countyCode: batch.countyCode, bankCode: batch.bankCode });
    return { budget, funding, transit };
  }

  async approved(batch: PayoutBatchRecord, actor: string): Promise<void> {
    const { budget, transit } = await this.accounts(batch);
    const total = batch.totalAmount.toFixed(2);
    await this.ledger.post(
      {
        idempotencyKey: `${PAYOUT_LEDGER_KEY.instructed}${batch.id}`,
        reasonCode: 'PAYOUT_INSTRUCTED',
        description: `subsidy ${batch.quarter} to ${batch.bankCode}: ${batch.lineCount} lines approved`,
        effectiveDate: (batch.approvedAt ?? new Date()).toISOString().slice(0, 10),
        postings: [
          { accountCode: budget, amount: total },
          { accountCode: transit, amount: `-${total}` },
        ],
      },
      actor,
    );
  }

  async closed(batch: PayoutBatchRecord): Promise<void> {
    const { budget, funding, transit } = await this.accounts(batch);
    const effectiveDate = (batch.closedAt ?? new Date()).toISOString().slice(0, 10);
    const steps: [string, 'PAYOUT_CONFIRMED' | 'PAYOUT_FAILED', Decimal, string][] = [
      [`${PAYOUT_LEDGER_KEY.confirmed}${batch.id}`, 'PAYOUT_CONFIRMED', batch.paidAmount, funding],
      [`${PAYOUT_LEDGER_KEY.failed}${batch.id}`, 'PAYOUT_FAILED', batch.failedAmount, budget],
    ];
    for (const [key, reason, amount, counterpart] of steps) {
      if (new Decimal(amount).isZero()) continue;
      await this.ledger.post(
        {
          idempotencyKey: key,
          reasonCode: reason,
          description: `subsidy ${batch.quarter} at ${batch.bankCode}: ${reason === 'PAYOUT_CONFIRMED' ? 'paid' : 'failed'} ${amount.toFixed(2)}`,
          effectiveDate,
          postings: [
            { accountCode: transit, amount: amount.toFixed(2) },
            { accountCode: counterpart, amount: `-${amount.toFixed(2)}` },
          ],
        },
        'hub',
      );
    }
  }
}
