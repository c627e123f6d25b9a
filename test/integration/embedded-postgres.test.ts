/**
 * The embedded default database on its own: stale pid files, busy ports, and (as root) a data
 * directory behind a private parent, which the postgres OS user cannot pass through.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../common/db/embedded-postgres';
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
      await expect(startEmbeddedPostgres({ dataDir: join(parent, 'busy'), port, database: 'hub', logger: createLogger({}, 'error', () => undefined) })).rejects.toThrow(
        `port ${port} is in use: set EMBEDDED_PG_PORT`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  (userInfo().uid === 0 ? it : it.skip)('as root, runs behind a private parent directory by keeping the cluster outside it', async () => {
    const dataDir = join(parent, 'private', 'data');
    mkdirSync(join(parent, 'private'), { mode: 0o700 });
    const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'hub', logger: createLogger({}, 'error', () => undefined), persistent: false });
    try {
      expect(await selectOne(database.url)).toBe(1);
      expect(lstatSync(join(dataDir, 'pg')).isSymbolicLink()).toBe(true);
    } finally {
      await database.stop();
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});
