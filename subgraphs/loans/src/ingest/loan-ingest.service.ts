/**
 * Applies a batch of loan records from one bank, whichever way they came (pulled page,
 * `reportLoans` or POST /reports/loans). Per record: parse, check the bank's list and that the
 * record names the household's own county and township there, check the status transition,
 * evaluate the policy; then the whole batch is written in a few set-based statements inside one
 * transaction (with the pull cursor, when there is one). Every applied version keeps its digest,
 * its status event (when it changed the status) and the interest payments it set; the loan row is
 * written once per batch, at each contract's last version, and only that version is evaluated
 * against the policy (the row's flags are the last version's: earlier ones would be overwritten).
 * Idempotent by (bank, contract, record version): a record seen before with the same content
 * changes nothing and adds no event; the same key with other content is refused
 * (RECORD_VERSION_CONFLICT) and changes nothing either.
 *
 * A loan that breaks a policy rule is stored with its flags; a record that cannot be stored
 * (malformed, dated after today, a settlement outside the loan's life, impossible transition,
 * household never on this bank's list, a region that is not the household's, a renewal of a
 * contract the hub does not hold for the household, a conflicting resend) is rejected alone and
 * logged for the bank; the rest of the batch lands. Renewals are counted by the hub along the
 * chain of previousContractNo; a reported renewalCount that disagrees is flagged.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { HubError } from '../../../../common/errors/hub-error';
import type { PiiProtector } from '../../../../common/pii/protector';
import { LoanStatus } from '../loan/loan-status';
import type { PolicyDataService } from '../policy-data/policy-data.service';
import { holdJudgementShared } from '../policy-data/policy-data-revision';
import {
  groupBy,
  judgeRecords,
  loanRowsOf,
  versionKey,
  type BatchContext,
  type DigestRow,
  type ExistingLoan,
  type IngestResult,
  type Membership,
  type RecordSource,
} from './loan-batch';
import { writeDigests, writeLoans, writePayments, writeRejections, writeStatusEvents } from './loan-batch.writes';
import { contentDigest, contentOfStoredLoan, type StoredLoanContentRow } from './loan-record.content';
import { parseLoanRecord, type ParsedLoanRecord } from './loan-record.parse';

export type { IngestResult, RecordSource };

/** A bank the hub has no record of: an admin registers it first. */
export class UnknownBankError extends HubError {
  constructor(bankCode: string) {
    super('UNKNOWN_BANK', `bank ${bankCode} is not known to the hub: ask the hub's administrator to register it`, {
      zh: `银行 ${bankCode} 尚未在平台登记，请联系平台管理员登记`,
    });
  }
}

