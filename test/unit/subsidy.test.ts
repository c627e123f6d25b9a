/**
 * The quarterly interest subsidy (贴息): settlement windows and per-loan lines, checked against
 * figures worked out by hand. Daily interest is annual rate / 360; a bank period's days are
 * settlementDate − periodStart + 1 (算头不算尾 is already in the bank's periods).
 */
import Decimal from 'decimal.js';
import {
  computeBatchTotals,
  computeSubsidy,
  SubsidyInputError,
  type SubsidyContext,
  type SubsidyLine,
  type SubsidyLoanInput,
  type SubsidyPayment,
} from '../../subgraphs/funds/src/subsidy/domain/compute-subsidy';
import {
  DEFAULT_SETTLEMENT_RULE,
  formatQuarter,
  isQuarterDue,
  quarterEnd,
  parseQuarter,
  settlementWindow,
  type Quarter,
} from '../../subgraphs/funds/src/subsidy/domain/settlement-window';

const d = (text: string) => new Decimal(text);

/** 2025Q3 = 2025-06-21 … 2025-09-20: 10 (June) + 31 + 31 + 20 = 92 days. */
const Q3_2025 = settlementWindow(parseQuarter('2025Q3'));

const context = (ratio = '1', window = Q3_2025): SubsidyContext => ({ window, subsidyRatio: d(ratio) });

function payment(periodStart: string, settlementDate: string, interestPaid: string, extra: Partial<SubsidyPayment> = {}): SubsidyPayment {
  return { periodStart, settlementDate, interestPaid: d(interestPaid), overdueInterestPaid: d('0'), ...extra };
}

/**
 * A compliant 50,000 loan at 3.45% that paid its whole 2025Q3 period:
 * 50,000 × 0.0345 / 360 × 92 = 1,725 × 92 / 360 = 440.8333… → the bank charged 440.83.
 */
function loan(overrides: Partial<SubsidyLoanInput> = {}): SubsidyLoanInput {
  return {
    loanId: 'loan-1',
    contractNo: 'HT-2025-0001',
    amount: d('50000'),
    subsidizedAmount: d('50000'),
    annualRate: d('0.0345'),
    flags: [],
    convertedToFarmerLoan: false,
    onListAtContract: true,
    payments: [payment('2025-06-21', '2025-09-20', '440.83')],
    ...overrides,
  };
}

function expectInputError(action: () => unknown, field: string): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SubsidyInputError);
  expect(thrown).toMatchObject({ field });
  expect((thrown as Error).message).toContain(field);
}

const fen = (line: SubsidyLine) => line.subsidy.toFixed(2);

describe('quarters', () => {
  it('parses and formats YYYYQn', () => {
    expect(parseQuarter('2025Q3')).toEqual({ year: 2025, quarter: 3 });
    expect(formatQuarter({ year: 2024, quarter: 1 })).toBe('2024Q1');
    expect(formatQuarter(parseQuarter('2023Q4'))).toBe('2023Q4');
  });

  it.each(['2025Q5', '2025Q0', '25Q1', '2025-Q3', '2025q3', ''])('refuses %j', (text) => {
    expectInputError(() => parseQuarter(text), 'quarter');
  });
});

