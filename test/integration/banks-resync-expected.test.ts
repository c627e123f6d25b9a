/**
 * `npm run banks -- resync --bank B` starts from the sequence the bank's SEQUENCE_GAP answer named,
 * kept on the delivery as a number (`expected_sequence`), not read back out of its last error: a
 * bank whose refusal carries a long message (here one of a thousand characters, as a Chinese
 * connector's explanation may be) has it cut at 500 characters in `last_error`, the expected
 * sequence with it. The bank is a stub HTTP connector that acknowledges every delivery until it
 * "loses its state", then refuses every one with SEQUENCE_GAP, expecting 1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BANK_CONNECTOR_PATHS } from '../../contracts/bank-connector/protocol';
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import type { RunningWorker } from '../../queues/src/worker';
import { runCli } from '../support/cli';
import { allAcknowledged, deliveriesOf, startDeliveringHub } from '../support/delivered-roster';
import { eventually as eventuallyWithin } from '../support/eventually';

const eventually = <T>(what: string, probe: () => Promise<T | undefined | false>) => eventuallyWithin(what, probe, 30_000);
const TOKEN = 'resync-expected-test-token';
/** What the bank says when it refuses: over 500 characters before the hub adds the expected sequence. */
const LONG_REASON = `本行系统已从备份恢复，恢复点之后接收的名单推送均未保留，请平台按本行期望的序号重新推送。`.repeat(25);

describe('npm run banks -- resync, from the sequence the bank expects', () => {
  let hub: TestHub;
  let worker: RunningWorker;
  let bankServer: Server;
  let template: string;
  /** Banks that have lost their state: every delivery is refused with SEQUENCE_GAP, expecting 1. */
  const lost = new Set<string>();

  const banks = (args: string[]) =>
    runCli('banks', args, { DATABASE_URL: hub.databaseUrl, BANK_CONNECTOR_URL_TEMPLATE: template, BANK_CONNECTOR_TOKEN: TOKEN });

  beforeAll(async () => {
    bankServer = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const [, bank, path] = /^\/banks\/([^/]+)(\/.*)$/.exec(new URL(req.url ?? '/', 'http://stub').pathname) ?? [];
      const answer = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.method === 'POST' && path === BANK_CONNECTOR_PATHS.listDeliveries) {
        const delivery = JSON.parse(body);
        if (lost.has(bank)) return answer(409, { error: 'SEQUENCE_GAP', message: LONG_REASON, expectedSequence: 1 });
        return answer(200, { sequence: delivery.sequence, status: 'APPLIED', upserts: delivery.upserts.length, removals: delivery.removals.length });
      }
      if (req.method === 'GET' && path === BANK_CONNECTOR_PATHS.loanRecords) return answer(200, { records: [], nextCursor: null, hasMore: false });
      return answer(404, { error: 'NOT_FOUND', message: `no ${req.method} ${path} here` });
    });
    await new Promise<void>((resolve) => bankServer.listen(0, '127.0.0.1', resolve));
    template = `http://127.0.0.1:${(bankServer.address() as AddressInfo).port}/banks/{bank}`;
    ({ hub, worker } = await startDeliveringHub(template, TOKEN, 'resync_expected_test'));
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await hub?.close();
    await new Promise((resolve) => bankServer?.close(resolve));
  });

  it('resends from the expected sequence of a SEQUENCE_GAP whose message was cut in last_error', async () => {
    const delivered = await eventually('the lists delivered', allAcknowledged(hub));
    const bank = delivered[0].bankCode;
    const acknowledged = (await deliveriesOf(hub, bank)).length;

    // The bank loses its state; the next delivery to it (a snapshot) is refused and parked.
    lost.add(bank);
    expect((await banks(['snapshot', '--bank', bank, '--county', DEMO_COUNTY])).code).toBe(0);
    const parked = await eventually('the snapshot parked', async () => (await deliveriesOf(hub, bank)).find((d) => d.status === 'FAILED'));
    expect(parked.lastError).toContain('SEQUENCE_GAP');
    expect(parked.lastError).toHaveLength(500);
    expect(parked.lastError).not.toContain('the bank expects');
    expect(parked.expectedSequence).toBe('1');
    const lastSequence = Number(parked.sequence);
    expect(lastSequence).toBeGreaterThan(acknowledged);

    // No --from: the sequence the bank named.
    const resync = await banks(['resync', '--bank', bank]);
    expect(resync.stderr).toBe('');
    expect(resync.code).toBe(0);
    expect(resync.stdout).toContain(`${bank}: ${lastSequence} deliveries put back in line from sequence 1 (of ${lastSequence})`);

    // The bank is back; the worker resends 1 … n and the new snapshot, all acknowledged.
    lost.delete(bank);
    const after = await eventually('every delivery acknowledged again', allAcknowledged(hub, bank, lastSequence));
    expect(after.every((d) => d.expectedSequence === null && d.lastError === null)).toBe(true);
    // Nothing refused on record now: the operator is asked which sequence.
    const unknown = await banks(['resync', '--bank', bank]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout + unknown.stderr).toContain('--from N');
  }, 120_000);
});
