/**
 * The ledger's rules, pure: account kinds, reason codes, what a valid journal entry is, and the
 * canonical form of a posting request (hashed to tell a replay from a reused idempotency key).
 *
 * Sign convention: a posting's amount is signed, DEBIT positive and CREDIT negative, so an entry
 * balances when its amounts sum to exactly zero, and an account's net (Σ amount) is debits − credits.
 */
import { createHash } from 'node:crypto';
import type Decimal from 'decimal.js';
import { HubDecimal } from '../../../../../common/money';

export const NORMAL_SIDES = ['DEBIT', 'CREDIT'] as const;
export type NormalSide = (typeof NORMAL_SIDES)[number];

/**
 * What an account holds, with the side its balance normally sits on. Subsidy money flows
 * budget → payable (per issuing bank) → paid; risk-fund kinds follow the same pattern.
 */
export const ACCOUNT_KINDS = {
  /** 贴息预算: the county's subsidy budget for one year, appropriated by finance. */
  SUBSIDY_BUDGET: 'CREDIT',
  /** Treasury money set aside for the subsidy; debited when the budget is allocated. */
  SUBSIDY_FUNDING: 'DEBIT',
  /** Computed subsidy owed to households through one issuing bank's 一卡通 accounts. */
  SUBSIDY_PAYABLE: 'CREDIT',
  /** Instructed to a bank, not yet confirmed paid. */
  SUBSIDY_IN_TRANSIT: 'CREDIT',
  /** Subsidy confirmed paid into 一卡通 accounts. */
  SUBSIDY_PAID: 'DEBIT',
  /** 风险补偿金专户 at one bank. */
  RISK_FUND: 'DEBIT',
  /** Where risk-fund money came from (deposits, interest, recoveries). */
  RISK_FUND_SOURCE: 'CREDIT',
  /** Compensation paid out of the fund to a bank for bad loans. */
  RISK_COMPENSATION_PAID: 'DEBIT',
  /** 应收退回贴息款: subsidy paid too much, owed back by households (an asset until netted, repaid or written off). */
  SUBSIDY_RECEIVABLE: 'DEBIT',
} as const satisfies Record<string, NormalSide>;
export type AccountKind = keyof typeof ACCOUNT_KINDS;
export const ACCOUNT_KIND_NAMES = Object.keys(ACCOUNT_KINDS) as AccountKind[];

export const REASON_CODES = [
  'BUDGET_ALLOCATED',
  'SUBSIDY_COMPUTED',
  'PAYOUT_INSTRUCTED',
  'PAYOUT_CONFIRMED',
  'PAYOUT_FAILED',
  'FUND_DEPOSIT',
  'FUND_INTEREST',
  'COMPENSATION_PAID',
  'RECOVERY_RETURNED',
  'RECEIVABLE_FOUND',
  'RECEIVABLE_NETTED',
  'RECEIVABLE_REPAID',
  'RECEIVABLE_WRITTEN_OFF',
  'REVERSAL',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The only reason a reversal carries; `post` refuses it so every reversal points at its original. */
export const REVERSAL: ReasonCode = 'REVERSAL';

export interface PostingInput {
  accountCode: string;
  /** Signed decimal text, at most 2 places: "120.50" debits, "-120.50" credits. */
  amount: string;
}

export interface JournalEntryInput {
  /** Client-made; the first result stored under it is replayed for the same request. */
  idempotencyKey: string;
  reasonCode: ReasonCode;
  description: string;
  /** YYYY-MM-DD: the accounting date, which `balance(…, asOf)` filters on. */
  effectiveDate: string;
  postings: PostingInput[];
}

export interface ValidationIssue {
  /** e.g. `postings[2].amount`, `idempotencyKey`. */
  field: string;
  message: string;
}

export interface ValidPosting {
  accountCode: string;
  amount: Decimal;
}

export type EntryValidation = { ok: true; postings: ValidPosting[] } | { ok: false; issues: ValidationIssue[] };

// Segments take what bank codes may hold (common/codes BANK_CODE allows '_').
export const ACCOUNT_CODE = /^[a-z][a-z0-9-]*(:[A-Za-z0-9_-]+)*$/;
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,100}$/;
const AMOUNT_TEXT = /^-?\d{1,14}(\.\d{1,2})?$/; // numeric(16,2)
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DESCRIPTION_MAX = 500;

