/**
 * One TypeORM data source per subgraph, each on its own PostgreSQL schema. Schema changes
 * come only from migrations (never `synchronize`).
 */
import { DataSource, Logger as TypeOrmLogger, MixedList } from 'typeorm';
import type { Logger } from '../logger';
import { routeReadsToReplica, type ReplicaRouting } from './read-replica';

export interface SubgraphDataSourceOptions {
  /** PostgreSQL schema the subgraph owns, e.g. `households`. */
  schema: string;
  url: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  logger?: Logger;
  /** Extra observer of every statement (tests count statements with it). */
  onStatement?: (sql: string) => void;
  poolSize?: number;
  /** A streaming replica of `url`: plain reads of GraphQL query operations go there while it keeps up (read-replica.ts). */
  replica?: { url: string; maxLagMs: number };
}

/** TypeORM's logger hook, forwarding to the hub's logger and to an optional statement observer. */
class StatementLogger implements TypeOrmLogger {
  constructor(
    private readonly logger: Logger | undefined,
    private readonly onStatement: ((sql: string) => void) | undefined,
  ) {}
  logQuery(query: string): void {
    this.onStatement?.(query);
  }
  logQueryError(error: string | Error, query: string): void {
    // Parameters are never logged: they may hold personal data.
    this.logger?.error('sql error', { error, sql: query.slice(0, 500) });
  }
  logQuerySlow(time: number, query: string): void {
    this.logger?.warn('slow sql', { ms: time, sql: query.slice(0, 500) });
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger?.info('migration', { message });
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn('typeorm', { message });
  }
}

export function createSubgraphDataSource(options: SubgraphDataSourceOptions): DataSource {
  const dataSource = new DataSource({
    type: 'postgres',
    ...(options.replica ? { replication: { master: { url: options.url }, slaves: [{ url: options.replica.url }] } } : { url: options.url }),
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'typeorm_migrations',
    // gen_random_uuid() is built into PostgreSQL ≥ 13: no extension (or superuser) needed.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logger: new StatementLogger(options.logger, options.onStatement),
    maxQueryExecutionTime: 1000,
    applicationName: `huinong-${options.schema}`,
    extra: { max: options.poolSize ?? 10 },
  });
  if (options.replica) {
    const routing = routeReadsToReplica(dataSource, { maxLagMs: options.replica.maxLagMs, logger: options.logger });
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      routing.stop();
      await destroy();
    };
    replicaRoutings.set(dataSource, routing);
  }
  return dataSource;
}

const replicaRoutings = new WeakMap<DataSource, ReplicaRouting>();

/** How a data source with a replica routes its reads (undefined without one). */
export function replicaRoutingOf(dataSource: DataSource): ReplicaRouting | undefined {
  return replicaRoutings.get(dataSource);
}

/**
 * Applies pending migrations under a session advisory lock, so replicas starting together
 * migrate one at a time. The schema itself is created first because TypeORM keeps its
 * migrations table inside it.
 */
export async function migrateSubgraph(dataSource: DataSource, schema: string): Promise<string[]> {
  if (!/^[a-z_]+$/.test(schema)) throw new Error(`unsafe schema name "${schema}"`);
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock(hashtext($1))', [`huinong-migrate-${schema}`]);
    // Only when missing: even CREATE SCHEMA IF NOT EXISTS needs CREATE on the database, which a subgraph's own role (npm run db:roles) lacks.
    const [{ present }] = await lockRunner.query('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present', [schema]);
    if (!present) await lockRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock(hashtext($1))', [`huinong-migrate-${schema}`]).catch(() => undefined);
    await lockRunner.release();
  }
}
