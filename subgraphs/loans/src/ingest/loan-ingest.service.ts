/**
 * Applies a batch of loan records from one bank, whichever way they came (pulled page,
 * `reportLoans` or POST /reports/loans). Per record: parse, check the bank's list and that the
 * record names the household's own county and township there, check the status transition,
 * evaluate the policy; then the whole batch is written in a few set-based statements inside one
 * transaction (with the pull cursor, when there is one). Idempotent by (bank, contract, record
 * version): a record seen before with the same content changes nothing and adds no event; the
 * same key with other content is refused (RECORD_VERSION_CONFLICT) and changes nothing either.
 *
 * A loan that breaks a policy rule is stored with its flags; a record that cannot be stored
 * (malformed, impossible transition, household never on this bank's list, a region that is not
 * the household's, a conflicting resend) is rejected alone and logged for the bank; the rest of
 * the batch lands.
 */
import Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import { canTransition } from '../loan/loan-status-machine';
import { LoanStatus } from '../loan/loan-status';
import type { StoredLoanFlag } from '../loan/loan.entity';
import { evaluateLoan } from '../policy/evaluate-loan';
import { policyInForce } from '../policy/loan-policy';
import { lprInForce } from '../policy/lpr';
import type { PolicyDataService } from '../policy-data/policy-data.service';
import { contentDigest, contentOfRecord, contentOfStoredLoan, digestOfPayments, paymentsDigest, type StoredLoanContentRow } from './loan-record.content';
import { currentListing, type ListingPeriod, regionProblem } from './loan-record.owner';
import { parseLoanRecord, ParsedLoanRecord, RecordRejection } from './loan-record.parse';
import { HubError } from '../../../../common/errors/hub-error';

export type RecordSource = 'PULL' | 'REPORT';

export interface IngestResult {
  received: number;
  /** Records that changed a loan (new contract or a higher version). */
  applied: number;
  /** Records already applied (the same version with the same content, or an older version): nothing changed. */
  duplicates: number;
  rejected: (RecordRejection & { index: number })[];
}

/** A bank the hub has no record of: an admin registers it first. */
export class UnknownBankError extends HubError {
  constructor(bankCode: string) {
    super('UNKNOWN_BANK', `bank ${bankCode} is not known to the hub: ask the hub's administrator to register it`, { zh: `银行 ${bankCode} 尚未在平台登记，请联系平台管理员登记` });
  }
}

/** Statuses in which a loan still counts toward the household's program total. */
const LIVE = new Set<LoanStatus>([LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.DISBURSED, LoanStatus.OVERDUE, LoanStatus.NPL, LoanStatus.EXTENDED]);

interface ExistingLoan {
  contract_no: string;
  household_id: string;
  record_version: number;
  status: LoanStatus;
  outstanding_principal: string;
  payment_count: number;
  payments_digest: string | null;
}

interface Membership {
  household_id: string;
  id_hash: string;
  listed_from: string;
  listed_to: string | null;
  county_code: string;
  township_code: string;
  last_sequence: string;
}

interface Accepted {
  record: ParsedLoanRecord;
  householdId: string;
  idHash: string;
  /** Status before this record, for the event (null: first sight of the contract). */
  fromStatus: LoanStatus | null;
  statusChanged: boolean;
  onListAtContract: boolean;
  /** Content digest of the record (loan-record.content.ts), kept with its version. */
  digest: string;
}

/** A record version's content digest, by (contract, version). */
type DigestRow = { contract_no: string; record_version: number; digest: string };
const versionKey = (contractNo: string, recordVersion: number) => `${contractNo}\u0000${recordVersion}`;

