/**
 * Stored loans judged again when the policy data changes (issue 14). Recording a policy version
 * or LPR fixings writes a re-evaluation row in the same transaction (request); the
 * `reevaluate-loans` job runs it (run): the loans it covers, a page at a time in loan-id order,
 * each page read, judged (rejudge-loan.ts) and written in one transaction of a few statements
 * (the policy data's revision, the page read with its rows locked, the changed loans updated and
 * their flag changes recorded in one statement, the revision of those found right) with the
 * position and counts, so a crash resumes after the last page written. Before its first page it
 * waits out the loan batches being judged (policy-data-revision.ts), so that none judged by older
 * data is stored behind it.
 */
import Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { forbidden } from '../../../../common/errors/hub-error';
import type { PurposeCategory } from '../../../../contracts/bank-connector/protocol';
import type { StoredLoanContentRow } from '../ingest/loan-record.content';
import type { StoredLoanFlag } from '../loan/loan.entity';
import { LoanStatus } from '../loan/loan-status';
import type { PolicyDataService } from '../policy-data/policy-data.service';
import { LoanFlagChangeRecord } from './loan-flag-change.entity';
import { PolicyReevaluationRecord } from './policy-reevaluation.entity';
import { rejudgeLoan } from './rejudge-loan';
import { waitForJudgementsInFlight } from '../policy-data/policy-data-revision';

export interface ReevaluationProgress {
  checked: number;
  changed: number;
  total: number;
}

/** Statuses in which a loan counts toward the household's program total (as at receipt, loan-batch.ts). */
const LIVE = [LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.DISBURSED, LoanStatus.OVERDUE, LoanStatus.NPL, LoanStatus.EXTENDED];

/** A loan of the page: the stored terms the policy reads (as the content comparison reads them), and its judgement on record. */
interface PageRow extends Pick<
  StoredLoanContentRow,
  | 'record_version'
  | 'county_code'
  | 'amount'
  | 'annual_rate'
  | 'term_months'
  | 'contract_date'
  | 'maturity_date'
  | 'purpose_category'
  | 'renewal_count'
  | 'converted_to_farmer_loan'
> {
  id: string;
  flags: StoredLoanFlag[];
  flag_codes: string[];
  subsidized_amount: string;
  policy_version_id: string | null;
  lpr_effective_date: string | null;
  policy_revision: number;
  other_outstanding: string;
}

