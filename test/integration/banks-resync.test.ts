/**
 * `npm run banks -- resync --bank B`, as an operator needs it after a bank lost its state: here the
 * simulated bank is started again empty on the same address. Before the resync its next delivery is
 * parked as SEQUENCE_GAP and a pull fails ("not a cursor this bank issued"); after it, the worker
 * resends the bank's deliveries in sequence and a full snapshot, the bank's list is the roster's
 * again, and the pull reads its feed from the start.
 */
import { freePort } from '../../common/net/free-port';
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import type { RunningWorker } from '../../queues/src/worker';
import { startSimulatorProcess, type SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { runCli } from '../support/cli';
import { allAcknowledged, deliveriesOf, startDeliveringHub } from '../support/delivered-roster';
import { eventually as eventuallyWithin } from '../support/eventually';

/** This suite's waits allow 30 s (processes restart in between). */
const eventually = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000) => eventuallyWithin(what, probe, timeoutMs);

const TOKEN = 'resync-test-token';

describe('npm run banks -- resync', () => {
  let hub: TestHub;
  let simulator: SimulatorProcess;
  let worker: RunningWorker;
  let port: number;
  let bank: string;

  const banks = (args: string[]) =>
    runCli('banks', args, { DATABASE_URL: hub.databaseUrl, BANK_CONNECTOR_URL_TEMPLATE: `http://127.0.0.1:${port}/banks/{bank}`, BANK_CONNECTOR_TOKEN: TOKEN });

  beforeAll(async () => {
    port = await freePort();
    simulator = await startSimulatorProcess(TOKEN, { seed: 5, port });
    ({ hub, worker } = await startDeliveringHub(`http://127.0.0.1:${port}/banks/{bank}`, TOKEN, 'resync_test'));
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    simulator?.stop();
    await hub?.close();
  });

  it('re-establishes the delivery sequence with a full snapshot and the loan feed, after the bank lost its state', async () => {
    // The roster reaches the banks; one of them lends and the hub pulls (and saves its cursor).
    const delivered = await eventually('the lists delivered', allAcknowledged(hub));
    bank = delivered[0].bankCode;
    const listed = (await simulator.call('GET', `/_sim/banks/${bank}/beneficiaries`)).count;
    expect(listed).toBeGreaterThan(0);
    await simulator.call('POST', `/_sim/banks/${bank}/lend`, { share: 1, asOf: '2026-10-15' });
    const pulled = await banks(['pull', '--bank', bank]);
    expect(pulled.stdout).toMatch(new RegExp(`^${bank}: [1-9]\\d* records`, 'm'));

    // The bank loses everything: started again, empty, where the hub's connector points.
    simulator.stop();
    await new Promise((r) => setTimeout(r, 500));
    simulator = await startSimulatorProcess(TOKEN, { seed: 5, port });
    expect((await banks(['pull', '--bank', bank])).stderr).toContain('not a cursor this bank issued');
    expect((await banks(['snapshot', '--bank', bank, '--county', DEMO_COUNTY])).code).toBe(0);
    const parked = await eventually('the snapshot parked', async () => (await deliveriesOf(hub, bank)).find((d) => d.status === 'FAILED'));
    expect(parked.lastError).toContain('SEQUENCE_GAP');
    const lastSequence = Number(parked.sequence);

    const help = await banks(['resync', '--help']);
    expect(help.stdout).toContain('usage: npm run banks -- resync --bank CODE [--from N]');
    const resync = await banks(['resync', '--bank', bank]);
    expect(resync.code).toBe(0);
    expect(resync.stdout).toContain(`${bank}: ${lastSequence} deliveries put back in line from sequence 1 (of ${lastSequence})`);
    expect(resync.stdout).toContain(`${bank}: full snapshot requested for ${DEMO_COUNTY}`);
    expect(resync.stdout).toMatch(new RegExp(`${bank}: loan-feed cursor forgotten`));

    // The worker resends 1 … n in order, then the new snapshot: all acknowledged, none refused since.
    const after = await eventually('every delivery acknowledged again', allAcknowledged(hub, bank, lastSequence));
    const state = await simulator.call('GET', `/_sim/banks/${bank}/deliveries`);
    expect(state.lastAppliedSequence).toBe(Number(after[after.length - 1].sequence));
    expect(state.applied.map((d: { sequence: number }) => d.sequence)).toEqual(after.map((d) => Number(d.sequence)));
    expect((await simulator.call('GET', `/_sim/banks/${bank}/beneficiaries`)).count).toBe(listed);
    // The feed is read from its start again: the pull works.
    await simulator.call('POST', `/_sim/banks/${bank}/lend`, { share: 1, asOf: '2026-10-20' });
    const again = await banks(['pull', '--bank', bank]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^${bank}: [1-9]\\d* records`, 'm'));
    // Without a SEQUENCE_GAP on record and no --from, the operator is asked for the sequence.
    const unknown = await banks(['resync', '--bank', bank]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout + unknown.stderr).toContain('--from N');
  }, 180_000);
});