describe('settlementWindow', () => {
  it('runs from the 21st of the previous quarter-end month to the 20th, both included', () => {
    // 2025-06-21 … 2025-09-20: 10 + 31 (July) + 31 (August) + 20 = 92.
    expect(Q3_2025).toEqual({ start: '2025-06-21', end: '2025-09-20', days: 92 });
    // 2025-03-21 … 2025-06-20: 11 + 30 + 31 + 20 = 92.
    expect(settlementWindow({ year: 2025, quarter: 2 })).toEqual({ start: '2025-03-21', end: '2025-06-20', days: 92 });
    // 2025-09-21 … 2025-12-20: 10 + 31 + 30 + 20 = 91.
    expect(settlementWindow({ year: 2025, quarter: 4 })).toEqual({ start: '2025-09-21', end: '2025-12-20', days: 91 });
  });

  it('crosses the year end in Q1 and counts 29 February', () => {
    // 2023-12-21 … 2024-03-20: 11 (December) + 31 + 29 + 20 = 91.
    expect(settlementWindow(parseQuarter('2024Q1'))).toEqual({ start: '2023-12-21', end: '2024-03-20', days: 91 });
    // 2022-12-21 … 2023-03-20: 11 + 31 + 28 + 20 = 90.
    expect(settlementWindow(parseQuarter('2023Q1'))).toEqual({ start: '2022-12-21', end: '2023-03-20', days: 90 });
  });

  it.each([
    [2023, 365, ['2022-12-21', '2023-03-21', '2023-06-21', '2023-09-21', '2023-12-21']],
    [2024, 366, ['2023-12-21', '2024-03-21', '2024-06-21', '2024-09-21', '2024-12-21']], // holds 2024-02-29
  ] as const)('tiles %i: each quarter starts the day after the last one ends, %i days in all', (year, total, starts) => {
    const windows = ([1, 2, 3, 4, 5] as const).map((n) => settlementWindow(n === 5 ? { year: year + 1, quarter: 1 } : { year, quarter: n }));
    expect(windows.map((window) => window.start)).toEqual(starts);
    expect(windows.slice(0, 4).reduce((sum, window) => sum + window.days, 0)).toBe(total);
  });

  it('follows another settlement day', () => {
    // 2025-06-26 … 2025-09-25: 5 + 31 + 31 + 25 = 92.
    expect(settlementWindow({ year: 2025, quarter: 3 }, { settlementDay: 25 })).toEqual({ start: '2025-06-26', end: '2025-09-25', days: 92 });
    expect(DEFAULT_SETTLEMENT_RULE.settlementDay).toBe(20);
  });

  it('starts the day after the previous settlement under the rule then in force, when a region changes its day', () => {
    // Q1 settled on the 20th, Q2 on the 25th: 2026-03-21 … 2026-06-25, no day left out or counted twice.
    expect(settlementWindow({ year: 2026, quarter: 2 }, { settlementDay: 25 }, { settlementDay: 20 })).toEqual({
      start: '2026-03-21',
      end: '2026-06-25',
      days: 97,
    });
    expect(settlementWindow({ year: 2026, quarter: 3 }, { settlementDay: 20 }, { settlementDay: 25 })).toEqual({
      start: '2026-06-26',
      end: '2026-09-20',
      days: 87,
    });
    expect(quarterEnd({ year: 2024, quarter: 1 })).toBe('2024-03-31');
    expect(quarterEnd({ year: 2025, quarter: 4 })).toBe('2025-12-31');
  });

  it.each([31, 29, 0, -1, 20.5, Number.NaN])('refuses settlement day %p', (settlementDay) => {
    expectInputError(() => settlementWindow({ year: 2025, quarter: 3 }, { settlementDay }), 'settlementDay');
  });

  it('refuses a quarter that does not exist', () => {
    expectInputError(() => settlementWindow({ year: 2025, quarter: 5 } as unknown as Quarter), 'quarter.quarter');
    expectInputError(() => settlementWindow({ year: 25, quarter: 1 }), 'quarter.year');
  });
});

