/**
 * One bank's batch of loan records, judged and turned into rows, without I/O: which records are
 * applied, duplicates or rejected (and why), and what the applied ones write (the loan row with its
 * policy evaluation, status events, new interest payments). loan-ingest.service.ts loads what the
 * judgement needs and writes the outcome in one transaction.
 */
import Decimal from 'decimal.js';
import { mask } from '../../../../common/pii/masking';
import { canTransition } from '../loan/loan-status-machine';
import { LoanStatus } from '../loan/loan-status';
import { evaluateLoan } from '../policy/evaluate-loan';
import { policyInForce, type LoanPolicyVersion } from '../policy/loan-policy';
import { lprInForce, type LprFixing } from '../policy/lpr';
import { contentDigest, contentOfRecord, digestOfPayments, type LoanRecordContent } from './loan-record.content';
import { currentListing, type ListingPeriod, regionProblem } from './loan-record.owner';
import type { ParsedInterestPayment, ParsedLoanRecord, RecordRejection } from './loan-record.parse';

// Named here rather than imported from the entity and the service, so that this module stays
// plain rules (no storage package behind it), unit-tested alone.
/** The policy versions and LPR fixings a batch is judged by (PolicyDataService.load()). */
export type PolicyData = { versions: readonly LoanPolicyVersion[]; fixings: readonly LprFixing[] };
/** A flag as stored with the loan (loan.entity.ts StoredLoanFlag). */
type StoredLoanFlag = { code: string; message: string; messageZh: string; source: string };

/** Where a batch came from: the pull job's page, or a bank's report (GraphQL or POST /reports/loans). */
export type RecordSource = 'PULL' | 'REPORT';

export interface IngestResult {
  received: number;
  /** Records that changed a loan (new contract or a higher version). */
  applied: number;
  /** Records already applied (the same version with the same content, or an older version): nothing changed. */
  duplicates: number;
  rejected: (RecordRejection & { index: number })[];
}

/** Statuses in which a loan still counts toward the household's program total. */
const LIVE = new Set<LoanStatus>([LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.DISBURSED, LoanStatus.OVERDUE, LoanStatus.NPL, LoanStatus.EXTENDED]);

export interface ExistingLoan {
  contract_no: string;
  household_id: string;
  record_version: number;
  status: LoanStatus;
  outstanding_principal: string;
  payment_count: number;
  payments_digest: string | null;
  /** The contract this one continues (a renewal or extension), as stored: the hub's renewal chain. */
  previous_contract_no: string | null;
}

export interface Membership {
  household_id: string;
  id_hash: string;
  listed_from: string;
  listed_to: string | null;
  county_code: string;
  township_code: string;
  last_sequence: string;
}

export interface Accepted {
  /** The record's place in the batch as it came (a pulled feed's order). */
  index: number;
  record: ParsedLoanRecord;
  householdId: string;
  idHash: string;
  /** Status before this record, for the event (null: first sight of the contract). */
  fromStatus: LoanStatus | null;
  statusChanged: boolean;
  onListAtContract: boolean;
  /** Content digest of the record (loan-record.content.ts), kept with its version. */
  digest: string;
  /** The record's canonical content the digest is of (its amounts as stored, its payments' digest): the loan row reuses it. */
  content: LoanRecordContent;
  /** Renewals and extensions as the hub counts them along the chain of previous contracts (renewalChainCount). */
  renewalCount: number;
}

/** A record version's content digest, by (contract, version). */
export type DigestRow = { contract_no: string; record_version: number; digest: string };
export const versionKey = (contractNo: string, recordVersion: number) => `${contractNo}\u0000${recordVersion}`;

/** What the judgement reads: the bank's list for the batch's households, their loans on record and the digests of the versions named again. */
export interface BatchContext {
  idHashes: Map<string, string>;
  householdByHash: Map<string, string>;
  periodsByHousehold: Map<string, Membership[]>;
  existing: ExistingLoan[];
  /** Each contract's version, status and household on record; moved on as the batch's records are applied. */
  current: Map<string, { version: number; status: LoanStatus; householdId: string }>;
  /** Content digests by (contract, version); the batch's applied versions are added. */
  digests: Map<string, string>;
  /** Digests of versions on record stored before digests were kept, to keep now. */
  legacy: DigestRow[];
  paymentsOnRecord: Map<string, { count: number; digest: string | null }>;
}

