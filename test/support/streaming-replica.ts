/**
 * A PostgreSQL primary and its streaming replica for the read-replica tests, made the way an
 * operator would: initdb a primary (wal_level=replica), `pg_basebackup -R -X stream` a copy of it,
 * start the copy as a hot standby. Debian's server binaries (/usr/lib/postgresql/<v>/bin, the
 * machine's own PostgreSQL) on free ports under a temporary directory, as the `postgres` user
 * when the tests run as root (the server refuses to run as root); stopped and removed after.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../../common/net/free-port';

const run = promisify(execFile);
/** Test clusters hold nothing worth a crash-safe write: no fsync (the migrations' many commits are then quick). */
const THROWAWAY = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

export interface StreamingReplica {
  primaryUrl: string;
  replicaUrl: string;
  /** Runs SQL as the superuser on the replica (pausing and resuming its replay). */
  onReplica(sql: string): Promise<unknown[]>;
  stop(): Promise<void>;
}

function serverBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  const bin = version ? join(root, version, 'bin') : '';
  return bin && ['initdb', 'postgres', 'pg_basebackup', 'pg_ctl'].every((b) => existsSync(join(bin, b))) ? bin : null;
}

/** Why the replica tests cannot run here, or null when they can. */
export function streamingReplicaUnavailable(): string | null {
  if (!serverBinaries()) return 'no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (apt-get install -y postgresql)';
  if (userInfo().uid === 0 && !existsSync('/usr/sbin/runuser')) return 'running as root without runuser to start PostgreSQL as its own user';
  return null;
}

export async function startStreamingReplica(database = 'hub'): Promise<StreamingReplica> {
  const bin = serverBinaries()!;
  const asRoot = userInfo().uid === 0;
  // The server and its tools run as `postgres` when we are root.
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const dir = mkdtempSync(join(tmpdir(), 'huinong-replica-'));
  if (asRoot) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
  const servers: { process: ChildProcess; dataDir: string }[] = [];
  const stop = async () => {
    // pg_ctl, not a signal: runuser does not pass signals on to the server it started.
    for (const server of servers)
      if (server.process.exitCode === null)
        await run(...command('pg_ctl', ['-D', server.dataDir, '-m', 'fast', '-w', 'stop'])).catch(() => server.process.kill('SIGKILL'));
    await Promise.all(servers.map(({ process }) => (process.exitCode === null ? new Promise((resolve) => process.once('exit', resolve)) : undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  const start = async (dataDir: string, port: number) => {
    const [file, args] = command('postgres', [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      ...THROWAWAY,
    ]);
    const server = spawn(file, args, { stdio: 'ignore' });
    servers.push({ process: server, dataDir });
    for (const deadline = Date.now() + 20_000; ;) {
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
      }
      if (server.exitCode !== null) throw new Error(`postgres on port ${port} exited (${server.exitCode})`);
      if (Date.now() > deadline) throw new Error(`postgres on port ${port} did not accept connections`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    const primaryDir = join(dir, 'primary');
    const replicaDir = join(dir, 'replica');
    // initdb's default pg_hba lets local TCP replication connections in with the --auth method; wal_level is replica by default.
    await run(...command('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-sync']));
    await start(primaryDir, primaryPort);
    const admin = new Client({ host: '127.0.0.1', port: primaryPort, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    await run(
      ...command('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(primaryPort),
        '-U',
        'postgres',
        '-D',
        replicaDir,
        '-R',
        '-X',
        'stream',
        '--checkpoint=fast',
        '--no-sync',
      ]),
    );
    await start(replicaDir, replicaPort);
    const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/${database}`;
    return {
      primaryUrl: url(primaryPort),
      replicaUrl: url(replicaPort),
      async onReplica(sql) {
        const client = new Client({ connectionString: url(replicaPort) });
        await client.connect();
        try {
          return (await client.query(sql)).rows;
        } finally {
          await client.end();
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