describe('computeSubsidy', () => {
  it('full quarter at 100%: the interest paid, 440.83', () => {
    // eligible = min(440.83 × 50,000/50,000, 50,000 × 0.0345 × 92 / 360 = 440.8333…) = 440.83; × 1 → 440.83.
    const line = computeSubsidy(loan(), context('1'));
    expect(fen(line)).toBe('440.83');
    expect(line.interestPaidInWindow.toString()).toBe('440.83');
    expect(line.eligibleInterest.toString()).toBe('440.83');
    expect(line.reason).toBeNull();
    expect(line.notes).toEqual([]);
  });

  it('full quarter at 50%: 220.415 rounds half up to 220.42', () => {
    // 440.83 × 0.5 = 220.415 → 220.42 (half up; half-down or truncation would give 220.41).
    const line = computeSubsidy(loan(), context('0.5'));
    expect(fen(line)).toBe('220.42');
    expect(line.detail).toContain('= 220.415 → 220.42');
  });

  it('is exact where the eligible interest repeats but the line is a half fen: 180.8333… × 0.75 = 135.625 → 135.63', () => {
    // 20,000 at 3.50 % for 2025-06-19..2025-09-19 (93 days, settled inside the window): the cap
    // 20000 × 0.035 × 93 / 360 = 180.8333… is below the 181.00 paid; × 0.75 is exactly 135.625.
    // Dividing first (at any finite precision) gives 135.6249…, which would round down to 135.62.
    const line = computeSubsidy(
      loan({ amount: d('20000'), subsidizedAmount: d('20000'), annualRate: d('0.0350'), payments: [payment('2025-06-19', '2025-09-19', '181.00')] }),
      context('0.75'),
    );
    expect(fen(line)).toBe('135.63');
    expect(line.notes).toEqual(['ABOVE_CONTRACT_RATE']);
    expect(line.detail).toContain('= 135.625 → 135.63');
  });

  it('rounds a half fen up after an even digit too (not half-even)', () => {
    // 440.81 (under the cap 440.8333…) × 0.5 = 220.405 → 220.41 half up; half-even would keep 220.40.
    const line = computeSubsidy(loan({ payments: [payment('2025-06-21', '2025-09-20', '440.81')] }), context('0.5'));
    expect(fen(line)).toBe('220.41');
  });

  it('rounds once, on the line: two half-periods of x.xx5 are not rounded each', () => {
    // Periods 06-21 … 07-31 (10 + 31 = 41 days) and 08-01 … 09-20 (31 + 20 = 51 days), 50% ratio.
    // Line: (196.45 + 244.35) × 0.5 = 440.80 × 0.5 = 220.40.
    // Rounding each payment instead would give 98.225 → 98.23 plus 122.175 → 122.18 = 220.41.
    const line = computeSubsidy(
      loan({ payments: [payment('2025-06-21', '2025-07-31', '196.45'), payment('2025-08-01', '2025-09-20', '244.35')] }),
      context('0.5'),
    );
    // Caps: 1,725 × 41 / 360 = 196.4583… ≥ 196.45; 1,725 × 51 / 360 = 244.375 ≥ 244.35.
    expect(fen(line)).toBe('220.40');
  });

  it('loan disbursed mid-window: the period starts on the disbursement day', () => {
    // Disbursed 2025-07-15: 2025-07-15 … 2025-09-20 = 17 + 31 + 20 = 68 days.
    // 50,000 × 0.0345 × 68 / 360 = 117,300 / 360 = 325.8333… → the bank charged 325.83.
    const line = computeSubsidy(loan({ payments: [payment('2025-07-15', '2025-09-20', '325.83')] }), context('1'));
    expect(fen(line)).toBe('325.83');
    expect(line.reason).toBeNull();
  });

  it('caps interest above the contract rate on the period: the mid-window loan reported as a whole quarter', () => {
    // The bank reports 440.83 (92 days' interest) on the 68-day period 07-15 … 09-20:
    // eligible = min(440.83, 325.8333…) = 325.8333… → 325.83; 440.83 − 325.8333… = 114.9966… removed.
    const line = computeSubsidy(loan({ payments: [payment('2025-07-15', '2025-09-20', '440.83')] }), context('1'));
    expect(fen(line)).toBe('325.83');
    expect(line.reason).toBe('ABOVE_CONTRACT_RATE');
    expect(line.interestPaidInWindow.toString()).toBe('440.83');
  });

  it('repaid early: the last period ends the day before repayment, inside the window', () => {
    // Repaid 2025-08-10, so the period is 2025-06-21 … 2025-08-09 = 10 + 31 + 9 = 50 days.
    // 1,725 × 50 / 360 = 239.5833… → the bank charged 239.58; at 100% → 239.58.
    const line = computeSubsidy(loan({ payments: [payment('2025-06-21', '2025-08-09', '239.58')] }), context('1'));
    expect(fen(line)).toBe('239.58');
  });

  it('principal above 50,000: only the subsidized share counts, capped at what 50,000 earns', () => {
    // 80,000 at 3.50%, 92 days: 80,000 × 0.035 × 92 / 360 = 257,600 / 360 = 715.5555… → the bank charged 715.56.
    // share = 715.56 × 50,000 / 80,000 = 447.225; cap = 50,000 × 0.035 × 92 / 360 = 161,000 / 360 = 447.2222…
    // eligible = 447.2222… → 447.22 (the cap removes 0.0027…, under a fen: no ABOVE_CONTRACT_RATE note).
    const line = computeSubsidy(
      loan({ amount: d('80000'), subsidizedAmount: d('50000'), annualRate: d('0.035'), payments: [payment('2025-06-21', '2025-09-20', '715.56')] }),
      context('1'),
    );
    expect(fen(line)).toBe('447.22');
    expect(line.reason).toBe('ABOVE_SUBSIDIZED_PRINCIPAL');
    expect(line.notes).toEqual(['ABOVE_SUBSIDIZED_PRINCIPAL']);
  });

  it('principal above 50,000 at a 50% ratio', () => {
    // 447.2222… × 0.5 = 223.6111… → 223.61.
    const line = computeSubsidy(
      loan({ amount: d('80000'), subsidizedAmount: d('50000'), annualRate: d('0.035'), payments: [payment('2025-06-21', '2025-09-20', '715.56')] }),
      context('0.5'),
    );
    expect(fen(line)).toBe('223.61');
  });

  it('uses the reported outstanding principal: once it is 50,000 or less, all of its interest counts', () => {
    // 80,000 loan with 40,000 outstanding: 40,000 × 0.035 × 92 / 360 = 128,800 / 360 = 357.7777… → 357.78 charged.
    // subsidized = min(50,000, 40,000) = 40,000; share = 357.78; cap = 357.7777…; eligible = 357.7777… → 357.78.
    const line = computeSubsidy(
      loan({
        amount: d('80000'),
        subsidizedAmount: d('50000'),
        annualRate: d('0.035'),
        payments: [payment('2025-06-21', '2025-09-20', '357.78', { principalBase: d('40000') })],
      }),
      context('1'),
    );
    expect(fen(line)).toBe('357.78');
    expect(line.reason).toBeNull();
  });

  it('gives nothing when the household has no subsidized principal left, without a flag', () => {
    // subsidized = min(0, 50,000) = 0: share = 440.83 × 0 / 50,000 = 0.
    const line = computeSubsidy(loan({ subsidizedAmount: d('0') }), context('1'));
    expect(fen(line)).toBe('0.00');
    expect(line.reason).toBe('ABOVE_SUBSIDIZED_PRINCIPAL');
  });

  it('excludes overdue interest and still counts the normal interest', () => {
    // normal 440.83 counts; penalty 12.34 does not: 440.83 × 1 → 440.83.
    const line = computeSubsidy(loan({ payments: [payment('2025-06-21', '2025-09-20', '440.83', { overdueInterestPaid: d('12.34') })] }), context('1'));
    expect(fen(line)).toBe('440.83');
    expect(line.reason).toBe('OVERDUE_INTEREST_EXCLUDED');
    expect(line.overdueInterestPaidInWindow.toString()).toBe('12.34');
    expect(line.interestPaidInWindow.toString()).toBe('440.83');
  });

  it('gives nothing to a loan that paid only overdue interest', () => {
    // normal 0 + penalty 55.10 (excluded) → 0.
    const line = computeSubsidy(loan({ payments: [payment('2025-06-21', '2025-09-20', '0', { overdueInterestPaid: d('55.10') })] }), context('1'));
    expect(fen(line)).toBe('0.00');
    expect(line.reason).toBe('OVERDUE_INTEREST_EXCLUDED');
  });

  it('gives nothing when nothing settled in the window', () => {
    // The only payment settled on 2025-06-20: that is 2025Q2's settlement day, outside 2025Q3.
    const line = computeSubsidy(loan({ payments: [payment('2025-03-21', '2025-06-20', '431.25')] }), context('1'));
    expect(fen(line)).toBe('0.00');
    expect(line.reason).toBe('NO_INTEREST_PAID');
    expect(computeSubsidy(loan({ payments: [] }), context('1')).reason).toBe('NO_INTEREST_PAID');
  });

  it.each([
    ['a policy flag', { flags: ['RATE_ABOVE_CAP'], subsidizedAmount: d('0') }, 'FLAGGED'],
    // The loans side sets subsidizedAmount to 0 when flagged; a flag alone must still stop payment.
    ['a policy flag with a subsidized amount left in', { flags: ['TERM_TOO_LONG'] }, 'FLAGGED'],
    ['conversion to a farmer loan', { convertedToFarmerLoan: true }, 'CONVERTED_TO_FARMER_LOAN'],
    ["the loans side's conversion flag", { flags: ['CONVERTED_TO_FARMER_LOAN'], subsidizedAmount: d('0') }, 'CONVERTED_TO_FARMER_LOAN'],
    ['a household off the roster at contract', { onListAtContract: false }, 'OFF_LIST_AT_CONTRACT'],
  ] as const)('gives nothing for %s', (_, overrides, reason) => {
    const line = computeSubsidy(loan(overrides as Partial<SubsidyLoanInput>), context('1'));
    expect(fen(line)).toBe('0.00');
    expect(line.eligibleInterest.isZero()).toBe(true);
    expect(line.reason).toBe(reason);
    expect(line.notes).toEqual([reason]);
    expect(line.interestPaidInWindow.toString()).toBe('440.83'); // still shown
  });

  it('lists every exclusion, in order, and no reduction notes after them', () => {
    const line = computeSubsidy(
      loan({
        flags: ['CONVERTED_TO_FARMER_LOAN', 'RATE_ABOVE_CAP'],
        convertedToFarmerLoan: true,
        onListAtContract: false,
        payments: [payment('2025-06-21', '2025-09-20', '440.83', { overdueInterestPaid: d('1.00') })],
      }),
      context('1'),
    );
    expect(line.notes).toEqual(['CONVERTED_TO_FARMER_LOAN', 'OFF_LIST_AT_CONTRACT', 'FLAGGED']);
    expect(line.reason).toBe('CONVERTED_TO_FARMER_LOAN');
    expect(line.detail).toContain('RATE_ABOVE_CAP');
  });

  it('2024Q1: crosses the year end and counts the leap day', () => {
    // 2023-12-21 … 2024-03-20 = 91 days: 1,725 × 91 / 360 = 156,975 / 360 = 436.0416… → 436.04 charged → 436.04.
    const window = settlementWindow(parseQuarter('2024Q1'));
    const line = computeSubsidy(loan({ payments: [payment('2023-12-21', '2024-03-20', '436.04')] }), context('1', window));
    expect(fen(line)).toBe('436.04');
  });

  it('2023Q1: 90 days', () => {
    // 2022-12-21 … 2023-03-20 = 90 days: 1,725 × 90 / 360 = 431.25 exactly → 431.25; at 80%: 345.00.
    const window = settlementWindow(parseQuarter('2023Q1'));
    const line = computeSubsidy(loan({ payments: [payment('2022-12-21', '2023-03-20', '431.25')] }), context('0.8', window));
    expect(fen(line)).toBe('345.00');
  });

  it('counts a payment settled on the first day of the window and not one settled the day before', () => {
    // 2024Q1 starts 2023-12-21. The 2023-12-20 payment belongs to 2023Q4.
    // Repaid 2023-12-22: period 2023-12-21 … 2023-12-21 = 1 day, 1,725 / 360 = 4.7916… → 4.79 charged → 4.79.
    const window = settlementWindow(parseQuarter('2024Q1'));
    const line = computeSubsidy(
      loan({ payments: [payment('2023-09-21', '2023-12-20', '436.04'), payment('2023-12-21', '2023-12-21', '4.79')] }),
      context('1', window),
    );
    expect(fen(line)).toBe('4.79');
    expect(line.interestPaidInWindow.toString()).toBe('4.79');
  });

  it('counts a payment settled on the last day of the window and not one settled the day after', () => {
    const window = settlementWindow(parseQuarter('2024Q1')); // ends 2024-03-20
    const onLastDay = computeSubsidy(loan({ payments: [payment('2023-12-21', '2024-03-20', '436.04')] }), context('1', window));
    const dayAfter = computeSubsidy(loan({ payments: [payment('2024-03-21', '2024-03-21', '4.79')] }), context('1', window));
    expect(fen(onLastDay)).toBe('436.04');
    expect(fen(dayAfter)).toBe('0.00');
    expect(dayAfter.reason).toBe('NO_INTEREST_PAID');
  });

  it('accepts plain Decimal inputs and keeps full precision for the cap', () => {
    // 1-day period: cap 1,725 / 360 = 4.791666…; bank figure 4.80 is above it → 4.7916… → 4.79.
    const line = computeSubsidy(loan({ payments: [payment('2025-07-01', '2025-07-01', '4.80')] }), context('1'));
    expect(fen(line)).toBe('4.79');
    expect(line.eligibleInterest.toFixed(10)).toBe('4.7916666667');
  });
});

