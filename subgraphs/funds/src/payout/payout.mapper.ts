import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import type { PayoutBatchRecord } from './payout-batch.entity';
import type { PayoutInstructionRecord } from './payout-instruction.entity';
import type { WaitingLine } from './payout.service';
import type { PayoutBatch, PayoutInstruction, WaitingPayoutLine } from './payout.type';

export function toPayoutBatch(record: PayoutBatchRecord): PayoutBatch {
  return {
    id: record.id,
    countyCode: record.countyCode,
    quarter: record.quarter,
    bank: { code: record.bankCode },
    status: record.status,
    lineCount: record.lineCount,
    totalAmount: record.totalAmount,
    paidAmount: record.paidAmount,
    failedAmount: record.failedAmount,
    preparedBy: record.createdBy,
    preparedAt: record.createdAt,
    confirmedBy: record.confirmedBy,
    confirmedAt: record.confirmedAt,
    approvedBy: record.approvedBy,
    approvedAt: record.approvedAt,
    attempts: record.attempts,
    lastError: record.lastError,
  };
}

export function toWaitingPayoutLine(line: WaitingLine): WaitingPayoutLine {
  return { contractNo: line.contractNo, household: { id: line.householdId }, amount: line.amount, reason: line.reason, detail: line.detail };
}

/** The account number is opened only to be masked: the full number never leaves the subgraph. */
export function toPayoutInstruction(
  instruction: PayoutInstructionRecord & { contractNo: string; accountNumberSealed: Buffer; piiKeyId: string },
  pii: PiiProtector,
): PayoutInstruction {
  return {
    id: instruction.id,
    batchId: instruction.batchId,
    contractNo: instruction.contractNo,
    household: { id: instruction.householdId },
    accountNumber: mask('cardNumber', pii.open({ ciphertext: instruction.accountNumberSealed, keyId: instruction.piiKeyId })),
    amount: instruction.amount,
    status: instruction.status,
    failureReason: instruction.failureReason,
    bankReference: instruction.bankReference,
  };
}
