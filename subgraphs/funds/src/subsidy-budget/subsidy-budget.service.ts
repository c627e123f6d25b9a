/**
 * The interest subsidy's budget (财政贴息资金): at the start of each year the county's finance
 * bureau allocates it (000 Jiangxi §二), recorded here as a BUDGET_ALLOCATED ledger entry from the
 * year's funding account into the county's subsidy budget account, idempotent by the allocation's
 * reference (the budget document's number). Approving a payout batch draws its total from the
 * budget of the quarter's year (payout-ledger.ts posts it), and only when the budget covers it:
 * `assertCovers` runs inside the approval's transaction under a lock per budget, so two approvals
 * cannot both spend the same money. Failed lines are credited back to the budget when their batch
 * is answered.
 */
import type Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { type Caller, isCountyFinance, isCountyOfficial } from '../../../../common/auth/caller';
import { COUNTY_CODE, TRANSFER_REFERENCE } from '../../../../common/codes';
import { isIsoDate } from '../../../../common/domain/calendar-date';
import { badInput, forbidden, HubError } from '../../../../common/errors/hub-error';
import { HubDecimal, isPositiveYuan } from '../../../../common/money';
import { LedgerError, type LedgerService } from '../ledger/ledger.service';
import { PAYOUT_LEDGER_KEY } from '../payout/payout-ledger';
import { availableBudget, checkBudget } from './domain/budget-check';
import { budgetYearOfQuarter, subsidyBudgetAccountCode, subsidyFundingAccountCode } from './subsidy-budget-accounts';

export interface SubsidyBudgetAllocationInput {
  countyCode: string;
  year: number;
  /** Yuan with at most two decimals, above 0. */
  amount: string;
  /** YYYY-MM-DD the allocation takes effect. */
  effectiveDate: string;
  /** The budget document's number: the same reference twice is recorded once. */
  reference: string;
}

export interface SubsidyBudgetAllocation {
  reference: string;
  amount: Decimal;
  effectiveDate: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface SubsidyBudgetPosition {
  countyCode: string;
  year: number;
  /** Allocated for the year (net of any reversal). */
  allocated: Decimal;
  /** Drawn by approved batches, less the failed lines returned. */
  committed: Decimal;
  /** allocated − committed: what approvals may still draw. */
  available: Decimal;
  allocations: SubsidyBudgetAllocation[];
}

const KEY_PREFIX = 'subsidy-budget-';
/**
 * What draws on (or gives back to) the budget, as against allocations: batches approved and their
 * failed lines, and overpayments (found: given back; netted or written off: drawn again; a
 * superseded run's reversed).
 */
const DRAWS = `('PAYOUT_INSTRUCTED', 'PAYOUT_FAILED', 'RECEIVABLE_FOUND', 'RECEIVABLE_NETTED', 'RECEIVABLE_WRITTEN_OFF')`;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export class SubsidyBudgetService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  /** Records a year's allocation: the county's finance bureau, or an admin. Replayed for the same reference and request. */
  async record(caller: Caller, input: SubsidyBudgetAllocationInput): Promise<SubsidyBudgetPosition> {
    if (!isCountyFinance(caller, input.countyCode)) throw forbidden(`only the finance bureau of county ${input.countyCode} records its subsidy budget`);
    if (!COUNTY_CODE.test(input.countyCode)) throw badInput(`"${input.countyCode}" is not a county code`, 'countyCode');
    if (!Number.isInteger(input.year) || input.year < MIN_YEAR || input.year > MAX_YEAR)
      throw badInput(`year ${input.year} is not a budget year (${MIN_YEAR}–${MAX_YEAR})`, 'year');
    if (!isPositiveYuan(input.amount)) throw badInput(`amount "${input.amount}" must be yuan above 0 with at most two decimals`, 'amount');
    if (!isIsoDate(input.effectiveDate)) throw badInput(`effectiveDate "${input.effectiveDate}" is not a YYYY-MM-DD date`, 'effectiveDate');
    if (!TRANSFER_REFERENCE.test(input.reference)) throw badInput('reference must be 4 to 64 letters, digits or . _ : - /', 'reference');
    const amount = new HubDecimal(input.amount).toFixed(2);
    const budget = subsidyBudgetAccountCode(input.countyCode, input.year);
    const funding = subsidyFundingAccountCode(input.countyCode, input.year);
    await this.ledger.openAccount({ code: budget, kind: 'SUBSIDY_BUDGET', countyCode: input.countyCode });
    await this.ledger.openAccount({ code: funding, kind: 'SUBSIDY_FUNDING', countyCode: input.countyCode });
    await this.ledger
      .post(
        {
          // The county and the reference, not the year: the same document entered for another year is a reused reference.
          idempotencyKey: `${KEY_PREFIX}${input.countyCode}-${input.reference}`,
          reasonCode: 'BUDGET_ALLOCATED',
          description: `subsidy budget ${input.year} of ${input.countyCode}: ${input.reference}`,
          effectiveDate: input.effectiveDate,
          postings: [
            { accountCode: funding, amount },
            { accountCode: budget, amount: `-${amount}` },
          ],
        },
        caller.subject,
      )
      .catch((error: unknown) => {
        if (error instanceof LedgerError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
          throw new HubError(
            'IDEMPOTENCY_KEY_REUSED',
            `reference ${input.reference} was recorded already for another allocation of county ${input.countyCode}`,
            {
              field: 'reference',
              zh: `预算文号 ${input.reference} 已用于本县另一笔预算安排`,
            },
          );
        }
        throw error;
      });
    return this.positionOf(this.dataSource.manager, input.countyCode, input.year);
  }

