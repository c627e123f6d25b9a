/**
 * The bank simulator keeps what its banks hold between runs (--state-dir, as npm start runs it
 * on DATA_DIR/bank-sim): after a restart the delivery sequence goes on where it was, a replayed
 * key is still a replay, a feed cursor it issued before still pages on to the same records, and
 * the payout desk remembers what it paid.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BeneficiaryListDelivery, LoanRecordsPage } from '../../contracts/bank-connector/protocol';
import { startSimulatorProcess, SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { deltaDelivery } from '../support/bank-deliveries';

const TOKEN = 'state-test-token';

const delivery = (sequence: number, households: number[]) => deltaDelivery(sequence, households);

async function deliver(sim: SimulatorProcess, key: string, message: BeneficiaryListDelivery): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sim.url}/banks/ABC/beneficiary-lists/deliveries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(message),
  });
  return { status: response.status, body: await response.json() };
}

async function page(sim: SimulatorProcess, after: string | null, limit: number): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sim.url}/banks/ABC/loan-records?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, body: await response.json() };
}

describe('bank simulator state kept between runs', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'huinong-bank-sim-state-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('goes on with the same sequence, replays, cursors and loan book after a restart; refuses a state made with another seed', async () => {
    const first = await startSimulatorProcess(TOKEN, { seed: 7, stateDir });
    let cursor: string;
    let rest: LoanRecordsPage;
    let summary: unknown;
    try {
      expect((await deliver(first, 'key-1', delivery(1, [1, 2, 3, 4, 5]))).body).toMatchObject({ status: 'APPLIED', sequence: 1 });
      await first.call('POST', '/_sim/banks/ABC/lend', { share: 1, asOf: '2025-10-15' });
      await first.call('POST', '/_sim/banks/ABC/advance', { to: '2026-06-30' });
      const head = await page(first, null, 2);
      cursor = head.body.nextCursor;
      rest = (await page(first, cursor, 5000)).body;
      expect(rest.records.length).toBeGreaterThan(0);
      summary = await first.call('GET', '/_sim/banks/ABC/loans');
    } finally {
      first.stop();
    }
    await new Promise((r) => setTimeout(r, 300));

    const second = await startSimulatorProcess(TOKEN, { seed: 7, stateDir });
    try {
      expect(await second.call('GET', '/_sim/banks/ABC/deliveries')).toMatchObject({ lastAppliedSequence: 1, nextExpectedSequence: 2 });
      expect((await second.call('GET', '/_sim/banks/ABC/beneficiaries')).count).toBe(5);
      // The cursor the hub saved before the restart is still this bank's, and pages on to the same records.
      const again = await page(second, cursor, 5000);
      expect(again.status).toBe(200);
      expect(again.body.records).toEqual(rest.records);
      expect(await second.call('GET', '/_sim/banks/ABC/loans')).toEqual(summary);
      // The next sequence is 2 (not a gap), and key-1 is still a replay.
      expect((await deliver(second, 'key-1', delivery(1, [1, 2, 3, 4, 5]))).body).toMatchObject({ status: 'ALREADY_APPLIED', sequence: 1 });
      expect((await deliver(second, 'key-2', delivery(2, [6]))).body).toMatchObject({ status: 'APPLIED', sequence: 2 });
    } finally {
      second.stop();
    }
    await new Promise((r) => setTimeout(r, 300));

    const third = await startSimulatorProcess(TOKEN, { seed: 7, stateDir });
    try {
      expect(await third.call('GET', '/_sim/banks/ABC/deliveries')).toMatchObject({ lastAppliedSequence: 2 });
      expect((await third.call('GET', '/_sim/banks/ABC/beneficiaries')).count).toBe(6);
    } finally {
      third.stop();
    }
    await expect(startSimulatorProcess(TOKEN, { seed: 8, stateDir })).rejects.toThrow('was made with --seed 7, not 8');
  }, 60_000);
});
