/**
 * `npm start` end to end, as a newcomer runs it: no DATABASE_URL, no REDIS_URL. It must print a
 * URL, tokens and an example query that works through the gateway; stop cleanly on Ctrl-C;
 * start again on the same data; and recover when a previous run was SIGKILLed (orphan postgres).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ctrlC,
  graphqlAs as graphql,
  newcomerEnv,
  pidsWhere,
  processesUsing,
  simulatorCall,
  spawnHub as spawnLauncher,
  startHub as startLauncher,
  stopLaunchedHubs,
  waitForNoProcesses,
  waitForOutput,
} from '../support/launched-hub';

const ROOT = join(__dirname, '..', '..');

/** Processes whose command line names the directory: the embedded postgres (`-D <dir>/pg`). */
function postgresUsing(dir: string): number[] {
  return pidsWhere((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir));
}

/** A small demo county (30 households) keeps each start quick. */
const spawnHub = (env: NodeJS.ProcessEnv, args: string[] = []) => spawnLauncher(env, ['--households', '30', ...args]);
const startHub = (env: NodeJS.ProcessEnv, args: string[] = []) => startLauncher(env, ['--households', '30', ...args]);

/** Runs the example exactly as printed: the curl line's URL, token and body. */
async function runPrintedExample(output: string) {
  const url = /^Gateway: (\S+)$/m.exec(output)![1];
  const token = /^ {2}bureau +(\S+)$/m.exec(output)![1];
  const body = /^ {4}--data '(.*)'$/m.exec(output)![1];
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  return (await response.json()) as any;
}