  /** The year's budget: for the county's finance bureau, its bureau and admins. */
  async position(caller: Caller, countyCode: string, year: number): Promise<SubsidyBudgetPosition> {
    if (!isCountyOfficial(caller, countyCode))
      throw forbidden(`the subsidy budget of county ${countyCode} is shown to its finance bureau, its bureau and admins`);
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw badInput(`year ${year} is not a budget year (${MIN_YEAR}–${MAX_YEAR})`, 'year');
    return this.positionOf(this.dataSource.manager, countyCode, year);
  }

  /**
   * Inside a payout approval's transaction: waits for any other approval drawing on the same
   * budget (the lock is held to commit), then refuses when what is available does not cover the
   * batch, naming the shortfall. The caller's transaction then marks the batch APPROVED, which
   * reserves its total until its ledger entry is posted.
   */
  async assertCovers(manager: EntityManager, batch: { id: string; countyCode: string; quarter: string; totalAmount: Decimal }): Promise<void> {
    const year = budgetYearOfQuarter(batch.quarter);
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-${subsidyBudgetAccountCode(batch.countyCode, year)}`]);
    const figures = await this.figures(manager, batch.countyCode, year);
    const total = new HubDecimal(batch.totalAmount);
    const { available, shortfall } = checkBudget(figures, total);
    if (shortfall) {
      throw new HubError(
        'SUBSIDY_BUDGET_INSUFFICIENT',
        `the ${year} subsidy budget of county ${batch.countyCode} has ${available.toFixed(2)} available; batch ${batch.id} needs ${total.toFixed(2)}, ${shortfall.toFixed(2)} short`,
        {
          field: 'id',
          zh: `${batch.countyCode} 县 ${year} 年贴息预算可用 ${available.toFixed(2)} 元，本批次需 ${total.toFixed(2)} 元，缺口 ${shortfall.toFixed(2)} 元`,
        },
      );
    }
  }

  /**
   * The budget account's balance, the approved batches not posted yet and the failed lines of
   * closed batches not posted back yet, in one statement (one snapshot: each batch counted once).
   */
  private async figures(
    manager: EntityManager,
    countyCode: string,
    year: string | number,
  ): Promise<{ balance: Decimal; drawn: Decimal; unposted: Decimal; returning: Decimal }> {
    const [row]: { balance: string; drawn: string; unposted: string; returning: string }[] = await manager.query(
      `SELECT
         coalesce((SELECT -sum(p.amount) FROM funds.postings p JOIN funds.ledger_accounts a ON a.id = p.account_id WHERE a.code = $1), 0)::text AS balance,
         coalesce((SELECT sum(p.amount) FROM funds.postings p JOIN funds.ledger_accounts a ON a.id = p.account_id JOIN funds.journal_entries e ON e.id = p.entry_id
                   WHERE a.code = $1 AND (e.reason_code IN ${DRAWS}
                     OR (e.reason_code = 'REVERSAL' AND EXISTS (SELECT 1 FROM funds.journal_entries o WHERE o.id = e.reverses_entry_id AND o.reason_code IN ${DRAWS})))), 0)::text AS drawn,
         coalesce((SELECT sum(b.total_amount) FROM funds.payout_batches b
                   WHERE b.county_code = $2 AND left(b.quarter, 4) = $3 AND b.status <> 'DRAFT'
                     AND NOT EXISTS (SELECT 1 FROM funds.journal_entries e WHERE e.idempotency_key = $4 || b.id)), 0)::text AS unposted,
         coalesce((SELECT sum(b.failed_amount) FROM funds.payout_batches b
                   WHERE b.county_code = $2 AND left(b.quarter, 4) = $3 AND b.status = 'CLOSED' AND b.failed_amount > 0
                     AND NOT EXISTS (SELECT 1 FROM funds.journal_entries e WHERE e.idempotency_key = $5 || b.id)), 0)::text AS returning`,
      [subsidyBudgetAccountCode(countyCode, year), countyCode, String(year), PAYOUT_LEDGER_KEY.instructed, PAYOUT_LEDGER_KEY.failed],
    );
    return {
      balance: new HubDecimal(row.balance),
      drawn: new HubDecimal(row.drawn),
      unposted: new HubDecimal(row.unposted),
      returning: new HubDecimal(row.returning),
    };
  }

  private async positionOf(manager: EntityManager, countyCode: string, year: number): Promise<SubsidyBudgetPosition> {
    const figures = await this.figures(manager, countyCode, year);
    const { balance, drawn, unposted, returning } = figures;
    const rows: { idempotency_key: string; amount: string; effective_date: string; created_by: string; created_at: Date }[] = await manager.query(
      `SELECT e.idempotency_key, (-p.amount)::text AS amount, to_char(e.effective_date, 'YYYY-MM-DD') AS effective_date, e.created_by, e.created_at
       FROM funds.journal_entries e JOIN funds.postings p ON p.entry_id = e.id JOIN funds.ledger_accounts a ON a.id = p.account_id
       WHERE a.code = $1 AND e.reason_code = 'BUDGET_ALLOCATED' ORDER BY e.effective_date, e.created_at, e.id`,
      [subsidyBudgetAccountCode(countyCode, year)],
    );
    const keyPrefix = `${KEY_PREFIX}${countyCode}-`;
    return {
      countyCode,
      year,
      // The balance holds allocations and draws: what is not a draw was allocated.
      allocated: balance.plus(drawn),
      committed: drawn.plus(unposted).minus(returning),
      available: availableBudget(figures),
      allocations: rows.map((r) => ({
        reference: r.idempotency_key.startsWith(keyPrefix) ? r.idempotency_key.slice(keyPrefix.length) : r.idempotency_key,
        amount: new HubDecimal(r.amount),
        effectiveDate: r.effective_date,
        recordedBy: r.created_by,
        recordedAt: r.created_at,
      })),
    };
  }
}