export class LoanIngestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
    private readonly policyData: PolicyDataService,
  ) {}

  /**
   * `withinTransaction` runs before commit (the pull job saves its cursor there), so the cursor
   * moves only if the page is stored.
   */
  async apply(bankCode: string, inputs: readonly unknown[], source: RecordSource, withinTransaction?: (manager: EntityManager) => Promise<void>): Promise<IngestResult> {
    const policy = await this.policyData.load();
    return this.dataSource.transaction(async (manager) => {
      // One writer per bank: the pull and a `reportLoans` call cannot interleave their reads and writes.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-loan-ingest-${bankCode}`]);
      const [bank] = await manager.query('SELECT code FROM loans.banks WHERE code = $1', [bankCode]);
      if (!bank) throw new UnknownBankError(bankCode);

      const result: IngestResult = { received: inputs.length, applied: 0, duplicates: 0, rejected: [] };
      const parsed: { index: number; record: ParsedLoanRecord }[] = [];
      inputs.forEach((input, index) => {
        const outcome = parseLoanRecord(input);
        if (outcome.ok) parsed.push({ index, record: outcome.record });
        else result.rejected.push({ index, ...outcome.rejection });
      });

      const contractNos = [...new Set(parsed.map((p) => p.record.contractNo))];
      const idHashes = new Map(parsed.map((p) => [p.record.borrowerResidentId, this.pii.hash(p.record.borrowerResidentId)]));
      const householdIds = [...new Set(parsed.map((p) => p.record.householdId).filter((id): id is string => id !== null))];

      // Two index lookups joined by UNION (an OR of the two would scan the bank's whole list).
      const memberships: Membership[] = await manager.query(
        `SELECT household_id, id_hash, to_char(listed_from, 'YYYY-MM-DD') AS listed_from, to_char(listed_to, 'YYYY-MM-DD') AS listed_to,
           county_code, township_code, last_sequence::text AS last_sequence
         FROM loans.bank_list_members WHERE bank_code = $1 AND household_id = ANY($2::uuid[])
         UNION
         SELECT household_id, id_hash, to_char(listed_from, 'YYYY-MM-DD'), to_char(listed_to, 'YYYY-MM-DD'), county_code, township_code, last_sequence::text
         FROM loans.bank_list_members WHERE bank_code = $1 AND id_hash = ANY($3::text[])`,
        [bankCode, householdIds, [...idHashes.values()]],
      );
      const periodsByHousehold = groupBy(memberships, (m) => m.household_id);
      const householdByHash = new Map(memberships.map((m) => [m.id_hash, m.household_id]));

      // The contracts in the batch, and every loan the bank has for their households (named by id or
      // found by the borrower's ID): their versions and statuses, and the per-household total of
      // the 追加 rule. A UNION of index lookups, not an OR.
      const batchHouseholds = [...new Set([...householdIds, ...memberships.map((m) => m.household_id)])];
      const existing: ExistingLoan[] = await manager.query(
        `SELECT contract_no, household_id, record_version, status, outstanding_principal, payment_count, payments_digest FROM loans.loans
         WHERE bank_code = $1 AND contract_no = ANY($2::text[])
         UNION
         SELECT contract_no, household_id, record_version, status, outstanding_principal, payment_count, payments_digest FROM loans.loans
         WHERE bank_code = $1 AND household_id = ANY($3::uuid[])`,
        [bankCode, contractNos, batchHouseholds],
      );

      // Versions in order per contract; out-of-order arrivals within a batch are sorted here,
      // across batches an older version than the stored one is a duplicate.
      parsed.sort((a, b) => (a.record.contractNo === b.record.contractNo ? a.record.recordVersion - b.record.recordVersion : a.record.contractNo < b.record.contractNo ? -1 : 1));
      const paymentsOnRecord = new Map(existing.map((l) => [l.contract_no, { count: l.payment_count, digest: l.payments_digest }]));
      const current = new Map<string, { version: number; status: LoanStatus; householdId: string }>(
        existing.map((l) => [l.contract_no, { version: l.record_version, status: l.status, householdId: l.household_id }]),
      );
      const { digests, legacy } = await this.knownDigests(manager, bankCode, parsed, current);
      const accepted: Accepted[] = [];
      const reject = (index: number, record: ParsedLoanRecord, code: string, field: string | null, message: string) =>
        result.rejected.push({ index, code, field, message, contractNo: record.contractNo, recordVersion: record.recordVersion });

      for (const { index, record } of parsed) {
        const now = current.get(record.contractNo);
        const idHash = idHashes.get(record.borrowerResidentId)!;
        const householdId = record.householdId ?? householdByHash.get(idHash) ?? null;
        const digest = contentDigest(contentOfRecord(record, householdId ?? '', idHash));
        const key = versionKey(record.contractNo, record.recordVersion);
        if (now && record.recordVersion <= now.version) {
          // The same key again: a duplicate only with the same content. An older version the hub
          // never applied (it arrived after a later one) has no digest and stays a stale duplicate.
          const before = digests.get(key);
          if (before !== undefined && before !== digest) {
            reject(
              index,
              record,
              'RECORD_VERSION_CONFLICT',
              'recordVersion',
              `contract ${record.contractNo} version ${record.recordVersion} was already received with other content; nothing was changed (a change needs a higher recordVersion)`,
            );
            continue;
          }
          result.duplicates++;
          continue;
        }
        const periods = householdId ? (periodsByHousehold.get(householdId) ?? []) : [];
        if (!householdId || periods.length === 0) {
          reject(index, record, 'NOT_ON_LIST', record.householdId ? 'householdId' : 'borrowerResidentId', `the household was never on ${bankCode}'s beneficiary list`);
          continue;
        }
        if (now && now.householdId !== householdId) {
          reject(index, record, 'HOUSEHOLD_CHANGED', 'householdId', `contract ${record.contractNo} belongs to another household; a contract cannot change household`);
          continue;
        }
        // The loan is stored under the household's region as delivered, never one the bank names: this
        // also keeps a later version from moving an existing loan to another county or township.
        const region = regionProblem(record, householdId, currentListing(periods.map(listingPeriod))!);
        if (region) {
          reject(index, record, region.code, region.field, region.message);
          continue;
        }
        if (now && !canTransition(now.status, record.status)) {
          reject(index, record, 'IMPOSSIBLE_TRANSITION', 'status', `status cannot go from ${now.status} to ${record.status} (version ${now.version} → ${record.recordVersion})`);
          continue;
        }
        const onListAtContract = periods.some((p) => p.listed_from <= record.contractDate && (p.listed_to === null || record.contractDate < p.listed_to));
        accepted.push({ record, householdId, idHash, fromStatus: now?.status ?? null, statusChanged: !now || now.status !== record.status, onListAtContract, digest });
        current.set(record.contractNo, { version: record.recordVersion, status: record.status, householdId });
        digests.set(key, digest);
        result.applied++;
      }

      // The final state of each contract in this batch is what gets stored and evaluated.
      const finals = new Map<string, Accepted>();
      for (const a of accepted) finals.set(a.record.contractNo, a);
      const outstanding = new Map<string, { householdId: string; principal: Decimal; live: boolean }>(
        existing.map((l) => [l.contract_no, { householdId: l.household_id, principal: new Decimal(l.outstanding_principal), live: LIVE.has(l.status) }]),
      );
      for (const a of finals.values()) outstanding.set(a.record.contractNo, { householdId: a.householdId, principal: a.record.outstandingPrincipal, live: LIVE.has(a.record.status) });

      // Each household's live program principal at this bank, summed once (not per loan).
      const liveTotal = new Map<string, Decimal>();
      for (const loan of outstanding.values()) {
        if (loan.live) liveTotal.set(loan.householdId, (liveTotal.get(loan.householdId) ?? new Decimal(0)).plus(loan.principal));
      }
      const livePrincipal = (contractNo: string | null, householdId: string) => {
        const loan = contractNo ? outstanding.get(contractNo) : undefined;
        return loan?.live && loan.householdId === householdId ? loan.principal : new Decimal(0);
      };

      const loanRows = [...finals.values()].map((a) => {
        const r = a.record;
        // The household's other live loans; a renewal replaces the contract it continues, so the two are not added up.
        const other = (liveTotal.get(a.householdId) ?? new Decimal(0)).minus(livePrincipal(r.contractNo, a.householdId)).minus(livePrincipal(r.previousContractNo, a.householdId));
        const evaluation = evaluateLoan(
          {
            amount: r.amount,
            annualRate: r.annualRate,
            termMonths: r.termMonths,
            contractDate: r.contractDate,
            maturityDate: r.maturityDate,
            borrowerResidentId: r.borrowerResidentId,
            purposeCategory: r.purposeCategory,
            renewalCount: r.renewalCount,
            otherOutstandingPrincipal: other,
            convertedToFarmerLoan: r.convertedToFarmerLoan,
          },
          policyInForce(policy.versions, r.countyCode, r.contractDate),
          lprInForce(policy.fixings, r.contractDate),
        );
        const flags: StoredLoanFlag[] = evaluation.flags.map((f) => ({ code: f.code, message: f.message, messageZh: f.messageZh, source: f.source }));
        if (!a.onListAtContract) {
          flags.push({
            code: 'OFF_LIST_AT_CONTRACT',
            message: `the household was not on ${bankCode}'s list on the contract date ${r.contractDate}`,
            messageZh: `合同日期${r.contractDate}时该户不在本行名单内`,
            source: '000 national §四(三)',
          });
        }
        return {
          contract_no: r.contractNo,
          household_id: a.householdId,
          county_code: r.countyCode,
          township_code: r.townshipCode,
          amount: r.amount.toFixed(2),
          annual_rate: r.annualRate.toFixed(6),
          term_months: r.termMonths,
          contract_date: r.contractDate,
          maturity_date: r.maturityDate,
          status: r.status,
          status_date: r.statusDate,
          record_version: r.recordVersion,
          borrower_id_hash: a.idHash,
          borrower_id_masked: mask('residentId', r.borrowerResidentId),
          subsidized_amount: flags.length ? '0.00' : evaluation.subsidizedAmount.toFixed(2),
          outstanding_principal: r.outstandingPrincipal.toFixed(2),
          purpose_category: r.purposeCategory,
          previous_contract_no: r.previousContractNo,
          renewal_count: r.renewalCount,
          insured: r.insured,
          converted_to_farmer_loan: r.convertedToFarmerLoan,
          flag_codes: flags.map((f) => f.code),
          flags,
          policy_version_id: evaluation.policyVersionId,
          lpr_effective_date: evaluation.lprEffectiveDate,
          payment_count: r.interestPayments.length,
          payments_digest: paymentsDigest(r.interestPayments),
        };
      });

      if (loanRows.length) await this.writeLoans(manager, bankCode, loanRows);
      // Every applied version's digest (not only each contract's last), and those of versions on record
      // that were stored before digests were kept.
      const digestRows: DigestRow[] = [...legacy, ...accepted.map((a) => ({ contract_no: a.record.contractNo, record_version: a.record.recordVersion, digest: a.digest }))];
      if (digestRows.length) {
        await manager.query(
          `INSERT INTO loans.loan_record_digests (loan_id, record_version, digest)
           SELECT l.id, d.record_version, d.digest
           FROM jsonb_to_recordset($2::jsonb) AS d(contract_no text, record_version int, digest text)
           JOIN loans.loans l ON l.bank_code = $1 AND l.contract_no = d.contract_no
           ON CONFLICT (loan_id, record_version) DO NOTHING`,
          [bankCode, JSON.stringify(digestRows)],
        );
      }
      const events = accepted
        .filter((a) => a.statusChanged)
        .map((a) => ({ contract_no: a.record.contractNo, record_version: a.record.recordVersion, from_status: a.fromStatus, to_status: a.record.status, status_date: a.record.statusDate }));
      if (events.length) {
        await manager.query(
          `INSERT INTO loans.loan_status_events (loan_id, record_version, from_status, to_status, status_date, source)
           SELECT l.id, e.record_version, e.from_status, e.to_status, e.status_date, $3
           FROM jsonb_to_recordset($2::jsonb) AS e(contract_no text, record_version int, from_status text, to_status text, status_date date)
           JOIN loans.loans l ON l.bank_code = $1 AND l.contract_no = e.contract_no
           ON CONFLICT (loan_id, record_version) DO NOTHING`,
          [bankCode, JSON.stringify(events), source],
        );
      }
      const payments = [...finals.values()].flatMap((a) => {
        const stored = paymentsOnRecord.get(a.record.contractNo);
        const all = a.record.interestPayments;
        // Banks resend every payment with every version: when the ones on record are unchanged, only the new ones are written.
        const unchangedPrefix = stored && stored.count <= all.length && stored.digest === digestOfPayments(all.slice(0, stored.count)) ? stored.count : 0;
        return a.record.interestPayments.slice(unchangedPrefix).map((p) => ({
          contract_no: a.record.contractNo,
          settlement_date: p.settlementDate,
          period_start: p.periodStart,
          interest_paid: p.interestPaid,
          overdue_interest_paid: p.overdueInterestPaid,
          record_version: a.record.recordVersion,
        }));
      });
      if (payments.length) {
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
      if (result.rejected.length) {
        await manager.query(
          `INSERT INTO loans.loan_record_rejections (bank_code, contract_no, record_version, code, field, message, source)
           SELECT $1, r.contract_no, r.record_version, r.code, r.field, left(r.message, 300), $3
           FROM jsonb_to_recordset($2::jsonb) AS r(contract_no text, record_version int, code text, field text, message text)
           ON CONFLICT (bank_code, contract_no, record_version, code) DO NOTHING`,
          [bankCode, JSON.stringify(result.rejected.map((r) => ({ contract_no: r.contractNo, record_version: r.recordVersion, code: r.code, field: r.field, message: r.message }))), source],
        );
      }
      await withinTransaction?.(manager);
      result.rejected.sort((a, b) => a.index - b.index);
      return result;
    });
  }

  /** Where the hub stopped reading the bank's loan-record feed (null: from the beginning). */
  async savedCursor(bankCode: string): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT cursor FROM loans.bank_pull_cursors WHERE bank_code = $1', [bankCode]);
    return row?.cursor ?? null;
  }

  /**
   * Applies one pulled page and moves the cursor past it in the same transaction: a crash before
   * commit re-reads the page, never skips it.
   */
  applyPulledPage(bankCode: string, records: readonly unknown[], nextCursor: string | null): Promise<IngestResult> {
    return this.apply(bankCode, records, 'PULL', async (manager) => {
      await manager.query(
        `INSERT INTO loans.bank_pull_cursors (bank_code, cursor, records_read, pulled_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (bank_code) DO UPDATE SET cursor = EXCLUDED.cursor, records_read = bank_pull_cursors.records_read + EXCLUDED.records_read, pulled_at = now()`,
        [bankCode, nextCursor, records.length],
      );
    });
  }

  /**
   * The content digests the batch is compared with: of each version it names again, and of each of
   * its contracts' version on record. A version on record stored before digests were kept has no
   * row: its digest is computed from the loan row (written from exactly that version) and returned
   * in `legacy`, to be kept.
   */
  private async knownDigests(
    manager: EntityManager,
    bankCode: string,
    parsed: readonly { record: ParsedLoanRecord }[],
    current: ReadonlyMap<string, { version: number }>,
  ): Promise<{ digests: Map<string, string>; legacy: DigestRow[] }> {
    const wanted = new Map<string, { contract_no: string; record_version: number }>();
    for (const { record } of parsed) {
      const now = current.get(record.contractNo);
      if (!now) continue;
      wanted.set(versionKey(record.contractNo, now.version), { contract_no: record.contractNo, record_version: now.version });
      if (record.recordVersion < now.version) wanted.set(versionKey(record.contractNo, record.recordVersion), { contract_no: record.contractNo, record_version: record.recordVersion });
    }
    const digests = new Map<string, string>();
    if (wanted.size === 0) return { digests, legacy: [] };
    const keys = [...wanted.values()];
    const rows: DigestRow[] = await manager.query(
      `SELECT k.contract_no, k.record_version, d.digest
       FROM unnest($2::text[], $3::int[]) AS k(contract_no, record_version)
       JOIN loans.loans l ON l.bank_code = $1 AND l.contract_no = k.contract_no
       JOIN loans.loan_record_digests d ON d.loan_id = l.id AND d.record_version = k.record_version`,
      [bankCode, keys.map((k) => k.contract_no), keys.map((k) => k.record_version)],
    );
    for (const row of rows) digests.set(versionKey(row.contract_no, row.record_version), row.digest);

    const undigested = [...new Set(parsed.map((p) => p.record.contractNo))].filter((no) => current.has(no) && !digests.has(versionKey(no, current.get(no)!.version)));
    if (undigested.length === 0) return { digests, legacy: [] };
    const stored: StoredLoanContentRow[] = await manager.query(
      `SELECT contract_no, record_version, household_id, borrower_id_hash, county_code, township_code, amount::text AS amount, annual_rate::text AS annual_rate,
         term_months, to_char(contract_date, 'YYYY-MM-DD') AS contract_date, to_char(maturity_date, 'YYYY-MM-DD') AS maturity_date, purpose_category, status,
         to_char(status_date, 'YYYY-MM-DD') AS status_date, outstanding_principal::text AS outstanding_principal, previous_contract_no, renewal_count, insured,
         converted_to_farmer_loan, payment_count, payments_digest
       FROM loans.loans WHERE bank_code = $1 AND contract_no = ANY($2::text[])`,
      [bankCode, undigested],
    );
    const legacy = stored.map((row) => ({ contract_no: row.contract_no, record_version: row.record_version, digest: contentDigest(contentOfStoredLoan(row)) }));
    for (const row of legacy) digests.set(versionKey(row.contract_no, row.record_version), row.digest);
    return { digests, legacy };
  }

  private async writeLoans(manager: EntityManager, bankCode: string, rows: Record<string, unknown>[]): Promise<void> {
    await manager.query(
      `INSERT INTO loans.loans AS l (contract_no, bank_code, household_id, county_code, township_code, amount, annual_rate, term_months, contract_date,
         maturity_date, status, status_date, record_version, borrower_id_hash, borrower_id_masked, subsidized_amount, outstanding_principal,
         purpose_category, previous_contract_no, renewal_count, insured, converted_to_farmer_loan, flag_codes, flags, policy_version_id, lpr_effective_date,
         payment_count, payments_digest)
       SELECT r.contract_no, $1, r.household_id, r.county_code, r.township_code, r.amount, r.annual_rate, r.term_months, r.contract_date,
         r.maturity_date, r.status, r.status_date, r.record_version, r.borrower_id_hash, r.borrower_id_masked, r.subsidized_amount, r.outstanding_principal,
         r.purpose_category, r.previous_contract_no, r.renewal_count, r.insured, r.converted_to_farmer_loan,
         ARRAY(SELECT jsonb_array_elements_text(r.flag_codes)), r.flags, r.policy_version_id, r.lpr_effective_date, r.payment_count, r.payments_digest
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
         payments_digest = EXCLUDED.payments_digest, updated_at = now()
       WHERE l.record_version < EXCLUDED.record_version`,
      [bankCode, JSON.stringify(rows)],
    );
  }
}

function listingPeriod(m: Membership): ListingPeriod {
  return { listedFrom: m.listed_from, listedTo: m.listed_to, lastSequence: Number(m.last_sequence), countyCode: m.county_code, townshipCode: m.township_code };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
