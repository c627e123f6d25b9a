/**
 * One PostgreSQL role per subgraph (npm run db:roles): each subgraph migrates and reads its own
 * schema as its own role, and PostgreSQL refuses it another subgraph's tables (42501). Roles are
 * cluster-wide, so this run's have a prefix of their own and are dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createScratchDatabase, ScratchDatabase } from '../../common/db/scratch-database';
import { createDataSourceFor, migrate, SubgraphModule, SubgraphName } from '../../common/subgraph-service';
import { baseDatabaseUrl } from '../../demo/test-hub';
import { applySubgraphRoles, roleName, scramVerifier, subgraphRolesSql } from '../../scripts/db-roles';
import { fundsSubgraph } from '../../subgraphs/funds/src';
import { householdsSubgraph } from '../../subgraphs/households/src';
import { loansSubgraph } from '../../subgraphs/loans/src';

const MODULES: Record<SubgraphName, SubgraphModule> = { households: householdsSubgraph, loans: loansSubgraph, funds: fundsSubgraph };
/** A table of each subgraph's own. */
const TABLE: Record<SubgraphName, string> = { households: 'households.households', loans: 'loans.loans', funds: 'funds.one_card_accounts' };
const NAMES = Object.keys(MODULES) as SubgraphName[];

/** Each role's password for this run: the local service trusts local connections, the embedded PostgreSQL of a newcomer's `npm test` asks for one. */
const PASSWORDS = Object.fromEntries(['households', 'loans', 'funds'].map((name) => [name, randomBytes(12).toString('hex')])) as Record<SubgraphName, string>;

/** The scratch database's URL, connecting as `user` with its password. */
function asRole(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

async function sqlError(dataSource: DataSource, sql: string): Promise<{ code?: string; message: string } | undefined> {
  try {
    await dataSource.query(sql);
    return undefined;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

describe('one PostgreSQL role per subgraph', () => {
  const prefix = `hubtest_${randomBytes(4).toString('hex')}_`;
  let scratch: ScratchDatabase;
  const dataSources = {} as Record<SubgraphName, DataSource>;
  const applied = {} as Record<SubgraphName, string[]>;

  beforeAll(async () => {
    scratch = await createScratchDatabase(baseDatabaseUrl(), 'huinong_roles');
    // funds was migrated before there were roles (one shared role, as until now): its objects are handed over to its role.
    const before = await createDataSourceFor(fundsSubgraph, scratch.url, { poolSize: 2 }).initialize();
    await migrate(fundsSubgraph, before);
    await before.destroy();
    await applySubgraphRoles(scratch.url, { prefix, passwords: PASSWORDS });
    await applySubgraphRoles(scratch.url, { prefix, passwords: PASSWORDS }); // run twice: no error
    for (const name of NAMES) {
      dataSources[name] = await createDataSourceFor(MODULES[name], asRole(scratch.url, roleName(prefix, name), PASSWORDS[name]), { poolSize: 2 }).initialize();
      applied[name] = await migrate(MODULES[name], dataSources[name]);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(Object.values(dataSources).map((dataSource) => dataSource.destroy()));
    await scratch?.drop();
    // The database went with what the roles owned and were granted in it: the roles can go now.
    const admin = new Client({ connectionString: baseDatabaseUrl() });
    await admin.connect();
    try {
      for (const name of NAMES) await admin.query(`DROP ROLE IF EXISTS "${roleName(prefix, name)}"`);
    } finally {
      await admin.end();
    }
  });

  it('migrates each subgraph as its own role', async () => {
    expect(applied.households.length).toBeGreaterThan(0);
    expect(applied.loans.length).toBeGreaterThan(0);
    expect(applied.funds).toEqual([]); // migrated before, as the shared role
    for (const name of NAMES) expect(await dataSources[name].query('SELECT current_user AS role')).toEqual([{ role: roleName(prefix, name) }]);
  });

  it('keeps each migrations table in its subgraph’s schema, owned by its role, and nothing in public', async () => {
    const admin = new Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      const migrations = await admin.query("SELECT schemaname, tableowner FROM pg_tables WHERE tablename = 'typeorm_migrations' ORDER BY 1");
      expect(migrations.rows).toEqual([...NAMES].sort().map((name) => ({ schemaname: name, tableowner: roleName(prefix, name) })));
      const misowned = await admin.query(
        `SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND pg_get_userbyid(c.relowner) <> $2 || n.nspname`,
        [NAMES, prefix],
      );
      expect(misowned.rows).toEqual([]);
      expect((await admin.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  it.each(NAMES)('lets the %s role read its own tables and no other subgraph’s (42501)', async (name) => {
    const own = await dataSources[name].query(`SELECT count(*)::int AS n FROM ${TABLE[name]}`);
    expect(own).toEqual([{ n: 0 }]);
    for (const other of NAMES.filter((n) => n !== name)) {
      const refused = await sqlError(dataSources[name], `SELECT 1 FROM ${TABLE[other]}`);
      expect([other, refused?.code]).toEqual([other, '42501']);
      expect(refused?.message).toContain(`permission denied for schema ${other}`);
    }
    // Nor can it put tables where the others would see them.
    expect((await sqlError(dataSources[name], `CREATE TABLE public.${name}_stray (id int)`))?.code).toBe('42501');
  });

  it('writes each role’s password only as a SCRAM-SHA-256 verifier', () => {
    const salt = Buffer.alloc(16, 7);
    const sql = subgraphRolesSql({ prefix, passwords: { loans: 'pa$$ word' }, salt });
    expect(sql).not.toContain('pa$$ word');
    expect(sql).toContain(
      `ALTER ROLE "${prefix}loans" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${scramVerifier('pa$$ word', salt)}'`,
    );
    expect(scramVerifier('pa$$ word', salt)).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
    // A role whose variable is unset keeps the password it has.
    expect(sql).toContain(`ALTER ROLE "${prefix}households" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;`);
  });
});
