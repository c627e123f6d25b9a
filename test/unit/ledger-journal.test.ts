import { balanceOnNormalSide, canonicalRequest, JournalEntryInput, requestHash, validateEntry } from '../../subgraphs/funds/src/ledger/domain/journal';
import { HubDecimal } from '../../common/money';

const base: JournalEntryInput = {
  idempotencyKey: 'budget-532301-2025',
  reasonCode: 'BUDGET_ALLOCATED',
  description: '2025 贴息预算',
  effectiveDate: '2025-01-15',
  postings: [
    { accountCode: 'subsidy-funding:532301:2025', amount: '1000000.00' },
    { accountCode: 'subsidy-budget:532301:2025', amount: '-1000000' },
  ],
};

function issuesOf(input: JournalEntryInput) {
  const result = validateEntry(input);
  return result.ok ? [] : result.issues;
}

describe('validateEntry', () => {
  it('accepts a balanced entry and parses the amounts as decimals', () => {
    const result = validateEntry(base);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.postings.map((p) => p.amount.toFixed(2))).toEqual(['1000000.00', '-1000000.00']);
  });

  it('accepts three postings summing to zero', () => {
    expect(
      issuesOf({
        ...base,
        postings: [
          { accountCode: 'a:1', amount: '0.01' },
          { accountCode: 'b:1', amount: '0.02' },
          { accountCode: 'c:1', amount: '-0.03' },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses an unbalanced entry, naming the difference', () => {
    const issues = issuesOf({
      ...base,
      postings: [
        { accountCode: 'a:1', amount: '10.00' },
        { accountCode: 'b:1', amount: '-9.99' },
      ],
    });
    expect(issues).toEqual([{ field: 'postings', message: expect.stringContaining('0.01') }]);
  });

  it('needs at least two postings', () => {
    expect(issuesOf({ ...base, postings: [{ accountCode: 'a:1', amount: '10' }] }).map((i) => i.field)).toEqual(['postings']);
    expect(issuesOf({ ...base, postings: [] }).map((i) => i.field)).toEqual(['postings']);
  });

  it.each([
    ['0', 'must not be zero'],
    ['-0.00', 'must not be zero'],
    ['1.005', 'at most 2 decimal places'],
    ['1e3', 'at most 2 decimal places'],
    ['+5', 'at most 2 decimal places'],
    ['1,000.00', 'at most 2 decimal places'],
    ['', 'at most 2 decimal places'],
    ['123456789012345.00', 'at most 2 decimal places'],
  ])('refuses amount %p at the posting that carries it', (amount, message) => {
    const issues = issuesOf({
      ...base,
      postings: [
        { accountCode: 'a:1', amount: '5' },
        { accountCode: 'b:1', amount },
      ],
    });
    expect(issues).toEqual([{ field: 'postings[1].amount', message: expect.stringContaining(message) }]);
  });

  it('refuses a number where text is expected (floats never reach money)', () => {
    const issues = issuesOf({
      ...base,
      postings: [
        { accountCode: 'a:1', amount: 0.1 as unknown as string },
        { accountCode: 'b:1', amount: '-0.1' },
      ],
    });
    expect(issues.map((i) => i.field)).toEqual(['postings[0].amount']);
  });

  it('refuses the same account twice in one entry, and malformed account codes', () => {
    const issues = issuesOf({
      ...base,
      postings: [
        { accountCode: 'a:1', amount: '5' },
        { accountCode: 'Bad Code', amount: '1' },
        { accountCode: 'a:1', amount: '-6' },
      ],
    });
    expect(issues).toEqual([
      { field: 'postings[1].accountCode', message: expect.stringContaining('not an account code') },
      { field: 'postings[2].accountCode', message: expect.stringContaining('already appears at postings[0]') },
    ]);
  });

  it('checks key, reason, description and date, and keeps REVERSAL for reversals', () => {
    const issues = issuesOf({ ...base, idempotencyKey: 'short', reasonCode: 'REFUND' as never, description: '  ', effectiveDate: '2025-02-30' });
    expect(issues.map((i) => i.field)).toEqual(['idempotencyKey', 'reasonCode', 'description', 'effectiveDate']);
    expect(issuesOf({ ...base, reasonCode: 'REVERSAL' })).toEqual([{ field: 'reasonCode', message: expect.stringContaining('reversing') }]);
  });
});

describe('canonicalRequest', () => {
  it('ignores posting order, amount notation and the idempotency key', () => {
    const reordered = {
      ...base,
      idempotencyKey: 'another-key-1',
      postings: [
        { accountCode: 'subsidy-budget:532301:2025', amount: '-1000000.00' },
        { accountCode: 'subsidy-funding:532301:2025', amount: '1000000' },
      ],
    };
    expect(canonicalRequest(reordered)).toBe(canonicalRequest(base));
    expect(requestHash(canonicalRequest(reordered))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any amount, account, reason, description or date', () => {
    const hash = requestHash(canonicalRequest(base));
    const variants: JournalEntryInput[] = [
      {
        ...base,
        postings: [
          { ...base.postings[0], amount: '999999.99' },
          { ...base.postings[1], amount: '-999999.99' },
        ],
      },
      { ...base, postings: [base.postings[0], { ...base.postings[1], accountCode: 'subsidy-budget:532301:2026' }] },
      { ...base, reasonCode: 'FUND_DEPOSIT' },
      { ...base, description: 'other' },
      { ...base, effectiveDate: '2025-01-16' },
    ];
    for (const variant of variants) expect(requestHash(canonicalRequest(variant))).not.toBe(hash);
  });
});

it('reads a net on the normal side', () => {
  expect(balanceOnNormalSide(new HubDecimal('-5.00'), 'CREDIT').toFixed(2)).toBe('5.00');
  expect(balanceOnNormalSide(new HubDecimal('-5.00'), 'DEBIT').toFixed(2)).toBe('-5.00');
});
