/**
 * The bank simulator as a process, over real HTTP, as the hub's connector meets it: token,
 * deliveries with replay and gap, faults (503 then recovery, a dropped answer after applying,
 * a request never answered), the admin API, the loan-record feed and payout batches (a dropped
 * answer after paying, then a replay); then a clean SIGTERM.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoanRecordsPage, PayoutBatchMessage } from '../../contracts/bank-connector/protocol';
import { composeResidentId } from '../../common/domain/resident-id';
import { deltaDelivery } from '../support/bank-deliveries';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'integration-test-token';

let child: ChildProcessWithoutNullStreams;
let base: string;
let stderr = '';

function request(path: string, init: { method?: string; body?: unknown; key?: string; token?: string | null; timeoutMs?: number } = {}) {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.key) headers['idempotency-key'] = init.key;
  return fetch(`${base}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
}

const delivery = (sequence: number, households: number[]) => deltaDelivery(sequence, households, '13800000000');

const deliveries = '/banks/ABC/beneficiary-lists/deliveries';

beforeAll(async () => {
  child = spawn(process.execPath, ['-r', '@swc-node/register', 'bank-sim/src/main.ts', '--port', '0', '--token', TOKEN, '--seed', '3'], { cwd: ROOT });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bank-sim exited with ${code}: ${stderr}`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { event: string; port: number };
      if (message.event === 'listening') resolve(message.port);
    });
  });
  base = `http://127.0.0.1:${port}`;
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('bank-sim process', () => {
  it('is healthy without a token and refuses everything else without one', async () => {
    expect(await (await request('/healthz', { token: null })).json()).toEqual({ status: 'ok', banks: ['ABC', 'PSBC', 'YNRCC'] });
    const refused = await request(deliveries, { body: delivery(1, [1]), key: 'k1', token: null });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await request('/_sim/banks/ABC/loans', { token: 'wrong' })).status).toBe(401);
    expect((await request('/banks/NOPE/loan-records')).status).toBe(404);
  });

  it('applies a delivery, replays it, and refuses a gap', async () => {
    const first = await request(deliveries, { body: delivery(1, [1, 2, 3]), key: 'abc-1' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ sequence: 1, status: 'APPLIED', upserts: 3, removals: 0 });

    const replay = await request(deliveries, { body: delivery(1, [1, 2, 3]), key: 'abc-1' });
    expect(await replay.json()).toEqual({ sequence: 1, status: 'ALREADY_APPLIED', upserts: 3, removals: 0 });

    const gap = await request(deliveries, { body: delivery(3, [5]), key: 'abc-3' });
    expect(gap.status).toBe(409);
    expect(await gap.json()).toMatchObject({ error: 'SEQUENCE_GAP', expectedSequence: 2 });

    const malformed = await request(deliveries, { body: { ...delivery(2, [4]), effectiveDate: '2025-02-30' }, key: 'abc-2' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'MALFORMED', message: 'effectiveDate: is not a calendar date' });
  });

  it('answers 503 while the fault lasts, then recovers', async () => {
    const armed = await request('/_sim/faults', { body: { kind: 'status', status: 503, count: 2, bankCode: 'ABC', route: 'deliveries' } });
    expect(await armed.json()).toMatchObject({ kind: 'status', status: 503, remaining: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const unavailable = await request(deliveries, { body: delivery(2, [4]), key: 'abc-2' });
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('retry-after')).toBe('1');
      expect(await unavailable.json()).toMatchObject({ error: 'UNAVAILABLE' });
    }
    const recovered = await request(deliveries, { body: delivery(2, [4]), key: 'abc-2' });
    expect(await recovered.json()).toEqual({ sequence: 2, status: 'APPLIED', upserts: 1, removals: 0 });
  });

  it('applies a delivery whose answer is dropped, so the retry is a replay', async () => {
    await request('/_sim/faults', { body: { kind: 'drop', route: 'deliveries' } });
    await expect(request(deliveries, { body: delivery(3, [5]), key: 'abc-3' })).rejects.toThrow();
    const retry = await request(deliveries, { body: delivery(3, [5]), key: 'abc-3' });
    expect(await retry.json()).toEqual({ sequence: 3, status: 'ALREADY_APPLIED', upserts: 1, removals: 0 });
  });

  it('never answers a request under a timeout fault; the next one is served', async () => {
    await request('/_sim/faults', { body: { kind: 'timeout', bankCode: 'ABC', route: 'loan-records' } });
    await expect(request('/banks/ABC/loan-records', { timeoutMs: 300 })).rejects.toThrow(/timeout|aborted/i);
    expect((await request('/banks/ABC/loan-records')).status).toBe(200);
  });

  it('reports what it holds through the admin API', async () => {
    const log = (await (await request('/_sim/banks/ABC/deliveries')).json()) as { applied: Array<{ sequence: number; idempotencyKey: string }> };
    expect(log).toMatchObject({ lastAppliedSequence: 3, nextExpectedSequence: 4, replays: 2, rejected: { SEQUENCE_GAP: 1, MALFORMED: 1 } });
    expect(log.applied.map((entry) => [entry.sequence, entry.idempotencyKey])).toEqual([
      [1, 'abc-1'],
      [2, 'abc-2'],
      [3, 'abc-3'],
    ]);
    const held = (await (await request('/_sim/banks/ABC/beneficiaries')).json()) as { count: number };
    expect(held.count).toBe(5);
    expect(JSON.stringify(held)).not.toContain('测试户主'); // names and ID numbers stay inside
    expect(JSON.stringify(held)).not.toContain(composeResidentId('532301', '1975-06-15', 1));
  });

  it('lends and pages through the loan-record feed', async () => {
    const lent = await request('/_sim/banks/ABC/lend', { body: { share: 1, asOf: '2025-10-15' } });
    expect(await lent.json()).toMatchObject({ eligibleHouseholds: 5 });
    const page = (await (await request('/banks/ABC/loan-records?limit=3')).json()) as LoanRecordsPage;
    expect(page.records).toHaveLength(3);
    expect(page).toMatchObject({ hasMore: true, nextCursor: expect.any(String) });
    expect(page.records[0]).toMatchObject({ recordVersion: 1, status: 'DISBURSED', householdId: expect.stringMatching(/^hh-/) });

    let after = page.nextCursor!;
    let seen = page.records.length;
    for (;;) {
      const next = (await (await request(`/banks/ABC/loan-records?limit=5000&after=${encodeURIComponent(after)}`)).json()) as LoanRecordsPage;
      seen += next.records.length;
      if (!next.hasMore) break;
      after = next.nextCursor!;
    }
    const summary = (await (await request('/_sim/banks/ABC/loans')).json()) as { feedLength: number };
    expect(seen).toBe(summary.feedLength);
    expect((await request('/banks/ABC/loan-records?limit=0')).status).toBe(400);

    const bad = await request('/_sim/banks/ABC/lend', { body: { share: 2, asOf: '2025-10-15' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'MALFORMED', message: expect.stringMatching(/^share:/) });
  });

  it('pays a batch whose answer is dropped, so the retry with the same key is a replay with the same results', async () => {
    const payouts = '/banks/ABC/payout-batches';
    const batch: PayoutBatchMessage = {
      batchId: 'pb-532301-2025Q3-1',
      bankCode: 'ABC',
      countyCode: '532301',
      quarter: '2025Q3',
      totalAmount: '1690.50',
      lines: [
        { instructionId: 'pi-1', accountNumber: '6228480012345678901', holderName: '测试户主', amount: '440.50', householdId: 'hh-1', quarter: '2025Q3' },
        { instructionId: 'pi-2', accountNumber: '6228480012345678919', holderName: '测试户主', amount: '1250.00', householdId: 'hh-2', quarter: '2025Q3' },
      ],
    };
    expect((await request(payouts, { body: batch, key: 'pay-1', token: null })).status).toBe(401);
    const account = await request('/_sim/banks/ABC/accounts', { body: { accountNumber: '6228480012345678919', status: 'FROZEN' } });
    expect(await account.json()).toMatchObject({ bankCode: 'ABC', status: 'FROZEN', accounts: 1 });

    await request('/_sim/faults', { body: { kind: 'drop', bankCode: 'ABC', route: 'payouts' } });
    await expect(request(payouts, { body: batch, key: 'pay-1' })).rejects.toThrow();
    // The bank paid before the connection dropped.
    const afterDrop = (await (await request('/_sim/banks/ABC/payouts')).json()) as { batches: unknown[]; paidInstructions: number };
    expect(afterDrop).toMatchObject({
      batches: [{ batchId: 'pb-532301-2025Q3-1', idempotencyKey: 'pay-1', paid: 1, failed: 1, paidAmount: '440.50', failedAmount: '1250.00' }],
      paidInstructions: 1,
    });

    const expected = {
      batchId: 'pb-532301-2025Q3-1',
      status: 'ALREADY_PROCESSED',
      lines: [
        { instructionId: 'pi-1', status: 'PAID', reason: null, bankReference: 'ABC-PAY-000001' },
        { instructionId: 'pi-2', status: 'FAILED', reason: 'ACCOUNT_FROZEN', bankReference: null },
      ],
      paidAmount: '440.50',
      failedAmount: '1250.00',
    };
    const retry = await request(payouts, { body: batch, key: 'pay-1' });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(expected);
    expect(await (await request(payouts, { body: batch, key: 'pay-1' })).json()).toEqual(expected);

    // The same instruction under a new key: refused whole, nothing paid twice.
    const again = await request(payouts, { body: { ...batch, batchId: 'pb-2' }, key: 'pay-2' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'INSTRUCTION_ALREADY_PAID', message: expect.stringMatching(/^lines\[0\]\.instructionId:/) });
    const log = (await (await request('/_sim/banks/ABC/payouts')).json()) as { batches: unknown[] };
    expect(log).toMatchObject({
      replays: 2,
      paidInstructions: 1,
      paidTotal: '440.50',
      timesPaid: { 'pi-1': 1 },
      maxTimesPaid: 1,
      rejected: { INSTRUCTION_ALREADY_PAID: 1 },
    });
    expect(log.batches).toHaveLength(1);
  });

  it('logs one line per request to stderr without personal data, and stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const requests = stderr
      .split('\n')
      .filter((line) => line.includes('"message":"request"'))
      .map((line) => JSON.parse(line));
    expect(requests.length).toBeGreaterThan(15);
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', path: deliveries, status: 'dropped', ms: expect.any(Number) }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', path: deliveries, status: 503 }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', path: '/banks/ABC/payout-batches', status: 'dropped' }));
    expect(stderr).not.toContain('6228480012345678901');
    expect(stderr).not.toContain('测试户主');
    expect(stderr).not.toMatch(/\d{17}[\dX]/);
    expect(stderr).not.toContain(TOKEN);
  });
});