export class PolicyReevaluationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policyData: PolicyDataService,
    private readonly pageSize = 1000,
  ) {}

  /**
   * Runs a re-evaluation to its end from where it stopped (idempotent: a finished one does nothing,
   * a page judged again finds nothing left to change). It first waits for the loan batches being
   * judged as it starts (the judgement lock, policy-data-revision.ts): any judged by data older
   * than its revision is then stored, and in the pages it reads; any judged later read its
   * revision. Each page reads the policy data under its own transaction (again only when the
   * revision moved): the version that asked, and any recorded since; a loan judged by a later
   * revision than the page's is left as it is. Every loan checked ends carrying the revision that
   * judged it.
   */
  async run(id: string, progress: (p: ReevaluationProgress) => Promise<void> = async () => undefined): Promise<PolicyReevaluationRecord | null> {
    const repository = this.dataSource.getRepository(PolicyReevaluationRecord);
    let record = await repository.findOneBy({ id });
    if (!record || record.status === 'DONE') return record;
    await this.dataSource.transaction((manager) => waitForJudgementsInFlight(manager));
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM loans.loans l WHERE ${COVERED}`, coverage(record));
    await this.dataSource.query(
      `UPDATE loans.policy_reevaluations SET status = 'RUNNING', loans_total = $2, started_at = coalesce(started_at, now()), progress_at = now() WHERE id = $1`,
      [id, count],
    );
    record = { ...record, status: 'RUNNING', loansTotal: count };
    for (;;) {
      const page = await this.dataSource.transaction(async (manager) => {
        const [current] = await manager.query('SELECT after_loan_id, loans_checked, loans_changed FROM loans.policy_reevaluations WHERE id = $1 FOR UPDATE', [
          id,
        ]);
        const policy = await this.policyData.load({ manager });
        const rows: PageRow[] = await manager.query(
          `SELECT l.id, l.record_version, l.county_code, l.amount::text AS amount, l.annual_rate::text AS annual_rate, l.term_months,
             to_char(l.contract_date, 'YYYY-MM-DD') AS contract_date, to_char(l.maturity_date, 'YYYY-MM-DD') AS maturity_date, l.purpose_category,
             l.renewal_count, l.converted_to_farmer_loan, l.flags, l.flag_codes, l.subsidized_amount::text AS subsidized_amount, l.policy_version_id,
             to_char(l.lpr_effective_date, 'YYYY-MM-DD') AS lpr_effective_date, l.policy_revision,
             -- The household's other live loans at the bank, not the contract this one renews (as at receipt).
             coalesce((SELECT sum(o.outstanding_principal) FROM loans.loans o
                       WHERE o.bank_code = l.bank_code AND o.household_id = l.household_id AND o.contract_no <> l.contract_no
                         AND o.contract_no IS DISTINCT FROM l.previous_contract_no AND o.status = ANY($5::text[])), 0)::text AS other_outstanding
           FROM loans.loans l
           WHERE ${COVERED} AND ($6::uuid IS NULL OR l.id > $6::uuid)
           ORDER BY l.id LIMIT $7
           FOR UPDATE OF l`,
          [...coverage(record!), LIVE, current.after_loan_id, this.pageSize],
        );
        if (rows.length === 0) {
          await manager.query(`UPDATE loans.policy_reevaluations SET status = 'DONE', finished_at = now() WHERE id = $1`, [id]);
          return null;
        }
        // Judged meanwhile by newer data than this page's (an ingest after a later recording): not judged back.
        const judgeable = rows.filter((row) => row.policy_revision <= policy.revision);
        const changes = judgeable.flatMap((row) => {
          const judged = rejudgeLoan(
            {
              countyCode: row.county_code,
              amount: new Decimal(row.amount),
              annualRate: new Decimal(row.annual_rate),
              termMonths: row.term_months,
              contractDate: row.contract_date,
              maturityDate: row.maturity_date,
              purposeCategory: row.purpose_category as PurposeCategory,
              renewalCount: row.renewal_count,
              convertedToFarmerLoan: row.converted_to_farmer_loan,
              otherOutstandingPrincipal: new Decimal(row.other_outstanding),
              flags: row.flags,
              subsidizedAmount: new Decimal(row.subsidized_amount),
              policyVersionId: row.policy_version_id,
              lprEffectiveDate: row.lpr_effective_date,
            },
            policy,
          );
          if (!judged.changed) return [];
          return [
            {
              id: row.id,
              record_version: row.record_version,
              flags: judged.flags,
              flag_codes: judged.flags.map((f) => f.code),
              subsidized_amount: judged.subsidizedAmount.toFixed(2),
              policy_version_id: judged.policyVersionId,
              lpr_effective_date: judged.lprEffectiveDate,
              from_flag_codes: row.flag_codes,
              from_subsidized_amount: row.subsidized_amount,
            },
          ];
        });
        if (changes.length) {
          await manager.query(
            `WITH r AS (
               SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, record_version int, flags jsonb, flag_codes jsonb, subsidized_amount numeric,
                 policy_version_id text, lpr_effective_date date, from_flag_codes jsonb, from_subsidized_amount numeric)),
             changed AS (
               UPDATE loans.loans l SET flags = r.flags, flag_codes = ARRAY(SELECT jsonb_array_elements_text(r.flag_codes)), subsidized_amount = r.subsidized_amount,
                 policy_version_id = r.policy_version_id, lpr_effective_date = r.lpr_effective_date, policy_revision = $3, updated_at = now()
               FROM r WHERE l.id = r.id AND l.record_version = r.record_version
               RETURNING l.id)
             INSERT INTO loans.loan_flag_changes (loan_id, reevaluation_id, policy_version_id, from_flag_codes, to_flag_codes, from_subsidized_amount, to_subsidized_amount)
             SELECT r.id, $2, r.policy_version_id, ARRAY(SELECT jsonb_array_elements_text(r.from_flag_codes)), ARRAY(SELECT jsonb_array_elements_text(r.flag_codes)),
               r.from_subsidized_amount, r.subsidized_amount
             FROM r JOIN changed c ON c.id = r.id`,
            [JSON.stringify(changes), id, policy.revision],
          );
        }
        // The loans checked and found right: judged by this revision too.
        const changedIds = new Set(changes.map((c) => c.id));
        const confirmed = judgeable.filter((row) => row.policy_revision < policy.revision && !changedIds.has(row.id)).map((row) => row.id);
        if (confirmed.length)
          await manager.query('UPDATE loans.loans SET policy_revision = $2 WHERE id = ANY($1::uuid[]) AND policy_revision < $2', [confirmed, policy.revision]);
        const checked = current.loans_checked + rows.length;
        const changed = current.loans_changed + changes.length;
        await manager.query(
          'UPDATE loans.policy_reevaluations SET after_loan_id = $2, loans_checked = $3, loans_changed = $4, progress_at = now() WHERE id = $1',
          [id, rows[rows.length - 1].id, checked, changed],
        );
        return { checked, changed };
      });
      if (!page) break;
      await progress({ checked: page.checked, changed: page.changed, total: Math.max(count, page.checked) });
    }
    return repository.findOneBy({ id });
  }

  /**
   * Re-evaluations not finished whose heartbeat is older than `staleAfterMs` (the time the job
   * started or last wrote a page; the request's time when it never started): lost or failed jobs,
   * which the dispatcher queues again. A long run of a big book writing its pages is not one.
   */
  async unfinished(staleAfterMs: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM loans.policy_reevaluations
       WHERE status <> 'DONE' AND coalesce(progress_at, requested_at) < now() - make_interval(secs => $1) ORDER BY requested_at`,
      [staleAfterMs / 1000],
    );
    return rows.map((r) => r.id);
  }

  /** The newest re-evaluations first (admin). */
  async list(caller: Caller, first: number): Promise<PolicyReevaluationRecord[]> {
    if (caller.role !== 'admin') throw forbidden('only an admin sees policy re-evaluations');
    return this.dataSource.getRepository(PolicyReevaluationRecord).find({ order: { requestedAt: 'DESC', id: 'ASC' }, take: first });
  }

  /** The flag changes of many loans in one statement, oldest first (Loan.flagHistory, batched). */
  async flagChanges(loanIds: readonly string[]): Promise<LoanFlagChangeRecord[]> {
    return this.dataSource
      .getRepository(LoanFlagChangeRecord)
      .createQueryBuilder('c')
      .where('c.loanId = ANY(:ids)', { ids: [...loanIds] })
      .orderBy('c.id', 'ASC')
      .getMany();
  }
}

/** The loans a re-evaluation covers ($1 region prefix, $2 first contract day, $3 end or null, $4 the prefix's length). */
const COVERED = `left(l.county_code, $4::int) = $1 AND l.contract_date >= $2::date AND ($3::date IS NULL OR l.contract_date < $3::date)`;
const coverage = (r: PolicyReevaluationRecord) => [r.regionCode, r.contractFrom, r.contractTo, r.regionCode.length];
