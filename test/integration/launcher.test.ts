/**
 * `npm start` end to end, as a newcomer runs it: no DATABASE_URL, no REDIS_URL. It must print a
 * URL, tokens and an example query that works through the gateway; stop cleanly on Ctrl-C;
 * start again on the same data; and recover when a previous run was SIGKILLed (orphan postgres).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port';

const ROOT = join(__dirname, '..', '..');


/** Processes whose command line mentions the directory (postgres runs with `-D <dir>/pg`). */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

async function startHub(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/start.ts', '--households', '30'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 150_000;
  while (!output.includes('Stop: Ctrl-C')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => output, exit };
}

/** Runs the example exactly as printed: the curl line's URL, token and body. */
async function runPrintedExample(output: string) {
  const url = /^Gateway: (\S+)$/m.exec(output)![1];
  const token = /^ {2}bureau +(\S+)$/m.exec(output)![1];
  const body = /^ {4}--data '(.*)'$/m.exec(output)![1];
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  return (await response.json()) as any;
}

async function waitForNoProcesses(dir: string, timeoutMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesUsing(dir);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = processesUsing(dir);
  }
  return left;
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'huinong-start-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    for (const name of ['EMBEDDED_PG_PORT', 'GATEWAY_PORT', 'HOUSEHOLDS_PORT', 'LOANS_PORT', 'FUNDS_PORT', 'BANK_SIM_PORT']) env[name] = String(await freePort());
    delete env.BANK_CONNECTOR_URL_TEMPLATE;
    env.LIST_DISPATCH_EVERY_MS = '500';
  });
  afterAll(() => {
    for (const pid of processesUsing(dataDir)) process.kill(pid, 'SIGKILL');
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

    hub.child.kill('SIGINT');
    expect(await hub.exit).toBe(0);
    expect(await waitForNoProcesses(dataDir)).toEqual([]);
    // No personal data in the service logs.
    const logs = readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('\n');
    expect(logs).not.toMatch(/5323\d{2}(19|20)\d{6}\d{3}[\dX]/);
  });

  it('starts again on the same data, and recovers after the launcher was SIGKILLed', async () => {
    const second = await startHub(env);
    expect(second.output()).toContain('"newHouseholds":0'); // the demo is loaded once
    second.child.kill('SIGKILL');
    await second.exit;
    // Services notice the launcher is gone and stop; the embedded postgres is left behind.
    const orphans = processesUsing(dataDir);
    expect(orphans.length).toBeGreaterThan(0);

    const third = await startHub(env);
    expect(third.output()).toContain('stopping an orphan embedded postgres');
    const result = await runPrintedExample(third.output());
    expect(result.errors).toBeUndefined();
    expect(result.data.households.nodes).toHaveLength(3);
    third.child.kill('SIGINT');
    expect(await third.exit).toBe(0);
    expect(await waitForNoProcesses(dataDir)).toEqual([]);
  });
});
