/**
 * npm run db:roles -- [--help] [--apply DATABASE_URL] [--prefix huinong_] [--subgraph NAME ...]
 * One PostgreSQL role per subgraph, owning that subgraph's schema and nothing else, so that "no
 * subgraph reads another's tables" is PostgreSQL's rule, not only the code's.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import type { SubgraphName } from '../common/subgraph-service';

export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['households', 'loans', 'funds'];

/** What a subgraph's migrations need that its own role may not do itself (CREATE EXTENSION needs CREATE on the database). */
const EXTENSIONS: Record<SubgraphName, string[]> = {
  households: ['btree_gist'], // subgraphs/households/src/migrations/1795313900000-EnableBtreeGist.ts
  loans: [],
  funds: [],
};

/** The variable holding a subgraph role's password (read by this script only, not by the hub). */
export const passwordVariable = (subgraph: SubgraphName) => `DB_ROLE_PASSWORD_${subgraph.toUpperCase()}`;

const HELP = `usage: npm run db:roles -- [--apply DATABASE_URL] [--prefix huinong_] [--subgraph NAME ...]
Prints the SQL that gives each subgraph its own PostgreSQL role: a LOGIN role <prefix><subgraph>
(huinong_households, huinong_loans, huinong_funds) owning the schema of the same name as the
subgraph (and whatever is in it already, the migrations table included), no rights on the other
subgraphs' schemas, and REVOKE CREATE ON SCHEMA public FROM PUBLIC. Extensions a subgraph's
migrations need (btree_gist for households) are created by it too. Safe to run again.
  --apply URL       run it on that database instead of printing it, connected as a superuser
  --prefix P        role names start with P (default huinong_; lower-case letters, digits, _)
  --subgraph NAME   only this subgraph (repeatable; default all three): with one database per
                    subgraph, run it on each database for its own subgraph
Passwords come from ${SUBGRAPH_NAMES.map(passwordVariable).join(', ')}
(printable ASCII), put in the SQL as SCRAM-SHA-256 verifiers (never in plain text). A variable unset leaves that role's password as it
is: none for a new role, which suits trust setups (pg_hba.conf) only.
Then point each subgraph at its role, e.g.
  DATABASE_URL_HOUSEHOLDS=postgres://huinong_households:PASSWORD@host:5432/hub
(DATABASE_URL stays the queues' database, for a role that may create their schema).`;

export interface SubgraphRolesOptions {
  /** Role names are `${prefix}${subgraph}`; tests give each run its own. */
  prefix?: string;
  subgraphs?: readonly SubgraphName[];
  /** Plain passwords, turned into SCRAM verifiers here. */
  passwords?: Partial<Record<SubgraphName, string>>;
  /** Fixed salt, for a verifier that can be compared (tests). */
  salt?: Buffer;
}

export function roleName(prefix: string, subgraph: SubgraphName): string {
  return `${prefix}${subgraph}`;
}

/** PostgreSQL's SCRAM-SHA-256 password verifier (what it keeps in pg_authid), so a password never passes in plain text. */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  // PostgreSQL SASLprep-normalises passwords; for printable ASCII that is the password itself.
  if (!/^[\x20-\x7e]+$/.test(password)) throw new Error('role passwords must be printable ASCII');
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const storedKey = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest()).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

