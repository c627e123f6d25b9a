/**
 * The funds ledger on a real, migrated scratch database: the service's idempotency and
 * reversal rules, and the database's own guards (balanced at commit, append-only).
 */
import type { DataSource } from 'typeorm';
import { createScratchDatabase, ScratchDatabase } from '../../common/db/scratch-database';
import { HubDecimal } from '../../common/money';
import { createDataSourceFor, migrate } from '../../common/subgraph-service';
import { fundsSubgraph } from '../../subgraphs/funds/src';
import type { JournalEntryInput } from '../../subgraphs/funds/src/ledger/domain/journal';
import { LedgerError, type FundsApp } from '../../subgraphs/funds/src/funds.app';
import { createLogger } from '../../common/logger';
import { baseDatabaseUrl, testConfig } from '../../demo/test-hub';

const BUDGET = 'subsidy-budget:532301:2025';
const FUNDING = 'subsidy-funding:532301:2025';
const PAYABLE = 'subsidy-payable:ABC:532301';
const ACTOR = 'finance:532301';

let scratch: ScratchDatabase;
let dataSource: DataSource;
let ledger: FundsApp['ledger'];
let keySeq = 0;

function uniqueKey(label: string): string {
  keySeq += 1;
  return `test-${label}-${keySeq}-${Date.now()}`;
}

function allocation(amount: string, idempotencyKey = uniqueKey('alloc')): JournalEntryInput {
  return {
    idempotencyKey,
    reasonCode: 'BUDGET_ALLOCATED',
    description: '2025 贴息预算',
    effectiveDate: '2025-01-15',
    postings: [
      { accountCode: FUNDING, amount },
      { accountCode: BUDGET, amount: `-${amount}` },
    ],
  };
}

async function countEntries(): Promise<number> {
  const [row] = await dataSource.query('SELECT count(*)::int AS n FROM funds.journal_entries');
  return row.n;
}

async function balancesOf(...codes: string[]): Promise<string[]> {
  return (await ledger.balances(codes)).map((b) => b.balance.toFixed(2));
}

async function rejection(promise: Promise<unknown>): Promise<LedgerError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerError);
  return error as LedgerError;
}

beforeAll(async () => {
  scratch = await createScratchDatabase(baseDatabaseUrl(), 'huinong_ledger');
  dataSource = await createDataSourceFor(fundsSubgraph, scratch.url, { poolSize: 6 }).initialize();
  await migrate(fundsSubgraph, dataSource);
  ledger = fundsSubgraph.createApp({ dataSource, config: testConfig(), logger: createLogger({ service: 'test' }, 'error', () => undefined) }).ledger;
  await ledger.openAccount({ code: BUDGET, kind: 'SUBSIDY_BUDGET', countyCode: '532301' });
  await ledger.openAccount({ code: FUNDING, kind: 'SUBSIDY_FUNDING', countyCode: '532301' });
  await ledger.openAccount({ code: PAYABLE, kind: 'SUBSIDY_PAYABLE', countyCode: '532301', bankCode: 'ABC' });
});

afterAll(async () => {
  await dataSource?.destroy();
  await scratch?.drop();
});

describe('accounts', () => {
  it('opens idempotently by code and refuses the same code with another spec', async () => {
    const again = await ledger.openAccount({ code: BUDGET, kind: 'SUBSIDY_BUDGET', countyCode: '532301' });
    expect(again).toMatchObject({ code: BUDGET, normalSide: 'CREDIT', bankCode: null });
    expect((await rejection(ledger.openAccount({ code: BUDGET, kind: 'SUBSIDY_PAID', countyCode: '532301' }))).code).toBe('ACCOUNT_CONFLICT');
  });

  it('has no balance of its own: a new account derives 0', async () => {
    await ledger.openAccount({ code: 'subsidy-paid:532301', kind: 'SUBSIDY_PAID', countyCode: '532301' });
    expect((await ledger.balance('subsidy-paid:532301')).balance.toFixed(2)).toBe('0.00');
  });
});

