/**
 * The queue dashboard (Bull Board at /admin/queues/) on both of the hub's BullMQ backends
 * (PostgreSQL always; Redis when REDIS_URL is set, else said plainly): only an administrator
 * opens it, through a session cookie the console's bearer token buys (HttpOnly, SameSite=Strict,
 * scoped to the path, at most an hour); it lists every queue of the hub with its counts, shows a
 * failed job with its error, and retries it, after which the job completes.
 */
import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { backendOptionsOf, createQueueBackend, type QueueBackend } from '../../common/queue/backend';
import { QUEUES } from '../../common/queue/names';
import { FAIL_ONCE_MESSAGE, failOnceJob } from '../support/fail-once-job';
import { until } from '../support/subsidy-hub';

const BACKENDS: [string, Record<string, string>][] = [
  ['PostgreSQL', {}],
  ...(process.env.REDIS_URL ? [['Redis', { REDIS_URL: process.env.REDIS_URL }] as [string, Record<string, string>]] : []),
];
if (!process.env.REDIS_URL) process.stderr.write('\nqueue-board: REDIS_URL is not set, so the dashboard was tested on the PostgreSQL backend only\n');

describe.each(BACKENDS)('the queue dashboard on BullMQ over %s', (backendName, env) => {
  let hub: TestHub;
  let backend: QueueBackend;
  let cookie: string;
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const board = (path: string, init: RequestInit & { cookie?: string } = {}) =>
    fetch(`${base()}/admin/queues${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as object), ...(init.cookie ? { cookie: init.cookie } : {}) },
    });

  beforeAll(async () => {
    hub = await startTestHub({ QUEUE_NAMESPACE: `queue_board_${randomUUID().slice(0, 8)}`, ...env });
    backend = createQueueBackend(backendOptionsOf(hub.config));
  });
  afterAll(async () => {
    await backend?.close();
    await hub?.close();
  });

  it('refuses anyone without an administrator’s session: no cookie, a bureau’s token, no token', async () => {
    const bare = await board('/');
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: string }).error).toContain('任务队列');
    const bureau = await hub.token({ role: 'bureau', counties: ['532301'] });
    expect((await board('/session', { method: 'POST', headers: { authorization: `Bearer ${bureau}` } })).status).toBe(403);
    expect((await board('/session', { method: 'POST' })).status).toBe(401);
    // A bureau's token set as the cookie by hand is refused too: the role is checked on every request.
    expect((await board('/api/queues', { cookie: `huinong_queue_board=${bureau}` })).status).toBe(403);
    expect((await board('/api/queues', { cookie: 'huinong_queue_board=not-a-token' })).status).toBe(401);
  });

  it('gives an administrator an HttpOnly, SameSite=Strict cookie for the dashboard’s path only, for at most an hour', async () => {
    const admin = await hub.token({ role: 'admin' });
    const response = await board('/session', { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    const set = response.headers.get('set-cookie')!;
    expect(set).toMatch(/^huinong_queue_board=[\w.-]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=(\d+)$/);
    expect(Number(/Max-Age=(\d+)/.exec(set)![1])).toBeLessThanOrEqual(3600);
    cookie = set.split(';')[0];
    const page = await board('/', { cookie });
    expect(page.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain(`惠农 Hub 任务队列 (${backendName})`); // the board names the backend it reads
  });

  it('lists every queue of the hub; a failed job shows with its error, and retried it completes', async () => {
    const { job, runs, close } = await failOnceJob(backend);
    try {
      const counts = async () =>
        ((await (await board('/api/queues', { cookie })).json()) as { queues: { name: string; counts: Record<string, number> }[] }).queues;
      const platform = await until(
        async () => (await counts()).find((q) => q.name === QUEUES.platform)!,
        (q) => q.counts.failed === 1,
        'the failed job counted on the dashboard',
      );
      expect(platform.counts.failed).toBe(1);
      expect((await counts()).map((q) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
      const detail = (await (await board(`/api/queues/${QUEUES.platform}/${job.id}`, { cookie })).json()) as { job: { failedReason: string } };
      expect(detail.job.failedReason).toBe(FAIL_ONCE_MESSAGE);

      expect((await board(`/api/queues/${QUEUES.platform}/${job.id}/retry`, { method: 'PUT', cookie })).status).toBe(204);
      await until(
        async () => (await counts()).find((q) => q.name === QUEUES.platform)!.counts,
        (c) => c.failed === 0 && c.completed === 1,
        'the retried job completed',
      );
      expect(runs()).toBe(2);
    } finally {
      await close();
    }
  }, 60_000);
});