describe('computeBatchTotals', () => {
  it('adds the rounded lines: three lines of 220.415 are 661.26, not toFen(661.245) = 661.25', () => {
    // Each: 440.83 × 0.5 = 220.415 → 220.42; 3 × 220.42 = 661.26.
    const lines = ['loan-a', 'loan-b', 'loan-c'].map((loanId) => computeSubsidy(loan({ loanId }), context('0.5')));
    const totals = computeBatchTotals(lines);
    expect(totals.subsidy.toFixed(2)).toBe('661.26');
    expect(totals.lineCount).toBe(3);
    expect(totals.payableLineCount).toBe(3);
    expect(totals.interestPaidInWindow.toFixed(2)).toBe('1322.49'); // 3 × 440.83
  });

  it('counts zero lines but does not call them payable', () => {
    const lines = [computeSubsidy(loan({ loanId: 'a' }), context('1')), computeSubsidy(loan({ loanId: 'b', flags: ['RATE_ABOVE_CAP'] }), context('1'))];
    const totals = computeBatchTotals(lines);
    expect(totals).toMatchObject({ lineCount: 2, payableLineCount: 1 });
    expect(totals.subsidy.toFixed(2)).toBe('440.83');
    expect(computeBatchTotals([]).subsidy.isZero()).toBe(true);
  });

  it('refuses a loan twice in one batch and an unrounded line', () => {
    const line = computeSubsidy(loan(), context('1'));
    expectInputError(() => computeBatchTotals([line, line]), 'lines[1].loanId');
    expectInputError(() => computeBatchTotals([{ ...line, subsidy: d('220.415') }]), 'lines[0].subsidy');
  });
});

