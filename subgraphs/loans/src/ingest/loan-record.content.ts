/**
 * What a loan record says, in one canonical form, and its digest. (bank, contract number, record
 * version) is the record's idempotency key: the same key sent again with the same content is a
 * harmless duplicate, with other content it is refused (SECURITY.md: the same key with different
 * parameters is an error). Pure: no I/O.
 *
 * The content can be built from a parsed record or from the stored loan row written from it, so
 * the version on record can be compared even when it was stored before the hub kept digests.
 * The borrower is in it by the ID's HMAC, never the ID.
 */
import { createHash } from 'node:crypto';
import { HubDecimal } from '../../../../common/money';
import type { ParsedInterestPayment, ParsedLoanRecord } from './loan-record.parse';

export interface LoanRecordContent {
  contractNo: string;
  recordVersion: number;
  householdId: string;
  borrowerIdHash: string;
  countyCode: string;
  townshipCode: string;
  /** Two decimals. */
  amount: string;
  /** Six decimals, as stored. */
  annualRate: string;
  termMonths: number;
  contractDate: string;
  maturityDate: string;
  purposeCategory: string;
  status: string;
  statusDate: string;
  outstandingPrincipal: string;
  previousContractNo: string | null;
  renewalCount: number;
  insured: boolean;
  convertedToFarmerLoan: boolean;
  paymentCount: number;
  paymentsDigest: string | null;
}

/** One payment as a canonical line. */
function paymentLine(p: ParsedInterestPayment): string {
  return `${p.settlementDate}|${p.periodStart}|${p.interestPaid}|${p.overdueInterestPaid}`;
}

/** MD5 of payments as canonical lines, in the order given (parsed records sort them oldest first). */
export function digestOfPayments(payments: readonly ParsedInterestPayment[]): string {
  return createHash('md5').update(payments.map(paymentLine).join('\n')).digest('hex');
}

/** The digest stored with a loan for its payments: null when it has none. */
export function paymentsDigest(payments: readonly ParsedInterestPayment[]): string | null {
  return payments.length ? digestOfPayments(payments) : null;
}

/** `householdId`: the household the record is for (as sent, or found by the borrower's ID hash). */
export function contentOfRecord(record: ParsedLoanRecord, householdId: string, borrowerIdHash: string): LoanRecordContent {
  return {
    contractNo: record.contractNo,
    recordVersion: record.recordVersion,
    householdId,
    borrowerIdHash,
    countyCode: record.countyCode,
    townshipCode: record.townshipCode,
    amount: record.text.amount,
    annualRate: record.text.annualRate,
    termMonths: record.termMonths,
    contractDate: record.contractDate,
    maturityDate: record.maturityDate,
    purposeCategory: record.purposeCategory,
    status: record.status,
    statusDate: record.statusDate,
    outstandingPrincipal: record.text.outstandingPrincipal,
    previousContractNo: record.previousContractNo,
    renewalCount: record.renewalCount,
    insured: record.insured,
    convertedToFarmerLoan: record.convertedToFarmerLoan,
    paymentCount: record.interestPayments.length,
    paymentsDigest: paymentsDigest(record.interestPayments),
  };
}

/** A `loans.loans` row as read for the comparison (dates as YYYY-MM-DD text, numerics as text). */
export interface StoredLoanContentRow {
  contract_no: string;
  record_version: number;
  household_id: string;
  borrower_id_hash: string;
  county_code: string;
  township_code: string;
  amount: string;
  annual_rate: string;
  term_months: number;
  contract_date: string;
  maturity_date: string;
  purpose_category: string;
  status: string;
  status_date: string;
  outstanding_principal: string;
  previous_contract_no: string | null;
  renewal_count: number;
  insured: boolean;
  converted_to_farmer_loan: boolean;
  payment_count: number;
  payments_digest: string | null;
}

/** The content of the version on record, from the row it was written to. */
export function contentOfStoredLoan(row: StoredLoanContentRow): LoanRecordContent {
  return {
    contractNo: row.contract_no,
    recordVersion: Number(row.record_version),
    householdId: row.household_id,
    borrowerIdHash: row.borrower_id_hash.trim(),
    countyCode: row.county_code,
    townshipCode: row.township_code,
    amount: new HubDecimal(row.amount).toFixed(2),
    annualRate: new HubDecimal(row.annual_rate).toFixed(6),
    termMonths: Number(row.term_months),
    contractDate: row.contract_date,
    maturityDate: row.maturity_date,
    purposeCategory: row.purpose_category,
    status: row.status,
    statusDate: row.status_date,
    outstandingPrincipal: new HubDecimal(row.outstanding_principal).toFixed(2),
    previousContractNo: row.previous_contract_no,
    renewalCount: Number(row.renewal_count),
    insured: row.insured,
    convertedToFarmerLoan: row.converted_to_farmer_loan,
    paymentCount: Number(row.payment_count),
    paymentsDigest: row.payments_digest === null ? null : row.payments_digest.trim(),
  };
}

/** SHA-256 (hex) of the content, every field in a fixed order. */
export function contentDigest(content: LoanRecordContent): string {
  const c = content;
  const fields = [
    c.contractNo,
    c.recordVersion,
    c.householdId,
    c.borrowerIdHash,
    c.countyCode,
    c.townshipCode,
    c.amount,
    c.annualRate,
    c.termMonths,
    c.contractDate,
    c.maturityDate,
    c.purposeCategory,
    c.status,
    c.statusDate,
    c.outstandingPrincipal,
    c.previousContractNo,
    c.renewalCount,
    c.insured,
    c.convertedToFarmerLoan,
    c.paymentCount,
    c.paymentsDigest,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
