/**
 * The set-based writes of one bank's batch of loan records (loan-batch.ts decides what they are),
 * each one statement over a JSON array, inside the caller's transaction; each idempotent by its
 * key, so a batch written twice changes nothing the second time.
 */
import type { EntityManager } from 'typeorm';
import { newPaymentsOf, statusEventsOf, type Accepted, type BatchContext, type DigestRow, type IngestResult, type RecordSource } from './loan-batch';

/** The loan rows, with the policy data's revision that judged them. */
export async function writeLoans(manager: EntityManager, bankCode: string, rows: Record<string, unknown>[], policyRevision: number): Promise<void> {
  if (!rows.length) return;
  await manager.query(
    `INSERT INTO loans.loans AS l (contract_no, bank_code, household_id, county_code, township_code, amount, annual_rate, term_months, contract_date,
       maturity_date, status, status_date, record_version, borrower_id_hash, borrower_id_masked, subsidized_amount, outstanding_principal,
       purpose_category, previous_contract_no, renewal_count, insured, converted_to_farmer_loan, flag_codes, flags, policy_version_id, lpr_effective_date,
       payment_count, payments_digest, policy_revision)
     SELECT r.contract_no, $1, r.household_id, r.county_code, r.township_code, r.amount, r.annual_rate, r.term_months, r.contract_date,
       r.maturity_date, r.status, r.status_date, r.record_version, r.borrower_id_hash, r.borrower_id_masked, r.subsidized_amount, r.outstanding_principal,
       r.purpose_category, r.previous_contract_no, r.renewal_count, r.insured, r.converted_to_farmer_loan,
       ARRAY(SELECT jsonb_array_elements_text(r.flag_codes)), r.flags, r.policy_version_id, r.lpr_effective_date, r.payment_count, r.payments_digest, $3::int
     FROM jsonb_to_recordset($2::jsonb) AS r(contract_no text, household_id uuid, county_code text, township_code text, amount numeric, annual_rate numeric,
       term_months smallint, contract_date date, maturity_date date, status text, status_date date, record_version int, borrower_id_hash text,
       borrower_id_masked text, subsidized_amount numeric, outstanding_principal numeric, purpose_category text, previous_contract_no text,
       renewal_count smallint, insured boolean, converted_to_farmer_loan boolean, flag_codes jsonb, flags jsonb, policy_version_id text, lpr_effective_date date,
       payment_count smallint, payments_digest text)
     ON CONFLICT (bank_code, contract_no) DO UPDATE SET
       county_code = EXCLUDED.county_code, township_code = EXCLUDED.township_code, amount = EXCLUDED.amount, annual_rate = EXCLUDED.annual_rate,
       term_months = EXCLUDED.term_months, contract_date = EXCLUDED.contract_date, maturity_date = EXCLUDED.maturity_date, status = EXCLUDED.status,
       status_date = EXCLUDED.status_date, record_version = EXCLUDED.record_version, borrower_id_hash = EXCLUDED.borrower_id_hash,
       borrower_id_masked = EXCLUDED.borrower_id_masked, subsidized_amount = EXCLUDED.subsidized_amount, outstanding_principal = EXCLUDED.outstanding_principal,
       purpose_category = EXCLUDED.purpose_category, previous_contract_no = EXCLUDED.previous_contract_no, renewal_count = EXCLUDED.renewal_count,
       insured = EXCLUDED.insured, converted_to_farmer_loan = EXCLUDED.converted_to_farmer_loan, flag_codes = EXCLUDED.flag_codes, flags = EXCLUDED.flags,
       policy_version_id = EXCLUDED.policy_version_id, lpr_effective_date = EXCLUDED.lpr_effective_date, payment_count = EXCLUDED.payment_count,
       payments_digest = EXCLUDED.payments_digest, policy_revision = EXCLUDED.policy_revision, updated_at = now()
     WHERE l.record_version < EXCLUDED.record_version`,
    [bankCode, JSON.stringify(rows), policyRevision],
  );
}

