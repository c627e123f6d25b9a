import { parseLprCsv } from '../../scripts/banks';
import { LOAN_RECORD, LOAN_RECORD_RESIDENT_ID } from '../support/loan-record';
import { parseLoanRecord } from '../../subgraphs/loans/src/ingest/loan-record.parse';
import { renewalChainCount, type ChainLink } from '../../subgraphs/loans/src/ingest/loan-batch';
import { allowedNext, canTransition } from '../../subgraphs/loans/src/loan/loan-status-machine';
import { LoanStatus } from '../../subgraphs/loans/src/loan/loan-status';

const ID = LOAN_RECORD_RESIDENT_ID;
/** The hub's today in these tests (parsing is pure: the caller passes it). */
const TODAY = '2026-12-02';
/** As a bank may write it: a lowercase x, the payments out of order, "0" for no overdue interest. */
const RECORD = {
  ...LOAN_RECORD,
  borrowerResidentId: ID.toLowerCase(),
  interestPayments: [LOAN_RECORD.interestPayments[1], { ...LOAN_RECORD.interestPayments[0], overdueInterestPaid: '0' }],
};

describe('loan record parsing', () => {
  it('accepts a well-formed record, normalizes the ID and sorts the payments', () => {
    const result = parseLoanRecord(RECORD, TODAY);
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
    [
      { interestPayments: [{ settlementDate: '2024-06-20', periodStart: '2024-07-01', interestPaid: '1.00', overdueInterestPaid: '0.00' }] },
      'interestPayments[0].periodStart',
    ],
    [
      { interestPayments: [{ settlementDate: '2024-06-20', periodStart: '2024-03-21', interestPaid: '-1.00', overdueInterestPaid: '0.00' }] },
      'interestPayments[0].interestPaid',
    ],
  ])('rejects %j naming the field %s', (change, field) => {
    const result = parseLoanRecord({ ...RECORD, ...change }, TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection).toMatchObject({ code: 'MALFORMED_RECORD', field });
  });

  it('keeps the amounts as stored, the text a Decimal would write (the content digest and the loan row take it)', () => {
    for (const [amount, outstanding, rate] of [
      ['50000.00', '50000', '0.0345'],
      ['050000.5', '0.5', '.034'],
      ['1', '0', '0.123456'],
    ]) {
      const result = parseLoanRecord({ ...RECORD, amount, outstandingPrincipal: outstanding, annualRate: rate }, TODAY);
      if (!result.ok) throw new Error(result.rejection.message);
      const r = result.record;
      expect(r.text).toEqual({ amount: r.amount.toFixed(2), annualRate: r.annualRate.toFixed(6), outstandingPrincipal: r.outstandingPrincipal.toFixed(2) });
    }
  });

  it('never echoes a resident ID in its messages', () => {
    const result = parseLoanRecord({ ...RECORD, borrowerResidentId: '53230119800517123' }, TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection.message).not.toContain('53230119800517123');
  });

  it('reads what it can of a record that is not an object', () => {
    expect(parseLoanRecord('nonsense', TODAY)).toMatchObject({ ok: false, rejection: { field: 'record', contractNo: '', recordVersion: 0 } });
  });
});

