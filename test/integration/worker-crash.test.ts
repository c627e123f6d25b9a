/**
 * The worker is killed (SIGKILL) in the middle of pulling a bank's loan records: the page it
 * was on is neither lost nor applied twice. The worker is the real process (`npm run worker`),
 * the bank the simulator process, over real HTTP and real queues.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import { JOBS, QUEUES } from '../../common/queue/names';
import { DEMO_COUNTY } from '../../demo/demo-county';
import { rosterCsv, rosterLines } from '../support/roster-files';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { startSimulatorProcess, type SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { eventually as eventuallyWithin } from '../support/eventually';
import { loadDemoPlaces } from '../support/demo-places';

/** This suite's waits allow 30 s (processes restart in between). */
const eventually = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000) => eventuallyWithin(what, probe, timeoutMs);

const TOKEN = 'worker-crash-test-token';
const ROOT = process.cwd();

function spawnNode(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  return child;
}

describe('worker killed mid-pull', () => {
  let hub: TestHub;
  let simulator: SimulatorProcess;
  let workerEnv: NodeJS.ProcessEnv;
  const workers: ChildProcess[] = [];

  const sim = (method: string, path: string, body?: unknown) => simulator.call(method, path, body);
  const startWorkerProcess = async () => {
    const child = spawnNode(['queues/src/main.ts'], workerEnv);
    workers.push(child);
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      lines.on('line', (line) => line.includes('"worker started"') && resolve());
    });
    return child;
  };
  const enqueuePull = async (bankCode: string) => {
    const backend = createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl));
    const queue = backend.queue(QUEUES.loanRecords);
    const job = await queue.add(JOBS.pullLoanStatus, { bankCode }, { jobId: `crash-test-pull-${Date.now()}` });
    return {
      done: () => eventually(`pull job ${job.id}`, async () => (await queue.getJobState(job.id!)) === 'completed', 60_000),
      close: async () => {
        await queue.close();
        await backend.close();
      },
    };
  };

  beforeAll(async () => {
    simulator = await startSimulatorProcess(TOKEN, { seed: 11 });
    const namespace = `crash_test_${process.pid}`;
    hub = await startTestHub({ QUEUE_NAMESPACE: namespace, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
    workerEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: hub.databaseUrl,
      QUEUE_NAMESPACE: namespace,
      BANK_CONNECTOR_URL_TEMPLATE: `${simulator.url}/banks/{bank}`,
      BANK_CONNECTOR_TOKEN: TOKEN,
      LIST_DISPATCH_EVERY_MS: '300',
      LOAN_PULL_PAGE_SIZE: '40',
      // Longer than the third page's hang: under load a shorter timeout could end the hang (and the
      // job's retry read on) before the test sees the two pages committed.
      BANK_CONNECTOR_TIMEOUT_MS: '120000',
    };
    if (!process.env.REDIS_URL) delete workerEnv.REDIS_URL;
    await loadDemoPlaces(hub.apps);
  }, 90_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    simulator?.stop();
    await hub?.close();
  });

  it('re-reads the page it was on after a SIGKILL and applies every record exactly once', async () => {
    // A listed township, lent to, with a loan history in the feed.
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    // Listed today, lent to today (a bank's book is never lived past today): one record per
    // contract, so enough households for several pages.
    const csv = rosterCsv(rosterLines(130, [{ township: '鹿城镇', village: '东兴社区居民委员会' }], 100));
    const upload = await fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}/uploads/rosters?county=${DEMO_COUNTY}&mode=reject_file&filename=r.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/octet-stream' },
      body: csv,
    }).then((r) => r.json() as Promise<any>);
    await hub.query(bureau, 'mutation($id: ID!) { publishRosterVersion(id: $id) { id } }', { id: upload.versionId });
    const first = await startWorkerProcess();
    const bank = 'ABC';
    await eventually('the list at the bank', async () => (await sim('GET', `/_sim/banks/${bank}/beneficiaries`)).count === 130);
    const today = new Date().toISOString().slice(0, 10);
    const lent = await sim('POST', `/_sim/banks/${bank}/lend`, { share: 1, asOf: today });
    const feedLength: number = lent.feedRecordsAdded;
    expect(feedLength).toBeGreaterThan(3 * 40); // several pages

    // Faults are used one per request, oldest first: two pages come at once, the third hangs,
    // and the worker is killed while it waits for it.
    await sim('POST', '/_sim/faults', { kind: 'latency', ms: 1, count: 2, bankCode: bank, route: 'loan-records' });
    await sim('POST', '/_sim/faults', { kind: 'latency', ms: 60_000, count: 1, bankCode: bank, route: 'loan-records' });
    await (await enqueuePull(bank)).close();
    await eventually('the pull to hang on the third page', async () => (await sim('GET', '/_sim/faults')).faults.length === 0);
    await eventually('two pages committed', async () => {
      const [row] = await hub.dataSources.loans.query('SELECT records_read::int AS read FROM loans.bank_pull_cursors WHERE bank_code = $1', [bank]);
      return row?.read === 80;
    });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    // A new worker; the killed one's job stalls and is retried later (it then finds nothing new).
    await startWorkerProcess();
    const again = await enqueuePull(bank);
    await again.done();
    await again.close();

    // Every page committed once: the records counted with the cursor equal the feed, and each
    // (loan, version) has at most one event.
    const [cursor] = await hub.dataSources.loans.query('SELECT records_read::int AS read FROM loans.bank_pull_cursors WHERE bank_code = $1', [bank]);
    expect(cursor.read).toBe(feedLength);
    const [{ loans }] = await hub.dataSources.loans.query('SELECT count(*)::int AS loans FROM loans.loans WHERE bank_code = $1', [bank]);
    expect(loans).toBe((await sim('GET', `/_sim/banks/${bank}/loans`)).contracts);
    const [dupes] = await hub.dataSources.loans.query(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM loans.loan_status_events GROUP BY loan_id, record_version HAVING count(*) > 1) d',
    );
    expect(dupes.n).toBe(0);
  }, 120_000);
});
