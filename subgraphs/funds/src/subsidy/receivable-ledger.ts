/**
 * What a county's subsidy receivables mean in the ledger (issue 14), one entry per step, each
 * idempotent by a key made of the run or the event (posting again after a crash, or on the next
 * run's computation, changes nothing):
 *
 *   found      RECEIVABLE_FOUND        debit  subsidy-receivable:<county>          Σ the run's receivables
 *              (run computed)          credit subsidy-budget:<county>:<year>       (overpaid money was no subsidy: back in the budget)
 *   netted     RECEIVABLE_NETTED       debit  subsidy-budget:<county>:<year>       Σ withheld by the run
 *              (run computed)          credit subsidy-receivable:<county>          (the households' subsidy, settled by what they owed)
 *   repaid     RECEIVABLE_REPAID       debit  subsidy-funding:<county>:<year>      the repayment (the money is back with the treasury)
 *                                      credit subsidy-receivable:<county>
 *   written    RECEIVABLE_WRITTEN_OFF  debit  subsidy-budget:<county>:<year>       what was open (the budget bears the loss)
 *     off                              credit subsidy-receivable:<county>
 *
 * A run superseded after its entries were posted has them reversed (REVERSAL), so that the
 * receivable account's balance is always the total of the county's open receivables. The year of
 * a run's entries is its quarter's; of a repayment or write-off, that of the run that found the
 * receivable.
 */
import type Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import type { LedgerService } from '../ledger/ledger.service';
import { budgetYearOfQuarter, subsidyBudgetAccountCode, subsidyFundingAccountCode } from '../subsidy-budget/subsidy-budget-accounts';

export const subsidyReceivableAccountCode = (countyCode: string) => `subsidy-receivable:${countyCode}`;

const KEY = {
  found: 'subsidy-receivable-found-',
  netted: 'subsidy-receivable-netted-',
  repaid: 'subsidy-receivable-repaid-',
  writtenOff: 'subsidy-receivable-written-off-',
  reversed: '-reversed',
} as const;

const RUN_ACTOR = 'hub';

interface Step {
  key: string;
  reason: 'RECEIVABLE_FOUND' | 'RECEIVABLE_NETTED' | 'RECEIVABLE_REPAID' | 'RECEIVABLE_WRITTEN_OFF';
  description: string;
  effectiveDate: string;
  debit: string;
  credit: string;
  amount: string;
  actor: string;
  /** Its run was superseded: reverse it once posted. */
  voided: boolean;
}