/** Each record in version order: applied, a duplicate, or rejected with its code and field (into `result`). */
export function judgeRecords(
  parsed: readonly { index: number; record: ParsedLoanRecord }[],
  context: BatchContext,
  bankCode: string,
  result: IngestResult,
): Accepted[] {
  const { current, idHashes, householdByHash, digests, periodsByHousehold } = context;
  const accepted: Accepted[] = [];
  // The renewal chain: each contract's household and the contract it continues, as stored, then
  // as this batch reports them (its last version of each), so a renewal may come in the same
  // batch as the contract it continues, before or after it.
  const chain = new Map<string, ChainLink>(
    context.existing.map((l) => [l.contract_no, { householdId: l.household_id, previousContractNo: l.previous_contract_no }]),
  );
  for (const { record } of parsed) {
    const householdId = record.householdId ?? householdByHash.get(idHashes.get(record.borrowerResidentId)!) ?? null;
    const stored = current.get(record.contractNo);
    if (householdId && (!stored || stored.householdId === householdId))
      chain.set(record.contractNo, { householdId, previousContractNo: record.previousContractNo });
  }
  const reject = (index: number, record: ParsedLoanRecord, code: string, field: string | null, message: string) =>
    result.rejected.push({ index, code, field, message, contractNo: record.contractNo, recordVersion: record.recordVersion });

  for (const { index, record } of parsed) {
    const now = current.get(record.contractNo);
    const idHash = idHashes.get(record.borrowerResidentId)!;
    const householdId = record.householdId ?? householdByHash.get(idHash) ?? null;
    const content = contentOfRecord(record, householdId ?? '', idHash);
    const digest = contentDigest(content);
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
      reject(
        index,
        record,
        'NOT_ON_LIST',
        record.householdId ? 'householdId' : 'borrowerResidentId',
        `the household was never on ${bankCode}'s beneficiary list`,
      );
      continue;
    }
    if (now && now.householdId !== householdId) {
      reject(
        index,
        record,
        'HOUSEHOLD_CHANGED',
        'householdId',
        `contract ${record.contractNo} belongs to another household; a contract cannot change household`,
      );
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
      reject(
        index,
        record,
        'IMPOSSIBLE_TRANSITION',
        'status',
        `status cannot go from ${now.status} to ${record.status} (version ${now.version} → ${record.recordVersion})`,
      );
      continue;
    }
    let renewalCount = 0;
    if (record.previousContractNo) {
      const previous = chain.get(record.previousContractNo);
      if (!previous || previous.householdId !== householdId) {
        reject(
          index,
          record,
          'PREVIOUS_CONTRACT_UNKNOWN',
          'previousContractNo',
          `contract ${record.previousContractNo} is not a loan of this household that ${bankCode} has reported; report the contract a renewal or extension continues first (or in the same batch)`,
        );
        continue;
      }
      renewalCount = renewalChainCount(record.contractNo, record.previousContractNo, householdId, chain);
    }
    const onListAtContract = periods.some((p) => p.listed_from <= record.contractDate && (p.listed_to === null || record.contractDate < p.listed_to));
    accepted.push({
      index,
      record,
      householdId,
      idHash,
      fromStatus: now?.status ?? null,
      statusChanged: !now || now.status !== record.status,
      onListAtContract,
      digest,
      content,
      renewalCount,
    });
    current.set(record.contractNo, { version: record.recordVersion, status: record.status, householdId });
    digests.set(key, digest);
    result.applied++;
  }
  return accepted;
}

/** A contract in the renewal chain: its household and the contract it continues. */
export type ChainLink = { householdId: string; previousContractNo: string | null };

/**
 * Renewals and extensions (together: the policy's maxRenewals) of a contract that continues
 * `previousContractNo`: how many contracts its chain goes back through, following each one's
 * previousContractNo within the household. A contract the hub does not hold ends the chain; a
 * loop (back to `contractNo` or round itself) is counted once round.
 */
export function renewalChainCount(contractNo: string, previousContractNo: string | null, householdId: string, chain: ReadonlyMap<string, ChainLink>): number {
  const seen = new Set<string>([contractNo]);
  let count = 0;
  for (let at = previousContractNo; at && !seen.has(at);) {
    const link = chain.get(at);
    if (!link || link.householdId !== householdId) break;
    seen.add(at);
    count++;
    at = link.previousContractNo;
  }
  return count;
}

