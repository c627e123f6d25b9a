/**
 * The bank simulator as its own process, as the tests and benchmarks run it: started on a free
 * port with a connector token (and, optionally, the banks it plays), and a small client for its
 * admin API (/_sim/…).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SimulatorProcess {
  url: string;
  /** Calls the simulator with its token; fails on a non-2xx answer. */
  call(method: string, path: string, body?: unknown): Promise<any>;
  stop(): void;
}

export async function startSimulatorProcess(token: string, options: { banks?: readonly string[] } = {}): Promise<SimulatorProcess> {
  const args = ['-r', '@swc-node/register', 'bank-sim/src/main.ts', '--port', '0', '--token', token, ...(options.banks ? ['--banks', options.banks.join(',')] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bank simulator exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => line.includes('"listening"') && resolve(JSON.parse(line).port));
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
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    stop: () => child.kill('SIGTERM'),
  };
}
