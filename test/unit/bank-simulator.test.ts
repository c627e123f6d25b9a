/**
 * The bank simulator's state and rules, without HTTP: delivery sequence and idempotency,
 * snapshots, payout batches (paid at most once), interest to the fen, the loan book and its feed, page faults — and that what it
 * sends matches the published contract (schema/bank-connector.openapi.yaml).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  BeneficiaryListDelivery,
  BeneficiaryRecord,
  LoanRecordsPage,
  LoanRecordWire,
  PAYOUT_FAILURE_REASONS,
  PayoutBatchMessage,
  PayoutBatchResult,
  PayoutInstruction,
  PURPOSE_CATEGORIES,
  WIRE_LOAN_STATUSES,
} from '../../contracts/bank-connector/protocol';
import { parseDay } from '../../bank-sim/src/calendar';
import { interestForPeriod } from '../../bank-sim/src/interest';
import { rateCapOn } from '../../bank-sim/src/lending-policy';
import { Answer, BankSimulator } from '../../bank-sim/src/simulator';
import { checkResidentId, composeResidentId } from '../../common/domain/resident-id';

const COUNTY = '532301';
const TOWNSHIP_A = '532301101';
const TOWNSHIP_B = '532301102';

function household(n: number, townshipCode = TOWNSHIP_A, op: 'ADD' | 'CHANGE' = 'ADD'): BeneficiaryRecord {
  return {
    op,
    householdId: `hh-${n}`,
    householdNo: `53230110120${String(n).padStart(5, '0')}`,
    headName: '测试',
    residentId: composeResidentId(COUNTY, `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`, n % 1000),
    phone: null,
    countyCode: COUNTY,
    townshipCode,
    villageCode: `${townshipCode}201`,
    category: 'LIFTED_OUT',
    monitored: false,
    riskEliminated: null,
    liftedOutYear: 2019,
    memberCount: 3,
  };
}

function delivery(sequence: number, changes: Partial<BeneficiaryListDelivery> = {}): BeneficiaryListDelivery {
  return {
    bankCode: 'ABC',
    sequence,
    kind: 'DELTA',
    countyCode: COUNTY,
    rosterVersionId: null,
    effectiveDate: '2023-11-01',
    snapshot: null,
    upserts: [],
    removals: [],
    ...changes,
  };
}

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

function send(simulator: BankSimulator, key: string, body: BeneficiaryListDelivery | Record<string, unknown>): Answer<unknown> {
  return simulator.receiveDelivery('ABC', key, bytes(body));
}

function listedIds(simulator: BankSimulator): string[] {
  return simulator
    .beneficiaries('ABC')
    .households.map((h) => h.householdId)
    .sort();
}

/** Every record of the feed, page by page. */
function readFeed(simulator: BankSimulator, bankCode = 'ABC', limit = 5000): LoanRecordWire[] {
  const records: LoanRecordWire[] = [];
  let after: string | null = null;
  for (;;) {
    const page = simulator.loanRecordsPage(bankCode, { after, limit: String(limit) }).body as LoanRecordsPage;
    records.push(...page.records);
    if (!page.hasMore) return records;
    after = page.nextCursor;
  }
}

function listedBank(households: number, seed = 11): BankSimulator {
  const simulator = new BankSimulator({ seed });
  const upserts = Array.from({ length: households }, (_, n) => household(n, n % 2 ? TOWNSHIP_A : TOWNSHIP_B));
  expect(send(simulator, 'list-1', delivery(1, { upserts })).status).toBe(200);
  return simulator;
}