describe('loan record dates (issue 14): nothing later than today, settlements inside the loan’s life', () => {
  const pay = (settlementDate: string, periodStart: string) => ({ settlementDate, periodStart, interestPaid: '100.00', overdueInterestPaid: '0.00' });
  const rejection = (change: Record<string, unknown>, today = TODAY) => {
    const result = parseLoanRecord({ ...RECORD, ...change }, today);
    return result.ok ? null : result.rejection;
  };

  it.each([
    [{ contractDate: '2027-01-05', statusDate: '2027-01-05', maturityDate: '2028-01-05', interestPayments: [] }, 'contractDate'],
    [{ statusDate: '2026-12-03' }, 'statusDate'],
    [{ status: 'REPAID', statusDate: '2027-03-01', outstandingPrincipal: '0.00' }, 'statusDate'],
    [{ interestPayments: [...LOAN_RECORD.interestPayments, pay('2027-03-20', '2024-06-21')] }, 'interestPayments[2].settlementDate'],
  ])('refuses %j as DATE_IN_FUTURE naming %s', (change, field) => {
    expect(rejection(change)).toMatchObject({
      code: 'DATE_IN_FUTURE',
      field,
      message: expect.stringContaining('later than today (2026-12-02, Asia/Shanghai)'),
    });
  });

  it('takes a record dated today: today is the hub’s calendar day, not a moment', () => {
    expect(rejection({ statusDate: TODAY, status: 'OVERDUE' })).toBeNull();
    expect(rejection({ statusDate: '2026-12-03', status: 'OVERDUE' }, '2026-12-03')).toBeNull();
  });

  it.each([
    // The bank's own index: RECORD lists the June settlement first.
    [
      'a settlement after maturity of a performing loan',
      { maturityDate: '2025-02-28', termMonths: 12, interestPayments: [pay('2025-03-20', '2024-02-29')] },
      'interestPayments[0].settlementDate',
      'its maturityDate 2025-02-28',
    ],
    [
      'a settlement after the repayment',
      { status: 'REPAID', statusDate: '2024-05-10', outstandingPrincipal: '0.00' },
      'interestPayments[0].settlementDate',
      'its REPAID statusDate 2024-05-10',
    ],
    [
      'a settlement after the renewal',
      { status: 'RENEWED', statusDate: '2024-06-01', outstandingPrincipal: '0.00' },
      'interestPayments[0].settlementDate',
      'its RENEWED statusDate 2024-06-01',
    ],
    [
      'a period that starts before the contract',
      { interestPayments: [pay('2024-03-20', '2024-01-01')] },
      'interestPayments[0].periodStart',
      'contractDate 2024-02-29',
    ],
  ])('refuses %s as SETTLEMENT_OUTSIDE_LOAN', (_what, change, field, told) => {
    expect(rejection(change)).toMatchObject({ code: 'SETTLEMENT_OUTSIDE_LOAN', field, message: expect.stringContaining(told) });
  });

  it('lets an overdue loan settle overdue interest after its maturity, up to today', () => {
    const overdue = { status: 'OVERDUE', statusDate: '2025-02-28', maturityDate: '2025-02-28', termMonths: 12 };
    expect(rejection({ ...overdue, interestPayments: [pay('2025-06-20', '2024-02-29')] })).toBeNull();
    expect(rejection({ ...overdue, status: 'NPL', interestPayments: [pay('2026-09-20', '2024-02-29')] })).toBeNull();
    // A settlement on the day of repayment is inside the loan's life.
    expect(rejection({ status: 'REPAID', statusDate: '2024-06-20', outstandingPrincipal: '0.00' })).toBeNull();
  });

  it('refuses a contract that names itself as the one it continues', () => {
    expect(rejection({ previousContractNo: RECORD.contractNo, renewalCount: 1 })).toMatchObject({ code: 'MALFORMED_RECORD', field: 'previousContractNo' });
  });
});

describe('renewal chain (issue 14): the hub counts renewals from previousContractNo', () => {
  const H = 'household-1';
  const chain = new Map<string, ChainLink>([
    ['A', { householdId: H, previousContractNo: null }],
    ['B', { householdId: H, previousContractNo: 'A' }],
    ['C', { householdId: H, previousContractNo: 'B' }],
    ['X', { householdId: 'household-2', previousContractNo: null }],
    ['L1', { householdId: H, previousContractNo: 'L2' }],
    ['L2', { householdId: H, previousContractNo: 'L1' }],
  ]);

  it('counts each contract the chain goes back through, within the household', () => {
    expect(renewalChainCount('A', null, H, chain)).toBe(0);
    expect(renewalChainCount('B', 'A', H, chain)).toBe(1);
    expect(renewalChainCount('C', 'B', H, chain)).toBe(2);
    expect(renewalChainCount('D', 'C', H, chain)).toBe(3);
  });

  it('stops at a contract the hub does not hold, or of another household, and counts a loop once', () => {
    expect(renewalChainCount('D', 'UNKNOWN', H, chain)).toBe(0);
    expect(renewalChainCount('D', 'X', H, chain)).toBe(0);
    expect(renewalChainCount('L1', 'L2', H, chain)).toBe(1);
    expect(renewalChainCount('Z', 'L1', H, chain)).toBe(2);
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