const ident = (name: string) => `"${name}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function subgraphRolesSql(options: SubgraphRolesOptions = {}): string {
  const prefix = options.prefix ?? 'huinong_';
  const subgraphs = options.subgraphs ?? SUBGRAPH_NAMES;
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`--prefix must be lower-case letters, digits and _ (got "${prefix}")`);
  for (const subgraph of subgraphs) if (!SUBGRAPH_NAMES.includes(subgraph)) throw new Error(`unknown subgraph "${subgraph}" (${SUBGRAPH_NAMES.join(', ')})`);
  const lines = ['-- One PostgreSQL role per subgraph (npm run db:roles). Run as a superuser; safe to run again.', 'BEGIN;'];
  lines.push('REVOKE CREATE ON SCHEMA public FROM PUBLIC;');
  for (const subgraph of subgraphs) {
    const role = roleName(prefix, subgraph);
    const schema = subgraph; // each subgraph's dbSchema is its name
    const password = options.passwords?.[subgraph];
    lines.push(
      '',
      `-- ${subgraph}: role ${role}, schema ${schema}`,
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}) THEN CREATE ROLE ${ident(role)}; END IF; END $$;`,
      `ALTER ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${password ? ` PASSWORD ${literal(scramVerifier(password, options.salt))}` : ''};`,
      `CREATE SCHEMA IF NOT EXISTS ${ident(schema)} AUTHORIZATION ${ident(role)};`,
      `ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(role)};`,
      // A schema migrated before (by DATABASE_URL's role) keeps its objects' owner: hand them over too.
      `DO $$ DECLARE item record; BEGIN`,
      `  FOR item IN SELECT format('ALTER %s %I.%I OWNER TO %I', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname, ${literal(role)}) AS sql FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace`,
      `    WHERE n.nspname = ${literal(schema)} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND pg_get_userbyid(c.relowner) <> ${literal(role)}`,
      `      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))`,
      `  UNION ALL SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, ${literal(role)}) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace`,
      `    WHERE n.nspname = ${literal(schema)} AND pg_get_userbyid(p.proowner) <> ${literal(role)} AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
      `  UNION ALL SELECT format('ALTER %s %s OWNER TO %I', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, ${literal(role)}) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace`,
      `    WHERE n.nspname = ${literal(schema)} AND t.typtype IN ('e', 'd') AND pg_get_userbyid(t.typowner) <> ${literal(role)} AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')`,
      `  LOOP EXECUTE item.sql; END LOOP;`,
      `END $$;`,
      `REVOKE ALL ON SCHEMA ${ident(schema)} FROM PUBLIC;`,
      ...EXTENSIONS[subgraph].map((extension) => `CREATE EXTENSION IF NOT EXISTS ${ident(extension)} WITH SCHEMA public;`),
    );
  }
  // Whatever was granted before: no subgraph's role keeps a right on another's schema or what is in it.
  const others = subgraphs.flatMap((subgraph) => SUBGRAPH_NAMES.filter((other) => other !== subgraph).map((other) => [subgraph, other] as const));
  if (others.length) lines.push('', '-- no role reaches another subgraph’s schema');
  for (const [subgraph, other] of others) {
    const role = ident(roleName(prefix, subgraph));
    // The other schema may live in another database (one database per subgraph): revoke only where it exists.
    lines.push(
      `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${literal(other)}) THEN`,
      `  REVOKE ALL ON ALL TABLES IN SCHEMA ${ident(other)} FROM ${role}; REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${ident(other)} FROM ${role};`,
      `  REVOKE ALL ON ALL ROUTINES IN SCHEMA ${ident(other)} FROM ${role}; REVOKE ALL ON SCHEMA ${ident(other)} FROM ${role};`,
      `END IF; END $$;`,
    );
  }
  lines.push('COMMIT;', '');
  return lines.join('\n');
}

/** Runs the SQL on the database at `url` (as a superuser). */
export async function applySubgraphRoles(url: string, options: SubgraphRolesOptions = {}): Promise<void> {
  const sql = subgraphRolesSql(options);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  let values: { help?: boolean; apply?: string; prefix?: string; subgraph?: string[] };
  try {
    ({ values } = parseArgs({
      options: { help: { type: 'boolean' }, apply: { type: 'string' }, prefix: { type: 'string' }, subgraph: { type: 'string', multiple: true } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const subgraphs = (values.subgraph ?? [...SUBGRAPH_NAMES]) as SubgraphName[];
  // Script input, not the hub's configuration: common/config.ts is not involved.
  const passwords = Object.fromEntries(subgraphs.map((subgraph) => [subgraph, process.env[passwordVariable(subgraph)] || undefined]));
  const options: SubgraphRolesOptions = { prefix: values.prefix, subgraphs, passwords };
  let sql: string;
  try {
    sql = subgraphRolesSql(options);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!values.apply) {
    process.stdout.write(sql);
    return 0;
  }
  await applySubgraphRoles(values.apply, options);
  const target = new URL(values.apply);
  console.log(
    `applied on ${target.hostname}:${target.port || 5432}${target.pathname}: ${subgraphs.map((subgraph) => `${roleName(options.prefix ?? 'huinong_', subgraph)} owns schema ${subgraph}`).join('; ')}`,
  );
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