/** Every applied version's digest (not only each contract's last), and those of versions on record stored before digests were kept. */
export async function writeDigests(manager: EntityManager, bankCode: string, digestRows: readonly DigestRow[]): Promise<void> {
  if (!digestRows.length) return;
  await manager.query(
    `INSERT INTO loans.loan_record_digests (loan_id, record_version, digest)
     SELECT l.id, d.record_version, d.digest
     FROM jsonb_to_recordset($2::jsonb) AS d(contract_no text, record_version int, digest text)
     JOIN loans.loans l ON l.bank_code = $1 AND l.contract_no = d.contract_no
     ON CONFLICT (loan_id, record_version) DO NOTHING`,
    [bankCode, JSON.stringify(digestRows)],
  );
}

export async function writeStatusEvents(manager: EntityManager, bankCode: string, accepted: readonly Accepted[], source: RecordSource): Promise<void> {
  const events = statusEventsOf(accepted);
  if (!events.length) return;
  await manager.query(
    `INSERT INTO loans.loan_status_events (loan_id, record_version, from_status, to_status, status_date, source)
     SELECT l.id, e.record_version, e.from_status, e.to_status, e.status_date, $3
     FROM jsonb_to_recordset($2::jsonb) AS e(contract_no text, record_version int, from_status text, to_status text, status_date date)
     JOIN loans.loans l ON l.bank_code = $1 AND l.contract_no = e.contract_no
     ON CONFLICT (loan_id, record_version) DO NOTHING`,
    [bankCode, JSON.stringify(events), source],
  );
}

export async function writePayments(
  manager: EntityManager,
  bankCode: string,
  accepted: readonly Accepted[],
  finals: ReadonlyMap<string, Accepted>,
  paymentsOnRecord: BatchContext['paymentsOnRecord'],
): Promise<void> {
  const payments = newPaymentsOf(accepted, finals, paymentsOnRecord);
  if (!payments.length) return;
  await manager.query(
    `INSERT INTO loans.loan_interest_payments (loan_id, settlement_date, period_start, interest_paid, overdue_interest_paid, record_version)
     SELECT l.id, p.settlement_date, p.period_start, p.interest_paid, p.overdue_interest_paid, p.record_version
     FROM jsonb_to_recordset($2::jsonb) AS p(contract_no text, settlement_date date, period_start date, interest_paid numeric, overdue_interest_paid numeric, record_version int)
     JOIN loans.loans l ON l.bank_code = $1 AND l.contract_no = p.contract_no
     ON CONFLICT (loan_id, settlement_date) DO UPDATE SET period_start = EXCLUDED.period_start, interest_paid = EXCLUDED.interest_paid,
       overdue_interest_paid = EXCLUDED.overdue_interest_paid, record_version = EXCLUDED.record_version
     WHERE loan_interest_payments.record_version < EXCLUDED.record_version`,
    [bankCode, JSON.stringify(payments)],
  );
}

/** The rejected records, logged for the bank (loanRecordRejections). */
export async function writeRejections(manager: EntityManager, bankCode: string, rejected: IngestResult['rejected'], source: RecordSource): Promise<void> {
  if (!rejected.length) return;
  await manager.query(
    `INSERT INTO loans.loan_record_rejections (bank_code, contract_no, record_version, code, field, message, source)
     SELECT $1, r.contract_no, r.record_version, r.code, r.field, left(r.message, 300), $3
     FROM jsonb_to_recordset($2::jsonb) AS r(contract_no text, record_version int, code text, field text, message text)
     ON CONFLICT (bank_code, contract_no, record_version, code) DO NOTHING`,
    [
      bankCode,
      JSON.stringify(rejected.map((r) => ({ contract_no: r.contractNo, record_version: r.recordVersion, code: r.code, field: r.field, message: r.message }))),
      source,
    ],
  );
}
