/**
 * The simulated banks, without HTTP: what each bank holds (its beneficiary list, the delivery
 * sequence, idempotency keys, its loan book and change feed) and the faults armed against it.
 * http.ts turns requests into calls here; tests call it directly.
 *
 * Delivery rules (schema/bank-connector.openapi.yaml): a bank applies sequence n only after
 * n − 1; an Idempotency-Key is bound to the exact request body (SHA-256 of its bytes) once the
 * delivery is applied, and the same key with the same body replays the first answer as
 * ALREADY_APPLIED. Refused attempts bind nothing, so the same request may succeed later.
 * Payout batches (POST /payout-batches) are each bank's PayoutDesk (payouts.ts), with keys of
 * their own.
 */
import { createHash } from 'node:crypto';
import {
  BeneficiaryListDelivery,
  ConnectorError,
  DeliveryAck,
  DeliveryKind,
  LoanRecordWire,
  LoanRecordsPage,
  MAX_RECORDS_PER_MESSAGE,
  PayoutBatchResult,
} from '../../contracts/bank-connector/protocol';
import { MalformedDelivery, readDelivery } from './delivery-validation';
import { PayoutDesk, RegisteredAccount } from './payouts';
import type { Borrower } from './borrowers';
import { parseDay } from './calendar';
import { decodeCursor, encodeCursor } from './feed-cursor';
import { LendingResult, LoanBook, LoanBookSummary } from './loan-book';
import type { Journal, JournalEntry } from './journal';
import { hasLaterVersion, insertCorruptCopies, putNewerVersionFirst } from './page-faults';
import { Random, seededRandom } from '../../common/seeded-random';

export const DEFAULT_BANKS = ['ABC', 'PSBC', 'YNRCC'];
export const DEFAULT_PAGE_SIZE = 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/; // visible ASCII, as an HTTP header carries it

/** A status and a JSON body: what the HTTP layer sends back. */
export interface Answer<T> {
  status: number;
  body: T | ConnectorError;
}

// ---------------------------------------------------------------------------------------------
// Faults

export type FaultRoute = 'deliveries' | 'loan-records' | 'payouts' | 'any';
export const FAULT_ROUTES: readonly FaultRoute[] = ['deliveries', 'loan-records', 'payouts', 'any'];
/** Faults that act on the request itself: the HTTP layer carries them out. */
export const TRANSPORT_FAULTS = ['status', 'latency', 'timeout', 'drop'] as const;
/** Faults that change what a loan-records page holds. */
export const PAGE_FAULTS = ['duplicate-records', 'out-of-order', 'malformed'] as const;
export type FaultKind = (typeof TRANSPORT_FAULTS)[number] | (typeof PAGE_FAULTS)[number];

/**
 * `count` is how many requests the fault affects (default 1), except for `malformed`, where it
 * is how many malformed records the next page(s) carry.
 */
export interface FaultSpec {
  kind: FaultKind;
  /** For `status`: the HTTP status to answer (400–599). */
  status?: number;
  /** For `latency`: delay before the bank handles the request. */
  ms?: number;
  count?: number;
  /** Only requests to this bank (default: every bank). */
  bankCode?: string;
  /** Only this route (default 'any'; page faults always act on 'loan-records'). */
  route?: FaultRoute;
}

export interface ArmedFault {
  id: number;
  kind: FaultKind;
  status?: number;
  ms?: number;
  bankCode: string | null;
  route: FaultRoute;
  remaining: number;
}

export class InvalidFault extends Error {}

// ---------------------------------------------------------------------------------------------
// Per-bank state

interface ListedHousehold {
  householdId: string;
  householdNo: string;
  countyCode: string;
  townshipCode: string;
  /** Kept to identify the borrower when lending; never shown by the admin API. */
  residentId: string;
  ops: number;
  lastOp: 'ADD' | 'CHANGE';
  lastSequence: number;
  listedSinceDay: number;
}

