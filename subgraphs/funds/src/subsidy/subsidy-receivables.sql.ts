/**
 * Receivables in SQL, inside the transaction that freezes a run (issue 14): a household's open
 * receivables are withheld from its payable lines of the run first (domain/receivable-recovery.ts),
 * and what the run's own netting left of its overpayments becomes a new receivable. A receivable
 * stands while the run that found it is COMPUTED; a NETTED event counts while the run that netted
 * it is COMPUTED (a superseded run's netting never counts); repayments and write-offs always count.
 */
import Decimal from 'decimal.js';
import type { EntityManager, QueryRunner } from 'typeorm';
import { recoverReceivables } from './domain/receivable-recovery';
import type { SubsidyRunRecord } from './subsidy-run.entity';

type Queryable = Pick<QueryRunner | EntityManager, 'query'>;

/** The lock every change to a county's receivables takes (the compute of a run, a repayment, a write-off): one at a time. */
export const receivablesLock = (countyCode: string) => `huinong-subsidy-adjust-${countyCode}`;

/** Of the event `e` (joined to its run as `er`): whether it counts. */
export const EVENT_STANDS = `(e.kind <> 'NETTED' OR er.status = 'COMPUTED')`;

/**
 * Per receivable of the county that stands, what is open of it (amount less the events that count),
 * for the households given (all when null); only those with something open.
 */
export async function openReceivables(
  db: Queryable,
  countyCode: string,
  householdIds: string[] | null,
): Promise<{ id: string; householdId: string; open: Decimal; since: string }[]> {
  const rows: { id: string; household_id: string; open: string; since: string }[] = await db.query(
    `SELECT r.id, r.household_id, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS since,
            (r.amount - coalesce(sum(e.amount) FILTER (WHERE ${EVENT_STANDS}), 0))::text AS open
     FROM funds.subsidy_receivables r
     JOIN funds.subsidy_runs o ON o.id = r.run_id AND o.status = 'COMPUTED'
     LEFT JOIN funds.subsidy_receivable_events e ON e.receivable_id = r.id
     LEFT JOIN funds.subsidy_runs er ON er.id = e.run_id
     WHERE r.county_code = $1 AND ($2::uuid[] IS NULL OR r.household_id = ANY($2::uuid[]))
     GROUP BY r.id
     HAVING r.amount - coalesce(sum(e.amount) FILTER (WHERE ${EVENT_STANDS}), 0) > 0`,
    [countyCode, householdIds],
  );
  return rows.map((r) => ({ id: r.id, householdId: r.household_id, open: new Decimal(r.open), since: r.since }));
}

/**
 * Withholds the county's open receivables from the run's lines of the same households (after the
 * run's own netting), oldest first, never below zero per household; records a NETTED event per
 * receivable (unique per receivable and run). Returns what was recovered.
 */
export async function recoverReceivablesWithin(runner: QueryRunner, run: Pick<SubsidyRunRecord, 'id' | 'countyCode' | 'requestedBy'>): Promise<Decimal> {
  const lines: { id: string; household_id: string; pays: string }[] = await runner.query(
    `SELECT l.id, l.household_id, (l.subsidy - l.netted)::text AS pays FROM funds.subsidy_lines l
     WHERE l.run_id = $1 AND l.subsidy - l.netted > 0
       AND l.household_id IN (SELECT household_id FROM funds.subsidy_receivables WHERE county_code = $2)
     ORDER BY l.id`,
    [run.id, run.countyCode],
  );
  if (!lines.length) return new Decimal(0);
  const owed = await openReceivables(runner, run.countyCode, [...new Set(lines.map((l) => l.household_id))]);
  if (!owed.length) return new Decimal(0);
  const { withheld, recovered } = recoverReceivables(
    lines.map((l) => ({ id: l.id, householdId: l.household_id, pays: new Decimal(l.pays) })),
    owed,
  );
  if (!recovered.size) return new Decimal(0);
  await runner.query(
    `UPDATE funds.subsidy_lines l SET netted = l.netted + n.amount FROM unnest($2::bigint[], $3::numeric[]) AS n(id, amount) WHERE l.run_id = $1 AND l.id = n.id`,
    [run.id, [...withheld.keys()], [...withheld.values()].map((a) => a.toFixed(2))],
  );
  await runner.query(
    `INSERT INTO funds.subsidy_receivable_events (receivable_id, county_code, kind, amount, run_id, recorded_by)
     SELECT n.id, $2, 'NETTED', n.amount, $1, $4 FROM unnest($3::uuid[], $5::numeric[]) AS n(id, amount)`,
    [run.id, run.countyCode, [...recovered.keys()], run.requestedBy, [...recovered.values()].map((a) => a.toFixed(2))],
  );
  return [...recovered.values()].reduce((sum, a) => sum.plus(a), new Decimal(0));
}

/** What the run's own netting left of each household's overpayments becomes that household's receivable (one per run and household). */
export async function recordReceivablesWithin(runner: QueryRunner, run: Pick<SubsidyRunRecord, 'id' | 'countyCode' | 'quarter'>): Promise<void> {
  await runner.query(
    `INSERT INTO funds.subsidy_receivables (county_code, household_id, run_id, quarter, amount)
     SELECT $2, household_id, $1, $3, sum(-subsidy - netted) FROM funds.subsidy_lines
     WHERE run_id = $1 AND subsidy < 0 GROUP BY household_id HAVING sum(-subsidy - netted) > 0
     ON CONFLICT (run_id, household_id) DO NOTHING`,
    [run.id, run.countyCode, run.quarter],
  );
}

/**
 * Whether anything that counts was done with the run's receivables (netted by another standing
 * run, repaid, written off): then its figures are committed, like approved money, and a
 * recomputation cannot supersede it (it is a CORRECTION).
 */
export async function receivablesActedOn(db: Queryable, runId: string): Promise<boolean> {
  const [row]: { acted: boolean }[] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM funds.subsidy_receivables r JOIN funds.subsidy_receivable_events e ON e.receivable_id = r.id
                    LEFT JOIN funds.subsidy_runs er ON er.id = e.run_id
                    WHERE r.run_id = $1 AND ${EVENT_STANDS}) AS acted`,
    [runId],
  );
  return row.acted;
}
