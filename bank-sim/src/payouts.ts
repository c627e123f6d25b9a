/**
 * One simulated bank's payout desk: the 一卡通 accounts tests register, the instructions it has
 * paid, the Idempotency-Keys it has bound, and the log of processed batches.
 *
 * Rules (schema/bank-connector.openapi.yaml, POST /payout-batches), in the order they are checked:
 * - an Idempotency-Key already bound: the same body (SHA-256 of its bytes) replays the first
 *   answer as ALREADY_PROCESSED — even if accounts changed since; another body is refused
 *   (422 IDEMPOTENCY_KEY_REUSED);
 * - a malformed batch is refused (400 MALFORMED, naming the first wrong field);
 * - a batch carrying an instruction this bank has already PAID (under another key) is refused
 *   whole (409 INSTRUCTION_ALREADY_PAID): nothing of it is paid, the key binds nothing. An
 *   instruction is paid at most once, ever. One that FAILED before is paid normally;
 * - otherwise each line is decided on its own: a registered account with status NOT_FOUND →
 *   FAILED ACCOUNT_NOT_FOUND, CLOSED → ACCOUNT_CLOSED, FROZEN → ACCOUNT_FROZEN; registered with a
 *   holderName other than the line's (compared exactly) → NAME_MISMATCH; else PAID with a
 *   reference `{BANK}-PAY-000123`. Accounts nobody registered are treated as active: the bank
 *   knows its customers, and tests register only the ones that should fail.
 * Refused attempts bind nothing, so the same request may succeed later.
 */
import { createHash } from 'node:crypto';
import type { ConnectorError, PayoutBatchMessage, PayoutBatchResult, PayoutFailureReason, PayoutLineResult } from '../../contracts/bank-connector/protocol';
import { PAYOUT_FAILURE_REASONS } from '../../contracts/bank-connector/protocol';
import { HubDecimal } from '../../common/money';
import { MalformedDelivery } from './delivery-validation';
import { ACCOUNT_NUMBER, readPayoutBatch } from './payout-validation';