interface AppliedDelivery {
  sequence: number;
  idempotencyKey: string;
  kind: DeliveryKind;
  snapshotId: string | null;
  part: number | null;
  lastPart: boolean | null;
  upserts: number;
  removals: number;
  /** Households of the snapshot's townships that no part listed, dropped on its last part. */
  droppedBySnapshot: number;
  appliedAt: string;
}

type RejectionReason = 'MALFORMED' | 'SEQUENCE_GAP' | 'SEQUENCE_ALREADY_USED' | 'IDEMPOTENCY_KEY_REUSED';

interface Bank {
  code: string;
  listed: Map<string, ListedHousehold>;
  lastAppliedSequence: number;
  answersByKey: Map<string, { bodySha256: string; ack: DeliveryAck }>;
  /** Snapshots still receiving parts: their townships so far and every household listed in them. */
  openSnapshots: Map<string, { townships: Set<string>; listed: Set<string> }>;
  applied: AppliedDelivery[];
  rejected: Record<RejectionReason, number>;
  replays: number;
  book: LoanBook;
  random: Random;
  payouts: PayoutDesk;
}

export interface SimulatorOptions {
  banks?: string[];
  seed?: number;
  now?: () => Date;
}

/** FNV-1a: mixes the bank code into the seed so each bank's randomness is its own. */
function hashText(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

function error(status: number, code: string, message: string, extra: Partial<ConnectorError> = {}): Answer<never> {
  return { status, body: { error: code, message, ...extra } };
}

export class UnknownBank extends Error {}

export class BankSimulator {
  private readonly banks = new Map<string, Bank>();
  private readonly faults: ArmedFault[] = [];
  private nextFaultId = 1;
  private readonly now: () => Date;
  /** Where lasting changes are written, once the kept ones are replayed (see journal.ts). */
  private journal: Journal | undefined;

  constructor(options: SimulatorOptions = {}) {
    const seed = options.seed ?? 1;
    this.now = options.now ?? (() => new Date());
    (options.banks ?? DEFAULT_BANKS).forEach((code, index) => {
      const random = seededRandom(hashText(code, seed));
      this.banks.set(code, {
        code,
        listed: new Map(),
        lastAppliedSequence: 0,
        answersByKey: new Map(),
        openSnapshots: new Map(),
        applied: [],
        rejected: { MALFORMED: 0, SEQUENCE_GAP: 0, SEQUENCE_ALREADY_USED: 0, IDEMPOTENCY_KEY_REUSED: 0 },
        replays: 0,
        book: new LoanBook(code, index, random),
        random,
        payouts: new PayoutDesk(code, this.now, IDEMPOTENCY_KEY),
      });
    });
  }

  bankCodes(): string[] {
    return [...this.banks.keys()];
  }

  hasBank(code: string): boolean {
    return this.banks.has(code);
  }

  /** Applies a kept entry again (nothing is written while replaying: attach the journal after). */
  replay(bankCode: string, entry: JournalEntry): void {
    switch (entry.op) {
      case 'delivery':
        this.receiveDelivery(bankCode, entry.key, Buffer.from(entry.body, 'utf8'));
        return;
      case 'payout':
        this.receivePayoutBatch(bankCode, entry.key, Buffer.from(entry.body, 'utf8'));
        return;
      case 'lend':
        this.lend(bankCode, entry);
        return;
      case 'advance':
        this.advance(bankCode, entry);
        return;
      case 'generate':
        this.generateLoans(bankCode, entry.count, entry);
        return;
      case 'account':
        this.registerAccount(bankCode, entry.account);
        return;
    }
  }

  attachJournal(journal: Journal): void {
    this.journal = journal;
  }

  private bank(code: string): Bank {
    const bank = this.banks.get(code);
    if (!bank) throw new UnknownBank(`no bank ${code} here`);
    return bank;
  }

  // -------------------------------------------------------------------------------------------
  // Beneficiary-list deliveries

  /** POST /beneficiary-lists/deliveries: `body` is the raw request body, hashed as sent. */
  receiveDelivery(bankCode: string, idempotencyKey: string | undefined, body: Buffer): Answer<DeliveryAck> {
    const bank = this.bank(bankCode);
    const refuse = (reason: RejectionReason, answer: Answer<never>) => {
      bank.rejected[reason]++;
      return answer;
    };
    if (idempotencyKey === undefined || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      return refuse('MALFORMED', error(400, 'MALFORMED', 'Idempotency-Key: header is required (1–255 visible ASCII characters)'));
    }
    const bodySha256 = createHash('sha256').update(body).digest('hex');
    const earlier = bank.answersByKey.get(idempotencyKey);
    if (earlier) {
      if (earlier.bodySha256 !== bodySha256) {
        return refuse(
          'IDEMPOTENCY_KEY_REUSED',
          error(422, 'IDEMPOTENCY_KEY_REUSED', `Idempotency-Key was used for sequence ${earlier.ack.sequence} with a different body`),
        );
      }
      bank.replays++;
      return { status: 200, body: { ...earlier.ack, status: 'ALREADY_APPLIED' } };
    }

    let delivery: BeneficiaryListDelivery;
    try {
      delivery = readDelivery(JSON.parse(body.toString('utf8')), bank.code);
    } catch (problem) {
      if (problem instanceof SyntaxError) return refuse('MALFORMED', error(400, 'MALFORMED', 'body: is not valid JSON'));
      if (problem instanceof MalformedDelivery) return refuse('MALFORMED', error(400, 'MALFORMED', problem.message));
      throw problem;
    }

    const expectedSequence = bank.lastAppliedSequence + 1;
    if (delivery.sequence < expectedSequence) {
      return refuse(
        'SEQUENCE_ALREADY_USED',
        error(409, 'SEQUENCE_ALREADY_USED', `sequence ${delivery.sequence} was applied under another Idempotency-Key`, { expectedSequence }),
      );
    }
    if (delivery.sequence > expectedSequence) {
      return refuse('SEQUENCE_GAP', error(409, 'SEQUENCE_GAP', `sequence ${delivery.sequence} arrived before ${expectedSequence}`, { expectedSequence }));
    }

    const droppedBySnapshot = this.apply(bank, delivery);
    const ack: DeliveryAck = { sequence: delivery.sequence, status: 'APPLIED', upserts: delivery.upserts.length, removals: delivery.removals.length };
    bank.lastAppliedSequence = delivery.sequence;
    bank.answersByKey.set(idempotencyKey, { bodySha256, ack });
    bank.applied.push({
      sequence: delivery.sequence,
      idempotencyKey,
      kind: delivery.kind,
      snapshotId: delivery.snapshot?.snapshotId ?? null,
      part: delivery.snapshot?.part ?? null,
      lastPart: delivery.snapshot?.lastPart ?? null,
      upserts: ack.upserts,
      removals: ack.removals,
      droppedBySnapshot,
      appliedAt: this.now().toISOString(),
    });
    this.journal?.append(bank.code, { op: 'delivery', key: idempotencyKey, body: body.toString('utf8') });
    return { status: 200, body: ack };
  }

  /** Applies a checked delivery; returns how many households its snapshot's last part dropped. */
  private apply(bank: Bank, delivery: BeneficiaryListDelivery): number {
    for (const record of delivery.upserts) {
      const before = bank.listed.get(record.householdId);
      bank.listed.set(record.householdId, {
        householdId: record.householdId,
        householdNo: record.householdNo,
        countyCode: record.countyCode,
        townshipCode: record.townshipCode,
        residentId: record.residentId,
        ops: (before?.ops ?? 0) + 1,
        lastOp: record.op,
        lastSequence: delivery.sequence,
        // A bank lends to a household only from the day it is on the list.
        listedSinceDay: before?.listedSinceDay ?? parseDay(delivery.effectiveDate)!,
      });
    }
    for (const removal of delivery.removals) bank.listed.delete(removal.householdId);

    const part = delivery.snapshot;
    if (!part) return 0;
    let snapshot = bank.openSnapshots.get(part.snapshotId);
    if (!snapshot) bank.openSnapshots.set(part.snapshotId, (snapshot = { townships: new Set(), listed: new Set() }));
    for (const township of part.townships) snapshot.townships.add(township);
    for (const record of delivery.upserts) snapshot.listed.add(record.householdId);
    if (!part.lastPart) return 0;

    // The snapshot is complete: whoever it did not list in its townships is no longer on the list.
    let dropped = 0;
    for (const [householdId, household] of bank.listed) {
      if (snapshot.townships.has(household.townshipCode) && !snapshot.listed.has(householdId)) {
        bank.listed.delete(householdId);
        dropped++;
      }
    }
    bank.openSnapshots.delete(part.snapshotId);
    return dropped;
  }

  beneficiaries(bankCode: string) {
    const bank = this.bank(bankCode);
    const households = [...bank.listed.values()].map(({ householdId, householdNo, townshipCode, ops, lastOp, lastSequence }) => ({
      householdId,
      householdNo,
      townshipCode,
      ops,
      lastOp,
      lastSequence,
    }));
    return { bankCode, count: households.length, households };
  }

  deliveries(bankCode: string) {
    const bank = this.bank(bankCode);
    return {
      bankCode,
      lastAppliedSequence: bank.lastAppliedSequence,
      nextExpectedSequence: bank.lastAppliedSequence + 1,
      applied: bank.applied,
      replays: bank.replays,
      rejected: { ...bank.rejected },
      openSnapshots: [...bank.openSnapshots.keys()],
    };
  }

  // -------------------------------------------------------------------------------------------
  // Payout batches (the quarterly subsidy into 一卡通 accounts)

  /** POST /payout-batches: `body` is the raw request body, hashed as sent. */
  receivePayoutBatch(bankCode: string, idempotencyKey: string | undefined, body: Buffer): Answer<PayoutBatchResult> {
    const answer = this.bank(bankCode).payouts.receive(idempotencyKey, body);
    if (answer.status === 200 && 'status' in answer.body && answer.body.status !== 'ALREADY_PROCESSED')
      this.journal?.append(bankCode, { op: 'payout', key: idempotencyKey!, body: body.toString('utf8') });
    return answer;
  }

  /** Adds or replaces one of the bank's accounts; unregistered accounts are active. RangeError names a wrong field. */
  registerAccount(
    bankCode: string,
    account: { accountNumber?: unknown; status?: unknown; holderName?: unknown },
  ): RegisteredAccount & { bankCode: string; accounts: number } {
    const registered = { bankCode, ...this.bank(bankCode).payouts.registerAccount(account) };
    this.journal?.append(bankCode, { op: 'account', account });
    return registered;
  }

  payouts(bankCode: string) {
    return this.bank(bankCode).payouts.log();
  }

  // -------------------------------------------------------------------------------------------
  // Loans

  /**
   * Lends to `share` (0–1) of the listed households that are not borrowing now (repaid
   * borrowers may borrow again), picked at random; see LoanBook.lend for what the loans look like.
   */
  lend(bankCode: string, { share, asOf }: { share: number; asOf: string }): LendingResult & { eligibleHouseholds: number } {
    const bank = this.bank(bankCode);
    const asOfDay = requireDay(asOf, 'asOf');
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) throw new RangeError('share: must be a number from 0 to 1');
    const eligible = [...bank.listed.values()].filter((household) => !bank.book.isBorrowing(household.householdId));
    const chosen = sample(eligible, Math.round(eligible.length * share), bank.random);
    const borrowers: Borrower[] = chosen.map(({ householdId, residentId, townshipCode, listedSinceDay }) => ({
      householdId,
      residentId,
      townshipCode,
      listedSinceDay,
    }));
    const result = { ...bank.book.lend(borrowers, asOfDay), eligibleHouseholds: eligible.length };
    this.journal?.append(bankCode, { op: 'lend', share, asOf });
    return result;
  }

  /** Synthesizes `count` loans (benchmarks), in `townships` or else the listed households' townships. */
  generateLoans(bankCode: string, count: number, { asOf, townships }: { asOf: string; townships?: string[] }): LendingResult {
    const bank = this.bank(bankCode);
    const asOfDay = requireDay(asOf, 'asOf');
    if (!Number.isInteger(count) || count < 1 || count > 5_000_000) throw new RangeError('count: must be an integer from 1 to 5,000,000');
    const codes = townships?.length ? townships : [...new Set([...bank.listed.values()].map((household) => household.townshipCode))];
    if (codes.length === 0) throw new RangeError('townships: none given and the bank holds no list to take them from');
    const bad = codes.findIndex((code) => !/^\d{9}$/.test(code));
    if (bad >= 0) throw new RangeError(`townships[${bad}]: must be 9 digits`);
    const result = bank.book.generate(count, asOfDay, codes);
    this.journal?.append(bankCode, { op: 'generate', count, asOf, ...(townships ? { townships } : {}) });
    return result;
  }

  /** Lives every open loan through to `to`: settlements, repayments, renewals, overdue, NPL. */
  advance(bankCode: string, { to }: { to: string }): LendingResult {
    const result = this.bank(bankCode).book.advance(requireDay(to, 'to'));
    this.journal?.append(bankCode, { op: 'advance', to });
    return result;
  }

  loanSummary(bankCode: string): LoanBookSummary & { bankCode: string } {
    return { bankCode, ...this.bank(bankCode).book.summary() };
  }

  // -------------------------------------------------------------------------------------------
  // The loan-record feed

  /** GET /loan-records?after=&limit=: the next records of the change feed, with any page faults armed. */
  loanRecordsPage(bankCode: string, query: { after?: string | null; limit?: string | null }): Answer<LoanRecordsPage> {
    const bank = this.bank(bankCode);
    const limitText = query.limit ?? '';
    const limit = limitText === '' ? DEFAULT_PAGE_SIZE : /^\d{1,6}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_RECORDS_PER_MESSAGE)) return error(400, 'MALFORMED', `limit: must be an integer from 1 to ${MAX_RECORDS_PER_MESSAGE}`);
    const feed = bank.book.feed;
    let start = 0;
    if (query.after) {
      const position = decodeCursor(bank.code, query.after);
      if (position === null || position > feed.length) return error(400, 'MALFORMED', 'after: is not a cursor this bank issued');
      start = position;
    }

    // Page faults take room in the page (it never exceeds `limit`, and keeps at least one new
    // record): the records they push out come on the next page.
    const duplicates = this.takeFault(bank.code, 'loan-records', ['duplicate-records']);
    const repeated = duplicates ? Math.min(3, start, limit - 1) : 0; // the last records already sent
    const repeatedWithin = duplicates && start === 0 && limit > 1 ? 1 : 0; // nothing sent yet: repeat one of this page
    let room = limit - repeated - repeatedWithin;
    const malformed = this.peekFault(bank.code, 'loan-records', ['malformed']);
    const corrupt = malformed ? Math.max(0, Math.min(malformed.remaining, room - 1, feed.length - start)) : 0;
    room -= corrupt;
    const reorder =
      room > 1 && this.takeFault(bank.code, 'loan-records', ['out-of-order'], () => hasLaterVersion(feed, start, Math.min(feed.length, start + room - 1)));
    if (reorder) room -= 1; // for the older version put after the newer
    const end = Math.min(feed.length, start + room);

    const records: LoanRecordWire[] = [];
    for (let position = start - repeated; position < end; position++) {
      const { slot, version } = feed.at(position);
      records.push(bank.book.record(slot, version));
    }
    if (repeatedWithin && records.length > 0) records.push(records[0]);
    if (reorder) putNewerVersionFirst(bank.book, records);
    if (malformed && corrupt > 0) {
      insertCorruptCopies(records, corrupt);
      this.consume(malformed, corrupt);
    }

    return {
      status: 200,
      body: {
        records,
        nextCursor: records.length > 0 ? encodeCursor(bank.code, end) : null,
        hasMore: end < feed.length,
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Faults

  armFault(spec: FaultSpec): ArmedFault {
    const kinds: readonly string[] = [...TRANSPORT_FAULTS, ...PAGE_FAULTS];
    if (!kinds.includes(spec.kind)) throw new InvalidFault(`kind: must be one of ${kinds.join(', ')}`);
    const route = spec.route ?? ((PAGE_FAULTS as readonly string[]).includes(spec.kind) ? 'loan-records' : 'any');
    if (!FAULT_ROUTES.includes(route)) throw new InvalidFault(`route: must be one of ${FAULT_ROUTES.join(', ')}`);
    if ((PAGE_FAULTS as readonly string[]).includes(spec.kind) && route !== 'loan-records' && route !== 'any')
      throw new InvalidFault(`route: ${spec.kind} acts on loan-records pages only`);
    if (spec.bankCode !== undefined && !this.banks.has(spec.bankCode)) throw new InvalidFault(`bankCode: no bank ${spec.bankCode} here`);
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new InvalidFault('count: must be an integer from 1 to 1,000,000');
    if (spec.kind === 'status' && !(Number.isInteger(spec.status) && spec.status! >= 400 && spec.status! <= 599))
      throw new InvalidFault('status: must be an HTTP status from 400 to 599');
    if (spec.kind === 'latency' && !(Number.isInteger(spec.ms) && spec.ms! >= 0 && spec.ms! <= 600_000))
      throw new InvalidFault('ms: must be an integer from 0 to 600000');
    const fault: ArmedFault = {
      id: this.nextFaultId++,
      kind: spec.kind,
      ...(spec.kind === 'status' ? { status: spec.status } : {}),
      ...(spec.kind === 'latency' ? { ms: spec.ms } : {}),
      bankCode: spec.bankCode ?? null,
      route: route as FaultRoute,
      remaining: count,
    };
    this.faults.push(fault);
    return { ...fault };
  }

  clearFaults(bankCode?: string): number {
    const before = this.faults.length;
    for (let i = this.faults.length - 1; i >= 0; i--) if (bankCode === undefined || this.faults[i].bankCode === bankCode) this.faults.splice(i, 1);
    return before - this.faults.length;
  }

  armedFaults(): ArmedFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** The oldest armed transport fault for this request, consumed (one request's worth). */
  takeTransportFault(bankCode: string, route: Exclude<FaultRoute, 'any'>): ArmedFault | undefined {
    return this.takeFault(bankCode, route, TRANSPORT_FAULTS);
  }

  private peekFault(
    bankCode: string,
    route: Exclude<FaultRoute, 'any'>,
    kinds: readonly FaultKind[],
    applies: (fault: ArmedFault) => boolean = () => true,
  ): ArmedFault | undefined {
    return this.faults.find(
      (fault) =>
        kinds.includes(fault.kind) &&
        (fault.bankCode === null || fault.bankCode === bankCode) &&
        (fault.route === 'any' || fault.route === route) &&
        applies(fault),
    );
  }

  private takeFault(
    bankCode: string,
    route: Exclude<FaultRoute, 'any'>,
    kinds: readonly FaultKind[],
    applies?: (fault: ArmedFault) => boolean,
  ): ArmedFault | undefined {
    const fault = this.peekFault(bankCode, route, kinds, applies);
    if (fault) this.consume(fault, 1);
    return fault ? { ...fault } : undefined;
  }

  private consume(fault: ArmedFault, amount: number): void {
    fault.remaining -= amount;
    if (fault.remaining <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function requireDay(text: string, field: string): number {
  const day = typeof text === 'string' ? parseDay(text) : null;
  if (day === null) throw new RangeError(`${field}: must be a date YYYY-MM-DD`);
  return day;
}

/** `count` distinct items picked at random (partial Fisher–Yates on a copy). */
function sample<T>(items: T[], count: number, random: Random): T[] {
  const pool = items.slice();
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}
