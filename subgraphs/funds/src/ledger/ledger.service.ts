/**
 * The double-entry ledger of the funds subgraph. Entries are append-only and balanced (the
 * database enforces both, see migrations/…-LedgerGuards); balances are always derived by SUM.
 *
 * Idempotency follows Stripe: the first entry stored under a key is replayed for the same
 * request; the same key with a different request (or from another actor) is refused; nothing
 * is stored when validation fails. The unique index on the key is the real guard: of two
 * concurrent posts, the loser hits 23505 and replays the winner.
 */
import { HubError } from '../../../../common/errors/hub-error';
import type Decimal from 'decimal.js';
import type { DataSource, EntityManager } from 'typeorm';
import { BANK_CODE, COUNTY_CODE } from '../../../../common/codes';
import { HubDecimal } from '../../../../common/money';
import {
  ACCOUNT_CODE,
  ACCOUNT_KINDS,
  AccountKind,
  balanceOnNormalSide,
  canonicalRequest,
  DESCRIPTION_MAX,
  IDEMPOTENCY_KEY,
  isValidDate,
  JournalEntryInput,
  NormalSide,
  ReasonCode,
  requestHash,
  REVERSAL,
  validateEntry,
  ValidationIssue,
  ValidPosting,
} from './domain/journal';
import { LedgerAccountRecord } from './ledger-account.entity';

export type LedgerErrorCode =
  'VALIDATION_FAILED' | 'UNKNOWN_ACCOUNT' | 'ACCOUNT_CONFLICT' | 'IDEMPOTENCY_KEY_REUSED' | 'ENTRY_NOT_FOUND' | 'ALREADY_REVERSED' | 'NOT_REVERSIBLE';

export class LedgerError extends HubError {
  constructor(
    override readonly code: LedgerErrorCode,
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(code, issues.length ? `${message}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}` : message);
    this.name = 'LedgerError';
  }
}

export interface AccountSpec {
  code: string;
  kind: AccountKind;
  countyCode: string;
  bankCode?: string | null;
}

export interface LedgerAccount {
  id: string;
  code: string;
  kind: AccountKind;
  countyCode: string;
  bankCode: string | null;
  normalSide: NormalSide;
}

export interface StoredPosting {
  accountCode: string;
  /** Signed: debit positive, credit negative. */
  amount: Decimal;
}

export interface StoredEntry {
  id: string;
  idempotencyKey: string;
  reasonCode: ReasonCode;
  description: string;
  effectiveDate: string;
  reversesEntryId: string | null;
  createdBy: string;
  createdAt: Date;
  postings: StoredPosting[];
  /** True when this call found the entry already stored under its idempotency key. */
  replayed: boolean;
}

export interface AccountBalance {
  accountCode: string;
  normalSide: NormalSide;
  /** Σ amount: debits − credits. */
  net: Decimal;
  /** `net` read on the account's normal side: positive when the account holds what it should. */
  balance: Decimal;
}

