/**
 * The pure parts of two loan-record checks (issue 12, findings 2 and 4): the region a record may
 * name is the household's on the bank's list, and a record's content digest is the same whether
 * it is computed from the record or from the loan row written from it.
 */
import {
  contentDigest,
  contentOfRecord,
  contentOfStoredLoan,
  paymentsDigest,
  type StoredLoanContentRow,
} from '../../subgraphs/loans/src/ingest/loan-record.content';
import { currentListing, regionProblem } from '../../subgraphs/loans/src/ingest/loan-record.owner';
import { parseLoanRecord, type ParsedLoanRecord } from '../../subgraphs/loans/src/ingest/loan-record.parse';
import { LOAN_RECORD } from '../support/loan-record';

const HOUSEHOLD = '6b1f0c8e-2a41-4d3b-9c55-0e7a1d2f3b4c';
const ID_HASH = 'f'.repeat(64);
const RECORD = { ...LOAN_RECORD, householdId: HOUSEHOLD };

function parsed(changes: Record<string, unknown> = {}): ParsedLoanRecord {
  const result = parseLoanRecord({ ...RECORD, ...changes }, '2026-12-02');
  if (!result.ok) throw new Error(result.rejection.message);
  return result.record;
}

const digestOf = (changes: Record<string, unknown> = {}) => contentDigest(contentOfRecord(parsed(changes), HOUSEHOLD, ID_HASH));

describe('the region a loan record may name', () => {
  const period = (listedFrom: string, listedTo: string | null, lastSequence: number, townshipCode: string) => ({
    listedFrom,
    listedTo,
    lastSequence,
    countyCode: '532301',
    townshipCode,
  });

  it('is the one of the household’s open period on the list, else of the period it left last', () => {
    expect(currentListing([period('2021-06-01', '2023-01-01', 3, '532301101'), period('2023-01-01', null, 4, '532301102')])?.townshipCode).toBe('532301102');
    expect(currentListing([period('2023-01-01', null, 4, '532301102'), period('2024-01-01', '2024-02-01', 9, '532301103')])?.townshipCode).toBe('532301102');
    expect(currentListing([period('2021-06-01', '2023-01-01', 3, '532301101'), period('2023-05-01', '2024-01-01', 7, '532301102')])?.townshipCode).toBe(
      '532301102',
    );
    // Closed on the day it opened, then listed again that day: the later delivery is the current one.
    expect(currentListing([period('2024-03-01', '2024-03-01', 5, '532301101'), period('2024-03-01', '2024-03-09', 6, '532301104')])?.townshipCode).toBe(
      '532301104',
    );
    expect(currentListing([])).toBeUndefined();
  });

  it('passes the household’s own county and township, and names the field and both values otherwise', () => {
    const listing = { countyCode: '532301', townshipCode: '532301101' };
    expect(regionProblem({ countyCode: '532301', townshipCode: '532301101' }, HOUSEHOLD, listing)).toBeNull();
    expect(regionProblem({ countyCode: '500237', townshipCode: '500237001' }, HOUSEHOLD, listing)).toEqual({
      code: 'REGION_NOT_ON_LIST',
      field: 'countyCode',
      message: `county 500237 is not the county of household ${HOUSEHOLD} on your list (532301)`,
    });
    expect(regionProblem({ countyCode: '532301', townshipCode: '532301102' }, HOUSEHOLD, listing)).toEqual({
      code: 'REGION_NOT_ON_LIST',
      field: 'townshipCode',
      message: `township 532301102 is not the township of household ${HOUSEHOLD} on your list (532301101)`,
    });
  });
});

describe('the content digest of a loan record', () => {
  it('is the same for the same content written differently', () => {
    const same = digestOf();
    expect(digestOf({ annualRate: '0.034500' })).toBe(same);
    expect(digestOf({ amount: '50000', outstandingPrincipal: '50000.0' })).toBe(same);
    expect(digestOf({ borrowerResidentId: RECORD.borrowerResidentId.toLowerCase() })).toBe(same);
    expect(digestOf({ interestPayments: [RECORD.interestPayments[1], { ...RECORD.interestPayments[0], overdueInterestPaid: '0' }] })).toBe(same);
    expect(digestOf({ insured: undefined, renewalCount: 0, previousContractNo: undefined })).toBe(same);
  });

  it.each([
    ['amount', { amount: '40000.00', outstandingPrincipal: '40000.00' }],
    ['status', { status: 'OVERDUE' }],
    ['statusDate', { statusDate: '2024-03-01' }],
    ['county', { countyCode: '500237' }],
    ['township', { townshipCode: '532301102' }],
    ['rate', { annualRate: '0.0346' }],
    ['an interest line', { interestPayments: [RECORD.interestPayments[0]] }],
    ['an interest amount', { interestPayments: [RECORD.interestPayments[0], { ...RECORD.interestPayments[1], interestPaid: '441.68' }] }],
    ['insured', { insured: true }],
    ['the version', { recordVersion: 3 }],
  ])('changes with the %s', (_what, changes) => {
    expect(digestOf(changes)).not.toBe(digestOf());
  });

  it('changes with the household and the borrower', () => {
    const record = parsed();
    const digest = contentDigest(contentOfRecord(record, HOUSEHOLD, ID_HASH));
    expect(contentDigest(contentOfRecord(record, '00000000-0000-4000-8000-000000000000', ID_HASH))).not.toBe(digest);
    expect(contentDigest(contentOfRecord(record, HOUSEHOLD, 'e'.repeat(64)))).not.toBe(digest);
  });

  it('is the same computed from the loan row the record was written to (rows stored before digests were kept)', () => {
    const record = parsed();
    // As PostgreSQL returns the row: numerics at their column's scale, char columns as stored.
    const row: StoredLoanContentRow = {
      contract_no: 'ABC-2025-0001',
      record_version: 2,
      household_id: HOUSEHOLD,
      borrower_id_hash: ID_HASH,
      county_code: '532301',
      township_code: '532301101',
      amount: '50000.00',
      annual_rate: '0.034500',
      term_months: 36,
      contract_date: '2024-02-29',
      maturity_date: '2027-02-28',
      purpose_category: 'BREEDING',
      status: 'DISBURSED',
      status_date: '2024-02-29',
      outstanding_principal: '50000.00',
      previous_contract_no: null,
      renewal_count: 0,
      insured: false,
      converted_to_farmer_loan: false,
      payment_count: 2,
      payments_digest: paymentsDigest(record.interestPayments),
    };
    expect(contentDigest(contentOfStoredLoan(row))).toBe(contentDigest(contentOfRecord(record, HOUSEHOLD, ID_HASH)));
    expect(contentDigest(contentOfStoredLoan({ ...row, amount: '40000.00' }))).not.toBe(contentDigest(contentOfRecord(record, HOUSEHOLD, ID_HASH)));
    // No payments: stored as count 0 and no digest, as a record without lines.
    const bare = parsed({ interestPayments: [] });
    expect(contentDigest(contentOfStoredLoan({ ...row, payment_count: 0, payments_digest: null }))).toBe(
      contentDigest(contentOfRecord(bare, HOUSEHOLD, ID_HASH)),
    );
  });
});
