/**
 * The bank simulator as its own process, as the tests, benchmarks and `npm start` need it: started
 * on a free port with a connector token (optionally the banks it plays and its random seed), with a
 * small client for its admin API (/_sim/…). The child never outlives the process that started it:
 * it is stopped when that process exits, and — for command-line tools, which ask for it — when
 * that process is interrupted or terminated (node runs no exit handlers on a signal by default).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface SimulatorProcess {
  url: string;
  /** Calls the simulator with its token; fails on a non-2xx answer; an empty body gives null. */
  call(method: string, path: string, body?: unknown): Promise<any>;
  stop(): void;
}

export interface SimulatorOptions {
  banks?: readonly string[];
  seed?: number;
  /** Listen on this port (default: a free one), e.g. to start again where the hub's connector points. */
  port?: number;
  /** Keep the banks' state in this directory and load it at start (--state-dir). */
  stateDir?: string;
  /** Also stop it, and exit, on SIGINT or SIGTERM to this process (benchmarks and other CLIs; not inside jest). */
  stopOnSignals?: boolean;
  startTimeoutMs?: number;
}

const MAIN = join(__dirname, 'main.ts');

export async function startSimulatorProcess(token: string, options: SimulatorOptions = {}): Promise<SimulatorProcess> {
  const args = ['-r', '@swc-node/register', MAIN, '--port', String(options.port ?? 0), '--token', token];
  if (options.banks) args.push('--banks', options.banks.join(','));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.stateDir !== undefined) args.push('--state-dir', options.stateDir);
  let stderr = '';
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    kill();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  // Everything this registers on the parent, removed again by stop().
  const stop = () => {
    process.removeListener('exit', kill);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    kill();
  };
  process.once('exit', kill);
  if (options.stopOnSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const port = await new Promise<number>((resolve, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => reject(new Error(`bank simulator did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bank simulator exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.includes('"listening"')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line).port);
    });
  }).catch((error) => {
    // One that never said it listens is not left running.
    stop();
    throw error;
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async call(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    stop,
  };
}