export interface EntryPage {
  limit?: number;
  offset?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PAGE = 200;

interface EntryRow {
  id: string;
  idempotency_key: string;
  request_hash: string;
  reason_code: ReasonCode;
  description: string;
  effective_date: string;
  reverses_entry_id: string | null;
  created_by: string;
  created_at: Date;
}

const ENTRY_COLUMNS = `id, idempotency_key, request_hash, reason_code, description, effective_date::text AS effective_date, reverses_entry_id, created_by, created_at`;

function uniqueViolationOf(error: unknown): string | null {
  const details = ((error as { driverError?: unknown }).driverError ?? error) as { code?: string; constraint?: string };
  return details?.code === '23505' ? (details.constraint ?? '') : null;
}

function checkActor(actor: string): void {
  if (typeof actor !== 'string' || actor.trim() === '' || actor.length > 64) {
    throw new LedgerError('VALIDATION_FAILED', 'invalid actor', [{ field: 'actor', message: 'must be non-blank and at most 64 characters' }]);
  }
}

export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  /** Opens an account, or returns it when the same code is already open with the same spec. */
  async openAccount(spec: AccountSpec): Promise<LedgerAccount> {
    const bankCode = spec.bankCode ?? null;
    const issues: ValidationIssue[] = [];
    if (typeof spec.code !== 'string' || spec.code.length > 80 || !ACCOUNT_CODE.test(spec.code))
      issues.push({ field: 'code', message: `"${spec.code}" is not an account code` });
    if (!(spec.kind in ACCOUNT_KINDS)) issues.push({ field: 'kind', message: `"${spec.kind}" is not an account kind` });
    if (!COUNTY_CODE.test(spec.countyCode ?? '')) issues.push({ field: 'countyCode', message: `"${spec.countyCode}" is not a county code` });
    if (bankCode !== null && !BANK_CODE.test(bankCode)) issues.push({ field: 'bankCode', message: `"${bankCode}" is not a bank code` });
    if (issues.length) throw new LedgerError('VALIDATION_FAILED', 'invalid account', issues);

    // ON CONFLICT: two concurrent opens of the same code both end up reading the one row.
    await this.dataSource.query(
      `INSERT INTO funds.ledger_accounts (code, kind, county_code, bank_code, normal_side) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING`,
      [spec.code, spec.kind, spec.countyCode, bankCode, ACCOUNT_KINDS[spec.kind]],
    );
    const account = await this.dataSource.getRepository(LedgerAccountRecord).findOneByOrFail({ code: spec.code });
    if (account.kind !== spec.kind || account.countyCode !== spec.countyCode || account.bankCode !== bankCode) {
      throw new LedgerError(
        'ACCOUNT_CONFLICT',
        `account ${spec.code} is already open as ${account.kind} for county ${account.countyCode}, bank ${account.bankCode ?? '-'}`,
      );
    }
    return {
      id: account.id,
      code: account.code,
      kind: account.kind,
      countyCode: account.countyCode,
      bankCode: account.bankCode,
      normalSide: account.normalSide,
    };
  }

  /** Posts a balanced entry, or replays the one stored under its idempotency key. */
  async post(input: JournalEntryInput, actor: string): Promise<StoredEntry> {
    const validation = validateEntry(input);
    if (!validation.ok) throw new LedgerError('VALIDATION_FAILED', 'invalid journal entry', validation.issues);
    checkActor(actor);
    const hash = requestHash(canonicalRequest(input));
    const replay = await this.replayIfStored(input.idempotencyKey, hash, actor);
    if (replay) return replay;

    const accountIds = await this.accountIdsFor(validation.postings);
    return this.insertEntry(
      {
        idempotencyKey: input.idempotencyKey,
        hash,
        reasonCode: input.reasonCode,
        description: input.description,
        effectiveDate: input.effectiveDate,
        reversesEntryId: null,
        actor,
      },
      validation.postings.map((posting) => ({ accountId: accountIds.get(posting.accountCode)!, amount: posting.amount })),
    );
  }

  /**
   * Reverses an entry: the same postings negated, pointing back at it. Dated like the original
   * unless `effectiveDate` says otherwise (so `balance(…, asOf)` nets to zero on every date).
   * A reversal is not itself reversible: post a fresh entry instead.
   */
  async reverse(entryId: string, idempotencyKey: string, reason: string, actor: string, options: { effectiveDate?: string } = {}): Promise<StoredEntry> {
    const issues: ValidationIssue[] = [];
    if (typeof entryId !== 'string' || !UUID.test(entryId)) issues.push({ field: 'entryId', message: `"${entryId}" is not an entry id` });
    if (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey))
      issues.push({ field: 'idempotencyKey', message: 'must be 8–100 printable ASCII characters without spaces' });
    if (typeof reason !== 'string' || reason.trim() === '' || reason.length > DESCRIPTION_MAX)
      issues.push({ field: 'reason', message: `must be non-blank and at most ${DESCRIPTION_MAX} characters` });
    if (options.effectiveDate !== undefined && !isValidDate(options.effectiveDate))
      issues.push({ field: 'effectiveDate', message: `"${options.effectiveDate}" is not a date (YYYY-MM-DD)` });
    if (issues.length) throw new LedgerError('VALIDATION_FAILED', 'invalid reversal', issues);
    checkActor(actor);

    const [original] = await this.loadEntries([entryId]);
    if (!original) throw new LedgerError('ENTRY_NOT_FOUND', `journal entry ${entryId} does not exist`);
    const effectiveDate = options.effectiveDate ?? original.effectiveDate;
    const negated = original.postings.map((posting) => ({ accountCode: posting.accountCode, amount: posting.amount.negated().toFixed(2) }));
    const hash = requestHash(canonicalRequest({ reasonCode: REVERSAL, description: reason, effectiveDate, reversesEntryId: entryId, postings: negated }));
    const replay = await this.replayIfStored(idempotencyKey, hash, actor);
    if (replay) return replay;

