/**
 * Reconciliation of a county's quarter, to the fen: what was computed (subsidy lines, each less
 * what was netted against its household's overpayments; an overpayment is no line to pay), what was
 * instructed (live payment instructions: pending or paid), what the banks confirmed (paid), per
 * township and issuing bank, and every line where computed and confirmed differ, with the reason.
 * All in SQL over the funds tables; totals are sums of the stored, already rounded amounts.
 */
import Decimal from 'decimal.js';
import { In, type DataSource } from 'typeorm';
import { formatQuarter, parseQuarter } from '../subsidy/domain/settlement-window';
import { failpoint } from '../../../../common/failpoints';
import { SubsidyRunRecord } from '../subsidy/subsidy-run.entity';
import { SubsidyReconciliationRecord } from './subsidy-reconciliation.entity';
import { PAYOUT_LEDGER_KEY } from './payout-ledger';

export interface ReconciliationGroup {
  townshipCode: string;
  /** The bank that issued the accounts ('' when the household has no account). */
  issuingBankCode: string;
  lines: number;
  computed: Decimal;
  instructed: Decimal;
  confirmed: Decimal;
}

export type DifferenceReason = 'NO_ACCOUNT' | 'NOT_INSTRUCTED' | 'PENDING' | 'FAILED';

export interface ReconciliationDifference {
  subsidyLineId: string;
  contractNo: string;
  householdId: string;
  townshipCode: string;
  issuingBankCode: string;
  computed: Decimal;
  confirmed: Decimal;
  reason: DifferenceReason;
  /** The bank's reason for the last failed payment, if any. */
  lastFailure: string | null;
}

export interface Reconciliation {
  countyCode: string;
  quarter: string;
  computed: Decimal;
  instructed: Decimal;
  confirmed: Decimal;
  groups: ReconciliationGroup[];
  differences: ReconciliationDifference[];
  /** Lines paid after an earlier payment failed (carried over to a later batch). */
  carriedOver: number;
  /** What the ledger's PAYOUT_CONFIRMED entries of the quarter's batches moved. */
  ledgerConfirmed: Decimal;
  /** Every computed fen confirmed paid, no difference left, and the ledger agrees. */
  balanced: boolean;
}

export class ReconciliationService {
  constructor(private readonly dataSource: DataSource) {}