describe('beneficiary-list deliveries', () => {
  it('applies deliveries in sequence and refuses a gap without applying it', () => {
    const simulator = new BankSimulator();
    expect(send(simulator, 'k1', delivery(1, { upserts: [household(1)] }))).toEqual({
      status: 200,
      body: { sequence: 1, status: 'APPLIED', upserts: 1, removals: 0 },
    });

    const gap = send(simulator, 'k3', delivery(3, { upserts: [household(3)] }));
    expect(gap).toEqual({ status: 409, body: { error: 'SEQUENCE_GAP', message: expect.any(String), expectedSequence: 2 } });
    expect(listedIds(simulator)).toEqual(['hh-1']);

    expect(send(simulator, 'k2', delivery(2, { upserts: [household(2)] })).status).toBe(200);
    // The refused attempt bound nothing: the same key and body now apply.
    expect(send(simulator, 'k3', delivery(3, { upserts: [household(3)] })).body).toMatchObject({ sequence: 3, status: 'APPLIED' });
    expect(listedIds(simulator)).toEqual(['hh-1', 'hh-2', 'hh-3']);
    expect(simulator.deliveries('ABC')).toMatchObject({ lastAppliedSequence: 3, nextExpectedSequence: 4, rejected: { SEQUENCE_GAP: 1 } });
  });

  it('replays the first answer for the same key and body, and applies nothing twice', () => {
    const simulator = new BankSimulator();
    const body = delivery(1, {
      upserts: [household(1), household(2)],
      removals: [{ householdId: 'hh-9', householdNo: 'x', townshipCode: TOWNSHIP_A, reason: 'OFF_ROSTER' }],
    });
    expect(send(simulator, 'k1', body).body).toEqual({ sequence: 1, status: 'APPLIED', upserts: 2, removals: 1 });
    expect(send(simulator, 'k1', body)).toEqual({ status: 200, body: { sequence: 1, status: 'ALREADY_APPLIED', upserts: 2, removals: 1 } });

    const log = simulator.deliveries('ABC');
    expect(log.applied).toHaveLength(1);
    expect(log.replays).toBe(1);
    expect(simulator.beneficiaries('ABC').households.map((h) => h.ops)).toEqual([1, 1]);
  });

  it('refuses a key reused with another body, and a sequence applied under another key', () => {
    const simulator = new BankSimulator();
    send(simulator, 'k1', delivery(1, { upserts: [household(1)] }));
    expect(send(simulator, 'k1', delivery(1, { upserts: [household(2)] }))).toMatchObject({ status: 422, body: { error: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(send(simulator, 'other-key', delivery(1, { upserts: [household(1)] }))).toMatchObject({
      status: 409,
      body: { error: 'SEQUENCE_ALREADY_USED', expectedSequence: 2 },
    });
    expect(listedIds(simulator)).toEqual(['hh-1']);
    expect(simulator.deliveries('ABC').rejected).toMatchObject({ IDEMPOTENCY_KEY_REUSED: 1, SEQUENCE_ALREADY_USED: 1 });
  });

  it.each([
    ['not JSON', Buffer.from('{"bankCode":'), 'body'],
    ['another bank', bytes(delivery(1, { bankCode: 'PSBC' })), 'bankCode'],
    ['a township outside the county', bytes(delivery(1, { upserts: [{ ...household(1), townshipCode: '530102001' }] })), 'upserts[0].townshipCode'],
    [
      'a wrong ID check character',
      bytes(
        delivery(1, { upserts: [{ ...household(1), residentId: household(1).residentId.slice(0, 17) + (household(1).residentId[17] === '1' ? '2' : '1') }] }),
      ),
      'upserts[0].residentId',
    ],
    ['no such date', bytes(delivery(1, { effectiveDate: '2025-02-30' })), 'effectiveDate'],
    ['a number as a string', bytes({ ...delivery(1), sequence: '1' }), 'sequence'],
    ['a snapshot without its part', bytes(delivery(1, { kind: 'SNAPSHOT' })), 'snapshot'],
    ['a household twice', bytes(delivery(1, { upserts: [household(1), household(1, TOWNSHIP_A, 'CHANGE')] })), 'upserts[1].householdId'],
    [
      'an unknown removal reason',
      bytes(delivery(1, { removals: [{ householdId: 'h', householdNo: 'n', townshipCode: TOWNSHIP_A, reason: 'MOVED' as never }] })),
      'removals[0].reason',
    ],
  ])('refuses %s as MALFORMED naming the field', (_case, body, field) => {
    const simulator = new BankSimulator();
    const answer = simulator.receiveDelivery('ABC', 'k1', body);
    expect(answer).toMatchObject({ status: 400, body: { error: 'MALFORMED' } });
    expect((answer.body as { message: string }).message.startsWith(`${field}:`)).toBe(true);
    expect((answer.body as { message: string }).message).not.toMatch(/\d{17}/); // never echoes an ID
    expect(simulator.deliveries('ABC').lastAppliedSequence).toBe(0);
  });

  it('requires an Idempotency-Key', () => {
    expect(new BankSimulator().receiveDelivery('ABC', undefined, bytes(delivery(1)))).toMatchObject({
      status: 400,
      body: { error: 'MALFORMED', message: expect.stringMatching(/^Idempotency-Key:/) },
    });
  });

  it("drops, on a snapshot's last part, the households of its townships that no part listed", () => {
    const simulator = new BankSimulator();
    // Held before: 1–4 in township A, 5 in township B.
    send(simulator, 'k1', delivery(1, { upserts: [household(1), household(2), household(3), household(4), household(5, TOWNSHIP_B)] }));
    const part = (n: number, lastPart: boolean) => ({ snapshotId: 'snap-1', townships: [TOWNSHIP_A], part: n, lastPart });

    send(simulator, 'k2', delivery(2, { kind: 'SNAPSHOT', snapshot: part(1, false), upserts: [household(1, TOWNSHIP_A, 'CHANGE'), household(6)] }));
    expect(listedIds(simulator)).toEqual(['hh-1', 'hh-2', 'hh-3', 'hh-4', 'hh-5', 'hh-6']); // nothing dropped before the last part

    send(simulator, 'k3', delivery(3, { kind: 'SNAPSHOT', snapshot: part(2, true), upserts: [household(3, TOWNSHIP_A, 'CHANGE')] }));
    // 2 and 4 were in no part: dropped. 5 is in township B, outside the snapshot: kept.
    expect(listedIds(simulator)).toEqual(['hh-1', 'hh-3', 'hh-5', 'hh-6']);
    const log = simulator.deliveries('ABC');
    expect(log.applied.map((entry) => [entry.sequence, entry.kind, entry.part, entry.droppedBySnapshot])).toEqual([
      [1, 'DELTA', null, 0],
      [2, 'SNAPSHOT', 1, 0],
      [3, 'SNAPSHOT', 2, 2],
    ]);
    expect(log.openSnapshots).toEqual([]);
    expect(simulator.beneficiaries('ABC').households.find((h) => h.householdId === 'hh-1')).toMatchObject({ ops: 2, lastOp: 'CHANGE', lastSequence: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
// Payout batches

function instruction(n: number, changes: Partial<PayoutInstruction> = {}): PayoutInstruction {
  return {
    instructionId: `pi-${n}`,
    accountNumber: `62284800${String(n).padStart(11, '0')}`,
    holderName: `户主${n}`,
    amount: '100.00',
    householdId: `hh-${n}`,
    quarter: '2025Q3',
    ...changes,
  };
}

/** A batch of `lines`, its totalAmount their exact sum (computed in fen, as integers). */
function batch(batchId: string, lines: PayoutInstruction[], changes: Partial<PayoutBatchMessage> = {}): PayoutBatchMessage {
  const fen = lines.reduce((sum, line) => sum + BigInt(line.amount.replace('.', '')), 0n);
  const totalAmount = `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
  return { batchId, bankCode: 'ABC', countyCode: COUNTY, quarter: '2025Q3', totalAmount, lines, ...changes };
}

function pay(simulator: BankSimulator, key: string, body: PayoutBatchMessage | Record<string, unknown>): Answer<PayoutBatchResult> {
  return simulator.receivePayoutBatch('ABC', key, bytes(body));
}

const result = (answer: Answer<PayoutBatchResult>) => answer.body as PayoutBatchResult;

describe('payout batches', () => {
  it('pays each line or fails it by the account registry, and totals paid and failed exactly', () => {
    const simulator = new BankSimulator();
    simulator.registerAccount('ABC', { accountNumber: instruction(2).accountNumber, status: 'CLOSED' });
    simulator.registerAccount('ABC', { accountNumber: instruction(3).accountNumber, status: 'FROZEN', holderName: '户主3' });
    simulator.registerAccount('ABC', { accountNumber: instruction(4).accountNumber, status: 'ACTIVE', holderName: '别人' });
    simulator.registerAccount('ABC', { accountNumber: instruction(5).accountNumber, status: 'ACTIVE', holderName: '户主5' });
    simulator.registerAccount('ABC', { accountNumber: instruction(6).accountNumber, status: 'NOT_FOUND' });

    const lines = [
      instruction(1, { amount: '0.10' }), // never registered: active
      instruction(2, { amount: '250.25' }),
      instruction(3, { amount: '0.20' }),
      instruction(4, { amount: '1000.00' }),
      instruction(5, { amount: '0.05' }), // registered, name matches
      instruction(6, { amount: '3.33' }),
    ];
    const answer = pay(simulator, 'pay-1', batch('b-1', lines));
    expect(answer).toEqual({
      status: 200,
      body: {
        batchId: 'b-1',
        status: 'PROCESSED',
        lines: [
          { instructionId: 'pi-1', status: 'PAID', reason: null, bankReference: 'ABC-PAY-000001' },
          { instructionId: 'pi-2', status: 'FAILED', reason: 'ACCOUNT_CLOSED', bankReference: null },
          { instructionId: 'pi-3', status: 'FAILED', reason: 'ACCOUNT_FROZEN', bankReference: null },
          { instructionId: 'pi-4', status: 'FAILED', reason: 'NAME_MISMATCH', bankReference: null },
          { instructionId: 'pi-5', status: 'PAID', reason: null, bankReference: 'ABC-PAY-000002' },
          { instructionId: 'pi-6', status: 'FAILED', reason: 'ACCOUNT_NOT_FOUND', bankReference: null },
        ],
        paidAmount: '0.15', // 0.10 + 0.05: as floats this would be 0.15000000000000002
        failedAmount: '1253.78',
      },
    });
    const log = simulator.payouts('ABC');
    expect(log.batches).toEqual([
      expect.objectContaining({
        batchId: 'b-1',
        idempotencyKey: 'pay-1',
        lines: 6,
        paid: 2,
        failed: 4,
        totalAmount: '1253.93',
        paidAmount: '0.15',
        failedAmount: '1253.78',
        failures: { ACCOUNT_CLOSED: 1, ACCOUNT_FROZEN: 1, NAME_MISMATCH: 1, ACCOUNT_NOT_FOUND: 1 },
      }),
    ]);
    expect(log).toMatchObject({ paidInstructions: 2, paidTotal: '0.15', timesPaid: { 'pi-1': 1, 'pi-5': 1 }, maxTimesPaid: 1 });
    expect(JSON.stringify(log)).not.toContain(instruction(1).accountNumber); // no account numbers or names in the log
    expect(JSON.stringify(log)).not.toContain('户主');
    // Another bank keeps its own references and ledger.
    expect(simulator.receivePayoutBatch('PSBC', 'pay-1', bytes(batch('b-1', [instruction(1)], { bankCode: 'PSBC' }))).body).toMatchObject({
      lines: [{ bankReference: 'PSBC-PAY-000001' }],
    });
  });

  it('replays the first answer for the same key and body, even after an account changed, and pays nothing twice', () => {
    const simulator = new BankSimulator();
    const body = batch('b-1', [instruction(1), instruction(2, { amount: '55.50' })]);
    const first = result(pay(simulator, 'pay-1', body));
    simulator.registerAccount('ABC', { accountNumber: instruction(1).accountNumber, status: 'CLOSED' });
    const replay = pay(simulator, 'pay-1', body);
    expect(replay).toEqual({ status: 200, body: { ...first, status: 'ALREADY_PROCESSED' } });
    expect(first.status).toBe('PROCESSED');
    const log = simulator.payouts('ABC');
    expect(log).toMatchObject({ replays: 1, paidInstructions: 2, paidTotal: '155.50', maxTimesPaid: 1 });
    expect(log.batches).toHaveLength(1);
  });

  it('refuses a key reused with another body, binding and paying nothing', () => {
    const simulator = new BankSimulator();
    pay(simulator, 'pay-1', batch('b-1', [instruction(1)]));
    const reused = pay(simulator, 'pay-1', batch('b-1', [instruction(1), instruction(2)]));
    expect(reused).toEqual({ status: 422, body: { error: 'IDEMPOTENCY_KEY_REUSED', message: 'Idempotency-Key was used for batch b-1 with a different body' } });
    expect(simulator.payouts('ABC')).toMatchObject({ paidInstructions: 1, timesPaid: { 'pi-1': 1 }, rejected: { IDEMPOTENCY_KEY_REUSED: 1 } });
    expect(simulator.payouts('ABC').timesPaid['pi-2']).toBeUndefined();
  });

  it('pays an instruction once only: a later batch under another key carrying it is refused whole', () => {
    const simulator = new BankSimulator();
    expect(result(pay(simulator, 'pay-1', batch('b-1', [instruction(1), instruction(2)]))).lines.map((line) => line.status)).toEqual(['PAID', 'PAID']);

    // pi-2 again, next to a new pi-3: nothing of this batch is paid, pi-3 included.
    const again = pay(simulator, 'pay-2', batch('b-2', [instruction(3), instruction(2)]));
    expect(again).toEqual({
      status: 409,
      body: { error: 'INSTRUCTION_ALREADY_PAID', message: 'lines[1].instructionId: was paid in batch b-1 as ABC-PAY-000002; nothing of this batch was paid' },
    });
    // The same batch id and body under yet another key: refused too.
    expect(pay(simulator, 'pay-3', batch('b-1', [instruction(1), instruction(2)]))).toMatchObject({
      status: 409,
      body: {
        error: 'INSTRUCTION_ALREADY_PAID',
        message: expect.stringMatching(/^lines\[0\]\.instructionId: .*2 lines of this batch were paid before \(lines 0, 1\)/),
      },
    });

    // The refusal bound nothing: pay-2 with only the new line is processed.
    expect(result(pay(simulator, 'pay-2', batch('b-2', [instruction(3)])))).toMatchObject({
      status: 'PROCESSED',
      lines: [{ instructionId: 'pi-3', status: 'PAID', bankReference: 'ABC-PAY-000003' }],
    });
    const log = simulator.payouts('ABC');
    expect(log).toMatchObject({
      paidInstructions: 3,
      paidTotal: '300.00',
      timesPaid: { 'pi-1': 1, 'pi-2': 1, 'pi-3': 1 },
      maxTimesPaid: 1,
      rejected: { INSTRUCTION_ALREADY_PAID: 2 },
    });
    expect(log.batches.map((entry) => [entry.batchId, entry.idempotencyKey, entry.paid])).toEqual([
      ['b-1', 'pay-1', 2],
      ['b-2', 'pay-2', 1],
    ]);
  });

  it('pays an instruction that failed before once its account is set ACTIVE again', () => {
    const simulator = new BankSimulator();
    const account = instruction(7).accountNumber;
    simulator.registerAccount('ABC', { accountNumber: account, status: 'FROZEN' });
    const first = result(pay(simulator, 'pay-1', batch('b-1', [instruction(1), instruction(7, { amount: '880.00' })])));
    expect(first.lines[1]).toEqual({ instructionId: 'pi-7', status: 'FAILED', reason: 'ACCOUNT_FROZEN', bankReference: null });
    expect(first).toMatchObject({ paidAmount: '100.00', failedAmount: '880.00' });

    expect(simulator.registerAccount('ABC', { accountNumber: account, status: 'ACTIVE' })).toMatchObject({
      bankCode: 'ABC',
      status: 'ACTIVE',
      holderName: null,
    });
    // The next quarter's batch carries the failed payment of 2025Q3 again.
    const retried = result(pay(simulator, 'pay-2', batch('b-2', [instruction(8), instruction(7, { amount: '880.00' })], { quarter: '2025Q4' })));
    expect(retried.lines).toEqual([
      { instructionId: 'pi-8', status: 'PAID', reason: null, bankReference: 'ABC-PAY-000002' },
      { instructionId: 'pi-7', status: 'PAID', reason: null, bankReference: 'ABC-PAY-000003' },
    ]);
    expect(simulator.payouts('ABC')).toMatchObject({
      paidInstructions: 3,
      paidTotal: '1080.00',
      timesPaid: { 'pi-1': 1, 'pi-7': 1, 'pi-8': 1 },
      maxTimesPaid: 1,
    });
  });

  it.each([
    ['a total that is not the sum', { ...batch('b', [instruction(1), instruction(2, { amount: '0.10' })]), totalAmount: '100.11' }, 'totalAmount'],
    ['a total as a JSON number', { ...batch('b', [instruction(1)]), totalAmount: 100 }, 'totalAmount'],
    ['an amount with one decimal', batch('b', [instruction(1), instruction(2, { amount: '5.5' })]), 'lines[1].amount'],
    ['an amount of 0.00', batch('b', [instruction(1), instruction(2, { amount: '0.00' })]), 'lines[1].amount'],
    ['a negative amount', { ...batch('b', [instruction(1, { amount: '-1.00' })]), totalAmount: '1.00' }, 'lines[0].amount'],
    ['an instruction twice', batch('b', [instruction(1), instruction(2), instruction(1)]), 'lines[2].instructionId'],
    ['another bank', batch('b', [instruction(1)], { bankCode: 'PSBC' }), 'bankCode'],
    ['no lines', { ...batch('b', []), totalAmount: '1.00' }, 'lines'],
    [
      'too many lines',
      batch(
        'b',
        Array.from({ length: 5001 }, (_, n) => instruction(n)),
      ),
      'lines',
    ],
    ['a bad quarter', batch('b', [instruction(1, { quarter: '2025-Q3' })]), 'lines[0].quarter'],
    ['a missing account number', batch('b', [{ ...instruction(1), accountNumber: undefined as never }]), 'lines[0].accountNumber'],
  ])('refuses %s as MALFORMED naming the field, paying nothing', (_case, body, field) => {
    const simulator = new BankSimulator();
    const answer = pay(simulator, 'k1', body as Record<string, unknown>);
    expect(answer).toMatchObject({ status: 400, body: { error: 'MALFORMED' } });
    expect((answer.body as { message: string }).message.startsWith(`${field}:`)).toBe(true);
    expect((answer.body as { message: string }).message).not.toContain('6228480'); // never echoes an account number
    expect(simulator.payouts('ABC')).toMatchObject({ batches: [], paidInstructions: 0, rejected: { MALFORMED: 1 } });
    // The refusal bound nothing: the key may carry a good batch.
    expect(pay(simulator, 'k1', batch('b', [instruction(1)])).status).toBe(200);
  });

  it('names the sum when the total does not match it', () => {
    const answer = pay(new BankSimulator(), 'k1', {
      ...batch('b', [instruction(1, { amount: '0.10' }), instruction(2, { amount: '0.20' })]),
      totalAmount: '0.31',
    });
    expect(answer).toEqual({ status: 400, body: { error: 'MALFORMED', message: 'totalAmount: must equal the sum of lines[].amount, 0.30' } });
  });

  it('requires an Idempotency-Key, and refuses bad accounts in the registry', () => {
    const simulator = new BankSimulator();
    expect(simulator.receivePayoutBatch('ABC', undefined, bytes(batch('b', [instruction(1)])))).toMatchObject({
      status: 400,
      body: { error: 'MALFORMED', message: expect.stringMatching(/^Idempotency-Key:/) },
    });
    expect(() => simulator.registerAccount('ABC', { accountNumber: '6228', status: 'OPEN' })).toThrow(/^status:/);
    expect(() => simulator.registerAccount('ABC', { accountNumber: 12345, status: 'ACTIVE' })).toThrow(/^accountNumber:/);
    expect(() => simulator.registerAccount('ABC', { accountNumber: '62284800', status: 'ACTIVE', holderName: '' })).toThrow(/^holderName:/);
  });

  it('lets transport faults target the payouts route', () => {
    const simulator = new BankSimulator();
    simulator.armFault({ kind: 'drop', route: 'payouts', bankCode: 'ABC' });
    expect(simulator.takeTransportFault('ABC', 'deliveries')).toBeUndefined();
    expect(simulator.takeTransportFault('ABC', 'payouts')).toMatchObject({ kind: 'drop', route: 'payouts' });
    simulator.armFault({ kind: 'status', status: 503 });
    expect(simulator.takeTransportFault('ABC', 'payouts')).toMatchObject({ kind: 'status', route: 'any' });
    expect(() => simulator.armFault({ kind: 'malformed', route: 'payouts' })).toThrow(/^route:/);
    expect(() => simulator.armFault({ kind: 'drop', route: 'payout' as never })).toThrow(/^route:/);
  });
});

describe('interest', () => {
  it('computes one quarter to the fen: 50,000 at 3.45 % from 21 June to 20 September (92 days) is 440.83', () => {
    // 50000 × 0.0345 / 360 × 92 = 440.8333…
    expect(interestForPeriod({ principal: '50000.00', annualRate: '0.0345', periodStart: '2025-06-21', periodEnd: '2025-09-20' })).toBe('440.83');
  });

  it('rounds half up, not to even', () => {
    // 1250 × 0.0360 / 360 × 1 = 0.125 exactly
    expect(interestForPeriod({ principal: '1250.00', annualRate: '0.0360', periodStart: '2025-01-01', periodEnd: '2025-01-01' })).toBe('0.13');
  });

  it('takes the rate cap from the LPR in force on the contract day', () => {
    expect(rateCapOn(parseDay('2025-05-19')!, 12)).toBe(310);
    expect(rateCapOn(parseDay('2025-05-20')!, 12)).toBe(300);
    expect(rateCapOn(parseDay('2025-05-20')!, 36)).toBe(350);
  });
});

describe('the loan book', () => {
  const asOf = '2025-10-15';
  let simulator: BankSimulator;
  let records: LoanRecordWire[];
  beforeAll(() => {
    simulator = listedBank(600);
    simulator.lend('ABC', { share: 0.8, asOf });
    records = readFeed(simulator);
  });

  it('lends to listed households, with the head of household as borrower and a valid ID', () => {
    const listed = new Map(Array.from({ length: 600 }, (_, n) => household(n, n % 2 ? TOWNSHIP_A : TOWNSHIP_B)).map((h) => [h.householdId, h]));
    const borrowers = new Set(records.map((record) => record.householdId));
    expect(borrowers.size).toBe(480);
    for (const record of records) {
      const head = listed.get(record.householdId!)!;
      expect(record.borrowerResidentId).toBe(head.residentId);
      expect(record.townshipCode).toBe(head.townshipCode);
      expect(checkResidentId(record.borrowerResidentId).ok).toBe(true);
    }
  });

  it('publishes every change as the next version of its contract, in day order', () => {
    const lastVersion = new Map<string, number>();
    let previousDay = '';
    for (const record of records) {
      expect(record.recordVersion).toBe((lastVersion.get(record.contractNo) ?? 0) + 1);
      lastVersion.set(record.contractNo, record.recordVersion);
      // The day of the change that made this version: its status change or its latest settlement.
      const day = [record.statusDate, ...record.interestPayments.map((payment) => payment.settlementDate)].sort().at(-1)!;
      expect(day >= previousDay).toBe(true);
      previousDay = day;
    }
  });

  it('makes realistic loans: amounts, terms, rates near the cap, dates, purposes, a mix of statuses', () => {
    const latest = latestVersions(records);
    const amounts = latest.map((record) => Number(record.amount));
    expect(amounts.every((amount) => amount % 1000 === 0 && amount >= 10_000 && amount <= 100_000)).toBe(true);
    expect(amounts.filter((amount) => amount > 50_000).length).toBeLessThan(latest.length * 0.12);
    expect(new Set(latest.map((record) => record.termMonths))).toEqual(new Set([12, 24, 36, 48]));
    for (const record of latest) {
      const cap = rateCapOn(parseDay(record.contractDate)!, record.termMonths) / 10_000;
      expect(Math.abs(Number(record.annualRate) - cap)).toBeLessThanOrEqual(0.0051);
      expect(parseDay(record.contractDate)!).toBeGreaterThanOrEqual(parseDay(asOf)! - 731);
      expect(record.contractDate <= asOf).toBe(true);
      // Not before the household reached the bank's list (the deliveries above take effect 2023-11-01).
      expect(record.contractDate >= '2023-11-01').toBe(true);
      expect(PURPOSE_CATEGORIES).toContain(record.purposeCategory);
    }
    const statuses = count(latest.map((record) => record.status));
    expect(statuses.DISBURSED).toBeGreaterThan(latest.length / 2);
    for (const status of ['REPAID', 'RENEWED', 'OVERDUE', 'NPL']) expect(statuses[status]).toBeGreaterThan(0);
    for (const renewal of latest.filter((record) => record.previousContractNo)) {
      expect(renewal.renewalCount).toBe(1);
      const previous = latest.find((record) => record.contractNo === renewal.previousContractNo)!;
      expect(previous).toMatchObject({ status: 'RENEWED', statusDate: renewal.contractDate, borrowerResidentId: renewal.borrowerResidentId });
    }
  });

  it('settles interest every quarter on the 20th, period after period, each to the fen', () => {
    for (const record of latestVersions(records)) {
      let expectedStart = record.contractDate;
      record.interestPayments.forEach((payment, index) => {
        expect(payment.periodStart).toBe(expectedStart);
        const final = index === record.interestPayments.length - 1 && (record.status === 'REPAID' || record.status === 'RENEWED');
        if (!final) expect(payment.settlementDate).toMatch(/-(03|06|09|12)-20$/);
        expectedStart = nextDay(payment.settlementDate);
        const overdue = record.status === 'OVERDUE' || record.status === 'NPL' || Number(payment.overdueInterestPaid) > 0;
        if (!overdue) {
          expect(payment.interestPaid).toBe(
            interestForPeriod({ principal: record.amount, annualRate: record.annualRate, periodStart: payment.periodStart, periodEnd: payment.settlementDate }),
          );
          expect(payment.overdueInterestPaid).toBe('0.00');
        }
      });
      if (record.status === 'REPAID' || record.status === 'RENEWED') expect(record.outstandingPrincipal).toBe('0.00');
      else expect(record.outstandingPrincipal).toBe(record.amount);
    }
    const overdue = latestVersions(records).filter((record) => record.status === 'OVERDUE');
    expect(overdue.length).toBeGreaterThan(0);
    expect(
      overdue.every((record) => record.interestPayments.some((payment) => Number(payment.overdueInterestPaid) > 0) || record.statusDate > '2025-09-20'),
    ).toBe(true);
  });

  it('lends only to households that are not borrowing', () => {
    const before = latestVersions(records);
    const borrowing = new Set(before.filter((record) => !['REPAID', 'RENEWED'].includes(record.status)).map((record) => record.householdId));
    const feedBefore = simulator.loanSummary('ABC').feedLength;
    const result = simulator.lend('ABC', { share: 1, asOf });
    expect(result.eligibleHouseholds).toBe(600 - borrowing.size);
    const fresh = readFeed(simulator)
      .slice(feedBefore)
      .filter((record) => record.recordVersion === 1 && !record.previousContractNo);
    expect(fresh.length).toBe(result.eligibleHouseholds);
    expect(fresh.some((record) => borrowing.has(record.householdId))).toBe(false);
    // A household that repaid borrows again only after its repayment.
    for (const loan of fresh) {
      const repaid = before.filter((record) => record.householdId === loan.householdId && record.status === 'REPAID');
      for (const earlier of repaid) expect(loan.contractDate >= earlier.statusDate).toBe(true);
    }
  });

  it('advances the book: new settlements and status changes as higher versions', () => {
    const before = new Map(latestVersions(readFeed(simulator)).map((record) => [record.contractNo, record]));
    const feedBefore = simulator.loanSummary('ABC').feedLength;
    const result = simulator.advance('ABC', { to: '2026-06-30' });
    expect(result.feedRecordsAdded).toBeGreaterThan(0);
    const added = readFeed(simulator).slice(feedBefore);
    for (const record of added) {
      const previous = before.get(record.contractNo);
      expect(record.recordVersion).toBe((previous?.recordVersion ?? 0) + 1);
      before.set(record.contractNo, record);
    }
    const settledOn = new Set(added.flatMap((record) => record.interestPayments.map((payment) => payment.settlementDate)));
    expect([...settledOn]).toEqual(expect.arrayContaining(['2025-12-20', '2026-03-20', '2026-06-20']));
    expect(simulator.loanSummary('ABC').bookDate).toBe('2026-06-30');
  });

  it('is reproducible from its seed', () => {
    const first = listedBank(50, 99);
    const second = listedBank(50, 99);
    first.lend('ABC', { share: 0.5, asOf });
    second.lend('ABC', { share: 0.5, asOf });
    expect(readFeed(first)).toEqual(readFeed(second));
  });
});

describe('generated loans (benchmarks)', () => {
  // How fast is bench/loans.ts's to say (a timed assertion here only fails on a loaded machine).
  it('synthesizes exactly `count` contracts with valid, distinct resident IDs', () => {
    const simulator = new BankSimulator();
    const result = simulator.generateLoans('PSBC', 100_000, { asOf: '2025-10-01', townships: [TOWNSHIP_A, TOWNSHIP_B] });
    expect(result).toMatchObject({ contractsOpened: 100_000, feedRecordsAdded: 100_000 });
    expect(simulator.loanSummary('PSBC').contracts).toBe(100_000);

    const page = simulator.loanRecordsPage('PSBC', { limit: '5000' }).body as LoanRecordsPage;
    expect(page.records).toHaveLength(5000);
    const ids = page.records.map((record) => record.borrowerResidentId);
    expect(ids.every((id) => checkResidentId(id, new Date('2026-01-01')).ok)).toBe(true);
    const firstContracts = page.records.filter((record) => !record.previousContractNo);
    expect(new Set(firstContracts.map((record) => record.borrowerResidentId)).size).toBe(firstContracts.length);
    expect(page.records.every((record) => record.householdId === null)).toBe(true);
  });

  it('takes townships from the list when none are given, and refuses when there is neither', () => {
    const listed = listedBank(10);
    listed.generateLoans('ABC', 20, { asOf: '2025-10-01' });
    expect(new Set(readFeed(listed).map((record) => record.townshipCode))).toEqual(new Set([TOWNSHIP_A, TOWNSHIP_B]));
    expect(() => new BankSimulator().generateLoans('ABC', 5, { asOf: '2025-10-01' })).toThrow(/townships/);
  });
});

describe('the loan-record feed', () => {
  function bookOf(contracts: number): BankSimulator {
    const simulator = new BankSimulator({ seed: 5 });
    simulator.generateLoans('ABC', contracts, { asOf: '2025-10-01', townships: [TOWNSHIP_A] });
    return simulator;
  }

  it('pages with an opaque cursor until nothing is left, and answers an empty page with a null cursor', () => {
    const simulator = bookOf(25);
    const first = simulator.loanRecordsPage('ABC', { limit: '10' }).body as LoanRecordsPage;
    expect(first).toMatchObject({ hasMore: true, nextCursor: expect.any(String) });
    expect(first.records).toHaveLength(10);
    const second = simulator.loanRecordsPage('ABC', { after: first.nextCursor, limit: '10' }).body as LoanRecordsPage;
    const third = simulator.loanRecordsPage('ABC', { after: second.nextCursor, limit: '10' }).body as LoanRecordsPage;
    expect(third).toMatchObject({ hasMore: false });
    expect(third.records).toHaveLength(5);
    expect(new Set([...first.records, ...second.records, ...third.records].map((record) => record.contractNo)).size).toBe(25);
    expect(simulator.loanRecordsPage('ABC', { after: third.nextCursor }).body).toEqual({ records: [], nextCursor: null, hasMore: false });
    expect(simulator.loanRecordsPage('ABC', {}).body).toMatchObject({ records: expect.any(Array) }); // default limit
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '5001' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ after: 'not-a-cursor' }, 'after'],
  ])('refuses %j', (query, field) => {
    expect(bookOf(3).loanRecordsPage('ABC', query)).toMatchObject({
      status: 400,
      body: { error: 'MALFORMED', message: expect.stringMatching(new RegExp(`^${field}:`)) },
    });
  });

  it("refuses another bank's cursor", () => {
    const simulator = bookOf(3);
    simulator.generateLoans('PSBC', 3, { asOf: '2025-10-01', townships: [TOWNSHIP_A] });
    const cursor = (simulator.loanRecordsPage('PSBC', { limit: '1' }).body as LoanRecordsPage).nextCursor;
    expect(simulator.loanRecordsPage('ABC', { after: cursor }).status).toBe(400);
  });
});

describe('faults', () => {
  function lentBank(): BankSimulator {
    const simulator = listedBank(100);
    simulator.lend('ABC', { share: 0.9, asOf: '2025-10-15' });
    return simulator;
  }

  it('consumes transport faults per request, scoped to a bank and a route', () => {
    const simulator = new BankSimulator();
    simulator.armFault({ kind: 'status', status: 503, count: 2, bankCode: 'ABC', route: 'deliveries' });
    expect(simulator.takeTransportFault('PSBC', 'deliveries')).toBeUndefined();
    expect(simulator.takeTransportFault('ABC', 'loan-records')).toBeUndefined();
    expect(simulator.takeTransportFault('ABC', 'deliveries')).toMatchObject({ kind: 'status', status: 503 });
    expect(simulator.takeTransportFault('ABC', 'deliveries')).toMatchObject({ kind: 'status' });
    expect(simulator.takeTransportFault('ABC', 'deliveries')).toBeUndefined();
    simulator.armFault({ kind: 'drop' });
    expect(simulator.armedFaults()).toEqual([expect.objectContaining({ kind: 'drop', bankCode: null, route: 'any', remaining: 1 })]);
    expect(simulator.clearFaults()).toBe(1);
  });

  it.each([
    [{ kind: 'explode' }, /^kind:/],
    [{ kind: 'status', status: 200 }, /^status:/],
    [{ kind: 'latency' }, /^ms:/],
    [{ kind: 'drop', count: 0 }, /^count:/],
    [{ kind: 'malformed', route: 'deliveries' }, /^route:/],
    [{ kind: 'drop', bankCode: 'NOPE' }, /^bankCode:/],
  ])('refuses the fault %j', (spec, message) => {
    expect(() => new BankSimulator().armFault(spec as never)).toThrow(message);
  });

  it('duplicate-records: the next page repeats records already sent', () => {
    const simulator = lentBank();
    const first = simulator.loanRecordsPage('ABC', { limit: '20' }).body as LoanRecordsPage;
    simulator.armFault({ kind: 'duplicate-records', bankCode: 'ABC' });
    const second = simulator.loanRecordsPage('ABC', { after: first.nextCursor, limit: '20' }).body as LoanRecordsPage;
    expect(second.records.slice(0, 3)).toEqual(first.records.slice(-3));
    const third = simulator.loanRecordsPage('ABC', { after: second.nextCursor, limit: '20' }).body as LoanRecordsPage;
    const keys = [...first.records, ...second.records.slice(3), ...third.records].map((record) => `${record.contractNo}#${record.recordVersion}`);
    expect(new Set(keys).size).toBe(keys.length); // nothing lost, nothing else repeated
    expect(keys).toEqual(
      readFeed(lentBank(), 'ABC')
        .slice(0, keys.length)
        .map((record) => `${record.contractNo}#${record.recordVersion}`),
    );
  });

  it("out-of-order: the next page has a contract's newer version before its older one", () => {
    const simulator = lentBank();
    simulator.armFault({ kind: 'out-of-order' });
    const page = (simulator.loanRecordsPage('ABC', { limit: '200' }).body as LoanRecordsPage).records;
    const inversions = page.filter((record, index) =>
      page.slice(index + 1).some((later) => later.contractNo === record.contractNo && later.recordVersion < record.recordVersion),
    );
    expect(inversions.length).toBeGreaterThan(0);
    expect(simulator.armedFaults()).toEqual([]);
  });

  it('malformed: the next page carries n broken copies that fail the contract, and the real records still', () => {
    const simulator = lentBank();
    simulator.armFault({ kind: 'malformed', count: 5 });
    const page = (simulator.loanRecordsPage('ABC', { limit: '50' }).body as LoanRecordsPage).records;
    const broken = page.filter((record) => validate(record, { $ref: '#/components/schemas/LoanRecord' }).length > 0);
    expect(broken).toHaveLength(5);
    expect(page.filter((record) => !broken.includes(record))).toEqual(readFeed(lentBank()).slice(0, 45));
    expect(simulator.armedFaults()).toEqual([]);
  });
});

describe('the published contract (schema/bank-connector.openapi.yaml)', () => {
  it('lists the same enums as protocol.ts', () => {
    expect(CONTRACT.components.schemas.LoanRecord.properties.purposeCategory.enum).toEqual([...PURPOSE_CATEGORIES]);
    expect(CONTRACT.components.schemas.LoanRecord.properties.status.enum).toEqual([...WIRE_LOAN_STATUSES]);
    expect(CONTRACT.components.schemas.PayoutLineResult.properties.reason.oneOf[0].enum).toEqual([...PAYOUT_FAILURE_REASONS]);
    expect(Object.keys(CONTRACT.paths)).toEqual(['/beneficiary-lists/deliveries', '/loan-records', '/payout-batches']);
  });

  it("accepts the simulator's records, pages, acks and errors, and its own examples", () => {
    const simulator = listedBank(60);
    simulator.lend('ABC', { share: 1, asOf: '2025-10-15' });
    simulator.advance('ABC', { to: '2026-04-01' });
    const page = simulator.loanRecordsPage('ABC', { limit: '5000' }).body;
    expect(validate(page, { $ref: '#/components/schemas/LoanRecordsPage' })).toEqual([]);
    // Every field of a record is required by the contract, and the contract requires no other.
    const record = (page as LoanRecordsPage).records[0];
    expect([...CONTRACT.components.schemas.LoanRecord.required].sort()).toEqual(Object.keys(record).sort());
    expect([...CONTRACT.components.schemas.BeneficiaryRecord.required].sort()).toEqual(Object.keys(household(1)).sort());
    expect([...CONTRACT.components.schemas.BeneficiaryListDelivery.required].sort()).toEqual(Object.keys(delivery(1)).sort());

    expect(validate(delivery(2, { upserts: [household(1)] }), { $ref: '#/components/schemas/BeneficiaryListDelivery' })).toEqual([]);
    expect(validate(send(simulator, 'k2', delivery(2)).body, { $ref: '#/components/schemas/DeliveryAck' })).toEqual([]);
    expect(validate(send(simulator, 'k9', delivery(9)).body, { $ref: '#/components/schemas/SequenceGapError' })).toEqual([]);
    expect(validate(send(simulator, 'k2', delivery(3)).body, { $ref: '#/components/schemas/IdempotencyKeyReusedError' })).toEqual([]);

    // Payout batches: what the hub sends and what the bank answers, every field required.
    const payouts = new BankSimulator();
    payouts.registerAccount('ABC', { accountNumber: instruction(2).accountNumber, status: 'FROZEN' });
    const message = batch('b-1', [instruction(1), instruction(2)]);
    expect(validate(message, { $ref: '#/components/schemas/PayoutBatchMessage' })).toEqual([]);
    expect([...CONTRACT.components.schemas.PayoutBatchMessage.required].sort()).toEqual(Object.keys(message).sort());
    expect([...CONTRACT.components.schemas.PayoutInstruction.required].sort()).toEqual(Object.keys(instruction(1)).sort());
    const processed = pay(payouts, 'p1', message).body as PayoutBatchResult;
    expect(validate(processed, { $ref: '#/components/schemas/PayoutBatchResult' })).toEqual([]);
    expect([...CONTRACT.components.schemas.PayoutBatchResult.required].sort()).toEqual(Object.keys(processed).sort());
    expect([...CONTRACT.components.schemas.PayoutLineResult.required].sort()).toEqual(Object.keys(processed.lines[1]).sort());
    expect(validate(pay(payouts, 'p1', message).body, { $ref: '#/components/schemas/PayoutBatchResult' })).toEqual([]);
    expect(validate(pay(payouts, 'p2', message).body, { $ref: '#/components/schemas/InstructionAlreadyPaidError' })).toEqual([]);
    expect(validate(pay(payouts, 'p1', batch('b-2', [instruction(3)])).body, { $ref: '#/components/schemas/IdempotencyKeyReusedError' })).toEqual([]);
    expect(validate({ ...message, totalAmount: '0.00' }, { $ref: '#/components/schemas/PayoutBatchMessage' })).toEqual([]); // > 0 is the bank's check, not the pattern's
    expect(validate({ ...message, totalAmount: '200.0' }, { $ref: '#/components/schemas/PayoutBatchMessage' })).not.toEqual([]);

    const exampleSchemas: Record<string, string> = {
      LoanRecordsPage: 'LoanRecordsPage',
      PayoutBatch: 'PayoutBatchMessage',
      PayoutBatchProcessed: 'PayoutBatchResult',
    };
    for (const [name, example] of Object.entries(CONTRACT.components.examples)) {
      const schema = exampleSchemas[name] ?? 'BeneficiaryListDelivery';
      expect([name, validate((example as { value: unknown }).value, { $ref: `#/components/schemas/${schema}` })]).toEqual([name, []]);
    }
  });
});

// ---------------------------------------------------------------------------------------------

function latestVersions(records: LoanRecordWire[]): LoanRecordWire[] {
  const latest = new Map<string, LoanRecordWire>();
  for (const record of records) if ((latest.get(record.contractNo)?.recordVersion ?? 0) < record.recordVersion) latest.set(record.contractNo, record);
  return [...latest.values()];
}

function count(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function nextDay(date: string): string {
  return new Date((parseDay(date)! + 1) * 86_400_000).toISOString().slice(0, 10);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;
const CONTRACT: Schema = parse(readFileSync(join(__dirname, '..', '..', 'schema', 'bank-connector.openapi.yaml'), 'utf8'));

/**
 * The JSON Schema keywords the contract uses, checked against a value; returns the problems.
 * Small on purpose: the repository has no JSON Schema validator, and the contract needs no more.
 */
function validate(value: unknown, schema: Schema, path = '$'): string[] {
  if (schema.$ref) {
    const target = (schema.$ref as string)
      .replace('#/', '')
      .split('/')
      .reduce((node: Schema, key) => node[key], CONTRACT);
    const { $ref: _ref, ...siblings } = schema;
    return [...validate(value, target, path), ...validate(value, siblings, path)];
  }
  const problems: string[] = [];
  const types: string[] | undefined = schema.type === undefined ? undefined : [schema.type].flat();
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  if (types && !types.some((type) => type === typeOf(value) || (type === 'number' && typeof value === 'number')))
    return [`${path}: is ${typeOf(value)}, not ${types.join('|')}`];
  if (schema.const !== undefined && value !== schema.const) problems.push(`${path}: is not ${schema.const}`);
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: not in enum`);
  if (typeof value === 'string') {
    if (schema.format === 'date' && parseDay(value) === null) problems.push(`${path}: not a calendar date`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) problems.push(`${path}: does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: too short`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${path}: too long`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${path}: too few items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${path}: too many items`);
    if (schema.items) value.forEach((item, index) => problems.push(...validate(item, schema.items, `${path}[${index}]`)));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) problems.push(`${path}.${key}: missing`);
    for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      if (key in object) problems.push(...validate(object[key], property, `${path}.${key}`));
    }
  }
  for (const part of schema.allOf ?? []) problems.push(...validate(value, part, path));
  if (schema.oneOf) {
    const matching = (schema.oneOf as Schema[]).filter((option) => validate(value, option, path).length === 0).length;
    if (matching !== 1) problems.push(`${path}: matches ${matching} of oneOf`);
  }
  return problems;
}