/** NOT_FOUND: the bank has no such account (for testing ACCOUNT_NOT_FOUND; unregistered accounts are active). */
export const ACCOUNT_STATUSES = ['ACTIVE', 'CLOSED', 'FROZEN', 'NOT_FOUND'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface RegisteredAccount {
  accountNumber: string;
  status: AccountStatus;
  /** When set, a line must carry exactly this name; null: the name is not checked. */
  holderName: string | null;
}

const FAILURE_BY_STATUS: Record<Exclude<AccountStatus, 'ACTIVE'>, PayoutFailureReason> = {
  NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  CLOSED: 'ACCOUNT_CLOSED',
  FROZEN: 'ACCOUNT_FROZEN',
};

/** One processed batch as the admin log shows it: counts and amounts, no account numbers or names. */
export interface ProcessedBatch {
  batchId: string;
  idempotencyKey: string;
  countyCode: string;
  quarter: string;
  lines: number;
  paid: number;
  failed: number;
  totalAmount: string;
  paidAmount: string;
  failedAmount: string;
  failures: Partial<Record<PayoutFailureReason, number>>;
  processedAt: string;
}

type PayoutRejection = 'MALFORMED' | 'IDEMPOTENCY_KEY_REUSED' | 'INSTRUCTION_ALREADY_PAID';

/** Answer<T> of simulator.ts, repeated here to keep this module free of it. */
interface PayoutAnswer {
  status: number;
  body: PayoutBatchResult | ConnectorError;
}

function refusal(status: number, code: string, message: string): PayoutAnswer {
  return { status, body: { error: code, message } };
}

export class PayoutDesk {
  private readonly accounts = new Map<string, RegisteredAccount>();
  /** instructionId → the credit that paid it. Never removed: an instruction is paid at most once. */
  private readonly paid = new Map<string, { bankReference: string; batchId: string; amount: string }>();
  /** Every credit made, counted per instruction straight from the ledger (so a double payment would show as 2). */
  private readonly creditsByInstruction = new Map<string, number>();
  private readonly answersByKey = new Map<string, { bodySha256: string; result: PayoutBatchResult }>();
  private readonly batches: ProcessedBatch[] = [];
  private readonly rejected: Record<PayoutRejection, number> = { MALFORMED: 0, IDEMPOTENCY_KEY_REUSED: 0, INSTRUCTION_ALREADY_PAID: 0 };
  private replays = 0;
  private lastReference = 0;
  private paidTotal = new HubDecimal(0);

  constructor(
    private readonly bankCode: string,
    private readonly now: () => Date,
    private readonly idempotencyKeyPattern: RegExp,
  ) {}

  /** Adds or replaces an account (admin API). Throws RangeError naming a wrong field. */
  registerAccount(input: { accountNumber?: unknown; status?: unknown; holderName?: unknown }): RegisteredAccount & { accounts: number } {
    const { accountNumber, status, holderName } = input;
    if (typeof accountNumber !== 'string' || !ACCOUNT_NUMBER.test(accountNumber)) throw new RangeError('accountNumber: must be 4–64 of 0–9, A–Z, a–z, -');
    if (typeof status !== 'string' || !(ACCOUNT_STATUSES as readonly string[]).includes(status))
      throw new RangeError(`status: must be one of ${ACCOUNT_STATUSES.join(', ')}`);
    if (holderName !== undefined && holderName !== null && !(typeof holderName === 'string' && holderName.length >= 1 && holderName.length <= 100)) {
      throw new RangeError('holderName: must be a string of 1–100 characters, or null');
    }
    const account: RegisteredAccount = { accountNumber, status: status as AccountStatus, holderName: (holderName as string | null | undefined) ?? null };
    this.accounts.set(accountNumber, account);
    return { ...account, accounts: this.accounts.size };
  }

  /** POST /payout-batches: `body` is the raw request body, hashed as sent. */
  receive(idempotencyKey: string | undefined, body: Buffer): PayoutAnswer {
    const refuse = (reason: PayoutRejection, answer: PayoutAnswer) => {
      this.rejected[reason]++;
      return answer;
    };
    if (idempotencyKey === undefined || !this.idempotencyKeyPattern.test(idempotencyKey)) {
      return refuse('MALFORMED', refusal(400, 'MALFORMED', 'Idempotency-Key: header is required (1–255 visible ASCII characters)'));
    }
    const bodySha256 = createHash('sha256').update(body).digest('hex');
    const earlier = this.answersByKey.get(idempotencyKey);
    if (earlier) {
      if (earlier.bodySha256 !== bodySha256) {
        return refuse(
          'IDEMPOTENCY_KEY_REUSED',
          refusal(422, 'IDEMPOTENCY_KEY_REUSED', `Idempotency-Key was used for batch ${earlier.result.batchId} with a different body`),
        );
      }
      this.replays++;
      return { status: 200, body: { ...earlier.result, lines: earlier.result.lines.map((line) => ({ ...line })), status: 'ALREADY_PROCESSED' } };
    }

    let batch: PayoutBatchMessage;
    try {
      batch = readPayoutBatch(JSON.parse(body.toString('utf8')), this.bankCode);
    } catch (problem) {
      if (problem instanceof SyntaxError) return refuse('MALFORMED', refusal(400, 'MALFORMED', 'body: is not valid JSON'));
      if (problem instanceof MalformedDelivery) return refuse('MALFORMED', refusal(400, 'MALFORMED', problem.message));
      throw problem;
    }

    const alreadyPaid = batch.lines.flatMap((line, index) => (this.paid.has(line.instructionId) ? [index] : []));
    if (alreadyPaid.length > 0) {
      const first = this.paid.get(batch.lines[alreadyPaid[0]].instructionId)!;
      const others =
        alreadyPaid.length > 1
          ? `; ${alreadyPaid.length} lines of this batch were paid before (lines ${alreadyPaid.slice(0, 20).join(', ')}${alreadyPaid.length > 20 ? ' …' : ''})`
          : '';
      return refuse(
        'INSTRUCTION_ALREADY_PAID',
        refusal(
          409,
          'INSTRUCTION_ALREADY_PAID',
          `lines[${alreadyPaid[0]}].instructionId: was paid in batch ${first.batchId} as ${first.bankReference}${others}; nothing of this batch was paid`,
        ),
      );
    }

    const result = this.pay(batch);
    this.answersByKey.set(idempotencyKey, { bodySha256, result });
    this.batches.push({
      batchId: batch.batchId,
      idempotencyKey,
      countyCode: batch.countyCode,
      quarter: batch.quarter,
      lines: result.lines.length,
      paid: result.lines.filter((line) => line.status === 'PAID').length,
      failed: result.lines.filter((line) => line.status === 'FAILED').length,
      totalAmount: batch.totalAmount,
      paidAmount: result.paidAmount,
      failedAmount: result.failedAmount,
      failures: countReasons(result.lines),
      processedAt: this.now().toISOString(),
    });
    return { status: 200, body: { ...result, lines: result.lines.map((line) => ({ ...line })) } };
  }

  /** Decides and books every line of a checked batch none of whose instructions was paid. */
  private pay(batch: PayoutBatchMessage): PayoutBatchResult {
    let paidAmount = new HubDecimal(0);
    let failedAmount = new HubDecimal(0);
    const lines: PayoutLineResult[] = batch.lines.map((line) => {
      const amount = new HubDecimal(line.amount);
      const reason = this.failureFor(line.accountNumber, line.holderName);
      if (reason) {
        failedAmount = failedAmount.plus(amount);
        return { instructionId: line.instructionId, status: 'FAILED', reason, bankReference: null };
      }
      const bankReference = `${this.bankCode}-PAY-${String(++this.lastReference).padStart(6, '0')}`;
      this.paid.set(line.instructionId, { bankReference, batchId: batch.batchId, amount: line.amount });
      this.creditsByInstruction.set(line.instructionId, (this.creditsByInstruction.get(line.instructionId) ?? 0) + 1);
      paidAmount = paidAmount.plus(amount);
      return { instructionId: line.instructionId, status: 'PAID', reason: null, bankReference };
    });
    this.paidTotal = this.paidTotal.plus(paidAmount);
    return { batchId: batch.batchId, status: 'PROCESSED', lines, paidAmount: paidAmount.toFixed(2), failedAmount: failedAmount.toFixed(2) };
  }

  private failureFor(accountNumber: string, holderName: string): PayoutFailureReason | null {
    const account = this.accounts.get(accountNumber);
    if (!account) return null;
    if (account.status !== 'ACTIVE') return FAILURE_BY_STATUS[account.status];
    if (account.holderName !== null && account.holderName !== holderName) return 'NAME_MISMATCH';
    return null;
  }

  /** The admin log: processed batches, refusals, replays, and how often each instruction was credited. */
  log() {
    const timesPaid = Object.fromEntries(this.creditsByInstruction);
    return {
      bankCode: this.bankCode,
      batches: this.batches.map((batch) => ({ ...batch, failures: { ...batch.failures } })),
      replays: this.replays,
      rejected: { ...this.rejected },
      accounts: this.accounts.size,
      paidInstructions: this.paid.size,
      paidTotal: this.paidTotal.toFixed(2),
      /** instructionId → credits made for it; 1 for every paid instruction, or something is wrong. */
      timesPaid,
      maxTimesPaid: [...this.creditsByInstruction.values()].reduce((max, n) => Math.max(max, n), 0),
    };
  }
}

function countReasons(lines: PayoutLineResult[]): Partial<Record<PayoutFailureReason, number>> {
  const counts: Partial<Record<PayoutFailureReason, number>> = {};
  for (const reason of PAYOUT_FAILURE_REASONS) {
    const n = lines.filter((line) => line.reason === reason).length;
    if (n > 0) counts[reason] = n;
  }
  return counts;
}