  async reconcile(countyCode: string, quarterText: string): Promise<Reconciliation | null> {
    const quarter = formatQuarter(parseQuarter(quarterText));
    // The run that is paid (a superseded run or a correction never is), else the first still computing.
    const run = await this.dataSource
      .getRepository(SubsidyRunRecord)
      .findOne({ where: { countyCode, quarter, status: In(['COMPUTED', 'COMPUTING']) }, order: { revision: 'ASC' } });
    if (!run) return null;
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      // One row per payable line, built once: its live instruction (pending or paid) and its last
      // failure. A run's batches hold only its own lines, so the instructions are found by run.
      await manager.query(
        `CREATE TEMP TABLE reconciliation_lines ON COMMIT DROP AS
         WITH instructions AS (
           SELECT i.subsidy_line_id, i.status, i.amount, i.failure_reason, i.settled_at
           FROM funds.payout_instructions i JOIN funds.payout_batches b ON b.id = i.batch_id WHERE b.run_id = $1),
         live AS (SELECT subsidy_line_id, status, amount FROM instructions WHERE status <> 'FAILED'),
         failed AS (
           SELECT DISTINCT ON (subsidy_line_id) subsidy_line_id, failure_reason, count(*) OVER (PARTITION BY subsidy_line_id) AS failures
           FROM instructions WHERE status = 'FAILED' ORDER BY subsidy_line_id, settled_at DESC)
         SELECT l.id, l.contract_no, l.household_id, l.township_code, l.subsidy - l.netted AS subsidy,
                coalesce(a.issuing_bank_code, '') AS issuing_bank_code,
                live.status AS live_status, coalesce(live.amount, 0) AS instructed,
                CASE WHEN live.status = 'PAID' THEN live.amount ELSE 0 END AS confirmed,
                failed.failure_reason AS last_failure, coalesce(failed.failures, 0) AS failures
         FROM funds.subsidy_lines l
         LEFT JOIN funds.one_card_accounts a ON a.household_id = l.household_id
         LEFT JOIN live ON live.subsidy_line_id = l.id
         LEFT JOIN failed ON failed.subsidy_line_id = l.id
         WHERE l.run_id = $1 AND l.subsidy - l.netted > 0`,
        [run.id],
      );
      const groups: Record<string, string>[] = await manager.query(
        `SELECT township_code, issuing_bank_code, count(*)::int AS lines, sum(subsidy)::text AS computed, sum(instructed)::text AS instructed, sum(confirmed)::text AS confirmed
         FROM reconciliation_lines GROUP BY township_code, issuing_bank_code ORDER BY township_code, issuing_bank_code`,
      );
      const differences: Record<string, any>[] = await manager.query(
        `SELECT id, contract_no, household_id, township_code, issuing_bank_code, subsidy::text AS computed, confirmed::text AS confirmed, live_status, last_failure
         FROM reconciliation_lines WHERE confirmed <> subsidy ORDER BY township_code, contract_no`,
      );
      const [{ carried }] = await manager.query(`SELECT count(*)::int AS carried FROM reconciliation_lines WHERE live_status = 'PAID' AND failures > 0`);
      // What the ledger says was paid: the PAYOUT_CONFIRMED entries of the run's batches.
      const [{ ledger }] = await manager.query(
        `SELECT coalesce(sum(p.amount), 0)::text AS ledger FROM funds.payout_batches b
         JOIN funds.journal_entries e ON e.idempotency_key = $2 || b.id
         JOIN funds.postings p ON p.entry_id = e.id AND p.amount > 0
         WHERE b.run_id = $1`,
        [run.id, PAYOUT_LEDGER_KEY.confirmed],
      );
      const sum = (field: 'computed' | 'instructed' | 'confirmed') => groups.reduce((total, g) => total.plus(g[field]), new Decimal(0));
      const computed = sum('computed');
      const confirmed = sum('confirmed');
      const ledgerConfirmed = new Decimal(ledger);
      return {
        countyCode,
        quarter,
        computed,
        instructed: sum('instructed'),
        confirmed,
        ledgerConfirmed,
        balanced: differences.length === 0 && computed.equals(confirmed) && ledgerConfirmed.equals(confirmed),
        groups: groups.map((g) => ({
          townshipCode: g.township_code,
          issuingBankCode: g.issuing_bank_code,
          lines: Number(g.lines),
          computed: new Decimal(g.computed),
          instructed: new Decimal(g.instructed),
          confirmed: new Decimal(g.confirmed),
        })),
        differences: differences.map((d) => ({
          subsidyLineId: d.id,
          contractNo: d.contract_no,
          householdId: d.household_id,
          townshipCode: d.township_code,
          issuingBankCode: d.issuing_bank_code,
          computed: new Decimal(d.computed),
          confirmed: new Decimal(d.confirmed),
          reason: d.live_status === 'PENDING' ? 'PENDING' : d.issuing_bank_code === '' ? 'NO_ACCOUNT' : d.last_failure ? 'FAILED' : 'NOT_INSTRUCTED',
          lastFailure: d.last_failure,
        })),
        carriedOver: Number(carried),
      };
    });
  }

  /** Reconciles the quarter and records what it found (the quarterly jobs, after each bank's answer). */
  async record(countyCode: string, quarter: string): Promise<Reconciliation | null> {
    const reconciliation = await this.reconcile(countyCode, quarter);
    if (!reconciliation) return null;
    failpoint('subsidy.reconcile.before-record');
    await this.dataSource.query(
      `INSERT INTO funds.subsidy_reconciliations (county_code, quarter, computed, instructed, confirmed, ledger_confirmed, difference_count, balanced, reconciled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (county_code, quarter) DO UPDATE SET computed = excluded.computed, instructed = excluded.instructed, confirmed = excluded.confirmed,
         ledger_confirmed = excluded.ledger_confirmed, difference_count = excluded.difference_count, balanced = excluded.balanced, reconciled_at = excluded.reconciled_at`,
      [
        countyCode,
        reconciliation.quarter,
        reconciliation.computed.toFixed(2),
        reconciliation.instructed.toFixed(2),
        reconciliation.confirmed.toFixed(2),
        reconciliation.ledgerConfirmed.toFixed(2),
        reconciliation.differences.length,
        reconciliation.balanced,
      ],
    );
    return reconciliation;
  }

  /** The last recorded reconciliation of the quarter. */
  async recorded(countyCode: string, quarter: string): Promise<SubsidyReconciliationRecord | null> {
    return this.dataSource.getRepository(SubsidyReconciliationRecord).findOneBy({ countyCode, quarter: formatQuarter(parseQuarter(quarter)) });
  }
}