    if (original.reasonCode === REVERSAL) throw new LedgerError('NOT_REVERSIBLE', `journal entry ${entryId} is a reversal; post a new entry instead`);
    const [existing] = await this.dataSource.query(`SELECT id FROM funds.journal_entries WHERE reverses_entry_id = $1`, [entryId]);
    if (existing) throw new LedgerError('ALREADY_REVERSED', `journal entry ${entryId} is already reversed by ${existing.id}`);

    const accountIds = await this.accountIdsFor(negated.map((p) => ({ accountCode: p.accountCode, amount: new HubDecimal(p.amount) })));
    try {
      return await this.insertEntry(
        { idempotencyKey, hash, reasonCode: REVERSAL, description: reason, effectiveDate, reversesEntryId: entryId, actor },
        negated.map((posting) => ({ accountId: accountIds.get(posting.accountCode)!, amount: new HubDecimal(posting.amount) })),
      );
    } catch (error) {
      // Lost a race against another reversal of the same entry: a replay if it was this key.
      if (uniqueViolationOf(error) === 'journal_entries_reverses_uq') {
        const winner = await this.replayIfStored(idempotencyKey, hash, actor);
        if (winner) return winner;
        throw new LedgerError('ALREADY_REVERSED', `journal entry ${entryId} is already reversed`);
      }
      throw error;
    }
  }

  async balance(accountCode: string, asOf?: string): Promise<AccountBalance> {
    const [balance] = await this.balances([accountCode], asOf);
    return balance;
  }

  /** Balances of the accounts, in the order asked, derived in one statement (postings up to `asOf` inclusive). */
  async balances(accountCodes: string[], asOf?: string): Promise<AccountBalance[]> {
    const byCode = await this.balancesOfOpenAccounts(accountCodes, asOf);
    const unknown = accountCodes.filter((code) => !byCode.has(code));
    if (unknown.length) throw new LedgerError('UNKNOWN_ACCOUNT', `no such account: ${unknown.join(', ')}`);
    return accountCodes.map((code) => byCode.get(code)!);
  }

  /** Balances of those of the accounts that are open (the others are absent), in one statement. */
  async balancesOfOpenAccounts(accountCodes: readonly string[], asOf?: string): Promise<Map<string, AccountBalance>> {
    if (asOf !== undefined && !isValidDate(asOf))
      throw new LedgerError('VALIDATION_FAILED', 'invalid date', [{ field: 'asOf', message: `"${asOf}" is not a date (YYYY-MM-DD)` }]);
    const rows: { code: string; normal_side: NormalSide; net: string }[] = await this.dataSource.query(
      `SELECT a.code, a.normal_side, coalesce(sum(p.amount) FILTER (WHERE $2::date IS NULL OR e.effective_date <= $2::date), 0)::text AS net
         FROM funds.ledger_accounts a
         LEFT JOIN funds.postings p ON p.account_id = a.id
         LEFT JOIN funds.journal_entries e ON e.id = p.entry_id
        WHERE a.code = ANY($1::text[])
        GROUP BY a.id`,
      [[...accountCodes], asOf ?? null],
    );
    return new Map(
      rows.map((row) => {
        const net = new HubDecimal(row.net);
        return [row.code, { accountCode: row.code, normalSide: row.normal_side, net, balance: balanceOnNormalSide(net, row.normal_side) }];
      }),
    );
  }

  /** Entries touching the account, oldest first, each with all its postings. */
  async entries(accountCode: string, page: EntryPage = {}): Promise<StoredEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50), 1), MAX_PAGE);
    const offset = Math.max(Math.trunc(page.offset ?? 0), 0);
    const [account] = await this.dataSource.query(`SELECT id FROM funds.ledger_accounts WHERE code = $1`, [accountCode]);
    if (!account) throw new LedgerError('UNKNOWN_ACCOUNT', `no such account: ${accountCode}`);
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT e.id FROM funds.journal_entries e JOIN funds.postings p ON p.entry_id = e.id
        WHERE p.account_id = $1 ORDER BY e.effective_date, e.created_at, e.id LIMIT $2 OFFSET $3`,
      [account.id, limit, offset],
    );
    return this.loadEntries(ids.map((row) => row.id));
  }

  /** The stored entry under this key: replayed when the request matches, refused when it does not. */
  private async replayIfStored(idempotencyKey: string, hash: string, actor: string): Promise<StoredEntry | null> {
    const [row]: { id: string; request_hash: string; created_by: string }[] = await this.dataSource.query(
      `SELECT id, request_hash, created_by FROM funds.journal_entries WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    if (!row) return null;
    if (row.request_hash !== hash || row.created_by !== actor) {
      throw new LedgerError('IDEMPOTENCY_KEY_REUSED', `idempotency key "${idempotencyKey}" was already used for a different request`);
    }
    const [entry] = await this.loadEntries([row.id]);
    return { ...entry, replayed: true };
  }

  private async accountIdsFor(postings: ValidPosting[]): Promise<Map<string, string>> {
    const codes = postings.map((posting) => posting.accountCode);
    const rows: { id: string; code: string }[] = await this.dataSource.query(`SELECT id, code FROM funds.ledger_accounts WHERE code = ANY($1::text[])`, [
      codes,
    ]);
    const ids = new Map(rows.map((row) => [row.code, row.id]));
    const issues = codes.flatMap((code, index) => (ids.has(code) ? [] : [{ field: `postings[${index}].accountCode`, message: `no account ${code} is open` }]));
    if (issues.length) throw new LedgerError('UNKNOWN_ACCOUNT', 'unknown account', issues);
    return ids;
  }

  private async insertEntry(
    entry: {
      idempotencyKey: string;
      hash: string;
      reasonCode: ReasonCode;
      description: string;
      effectiveDate: string;
      reversesEntryId: string | null;
      actor: string;
    },
    postings: { accountId: string; amount: Decimal }[],
  ): Promise<StoredEntry> {
    let entryId: string;
    try {
      entryId = await this.dataSource.transaction(async (manager: EntityManager) => {
        const [inserted]: { id: string }[] = await manager.query(
          `INSERT INTO funds.journal_entries (idempotency_key, request_hash, reason_code, description, effective_date, reverses_entry_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [entry.idempotencyKey, entry.hash, entry.reasonCode, entry.description, entry.effectiveDate, entry.reversesEntryId, entry.actor],
        );
        await manager.query(
          `INSERT INTO funds.postings (entry_id, account_id, amount) SELECT $1, account_id, amount FROM unnest($2::uuid[], $3::numeric[]) AS t(account_id, amount)`,
          [inserted.id, postings.map((p) => p.accountId), postings.map((p) => p.amount.toFixed(2))],
        );
        return inserted.id;
      });
    } catch (error) {
      // A concurrent post with the same key committed first: replay it (or refuse if it differs).
      if (uniqueViolationOf(error) === 'journal_entries_idempotency_key_uq') {
        const replay = await this.replayIfStored(entry.idempotencyKey, entry.hash, entry.actor);
        if (replay) return replay;
      }
      throw error;
    }
    const [stored] = await this.loadEntries([entryId]);
    return stored;
  }

  /** Entries by id, in the order given, each with its postings (largest debit first). */
  private async loadEntries(ids: string[]): Promise<StoredEntry[]> {
    if (ids.length === 0) return [];
    const rows: EntryRow[] = await this.dataSource.query(`SELECT ${ENTRY_COLUMNS} FROM funds.journal_entries WHERE id = ANY($1::uuid[])`, [ids]);
    const postings: { entry_id: string; code: string; amount: string }[] = await this.dataSource.query(
      `SELECT p.entry_id, a.code, p.amount::text AS amount FROM funds.postings p JOIN funds.ledger_accounts a ON a.id = p.account_id
        WHERE p.entry_id = ANY($1::uuid[]) ORDER BY p.entry_id, p.amount DESC, a.code`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          id: row.id,
          idempotencyKey: row.idempotency_key,
          reasonCode: row.reason_code,
          description: row.description,
          effectiveDate: row.effective_date,
          reversesEntryId: row.reverses_entry_id,
          createdBy: row.created_by,
          createdAt: row.created_at,
          postings: postings.filter((p) => p.entry_id === id).map((p) => ({ accountCode: p.code, amount: new HubDecimal(p.amount) })),
          replayed: false,
        },
      ];
    });
  }
}
