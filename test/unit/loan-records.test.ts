import { parseLprCsv } from '../../scripts/banks';
import { LOAN_RECORD, LOAN_RECORD_RESIDENT_ID } from '../support/loan-record';
import { parseLoanRecord } from '../../subgraphs/loans/src/ingest/loan-record.parse';
import { allowedNext, canTransition } from '../../subgraphs/loans/src/loan/loan-status-machine';
import { LoanStatus } from '../../subgraphs/loans/src/loan/loan-status';

const ID = LOAN_RECORD_RESIDENT_ID;
/** As a bank may write it: a lowercase x, the payments out of order, "0" for no overdue interest. */
const RECORD = {
  ...LOAN_RECORD,
  borrowerResidentId: ID.toLowerCase(),
  interestPayments: [LOAN_RECORD.interestPayments[1], { ...LOAN_RECORD.interestPayments[0], overdueInterestPaid: '0' }],
};

describe('loan record parsing', () => {
  it('accepts a well-formed record, normalizes the ID and sorts the payments', () => {
    const result = parseLoanRecord(RECORD);
    if (!result.ok) throw new Error(result.rejection.message);
    expect(result.record.borrowerResidentId).toBe(ID.toUpperCase());
    expect(result.record.amount.toFixed(2)).toBe('50000.00');
    expect(result.record.interestPayments.map((p) => p.settlementDate)).toEqual(['2024-03-20', '2024-06-20']);
    // Amounts as stored: two decimals, whatever the bank wrote ("0" → "0.00").
    expect(result.record.interestPayments.map((p) => [p.interestPaid, p.overdueInterestPaid])).toEqual([
      ['101.46', '0.00'],
      ['441.67', '0.00'],
    ]);
  });

  it.each([
    [{ contractNo: '' }, 'contractNo'],
    [{ recordVersion: 0 }, 'recordVersion'],
    [{ amount: 'abc' }, 'amount'],
    [{ amount: 50000 }, 'amount'],
    [{ amount: '0.00' }, 'amount'],
    [{ annualRate: '3.45' }, 'annualRate'],
    [{ contractDate: '2025-02-29' }, 'contractDate'],
    [{ contractDate: '2024-13-01' }, 'contractDate'],
    [{ maturityDate: '2024-02-01' }, 'maturityDate'],
    [{ statusDate: '2024-01-01' }, 'statusDate'],
    [{ status: 'LOST' }, 'status'],
    [{ purposeCategory: 'GAMBLING' }, 'purposeCategory'],
    [{ outstandingPrincipal: '60000.00' }, 'outstandingPrincipal'],
    [{ householdId: 'not-a-uuid' }, 'householdId'],
    [{ townshipCode: '5323011' }, 'townshipCode'],
    [{ insured: 'yes' }, 'insured'],
    [{ interestPayments: [{ settlementDate: '2024-06-20', periodStart: '2024-07-01', interestPaid: '1.00', overdueInterestPaid: '0.00' }] }, 'interestPayments[0].periodStart'],
    [{ interestPayments: [{ settlementDate: '2024-06-20', periodStart: '2024-03-21', interestPaid: '-1.00', overdueInterestPaid: '0.00' }] }, 'interestPayments[0].interestPaid'],
  ])('rejects %j naming the field %s', (change, field) => {
    const result = parseLoanRecord({ ...RECORD, ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection).toMatchObject({ code: 'MALFORMED_RECORD', field });
  });

  it('never echoes a resident ID in its messages', () => {
    const result = parseLoanRecord({ ...RECORD, borrowerResidentId: '53230119800517123' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection.message).not.toContain('53230119800517123');
  });

  it('reads what it can of a record that is not an object', () => {
    expect(parseLoanRecord('nonsense')).toMatchObject({ ok: false, rejection: { field: 'record', contractNo: '', recordVersion: 0 } });
  });
});

describe('loan status machine', () => {
  it('allows the paths banks report, and repeating a status with a new version', () => {
    expect(canTransition(LoanStatus.APPLIED, LoanStatus.APPROVED)).toBe(true);
    expect(canTransition(LoanStatus.DISBURSED, LoanStatus.NPL)).toBe(true); // overdue past 90 days between two pulls
    expect(canTransition(LoanStatus.OVERDUE, LoanStatus.DISBURSED)).toBe(true); // cured
    expect(canTransition(LoanStatus.NPL, LoanStatus.COMPENSATED)).toBe(true);
    expect(canTransition(LoanStatus.COMPENSATED, LoanStatus.REPAID)).toBe(true); // recovered after compensation
    expect(canTransition(LoanStatus.DISBURSED, LoanStatus.DISBURSED)).toBe(true);
  });

  it('refuses going back and leaving a closed loan', () => {
    expect(canTransition(LoanStatus.OVERDUE, LoanStatus.APPROVED)).toBe(false);
    expect(canTransition(LoanStatus.NPL, LoanStatus.DISBURSED)).toBe(false);
    for (const closed of [LoanStatus.REPAID, LoanStatus.RENEWED, LoanStatus.WRITTEN_OFF]) expect(allowedNext(closed)).toEqual([]);
    expect(canTransition(LoanStatus.REPAID, LoanStatus.OVERDUE)).toBe(false);
  });
});

describe('LPR file', () => {
  it('reads published percentages into fractions without float arithmetic', () => {
    expect(parseLprCsv('effective_date,one_year,five_year_plus\n2025-05-20,3.00,3.50\n2026-01-20,2.95,3.45\n', 'lpr.csv')).toEqual([
      { effectiveDate: '2025-05-20', oneYear: '0.03', fiveYearPlus: '0.035' },
      { effectiveDate: '2026-01-20', oneYear: '0.0295', fiveYearPlus: '0.0345' },
    ]);
  });

  it('names the row of a bad line', () => {
    expect(() => parseLprCsv('effective_date,one_year,five_year_plus\n2025-05-20,3.00\n', 'lpr.csv')).toThrow('lpr.csv row 2: expected 3 columns');
    expect(() => parseLprCsv('2025-05-20,3%,3.50\n', 'lpr.csv')).toThrow('one_year "3%" is not a percentage');
  });
});
