/**
 * `npm start` as a newcomer runs it, for the tests that need the hub exactly as it starts there
 * (its own processes, embedded PostgreSQL, BullMQ on PostgreSQL, the bank simulator, the demo
 * county): spawn it in its own process group, wait for its welcome, read the URLs and tokens it
 * prints, press Ctrl-C, and make sure nothing of it is left running.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../common/net/free-port';

const ROOT = join(__dirname, '..', '..');

export interface LaunchedHub {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** Every launcher started, so a failed test does not leave one running (stopLaunchedHubs). */
const launched: ChildProcess[] = [];

/**
 * The environment of someone who just cloned the hub: no DATABASE_URL, no REDIS_URL, no bank
 * connector; the hub's data under `dataDir`, and free ports (the machine may run another hub).
 */
export async function newcomerEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.BANK_CONNECTOR_URL_TEMPLATE;
  for (const name of ['EMBEDDED_PG_PORT', 'GATEWAY_PORT', 'HOUSEHOLDS_PORT', 'LOANS_PORT', 'FUNDS_PORT', 'WORKER_METRICS_PORT', 'BANK_SIM_PORT'])
    env[name] = String(await freePort());
  return env;
}

/** `npm start`, not waited for. */
export function spawnHub(env: NodeJS.ProcessEnv, args: string[] = []): LaunchedHub {
  // Its own process group, as a terminal gives it: Ctrl-C is a SIGINT to the whole group (ctrlC below).
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/start.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  launched.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** `npm start`, once it says how to stop it (everything is up and the demo loaded). */
export async function startHub(env: NodeJS.ProcessEnv, args: string[] = []): Promise<LaunchedHub> {
  const hub = spawnHub(env, args);
  await waitForOutput(hub, 'Stop: Ctrl-C', 150_000);
  return hub;
}

export async function waitForOutput(hub: LaunchedHub, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!hub.output().includes(text)) {
    if (hub.child.exitCode !== null) throw new Error(`npm start exited (${hub.child.exitCode}) before printing "${text}":\n${hub.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" in the output:\n${hub.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Ctrl-C in the terminal: SIGINT to every process of the launcher's group at once (the services it forked too). */
export function ctrlC(hub: LaunchedHub): void {
  process.kill(-hub.child.pid!, 'SIGINT');
}

/** What the welcome prints: the gateway's GraphQL URL, the console's URL and a token per demo role. */
export function welcome(output: string): { gatewayUrl: string; consoleUrl: string; token: (role: string) => string } {
  const gatewayUrl = /^Gateway: (\S+)$/m.exec(output)?.[1];
  const consoleUrl = /^Console: (\S+)/m.exec(output)?.[1];
  if (!gatewayUrl || !consoleUrl) throw new Error(`no Gateway/Console line in the welcome:\n${output.slice(-3000)}`);
  return {
    gatewayUrl,
    consoleUrl,
    token: (role) => {
      const token = new RegExp(`^ {2}${role} +(\\S+)$`, 'm').exec(output)?.[1];
      if (!token) throw new Error(`the welcome prints no token for ${role}`);
      return token;
    },
  };
}

/** A GraphQL request as one of the demo's roles, with the token the welcome printed; throws on errors. */
export async function graphqlAs(output: string, role: string, query: string): Promise<any> {
  const { gatewayUrl, token } = welcome(output);
  const answer = (await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token(role)}` },
    body: JSON.stringify({ query }),
  }).then((r) => r.json())) as any;
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
}

/** The bank simulator's admin API (/_sim/…), at the URL and with the token the welcome prints. */
export async function simulatorCall(output: string, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<any> {
  const found = /curl -s -X POST (\S+)\/_sim\/banks\/ABC\/lend -H "authorization: Bearer (\S+)"/.exec(output);
  if (!found) throw new Error('the welcome names no bank simulator (is BANK_CONNECTOR_URL_TEMPLATE set?)');
  const response = await fetch(`${found[1]}${path}`, {
    method,
    headers: { authorization: `Bearer ${found[2]}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Every process of a hub on the directory: the embedded postgres (`-D <dir>/pg`), and the services, which inherit DATA_DIR. */
export function processesUsing(dir: string): number[] {
  return pidsWhere(
    (pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir) || readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`DATA_DIR=${dir}\0`),
  );
}

export function pidsWhere(test: (pid: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (test(entry)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Waits until no process of the hub on `dir` is left; returns those still there (with their command lines) after the timeout. */
export async function waitForNoProcesses(dir: string, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesUsing(dir);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = processesUsing(dir);
  }
  return left.map((pid) => {
    try {
      return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`;
    } catch {
      return `${pid} (gone)`;
    }
  });
}

/** After a suite: Ctrl-C to every launcher still running (waiting for each), then SIGKILL to whatever of the hub on `dir` is left. */
export async function stopLaunchedHubs(dir: string): Promise<void> {
  for (const child of launched.filter((c) => c.exitCode === null && c.signalCode === null)) {
    child.kill('SIGINT');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 20_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
}