describe('posting', () => {
  it('stores a balanced entry and derives balances on each normal side, as of a date too', async () => {
    const before = await balancesOf(FUNDING, BUDGET, PAYABLE);
    const entry = await ledger.post(allocation('500000.00'), ACTOR);
    expect(entry).toMatchObject({ reasonCode: 'BUDGET_ALLOCATED', effectiveDate: '2025-01-15', createdBy: ACTOR, replayed: false, reversesEntryId: null });
    expect(entry.postings.map((p) => [p.accountCode, p.amount.toFixed(2)])).toEqual([
      [FUNDING, '500000.00'],
      [BUDGET, '-500000.00'],
    ]);
    const computed = await ledger.post(
      {
        idempotencyKey: uniqueKey('computed'),
        reasonCode: 'SUBSIDY_COMPUTED',
        description: '2025Q1 贴息',
        effectiveDate: '2025-03-21',
        postings: [
          { accountCode: BUDGET, amount: '1234.56' },
          { accountCode: PAYABLE, amount: '-1234.56' },
        ],
      },
      ACTOR,
    );
    const after = await balancesOf(FUNDING, BUDGET, PAYABLE);
    const delta = after.map((value, i) => new HubDecimal(value).minus(before[i]).toFixed(2));
    expect(delta).toEqual(['500000.00', '498765.44', '1234.56']);
    const budget = await ledger.balance(BUDGET);
    expect(budget.net.plus(budget.balance).isZero()).toBe(true); // CREDIT account: net is the negated balance
    // Before the quarter's computation only the allocation counts.
    const asOfJanuary = await ledger.balance(PAYABLE, '2025-03-20');
    expect(asOfJanuary.balance.toFixed(2)).toBe(before[2]);
    const payableEntries = await ledger.entries(PAYABLE);
    expect(payableEntries.map((e) => e.id)).toContain(computed.id);
    expect(payableEntries.map((e) => e.id)).not.toContain(entry.id);
  });

  it('refuses an unbalanced entry and stores nothing', async () => {
    const entries = await countEntries();
    const input = {
      ...allocation('100.00'),
      postings: [
        { accountCode: FUNDING, amount: '100.00' },
        { accountCode: BUDGET, amount: '-99.99' },
      ],
    };
    const error = await rejection(ledger.post(input, ACTOR));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues).toEqual([{ field: 'postings', message: expect.stringContaining('0.01') }]);
    expect(await countEntries()).toBe(entries);
    // Nor is the key burnt: the corrected request posts under it.
    const fixed = await ledger.post({ ...input, postings: allocation('100.00').postings }, ACTOR);
    expect(fixed.replayed).toBe(false);
  });

  it('refuses an unknown account, naming the posting, and stores nothing', async () => {
    const entries = await countEntries();
    const input = {
      ...allocation('10.00'),
      postings: [
        { accountCode: FUNDING, amount: '10.00' },
        { accountCode: 'subsidy-budget:999999:2025', amount: '-10.00' },
      ],
    };
    const error = await rejection(ledger.post(input, ACTOR));
    expect(error.code).toBe('UNKNOWN_ACCOUNT');
    expect(error.issues.map((i) => i.field)).toEqual(['postings[1].accountCode']);
    expect(await countEntries()).toBe(entries);
  });
});

describe('idempotency', () => {
  it('replays the stored entry for the same key and request', async () => {
    const input = allocation('42.00');
    const first = await ledger.post(input, ACTOR);
    const entries = await countEntries();
    const balances = await balancesOf(FUNDING, BUDGET);
    // Same request, postings in another order and amounts written differently.
    const second = await ledger.post(
      {
        ...input,
        postings: [
          { accountCode: BUDGET, amount: '-42' },
          { accountCode: FUNDING, amount: '42.0' },
        ],
      },
      ACTOR,
    );
    expect(second).toMatchObject({ id: first.id, replayed: true });
    expect(await countEntries()).toBe(entries);
    expect(await balancesOf(FUNDING, BUDGET)).toEqual(balances);
  });

  it('refuses the same key with another amount (or another actor), storing no second entry', async () => {
    const key = uniqueKey('reuse');
    const first = await ledger.post(allocation('42.00', key), ACTOR);
    const entries = await countEntries();
    expect((await rejection(ledger.post(allocation('43.00', key), ACTOR))).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await rejection(ledger.post(allocation('42.00', key), 'finance:other'))).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countEntries()).toBe(entries);
    const [row] = await dataSource.query('SELECT id FROM funds.journal_entries WHERE idempotency_key = $1', [key]);
    expect(row.id).toBe(first.id);
  });

  it('lets exactly one of several concurrent posts with the same key through; the others replay it', async () => {
    const input = allocation('7.77');
    const entries = await countEntries();
    const balances = await balancesOf(FUNDING);
    const results = await Promise.all([1, 2, 3, 4].map(() => ledger.post(input, ACTOR)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await countEntries()).toBe(entries + 1);
    expect((await ledger.balance(FUNDING)).balance.minus(balances[0]).toFixed(2)).toBe('7.77');
  });
});