export class ReceivableLedger {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly today: () => string = () => shanghaiDate(),
  ) {}

  /** Posts every step of the county's receivables not posted yet, and reverses those of superseded runs. */
  async post(countyCode: string): Promise<void> {
    const receivable = subsidyReceivableAccountCode(countyCode);
    const runs: { id: string; quarter: string; status: string; found: string | null; netted: string | null }[] = await this.dataSource.query(
      `SELECT r.id, r.quarter, r.status,
              (SELECT sum(amount)::text FROM funds.subsidy_receivables WHERE run_id = r.id) AS found,
              (SELECT sum(amount)::text FROM funds.subsidy_receivable_events WHERE run_id = r.id AND kind = 'NETTED') AS netted
       FROM funds.subsidy_runs r
       WHERE r.county_code = $1 AND r.status IN ('COMPUTED', 'SUPERSEDED')
         AND (EXISTS (SELECT 1 FROM funds.subsidy_receivables WHERE run_id = r.id) OR EXISTS (SELECT 1 FROM funds.subsidy_receivable_events WHERE run_id = r.id))`,
      [countyCode],
    );
    const events: {
      id: string;
      kind: string;
      amount: string;
      quarter: string;
      paid_on: string | null;
      recorded_at: string;
      recorded_by: string;
      reference: string | null;
    }[] = await this.dataSource.query(
      `SELECT e.id, e.kind, e.amount::text AS amount, r.quarter, e.paid_on::text AS paid_on, to_char(e.recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS recorded_at,
                e.recorded_by, e.reference
         FROM funds.subsidy_receivable_events e JOIN funds.subsidy_receivables r ON r.id = e.receivable_id
         WHERE e.county_code = $1 AND e.kind IN ('REPAID', 'WRITTEN_OFF')`,
      [countyCode],
    );
    const steps: Step[] = [];
    for (const run of runs) {
      const budget = subsidyBudgetAccountCode(countyCode, budgetYearOfQuarter(run.quarter));
      const voided = run.status === 'SUPERSEDED';
      const common = { effectiveDate: this.today(), actor: RUN_ACTOR, voided };
      if (run.found)
        steps.push({
          ...common,
          key: `${KEY.found}${run.id}`,
          reason: 'RECEIVABLE_FOUND',
          description: `subsidy ${run.quarter} of ${countyCode}: overpayments left to recover`,
          debit: receivable,
          credit: budget,
          amount: run.found,
        });
      if (run.netted)
        steps.push({
          ...common,
          key: `${KEY.netted}${run.id}`,
          reason: 'RECEIVABLE_NETTED',
          description: `subsidy ${run.quarter} of ${countyCode}: receivables withheld from households' lines`,
          debit: budget,
          credit: receivable,
          amount: run.netted,
        });
    }
    for (const event of events) {
      const year = budgetYearOfQuarter(event.quarter);
      if (event.kind === 'REPAID')
        steps.push({
          key: `${KEY.repaid}${event.id}`,
          reason: 'RECEIVABLE_REPAID',
          description: `subsidy receivable of ${countyCode} repaid: ${event.reference}`,
          effectiveDate: event.paid_on!,
          debit: subsidyFundingAccountCode(countyCode, year),
          credit: receivable,
          amount: event.amount,
          actor: event.recorded_by,
          voided: false,
        });
      else
        steps.push({
          key: `${KEY.writtenOff}${event.id}`,
          reason: 'RECEIVABLE_WRITTEN_OFF',
          description: `subsidy receivable of ${countyCode} written off`,
          effectiveDate: event.recorded_at,
          debit: subsidyBudgetAccountCode(countyCode, year),
          credit: receivable,
          amount: event.amount,
          actor: event.recorded_by,
          voided: false,
        });
    }
    if (!steps.length) return;
    const keys = steps.flatMap((s) => [s.key, `${s.key}${KEY.reversed}`]);
    const posted: { idempotency_key: string; id: string }[] = await this.dataSource.query(
      `SELECT idempotency_key, id FROM funds.journal_entries WHERE idempotency_key = ANY($1::text[])`,
      [keys],
    );
    const entryOf = new Map(posted.map((p) => [p.idempotency_key, p.id]));
    // Each account the steps still to post touch, opened once (not once per step).
    const toPost = steps.filter((s) => !s.voided && !entryOf.has(s.key));
    await this.ledger.openAccount({ code: receivable, kind: 'SUBSIDY_RECEIVABLE', countyCode });
    for (const code of new Set(toPost.flatMap((s) => [s.debit, s.credit]))) await this.openAccountFor(code, countyCode);
    for (const step of steps) {
      let entryId = entryOf.get(step.key);
      if (!entryId) {
        // A superseded run's step never posted: nothing to post and reverse.
        if (step.voided) continue;
        const entry = await this.ledger.post(
          {
            idempotencyKey: step.key,
            reasonCode: step.reason,
            description: step.description,
            effectiveDate: step.effectiveDate,
            postings: [
              { accountCode: step.debit, amount: step.amount },
              { accountCode: step.credit, amount: `-${step.amount}` },
            ],
          },
          step.actor,
        );
        entryId = entry.id;
      }
      if (step.voided && !entryOf.has(`${step.key}${KEY.reversed}`))
        await this.ledger.reverse(entryId, `${step.key}${KEY.reversed}`, `the run was superseded by a recomputation: its receivables do not stand`, step.actor);
    }
  }

  private async openAccountFor(code: string, countyCode: string): Promise<void> {
    if (code.startsWith('subsidy-budget:')) await this.ledger.openAccount({ code, kind: 'SUBSIDY_BUDGET', countyCode });
    else if (code.startsWith('subsidy-funding:')) await this.ledger.openAccount({ code, kind: 'SUBSIDY_FUNDING', countyCode });
  }

  /** The receivable account's balance (null before anything was posted: the account is not open). */
  async balance(countyCode: string): Promise<Decimal | null> {
    const balances = await this.ledger.balancesOfOpenAccounts([subsidyReceivableAccountCode(countyCode)]);
    return balances.get(subsidyReceivableAccountCode(countyCode))?.balance ?? null;
  }
}