describe('bad input names the field', () => {
  it.each(['1.5', '-0.1', 'NaN'])('subsidy ratio %s', (ratio) => {
    expectInputError(() => computeSubsidy(loan(), context(ratio)), 'subsidyRatio');
  });

  it('accepts the ratio bounds 0 and 1', () => {
    expect(fen(computeSubsidy(loan(), context('0')))).toBe('0.00');
    expect(fen(computeSubsidy(loan(), context('1')))).toBe('440.83');
  });

  it.each([
    ['payments[0].interestPaid', { payments: [payment('2025-06-21', '2025-09-20', '-1.00')] }],
    ['payments[0].overdueInterestPaid', { payments: [payment('2025-06-21', '2025-09-20', '1.00', { overdueInterestPaid: d('-0.01') })] }],
    ['payments[0].principalBase', { payments: [payment('2025-06-21', '2025-09-20', '1.00', { principalBase: d('0') })] }],
    ['payments[0].principalBase', { payments: [payment('2025-06-21', '2025-09-20', '1.00', { principalBase: d('50000.01') })] }],
    ['payments[0].settlementDate', { payments: [payment('2025-06-21', '2025-02-29', '1.00')] }],
    ['payments[0].periodStart', { payments: [payment('2025-09-21', '2025-09-20', '1.00')] }],
    ['amount', { amount: d('0') }],
    ['subsidizedAmount', { subsidizedAmount: d('50000.01') }],
    ['subsidizedAmount', { subsidizedAmount: d('-1') }],
    ['annualRate', { annualRate: d('3.45') }], // a percentage, not a fraction
    ['flags[0]', { flags: ['rate above cap'] }],
    ['loanId', { loanId: '' }],
  ] as const)('%s', (field, overrides) => {
    expectInputError(() => computeSubsidy(loan(overrides as Partial<SubsidyLoanInput>), context('1')), field);
  });

  it('refuses an inconsistent window', () => {
    expectInputError(() => computeSubsidy(loan(), { window: { ...Q3_2025, days: 91 }, subsidyRatio: d('1') }), 'window.days');
    expectInputError(() => computeSubsidy(loan(), { window: { start: '2025-09-20', end: '2025-06-21', days: 92 }, subsidyRatio: d('1') }), 'window');
  });
});

describe('isQuarterDue', () => {
  it('is due only from the day after the settlement day (Asia/Shanghai dates)', () => {
    const q1 = settlementWindow(parseQuarter('2028Q1'));
    expect(q1.end).toBe('2028-03-20');
    // The case: 2028Q1 asked for on 2026-12-02.
    expect(isQuarterDue(q1, '2026-12-02')).toBe(false);
    expect(isQuarterDue(q1, '2028-03-20')).toBe(false);
    expect(isQuarterDue(q1, '2028-03-21')).toBe(true);
    expect(isQuarterDue(settlementWindow(parseQuarter('2026Q4'), { settlementDay: 25 }), '2026-12-25')).toBe(false);
  });
});