/** The pid of the launcher's child running `entry` (a service's main.ts), or undefined. */
function serviceProcess(launcherPid: number, entry: string): number | undefined {
  for (const entryName of readdirSync('/proc')) {
    if (!/^\d+$/.test(entryName)) continue;
    try {
      const stat = readFileSync(`/proc/${entryName}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === launcherPid && readFileSync(`/proc/${entryName}/cmdline`, 'utf8').includes(entry)) return Number(entryName);
    } catch {
      // gone
    }
  }
  return undefined;
}

/** Local addresses listening on a TCP port, from /proc/net/tcp and tcp6 (hex, as the kernel writes them). */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) found.push(local.slice(0, -5));
    }
  }
  return found;
}

const today = () => new Date().toISOString().slice(0, 10);

async function waitForDeliveries(
  output: string,
  bank: string,
  done: (nodes: { sequence: number; status: string }[]) => boolean,
): Promise<{ sequence: number; status: string; lastError: string | null }[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const nodes = (await graphql(output, 'admin', `{ listDeliveries(filter: { bankCode: "${bank}" }) { nodes { sequence status lastError } } }`)).listDeliveries
      .nodes;
    if (done(nodes) || Date.now() > deadline) return nodes;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A bank the demo's list was delivered to. */
async function bankWithList(output: string): Promise<string> {
  const nodes = (await graphql(output, 'admin', '{ listDeliveries { nodes { bank { code } status } } }')).listDeliveries.nodes;
  return nodes.find((d: { status: string }) => d.status === 'ACKNOWLEDGED').bank.code;
}

/** npm run banks -- pull, in another shell as the welcome says: on its DATABASE_URL and banks. */
async function pullThroughCli(output: string, bank: string): Promise<string> {
  // The demo's banks are registered with their simulator URLs and BANK_SIM_TOKEN as their credential: no URL template.
  const [, databaseUrl, token] = /export DATABASE_URL='([^']+)' BANK_SIM_TOKEN='([^']+)'/.exec(output)!;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, BANK_SIM_TOKEN: token, NODE_ENV: 'development' };
  delete env.BANK_CONNECTOR_URL_TEMPLATE;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/banks.ts', 'pull', '--bank', bank], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`banks pull exited ${code}: ${text}`);
  return text;
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'huinong-start-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { ...(await newcomerEnv(dataDir)), LIST_DISPATCH_EVERY_MS: '500' };
  });
  afterAll(async () => {
    await stopLaunchedHubs(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a URL, tokens and an example query that returns a household with its loans and account', async () => {
    const hub = await startHub(env);
    const result = await runPrintedExample(hub.output());
    expect(result.errors).toBeUndefined();
    const nodes = result.data.households.nodes;
    expect(nodes).toHaveLength(3);
    expect(nodes.some((n: { loans: unknown[] }) => n.loans.length > 0)).toBe(true);
    for (const node of nodes) {
      expect(node.oneCardAccount.issuingBank.name).toBe('楚雄市农村信用合作联社');
      expect(node.idNumber).toMatch(/^532\*{11}[\dX]{4}$/);
    }
    for (const role of ['bureau', 'bank', 'finance', 'regulator', 'admin']) expect(hub.output()).toMatch(new RegExp(`^ {2}${role} +ey`, 'm'));
    // The demo roster went through import and publish: one published version of the 30 households.
    const url = /^Gateway: (\S+)$/m.exec(hub.output())![1];
    const token = /^ {2}bureau +(\S+)$/m.exec(hub.output())![1];
    const versions = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ rosterVersions(countyCode: "532301") { nodes { number status householdCount } } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect(versions.data.rosterVersions.nodes).toEqual([{ number: 1, status: 'PUBLISHED', householdCount: 30 }]);
    // The worker pushed each bank its list to the simulated banks npm start runs.
    const deadline = Date.now() + 30_000;
    let deliveries: { bank: { code: string }; status: string }[] = [];
    while (Date.now() < deadline) {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ listDeliveries { nodes { bank { code } status } } }' }),
      }).then((r) => r.json() as Promise<any>);
      deliveries = answer.data.listDeliveries.nodes;
      if (deliveries.length > 0 && deliveries.every((d) => d.status === 'ACKNOWLEDGED')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // 30 demo households live in a few townships: at least one bank has a list, and every delivery was acknowledged.
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 'ACKNOWLEDGED')).toBe(true);

    // Ctrl-C, and again while it stops (impatient): the second waits for the first, the database is not left running.
    // The second comes 30 ms after the first: a hub that has settled stops in ~150 ms (the database last), quicker than the output is polled.
    ctrlC(hub);
    await new Promise((r) => setTimeout(r, 30));
    ctrlC(hub);
    expect(await hub.exit).toBe(0);
    expect(hub.output()).toContain('stopping the hub');
    expect(hub.output()).toContain('already stopping: waiting for the services and the database to stop');
    expect(await waitForNoProcesses(dataDir)).toEqual([]);
    // The database stops after the services, not with them: no service prints a stack trace on the way out.
    const stopping = hub.output().slice(hub.output().lastIndexOf('Stop: Ctrl-C'));
    expect(stopping).not.toMatch(/\bat .*:\d+:\d+/);
    // No personal data in the service logs.
    const logs = readdirSync(join(dataDir, 'logs'))
      .map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8'))
      .join('\n');
    expect(logs).not.toMatch(/5323\d{2}(19|20)\d{6}\d{3}[\dX]/);
  }, 180_000);

  it('starts again on the same data, with the banks as the hub left them (pulls and deliveries go on), and recovers after the launcher was SIGKILLed', async () => {
    const second = await startHub(env);
    expect(second.output()).toContain('"newHouseholds":0'); // the demo is loaded once
    // The simulated banks still hold the lists the first run delivered: one lends, the hub pulls (and saves its cursor).
    const bank = await bankWithList(second.output());
    expect((await simulatorCall(second.output(), `/_sim/banks/${bank}/lend`, { share: 0.5, asOf: today() })).eligibleHouseholds).toBeGreaterThan(0);
    expect(await pullThroughCli(second.output(), bank)).toMatch(new RegExp(`^${bank}: \\d+ records`, 'm'));
    second.child.kill('SIGKILL');
    await second.exit;
    // Services notice the launcher is gone and stop; the embedded postgres is left behind.
    const orphans = postgresUsing(dataDir);
    expect(orphans.length).toBeGreaterThan(0);

    const third = await startHub(env);
    expect(third.output()).toContain('stopping an orphan embedded postgres');
    const result = await runPrintedExample(third.output());
    expect(result.errors).toBeUndefined();
    expect(result.data.households.nodes).toHaveLength(3);
    // The cursor saved before is still one this bank issued, and its next delivery is in sequence.
    expect((await simulatorCall(third.output(), `/_sim/banks/${bank}/lend`, { share: 1, asOf: today() })).eligibleHouseholds).toBeGreaterThan(0);
    expect(await pullThroughCli(third.output(), bank)).toMatch(new RegExp(`^${bank}: \\d+ records`, 'm'));
    await graphql(third.output(), 'bureau', `mutation { requestListSnapshot(countyCode: "532301", bankCode: "${bank}") }`);
    const deliveries = await waitForDeliveries(third.output(), bank, (nodes) => nodes.length >= 2 && nodes.every((d) => d.status === 'ACKNOWLEDGED'));
    expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => 'ACKNOWLEDGED'));
    expect((await simulatorCall(third.output(), `/_sim/banks/${bank}/deliveries`)).rejected.SEQUENCE_GAP).toBe(0);
    third.child.kill('SIGINT');
    expect(await third.exit).toBe(0);
    expect(await waitForNoProcesses(dataDir)).toEqual([]);
  }, 180_000);
  it('stops everything on Ctrl-C during start-up: while the database is created, and while the services start', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'huinong-start-early-'));
    try {
      const early = { ...env, DATA_DIR: fresh };
      for (const moment of ['initialising embedded postgres', 'embedded postgres running']) {
        const hub = spawnHub(early);
        await waitForOutput(hub, moment, 120_000);
        hub.child.kill('SIGINT');
        expect({ moment, exit: await hub.exit }).toEqual({ moment, exit: 0 });
        expect({ moment, left: await waitForNoProcesses(fresh) }).toEqual({ moment, left: [] });
        expect(hub.output()).not.toContain('Stop: Ctrl-C');
      }
    } finally {
      for (const pid of processesUsing(fresh)) process.kill(pid, 'SIGKILL');
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 180_000);

  it('listens on 127.0.0.1 only; restarts a service killed with -9, saying so, and gives up past the limit', async () => {
    const hub = await startHub(env, ['--max-restarts', '1']);
    for (const name of ['GATEWAY_PORT', 'HOUSEHOLDS_PORT', 'LOANS_PORT', 'FUNDS_PORT']) {
      expect([name, listeners(Number(env[name]))]).toEqual([name, ['0100007F']]); // 127.0.0.1, not 0.0.0.0
    }
    const launcher = hub.child.pid!;
    const worker = serviceProcess(launcher, 'queues/src/main.ts')!;
    process.kill(worker, 'SIGKILL');
    await waitForOutput(hub, 'worker exited (signal SIGKILL); restarting (1/1)');
    await waitForOutput(hub, 'worker restarted');
    expect(serviceProcess(launcher, 'queues/src/main.ts')).not.toBe(worker);

    process.kill(serviceProcess(launcher, 'subgraphs/loans/src/main.ts')!, 'SIGKILL');
    await waitForOutput(hub, 'loans exited (signal SIGKILL); restarting (1/1)');
    await waitForOutput(hub, 'loans restarted and ready');
    const result = await runPrintedExample(hub.output());
    expect(result.errors).toBeUndefined();
    expect(result.data.households.nodes.some((n: { loans: unknown[] }) => n.loans.length > 0)).toBe(true);
    expect(listeners(Number(env.LOANS_PORT))).toEqual(['0100007F']);

    // A second exit of the worker within 10 minutes is past --max-restarts 1: everything stops.
    process.kill(serviceProcess(launcher, 'queues/src/main.ts')!, 'SIGKILL');
    expect(await hub.exit).toBe(1);
    expect(hub.output()).toContain('worker exited (signal SIGKILL), 2 times within 10 minutes (at most 1 restarts): giving up and stopping the hub');
    expect(await waitForNoProcesses(dataDir)).toEqual([]);
    for (const entry of ['gateway/src/main.ts', 'subgraphs/households/src/main.ts', 'subgraphs/loans/src/main.ts', 'subgraphs/funds/src/main.ts'])
      expect(serviceProcess(launcher, entry)).toBeUndefined();
  }, 180_000);

  it('during a PostgreSQL outage, development errors through the gateway do not show the database address', async () => {
    const hub = await startHub(env);
    const postgres = postgresUsing(dataDir);
    expect(postgres.length).toBeGreaterThan(0);
    for (const pid of postgres) process.kill(pid, 'SIGKILL');
    // Pooled connections fail first ("Connection terminated"); new ones are refused at the address.
    const answers: string[] = [];
    const deadline = Date.now() + 30_000;
    while (!answers.some((a) => a.includes('ECONNREFUSED')) && Date.now() < deadline) {
      answers.push(JSON.stringify(await runPrintedExample(hub.output())));
      await new Promise((r) => setTimeout(r, 300));
    }
    const errors = answers.join('\n');
    expect(errors).toContain('ECONNREFUSED'); // the outage was reached, with its stack (development)
    expect(errors).toContain('stacktrace');
    expect(errors).not.toContain(`:${env.EMBEDDED_PG_PORT}`);
    expect(errors).not.toMatch(/postgres(ql)?:\/\/|127\.0\.0\.1|localhost/);
    hub.child.kill('SIGINT');
    await hub.exit;
    expect(await waitForNoProcesses(dataDir)).toEqual([]);
  }, 180_000);
});