/**
 * The loan rows the batch writes: each contract's final version, evaluated against the policy in
 * force on its contract date and against the household's other live loans as they stood when that
 * version came (the batch's records taken in the order they came, a pulled feed's order): the
 * judgement is the same however the feed is cut into batches, and a loan is never judged with the
 * loans that came after it (a contract taken once it was repaid is not added to it).
 */
export function loanRowsOf(
  accepted: readonly Accepted[],
  existing: readonly ExistingLoan[],
  policy: PolicyData,
  bankCode: string,
): { finals: Map<string, Accepted>; loanRows: Record<string, unknown>[] } {
  // The final state of each contract in this batch is what gets stored and evaluated.
  const finals = new Map<string, Accepted>();
  for (const a of accepted) finals.set(a.record.contractNo, a);

  // Each contract as it stands (on record, then moved on record by record) and each household's
  // live program principal at this bank with it; at each final version, the household's other
  // live loans (a renewal replaces the contract it continues, so the two are not added up).
  // Only a household with more than one contract (on record or in the batch) has others to add up:
  // the others (most) have none, and are not walked.
  const ZERO = new Decimal(0);
  const contractsOf = new Map<string, Set<string>>();
  const note = (householdId: string, contractNo: string) => {
    const contracts = contractsOf.get(householdId);
    if (contracts) contracts.add(contractNo);
    else contractsOf.set(householdId, new Set([contractNo]));
  };
  for (const l of existing) note(l.household_id, l.contract_no);
  for (const a of finals.values()) note(a.householdId, a.record.contractNo);
  const several = (householdId: string) => contractsOf.get(householdId)!.size > 1;
  const standing = new Map<string, { householdId: string; version: number; principal: Decimal; live: boolean }>();
  const liveTotal = new Map<string, Decimal>();
  const move = (householdId: string, by: Decimal) => liveTotal.set(householdId, (liveTotal.get(householdId) ?? ZERO).plus(by));
  for (const l of existing) {
    if (!several(l.household_id)) continue;
    const loan = { householdId: l.household_id, version: l.record_version, principal: new Decimal(l.outstanding_principal), live: LIVE.has(l.status) };
    standing.set(l.contract_no, loan);
    if (loan.live) move(loan.householdId, loan.principal);
  }
  const livePrincipal = (contractNo: string | null, householdId: string) => {
    const loan = contractNo ? standing.get(contractNo) : undefined;
    return loan?.live && loan.householdId === householdId ? loan.principal : ZERO;
  };
  const otherOutstanding = new Map<string, Decimal>();
  for (const a of [...accepted].sort((x, y) => x.index - y.index)) {
    const r = a.record;
    if (!several(a.householdId)) continue;
    const before = standing.get(r.contractNo);
    if (before && before.version > r.recordVersion) continue;
    if (before?.live) move(before.householdId, before.principal.negated());
    const now = { householdId: a.householdId, version: r.recordVersion, principal: r.outstandingPrincipal, live: LIVE.has(r.status) };
    standing.set(r.contractNo, now);
    if (now.live) move(now.householdId, now.principal);
    if (finals.get(r.contractNo) === a)
      otherOutstanding.set(
        r.contractNo,
        (liveTotal.get(a.householdId) ?? ZERO).minus(livePrincipal(r.contractNo, a.householdId)).minus(livePrincipal(r.previousContractNo, a.householdId)),
      );
  }

  const loanRows = [...finals.values()].map((a) => {
    const r = a.record;
    const other = otherOutstanding.get(r.contractNo) ?? ZERO;
    const evaluation = evaluateLoan(
      {
        amount: r.amount,
        annualRate: r.annualRate,
        termMonths: r.termMonths,
        contractDate: r.contractDate,
        maturityDate: r.maturityDate,
        borrowerResidentId: r.borrowerResidentId,
        purposeCategory: r.purposeCategory,
        // The hub's own count, never the bank's word for it.
        renewalCount: a.renewalCount,
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
    if (r.renewalCount !== a.renewalCount) {
      // Noted as a flag, not a rejection: the loan exists and is shown, with the hub's count, but
      // earns no subsidy or compensation until the bank sends a version that agrees.
      flags.push({
        code: 'RENEWAL_COUNT_MISREPORTED',
        message: `the bank reported renewalCount ${r.renewalCount}; the hub counts ${a.renewalCount} from the contracts it continues (previousContractNo${r.previousContractNo ? ` ${r.previousContractNo}` : ': none'})`,
        messageZh: `银行报送的续贷/展期次数为${r.renewalCount}，平台按所接续的合同（previousContractNo）计为${a.renewalCount}`,
        source: 'bank connector protocol: renewalCount, previousContractNo',
      });
    }
    return {
      contract_no: r.contractNo,
      household_id: a.householdId,
      county_code: r.countyCode,
      township_code: r.townshipCode,
      amount: a.content.amount,
      annual_rate: a.content.annualRate,
      term_months: r.termMonths,
      contract_date: r.contractDate,
      maturity_date: r.maturityDate,
      status: r.status,
      status_date: r.statusDate,
      record_version: r.recordVersion,
      borrower_id_hash: a.idHash,
      borrower_id_masked: mask('residentId', r.borrowerResidentId),
      subsidized_amount: flags.length ? '0.00' : evaluation.subsidizedAmount.toFixed(2),
      outstanding_principal: a.content.outstandingPrincipal,
      purpose_category: r.purposeCategory,
      previous_contract_no: r.previousContractNo,
      renewal_count: a.renewalCount,
      insured: r.insured,
      converted_to_farmer_loan: r.convertedToFarmerLoan,
      flag_codes: flags.map((f) => f.code),
      flags,
      policy_version_id: evaluation.policyVersionId,
      lpr_effective_date: evaluation.lprEffectiveDate,
      payment_count: r.interestPayments.length,
      payments_digest: a.content.paymentsDigest,
    };
  });
  return { finals, loanRows };
}

/** Status changes, one event per applied version that changed the status. */
export function statusEventsOf(accepted: readonly Accepted[]) {
  return accepted
    .filter((a) => a.statusChanged)
    .map((a) => ({
      contract_no: a.record.contractNo,
      record_version: a.record.recordVersion,
      from_status: a.fromStatus,
      to_status: a.record.status,
      status_date: a.record.statusDate,
    }));
}

/**
 * Interest payments to write: banks resend every payment with every version; when the ones on record
 * are unchanged, only the new ones. Each carries the version that set its figures: the earliest of
 * the contract's versions applied in this batch from which the payment stood as in the last one
 * (so a batch of several versions stores what applying them one by one would).
 */
export function newPaymentsOf(accepted: readonly Accepted[], finals: ReadonlyMap<string, Accepted>, paymentsOnRecord: BatchContext['paymentsOnRecord']) {
  // The earlier versions of contracts applied more than once in the batch (in version order).
  const earlier = new Map<string, Accepted[]>();
  for (const a of accepted) {
    if (finals.get(a.record.contractNo) === a) continue;
    const list = earlier.get(a.record.contractNo);
    if (list) list.push(a);
    else earlier.set(a.record.contractNo, [a]);
  }
  return [...finals.values()].flatMap((a) => {
    const stored = paymentsOnRecord.get(a.record.contractNo);
    const all = a.record.interestPayments;
    const unchangedPrefix = stored && stored.count <= all.length && stored.digest === digestOfPayments(all.slice(0, stored.count)) ? stored.count : 0;
    const before = earlier.get(a.record.contractNo) ?? [];
    return all.slice(unchangedPrefix).map((p, i) => {
      let recordVersion = a.record.recordVersion;
      for (let k = before.length - 1; k >= 0; k--) {
        const q = before[k].record.interestPayments[unchangedPrefix + i];
        if (!q || !samePayment(p, q)) break;
        recordVersion = before[k].record.recordVersion;
      }
      return {
        contract_no: a.record.contractNo,
        settlement_date: p.settlementDate,
        period_start: p.periodStart,
        interest_paid: p.interestPaid,
        overdue_interest_paid: p.overdueInterestPaid,
        record_version: recordVersion,
      };
    });
  });
}

const samePayment = (a: ParsedInterestPayment, b: ParsedInterestPayment) =>
  a.settlementDate === b.settlementDate &&
  a.periodStart === b.periodStart &&
  a.interestPaid === b.interestPaid &&
  a.overdueInterestPaid === b.overdueInterestPaid;

export function listingPeriod(m: Membership): ListingPeriod {
  return { listedFrom: m.listed_from, listedTo: m.listed_to, lastSequence: Number(m.last_sequence), countyCode: m.county_code, townshipCode: m.township_code };
}

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
