/**
 * One request id from the click to the jobs it caused: a finance clerk's 一卡通 upload through the
 * gateway, with the id its client sent; the gateway and the funds subgraph log their access line
 * under it, the matching job the subgraph queued carries it in its payload, and the worker's
 * line for that job carries it too. Queues on Redis when REDIS_URL is set, else PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../common/logger';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import { JOBS, QUEUES } from '../../common/queue/names';
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { accountLines, startOneCardHub, type OneCardDemo } from '../support/one-card-hub';
import { oneCardCsv } from '../support/one-card-files';
import type { RunningWorker } from '../../queues/src/worker';
import { until } from '../support/subsidy-hub';
import { startTestWorker } from '../support/test-worker';

describe('a request id from the gateway into the jobs it queued', () => {
  let hub: TestHub;
  let worker: RunningWorker | undefined;
  let demo: OneCardDemo;
  const workerLines: string[] = [];

  beforeAll(async () => {
    ({ hub, demo } = await startOneCardHub({
      QUEUE_NAMESPACE: `rid_${randomBytes(4).toString('hex')}`,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    }));
  }, 120_000);

  afterAll(async () => {
    await worker?.close().catch(() => undefined);
    await hub?.close();
  });

  it("is in the gateway's and the subgraph's access lines, in the queued job's payload and in the worker's line for it", async () => {
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    const requestId = `upload-${randomBytes(6).toString('hex')}`;
    const lines = accountLines(demo, 8201);
    const base = hub.gatewayUrl.replace(/\/graphql$/, '');
    const uploaded = await fetch(`${base}/uploads/one-card-accounts?county=${DEMO_COUNTY}&mode=reject_file&filename=accounts.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${finance}`, 'content-type': 'application/octet-stream', 'x-request-id': requestId },
      body: oneCardCsv(lines),
    });
    expect(uploaded.status).toBe(202);
    expect(uploaded.headers.get('x-request-id')).toBe(requestId);
    const { id } = (await uploaded.json()) as { id: string };

    const access = hub.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.message === 'request' && l.requestId === requestId);
    expect(access.map(({ service, route, status }) => ({ service, route, status }))).toEqual([
      { service: 'funds', route: '/one-card-accounts', status: 202 },
      { service: 'gateway', route: '/uploads', status: 202 },
    ]);

    // The matching job, queued by the subgraph while it handled the upload, before any worker runs.
    const backend = createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl));
    const queue = backend.queue(QUEUES.oneCardAccounts);
    try {
      const job = await queue.getJob(`match-one-card-import-${id}`);
      expect({ name: job?.name, data: job?.data }).toEqual({ name: JOBS.matchOneCardImport, data: { importId: id, requestId } });
    } finally {
      await queue.close();
      await backend.close();
    }

    worker = await startTestWorker(hub, ['oneCardImports'], { logger: createLogger({ service: 'worker' }, 'debug', (line) => workerLines.push(line)) });
    await until(
      async () => (await hub.data(finance, `query($id: ID!) { oneCardImport(id: $id) { status } }`, { id })).oneCardImport,
      (i) => i.status === 'APPLIED',
      'the worker matched and applied the file',
    );
    const done = workerLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.message === 'job done' && l.requestId === requestId);
    expect(done.map((l) => l.job)).toContain(JOBS.matchOneCardImport);
  }, 120_000);
});