export class LoanIngestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
    private readonly policyData: PolicyDataService,
    /** The hub's calendar day (Asia/Shanghai): records dated later are refused. */
    private readonly today: () => string = () => shanghaiDate(),
  ) {}

  /**
   * `withinTransaction` runs before commit (the pull job saves its cursor there), so the cursor
   * moves only if the page is stored.
   */
  async apply(
    bankCode: string,
    inputs: readonly unknown[],
    source: RecordSource,
    withinTransaction?: (manager: EntityManager) => Promise<void>,
  ): Promise<IngestResult> {
    await this.policyData.ensureShipped();
    return this.dataSource.transaction(async (manager) => {
      // One writer per bank: the pull and a `reportLoans` call cannot interleave their reads and writes.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-loan-ingest-${bankCode}`]);
      // Judged and stored under the judgement lock, by the policy data of the revision read after
      // taking it: a re-evaluation starting waits for this batch, or this batch reads its revision
      // (policy-data-revision.ts). The cache of another process's version is not trusted.
      await holdJudgementShared(manager);
      const policy = await this.policyData.load({ manager });
      const [bank] = await manager.query(
        `SELECT code, to_char(retired_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS retired_on FROM loans.banks WHERE code = $1`,
        [bankCode],
      );
      if (!bank) throw new UnknownBankError(bankCode);
      // A retired bank lends no more: what it still reports is refused whole, and nothing of it is stored.
      if (bank.retired_on)
        throw new HubError('BANK_RETIRED', `bank ${bankCode} was retired on ${bank.retired_on}: the hub takes no more loan reports from it`, {
          zh: `银行 ${bankCode} 已于 ${bank.retired_on} 停用，平台不再接收其贷款报送`,
        });

      const result: IngestResult = { received: inputs.length, applied: 0, duplicates: 0, rejected: [] };
      const parsed: { index: number; record: ParsedLoanRecord }[] = [];
      const today = this.today();
      inputs.forEach((input, index) => {
        const outcome = parseLoanRecord(input, today);
        if (outcome.ok) parsed.push({ index, record: outcome.record });
        else result.rejected.push({ index, ...outcome.rejection });
      });
      const context = await this.batchContext(manager, bankCode, parsed);
      const accepted = judgeRecords(parsed, context, bankCode, result);
      const { finals, loanRows } = loanRowsOf(accepted, context.existing, policy, bankCode);

      await writeLoans(manager, bankCode, loanRows, policy.revision);
      await writeDigests(manager, bankCode, [
        ...context.legacy,
        ...accepted.map((a) => ({ contract_no: a.record.contractNo, record_version: a.record.recordVersion, digest: a.digest })),
      ]);
      await writeStatusEvents(manager, bankCode, accepted, source);
      await writePayments(manager, bankCode, accepted, finals, context.paymentsOnRecord);
      await writeRejections(manager, bankCode, result.rejected, source);
      await withinTransaction?.(manager);
      result.rejected.sort((a, b) => a.index - b.index);
      return result;
    });
  }

  /**
   * What judging the batch reads, in a fixed number of statements: the bank's list for the
   * batch's households, their loans on record, and the digests of the versions named again.
   * Sorts `parsed` into version order per contract.
   */
  private async batchContext(manager: EntityManager, bankCode: string, parsed: { index: number; record: ParsedLoanRecord }[]): Promise<BatchContext> {
    const contractNos = [...new Set(parsed.map((p) => p.record.contractNo))];
    // One HMAC per borrower, not per record: a contract's versions name the same borrower.
    const idHashes = new Map<string, string>();
    for (const { record } of parsed)
      if (!idHashes.has(record.borrowerResidentId)) idHashes.set(record.borrowerResidentId, this.pii.hash(record.borrowerResidentId));
    const householdIds = [...new Set(parsed.map((p) => p.record.householdId).filter((id): id is string => id !== null))];

    // Two index lookups joined by UNION (an OR of the two would scan the bank's whole list). The
    // hashes are bound as bpchar[], the column's type: compared as text[] the column is cast, its
    // index cannot serve, and each batch read the bank's whole list (issue 17, a province's most
    // frequent statement).
    const memberships: Membership[] = await manager.query(
      `SELECT household_id, id_hash, to_char(listed_from, 'YYYY-MM-DD') AS listed_from, to_char(listed_to, 'YYYY-MM-DD') AS listed_to,
         county_code, township_code, last_sequence::text AS last_sequence
       FROM loans.bank_list_members WHERE bank_code = $1 AND household_id = ANY($2::uuid[])
       UNION
       SELECT household_id, id_hash, to_char(listed_from, 'YYYY-MM-DD'), to_char(listed_to, 'YYYY-MM-DD'), county_code, township_code, last_sequence::text
       FROM loans.bank_list_members WHERE bank_code = $1 AND id_hash = ANY($3::bpchar[])`,
      [bankCode, householdIds, [...idHashes.values()]],
    );
    const periodsByHousehold = groupBy(memberships, (m) => m.household_id);
    const householdByHash = new Map(memberships.map((m) => [m.id_hash, m.household_id]));

    // The contracts in the batch, and every loan the bank has for their households (named by id or
    // found by the borrower's ID): their versions and statuses, and the per-household total of
    // the 追加 rule; with the contract each continues, the household's renewal chain (the hub
    // counts renewals from it). A UNION of index lookups, not an OR.
    const batchHouseholds = [...new Set([...householdIds, ...memberships.map((m) => m.household_id)])];
    const existing: ExistingLoan[] = await manager.query(
      `SELECT contract_no, household_id, record_version, status, outstanding_principal, payment_count, payments_digest, previous_contract_no FROM loans.loans
       WHERE bank_code = $1 AND contract_no = ANY($2::text[])
       UNION
       SELECT contract_no, household_id, record_version, status, outstanding_principal, payment_count, payments_digest, previous_contract_no FROM loans.loans
       WHERE bank_code = $1 AND household_id = ANY($3::uuid[])`,
      [bankCode, contractNos, batchHouseholds],
    );

    // Versions in order per contract; out-of-order arrivals within a batch are sorted here,
    // across batches an older version than the stored one is a duplicate.
    parsed.sort((a, b) =>
      a.record.contractNo === b.record.contractNo ? a.record.recordVersion - b.record.recordVersion : a.record.contractNo < b.record.contractNo ? -1 : 1,
    );
    const paymentsOnRecord = new Map(existing.map((l) => [l.contract_no, { count: l.payment_count, digest: l.payments_digest }]));
    const current = new Map<string, { version: number; status: LoanStatus; householdId: string }>(
      existing.map((l) => [l.contract_no, { version: l.record_version, status: l.status, householdId: l.household_id }]),
    );
    const { digests, legacy } = await this.knownDigests(manager, bankCode, parsed, current);
    return { idHashes, householdByHash, periodsByHousehold, existing, current, digests, legacy, paymentsOnRecord };
  }

  /** Where the hub stopped reading the bank's loan-record feed (null: from the beginning). */
  async savedCursor(bankCode: string): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT cursor FROM loans.bank_pull_cursors WHERE bank_code = $1', [bankCode]);
    return row?.cursor ?? null;
  }

  /**
   * Forgets where the hub stopped reading the bank's feed (a bank that lost its state no longer
   * knows the cursor it issued): the next pull reads from the beginning, and the records already
   * applied change nothing (idempotent by key and content). Returns the forgotten cursor's row.
   */
  async forgetPullCursor(bankCode: string): Promise<{ cursor: string | null; recordsRead: number } | null> {
    const [rows] = await this.dataSource.query('DELETE FROM loans.bank_pull_cursors WHERE bank_code = $1 RETURNING cursor, records_read', [bankCode]);
    const row = (rows as { cursor: string | null; records_read: string }[] | undefined)?.[0];
    return row ? { cursor: row.cursor, recordsRead: Number(row.records_read) } : null;
  }

  /**
   * Applies pulled records (one page, or several read in a row: pull-loan-records.ts) and moves the
   * cursor past them in the same transaction: a crash before commit re-reads them, never skips
   * them. A contract whose versions come on several of the pages is written once, at its last.
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
      if (record.recordVersion < now.version)
        wanted.set(versionKey(record.contractNo, record.recordVersion), { contract_no: record.contractNo, record_version: record.recordVersion });
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

    const undigested = [...new Set(parsed.map((p) => p.record.contractNo))].filter(
      (no) => current.has(no) && !digests.has(versionKey(no, current.get(no)!.version)),
    );
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
}
