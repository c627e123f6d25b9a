/**
 * The embedded default database on its own: stale pid files, busy ports, and (as root) a data
 * directory behind a private parent, which the postgres OS user cannot pass through.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { spawnSync } from 'node:child_process';
import { clusterLocation, postmastersOf, startEmbeddedPostgres } from '../../common/db/embedded-postgres';
import { createLogger } from '../../common/logger';
import { freePort } from '../../common/net/free-port';

async function selectOne(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('SELECT 1 AS one');
  await client.end();
  return rows[0].one;
}

describe('embedded PostgreSQL', () => {
  const parent = mkdtempSync(join(tmpdir(), 'huinong-embedded-'));
  beforeAll(() => chmodSync(parent, 0o755));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('keeps its data between runs and removes a stale postmaster.pid', async () => {
    const logs: string[] = [];
    const logger = createLogger({ service: 'test' }, 'info', (line) => logs.push(line));
    const dataDir = join(parent, 'kept');
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'hub', logger });
    const client = new Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (v text)');
    await client.query("INSERT INTO kept VALUES ('still here')");
    await client.end();
    await first.stop();

    // A crash can leave a pid file naming a process that no longer exists.
    const clusterDir = join(dataDir, 'pg');
    writeFileSync(join(clusterDir, 'postmaster.pid'), '999999\n');
    const second = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'hub', logger, persistent: false });
    const again = new Client({ connectionString: second.url });
    await again.connect();
    expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
    await again.end();
    await second.stop();
    expect(logs.some((line) => line.includes('removing a stale postmaster.pid'))).toBe(true);
  });

  it('says which port is busy instead of failing obscurely', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((resolve) => {
      const server = createServer().listen(port, '127.0.0.1', () => resolve(server));
    });
    try {
      await expect(
        startEmbeddedPostgres({ dataDir: join(parent, 'busy'), port, database: 'hub', logger: createLogger({}, 'error', () => undefined) }),
      ).rejects.toThrow(`port ${port} is in use: set EMBEDDED_PG_PORT`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  (userInfo().uid === 0 ? it : it.skip)('as root, runs behind a private parent directory by keeping the cluster outside it', async () => {
    const dataDir = join(parent, 'private', 'data');
    mkdirSync(join(parent, 'private'), { mode: 0o700 });
    const database = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'hub',
      logger: createLogger({}, 'error', () => undefined),
      persistent: false,
    });
    try {
      expect(await selectOne(database.url)).toBe(1);
      expect(lstatSync(join(dataDir, 'pg')).isSymbolicLink()).toBe(true);
    } finally {
      await database.stop();
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  const reset = (dataDir: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    return spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/reset.ts'], { cwd: join(__dirname, '..', '..'), env, encoding: 'utf8' });
  };

  (userInfo().uid === 0 ? it : it.skip)(
    'as root behind a private parent, starts again after rm -rf DATA_DIR (the cluster kept outside it is removed, its postgres stopped)',
    async () => {
      const logs: string[] = [];
      const logger = createLogger({ service: 'test' }, 'info', (line) => logs.push(line));
      mkdirSync(join(parent, 'private-rm'), { mode: 0o700 });
      const dataDir = join(parent, 'private-rm', 'data');
      const { sharedDir, clusterDir } = clusterLocation(dataDir);
      // Left running, as by a killed npm start, then its DATA_DIR deleted as the README once said.
      const first = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'hub', logger });
      const stray = postmastersOf(clusterDir);
      expect(stray).toHaveLength(1);
      rmSync(dataDir, { recursive: true, force: true });
      const second = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'hub', logger });
      try {
        expect(await selectOne(second.url)).toBe(1);
        expect(logs.some((line) => line.includes('DATA_DIR was removed but its cluster outside it was left'))).toBe(true);
        expect(postmastersOf(clusterDir)).not.toContain(stray[0]);
      } finally {
        await second.stop();
        await first.stop();
      }
      // npm run reset removes both, and says so.
      const answer = reset(dataDir);
      expect(answer.status).toBe(0);
      expect(answer.stdout).toContain(`removed the cluster kept outside DATA_DIR: ${sharedDir}`);
      expect(answer.stdout).toContain(`removed ${dataDir}`);
      expect(existsSync(sharedDir!)).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it('npm run reset stops an orphan embedded postgres of DATA_DIR and removes its data, saying what it removed', async () => {
    const dataDir = join(parent, 'to-reset');
    const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'hub', logger: createLogger({}, 'error', () => undefined) });
    const { clusterDir } = clusterLocation(dataDir);
    const [pid] = postmastersOf(clusterDir);
    expect(pid).toBeGreaterThan(0);
    const answer = reset(dataDir);
    expect(answer.status).toBe(0);
    expect(answer.stdout).toContain(`stopped the embedded postgres (pid ${pid}) of ${clusterDir}`);
    expect(answer.stdout).toContain(`removed ${dataDir}`);
    expect(postmastersOf(clusterDir)).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
    await database.stop();
    expect(reset(dataDir).stdout).toContain('nothing to remove');
    expect(reset(dataDir).status).toBe(0);
    const help = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/reset.ts', '--help'], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
    });
    expect(help.stdout).toContain('usage: npm run reset');
  });
});
