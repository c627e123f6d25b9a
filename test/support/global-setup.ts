/**
 * Real PostgreSQL for every test: the one in DATABASE_URL (CI, this machine's local service),
 * or, on a fresh machine with nothing installed, an embedded PostgreSQL started here and
 * deleted afterwards. Redis tests run only when REDIS_URL is set; without it BullMQ runs on
 * its PostgreSQL backend.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../common/logger';
import { startEmbeddedPostgres } from '../../common/db/embedded-postgres';
import { freePort } from '../../common/net/free-port';

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'huinong-test-pg-'));
  const database = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'huinong_test',
    logger: createLogger({ service: 'test-postgres' }, 'warn'),
    persistent: false,
  });
  process.env.DATABASE_URL = database.adminUrl;
  (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres = database;
  console.log(`\nno DATABASE_URL: tests run on an embedded PostgreSQL (${dataDir})`);
}