describe('reversal', () => {
  it('negates the postings, restores the balances, and can be done only once', async () => {
    const before = await balancesOf(FUNDING, BUDGET);
    const original = await ledger.post(allocation('300.00'), ACTOR);
    expect(await balancesOf(FUNDING, BUDGET)).not.toEqual(before);
    const key = uniqueKey('reverse');
    const reversal = await ledger.reverse(original.id, key, 'wrong county budget', ACTOR);
    expect(reversal).toMatchObject({ reasonCode: 'REVERSAL', reversesEntryId: original.id, effectiveDate: original.effectiveDate, replayed: false });
    expect(reversal.postings.map((p) => [p.accountCode, p.amount.toFixed(2)])).toEqual([
      [BUDGET, '300.00'],
      [FUNDING, '-300.00'],
    ]);
    expect(await balancesOf(FUNDING, BUDGET)).toEqual(before);

    // The same reversal retried replays; another one is refused cleanly.
    expect(await ledger.reverse(original.id, key, 'wrong county budget', ACTOR)).toMatchObject({ id: reversal.id, replayed: true });
    const entries = await countEntries();
    expect((await rejection(ledger.reverse(original.id, uniqueKey('reverse'), 'again', ACTOR))).code).toBe('ALREADY_REVERSED');
    expect((await rejection(ledger.reverse(reversal.id, uniqueKey('reverse'), 'undo the undo', ACTOR))).code).toBe('NOT_REVERSIBLE');
    expect((await rejection(ledger.reverse('00000000-0000-4000-8000-000000000000', uniqueKey('reverse'), 'x', ACTOR))).code).toBe('ENTRY_NOT_FOUND');
    expect(await countEntries()).toBe(entries);
    expect(await balancesOf(FUNDING, BUDGET)).toEqual(before);
  });

  it('lets only one of two concurrent reversals under different keys through', async () => {
    const original = await ledger.post(allocation('5.00'), ACTOR);
    const outcomes = await Promise.allSettled([
      ledger.reverse(original.id, uniqueKey('race'), 'race', ACTOR),
      ledger.reverse(original.id, uniqueKey('race'), 'race', ACTOR),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toMatchObject({ code: 'ALREADY_REVERSED' });
  });
});

describe('the database itself', () => {
  async function accountId(code: string): Promise<string> {
    const [row] = await dataSource.query('SELECT id FROM funds.ledger_accounts WHERE code = $1', [code]);
    return row.id;
  }

  async function rawEntry(amounts: string[], codes = [FUNDING, BUDGET]): Promise<void> {
    await dataSource.transaction(async (manager) => {
      const [entry] = await manager.query(
        `INSERT INTO funds.journal_entries (idempotency_key, request_hash, reason_code, description, effective_date, created_by)
         VALUES ($1, repeat('a', 64), 'BUDGET_ALLOCATED', 'raw', '2025-01-15', 'psql') RETURNING id`,
        [uniqueKey('raw')],
      );
      for (let i = 0; i < amounts.length; i++) {
        await manager.query('INSERT INTO funds.postings (entry_id, account_id, amount) VALUES ($1, $2, $3)', [entry.id, await accountId(codes[i]), amounts[i]]);
      }
    });
  }

  it('refuses at commit an unbalanced entry written with raw SQL, and an entry without postings', async () => {
    const entries = await countEntries();
    await expect(rawEntry(['10.00', '-9.00'])).rejects.toThrow(/does not balance/);
    await expect(rawEntry([])).rejects.toThrow(/does not balance: 0 postings/);
    await expect(rawEntry(['10.00'])).rejects.toThrow(/does not balance: 1 postings/);
    expect(await countEntries()).toBe(entries);
    // The check is deferred, not absent: a balanced raw entry commits.
    await rawEntry(['10.00', '-10.00']);
    expect(await countEntries()).toBe(entries + 1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of postings, entries and accounts', async () => {
    const entry = await ledger.post(allocation('1.00'), ACTOR);
    await expect(dataSource.query('UPDATE funds.postings SET amount = amount * 2 WHERE entry_id = $1', [entry.id])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(dataSource.query('DELETE FROM funds.postings WHERE entry_id = $1', [entry.id])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(dataSource.query(`UPDATE funds.journal_entries SET description = 'edited' WHERE id = $1`, [entry.id])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(dataSource.query('DELETE FROM funds.journal_entries WHERE id = $1', [entry.id])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(dataSource.query('TRUNCATE funds.postings, funds.journal_entries')).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`UPDATE funds.ledger_accounts SET bank_code = 'XYZ' WHERE code = $1`, [FUNDING])).rejects.toThrow(
      /ledger_accounts is append-only: UPDATE refused/,
    );
    const [stored] = await ledger.entries(FUNDING, { offset: 0, limit: 200 }).then((list) => list.filter((e) => e.id === entry.id));
    expect(stored.postings.map((p) => p.amount.toFixed(2))).toEqual(['1.00', '-1.00']);
  });

  it('holds the row constraints: zero amounts, unknown reasons, a REVERSAL without its original', async () => {
    await expect(rawEntry(['0', '0'])).rejects.toThrow(/postings_amount_ck/);
    await expect(
      dataSource.query(
        `INSERT INTO funds.journal_entries (idempotency_key, request_hash, reason_code, description, effective_date, created_by) VALUES ('raw-reason-1', repeat('a', 64), 'REFUND', 'x', '2025-01-15', 'psql')`,
      ),
    ).rejects.toThrow(/journal_entries_reason_ck/);
    await expect(
      dataSource.query(
        `INSERT INTO funds.journal_entries (idempotency_key, request_hash, reason_code, description, effective_date, created_by) VALUES ('raw-reason-2', repeat('a', 64), 'REVERSAL', 'x', '2025-01-15', 'psql')`,
      ),
    ).rejects.toThrow(/journal_entries_reversal_ck/);
  });
});