export function isValidDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Everything checkable without the database. Accounts within one entry must be distinct: a
 * repeated account is almost always a mistake, and the database holds (entry, account) unique.
 */
export function validateEntry(input: JournalEntryInput): EntryValidation {
  const issues: ValidationIssue[] = [];
  if (typeof input.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
    issues.push({ field: 'idempotencyKey', message: 'must be 8–100 printable ASCII characters without spaces' });
  }
  if (!(REASON_CODES as readonly string[]).includes(input.reasonCode)) {
    issues.push({ field: 'reasonCode', message: `"${input.reasonCode}" is not one of ${REASON_CODES.join(', ')}` });
  } else if (input.reasonCode === REVERSAL) {
    issues.push({ field: 'reasonCode', message: 'REVERSAL entries are made by reversing an entry, not posted directly' });
  }
  if (typeof input.description !== 'string' || input.description.trim() === '' || input.description.length > DESCRIPTION_MAX) {
    issues.push({ field: 'description', message: `must be non-blank and at most ${DESCRIPTION_MAX} characters` });
  }
  if (typeof input.effectiveDate !== 'string' || !isValidDate(input.effectiveDate)) {
    issues.push({ field: 'effectiveDate', message: `"${input.effectiveDate}" is not a date (YYYY-MM-DD)` });
  }
  const postings: ValidPosting[] = [];
  const list = Array.isArray(input.postings) ? input.postings : [];
  if (list.length < 2) issues.push({ field: 'postings', message: 'an entry needs at least two postings' });
  const firstIndexOfAccount = new Map<string, number>();
  list.forEach((posting, index) => {
    const accountCode = posting?.accountCode;
    if (typeof accountCode !== 'string' || !ACCOUNT_CODE.test(accountCode)) {
      issues.push({ field: `postings[${index}].accountCode`, message: `"${accountCode}" is not an account code` });
    } else if (firstIndexOfAccount.has(accountCode)) {
      issues.push({
        field: `postings[${index}].accountCode`,
        message: `account ${accountCode} already appears at postings[${firstIndexOfAccount.get(accountCode)}]`,
      });
    } else {
      firstIndexOfAccount.set(accountCode, index);
    }
    const amountText = posting?.amount;
    if (typeof amountText !== 'string' || !AMOUNT_TEXT.test(amountText)) {
      issues.push({ field: `postings[${index}].amount`, message: `"${amountText}" is not a signed amount with at most 2 decimal places` });
      return;
    }
    const amount = new HubDecimal(amountText);
    if (amount.isZero()) {
      issues.push({ field: `postings[${index}].amount`, message: 'must not be zero' });
      return;
    }
    postings.push({ accountCode, amount });
  });
  // The sum only means something when every amount parsed.
  if (issues.every((issue) => !issue.field.endsWith('.amount')) && list.length >= 2) {
    const sum = postings.reduce((total, posting) => total.plus(posting.amount), new HubDecimal(0));
    if (!sum.isZero()) issues.push({ field: 'postings', message: `debits and credits differ by ${sum.toFixed(2)}; they must sum to exactly 0` });
  }
  return issues.length === 0 ? { ok: true, postings } : { ok: false, issues };
}

/**
 * The request as a stable string: fields in a fixed order, postings sorted by account, amounts
 * normalized ("5" and "5.00" are the same request). The idempotency key itself is not part of it.
 */
export function canonicalRequest(input: Omit<JournalEntryInput, 'idempotencyKey'> & { reversesEntryId?: string | null }): string {
  const postings = [...input.postings]
    .map((posting) => [posting.accountCode, new HubDecimal(posting.amount).toFixed(2)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({
    reasonCode: input.reasonCode,
    description: input.description,
    effectiveDate: input.effectiveDate,
    reversesEntryId: input.reversesEntryId ?? null,
    postings,
  });
}

export function requestHash(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** A debits-minus-credits net shown on the account's normal side (positive when "in credit" for a CREDIT account). */
export function balanceOnNormalSide(net: Decimal, side: NormalSide): Decimal {
  return side === 'DEBIT' ? net : net.negated();
}
