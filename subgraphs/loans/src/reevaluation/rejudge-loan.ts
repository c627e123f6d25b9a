/**
 * A stored loan judged again against the policy data in force now: the same rules as at receipt
 * (evaluate-loan.ts, then OFF_LIST_AT_CONTRACT as loan-batch.ts adds it), from what the loan row
 * keeps. The hub keeps no resident ID (only its hash), and whether the household was on the
 * bank's list on the contract date does not depend on the policy: the flags those checks gave at
 * receipt (INVALID_RESIDENT_ID, BORROWER_AGE, OFF_LIST_AT_CONTRACT) are carried over as they are.
 * Pure: no I/O and no clock.
 */
import Decimal from 'decimal.js';
import { evaluateLoan } from '../policy/evaluate-loan';
import { policyInForce, type LoanPolicyVersion } from '../policy/loan-policy';
import { lprInForce, type LprFixing } from '../policy/lpr';
import type { ParsedLoanRecord } from '../ingest/loan-record.parse';

/** A flag as the loan row stores it (loan.entity.ts's StoredLoanFlag; named here so this module stays plain). */
export interface StoredLoanFlag {
  code: string;
  message: string;
  messageZh: string;
  source: string;
}

/** The policy data in force (policy-data.service.ts's PolicyData). */
export interface PolicyData {
  versions: readonly LoanPolicyVersion[];
  fixings: readonly LprFixing[];
}

/** What a loan row keeps that the policy reads: the terms of the record it was written from, and the judgement on record. */
export interface StoredLoanFacts extends Pick<
  ParsedLoanRecord,
  'countyCode' | 'amount' | 'annualRate' | 'termMonths' | 'contractDate' | 'maturityDate' | 'purposeCategory' | 'renewalCount' | 'convertedToFarmerLoan'
> {
  /** The household's other live loans at the bank, not counting the contract this one renews. */
  otherOutstandingPrincipal: Decimal;
  flags: StoredLoanFlag[];
  subsidizedAmount: Decimal;
  policyVersionId: string | null;
  lprEffectiveDate: string | null;
}

export interface Rejudged {
  flags: StoredLoanFlag[];
  subsidizedAmount: Decimal;
  policyVersionId: string | null;
  lprEffectiveDate: string | null;
  /** Anything the loan row keeps of its judgement differs. */
  changed: boolean;
}

/** Flags given by checks that do not depend on the policy data, or that cannot be run again without the ID. */
const CARRIED_BEFORE = new Set(['INVALID_RESIDENT_ID', 'BORROWER_AGE']);
// RENEWAL_COUNT_MISREPORTED compares with the bank's count, which only the record carried.
const CARRIED_AFTER = new Set(['OFF_LIST_AT_CONTRACT', 'RENEWAL_COUNT_MISREPORTED']);

export function rejudgeLoan(loan: StoredLoanFacts, policy: PolicyData): Rejudged {
  const evaluation = evaluateLoan(
    {
      amount: loan.amount,
      annualRate: loan.annualRate,
      termMonths: loan.termMonths,
      contractDate: loan.contractDate,
      maturityDate: loan.maturityDate,
      borrowerResidentId: null,
      purposeCategory: loan.purposeCategory,
      renewalCount: loan.renewalCount,
      otherOutstandingPrincipal: loan.otherOutstandingPrincipal,
      convertedToFarmerLoan: loan.convertedToFarmerLoan,
    },
    policyInForce(policy.versions, loan.countyCode, loan.contractDate),
    lprInForce(policy.fixings, loan.contractDate),
  );
  const fresh: StoredLoanFlag[] = evaluation.flags.map((f) => ({ code: f.code, message: f.message, messageZh: f.messageZh, source: f.source }));
  // In the order evaluateLoan gives them at receipt: NO_POLICY, the ID checks, the rest; then the list check.
  const noPolicy = fresh.filter((f) => f.code === 'NO_POLICY');
  const flags = [
    ...noPolicy,
    ...loan.flags.filter((f) => CARRIED_BEFORE.has(f.code)),
    ...fresh.filter((f) => f.code !== 'NO_POLICY'),
    ...loan.flags.filter((f) => CARRIED_AFTER.has(f.code)),
  ];
  const subsidizedAmount = flags.length ? new Decimal(0) : evaluation.subsidizedAmount;
  const changed =
    // Field by field: a jsonb column gives its keys back in its own order.
    JSON.stringify(flags.map(flagKey)) !== JSON.stringify(loan.flags.map(flagKey)) ||
    !subsidizedAmount.eq(loan.subsidizedAmount) ||
    evaluation.policyVersionId !== loan.policyVersionId ||
    evaluation.lprEffectiveDate !== loan.lprEffectiveDate;
  return { flags, subsidizedAmount, policyVersionId: evaluation.policyVersionId, lprEffectiveDate: evaluation.lprEffectiveDate, changed };
}

const flagKey = (f: StoredLoanFlag) => [f.code, f.message, f.messageZh, f.source];
