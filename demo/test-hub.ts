/**
 * A whole hub for one test suite (or bench:federation): a scratch database migrated by every
 * subgraph, the three subgraphs and the gateway on free ports, talking real HTTP. Logs are
 * captured so tests can assert what was (and was not) logged. Each subgraph's app is the one its
 * server runs on, so a test's direct calls and its GraphQL calls share services (and caches).
 */
import type { DataSource } from 'typeorm';
import { mintToken, MintOptions } from '../common/auth/jwt';
import { HubConfig, loadConfig } from '../common/config';
import { createScratchDatabase, ScratchDatabase } from '../common/db/scratch-database';
import { createLogger } from '../common/logger';
import { createDataSourceFor, migrate, replicaOf, RunningSubgraph, startSubgraph, SubgraphName } from '../common/subgraph-service';
import { RunningGateway, startGateway } from '../gateway/src/gateway';
import type { FundsApp } from '../subgraphs/funds/src/funds.app';
import type { HouseholdsApp } from '../subgraphs/households/src/households.app';
import type { LoansApp } from '../subgraphs/loans/src/loans.app';
import { SUBGRAPHS } from '../gateway/src/supergraph';
import { readCommittedSupergraph } from '../gateway/src/supergraph-file';

export interface GraphQLResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown }; path?: unknown[] }[];
}

export interface TestHub {
  config: HubConfig;
  /** The scratch database (DATABASE_URL of the hub's config: the queues, and each subgraph not given a database of its own). */
  databaseUrl: string;
  /** Where each subgraph's data source is. */
  subgraphDatabaseUrls: Record<SubgraphName, string>;
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  dataSources: Record<SubgraphName, DataSource>;
  /** Each subgraph's services, as its server runs them. */
  apps: HubApps;
  logs: string[];
  /** SQL statements run per subgraph since the last reset. */
  statements: Record<SubgraphName, string[]>;
  resetStatements(): void;
  token(options: Omit<MintOptions, 'subject'> & { subject?: string }): Promise<string>;
  query<T = any>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** The answer's data, for a query the test expects to succeed: any error fails it, with the errors as the gateway gave them. */
  data<T = any>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** POSTs a file to one of the gateway's upload endpoints (`/uploads/rosters`, …) and reads its JSON answer. */
  upload(path: string, token: string | null, body: string | Buffer, query: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface HubApps {
  households: HouseholdsApp;
  loans: LoansApp;
  funds: FundsApp;
}

export function baseDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (jest global setup sets it)');
  return url;
}

export function testConfig(overrides: Record<string, string> = {}): HubConfig {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug', ...overrides });
}

export interface TestHubOptions {
  /** A database of its own for some subgraphs (their DATABASE_URL_<SUBGRAPH>); the others are on the scratch database. */
  subgraphDatabaseUrls?: Partial<Record<SubgraphName, string>>;
}

export async function startTestHub(overrides: Record<string, string> = {}, options: TestHubOptions = {}): Promise<TestHub> {
  const scratch: ScratchDatabase = await createScratchDatabase(baseDatabaseUrl(), 'huinong_test');
  const own = Object.entries(options.subgraphDatabaseUrls ?? {}).map(([name, url]) => [`DATABASE_URL_${name.toUpperCase()}`, url!]);
  const config = testConfig({ DATABASE_URL: scratch.url, ...Object.fromEntries(own), ...overrides });
  const subgraphDatabaseUrls = {} as Record<SubgraphName, string>;
  const logs: string[] = [];
  const logger = createLogger({ service: 'test' }, 'debug', (line) => logs.push(line));
  const statements = { households: [], loans: [], funds: [] } as Record<SubgraphName, string[]>;
  const dataSources = {} as Record<SubgraphName, DataSource>;
  const apps = {} as Record<SubgraphName, unknown>;
  const subgraphs: RunningSubgraph[] = [];
  const subgraphUrls = {} as Record<SubgraphName, string>;
  let gateway: RunningGateway | undefined;
  try {
    for (const module of SUBGRAPHS) {
      subgraphDatabaseUrls[module.name] = config.subgraphDatabaseUrls[module.name] ?? scratch.url;
      const dataSource = await createDataSourceFor(module, subgraphDatabaseUrls[module.name], {
        logger,
        onStatement: (sql) => statements[module.name].push(sql),
        poolSize: 4,
        replica: replicaOf(config, module.name),
      }).initialize();
      dataSources[module.name] = dataSource;
      await migrate(module, dataSource);
      const subgraphLogger = logger.child({ service: module.name });
      const app = module.createApp({ dataSource, config, logger: subgraphLogger });
      apps[module.name] = app;
      const running = await startSubgraph(module, config, dataSource, subgraphLogger, app, 0, '127.0.0.1');
      subgraphs.push(running);
      subgraphUrls[module.name] = running.url;
    }
    // The committed supergraph, as in production (schema.test.ts proves it matches the code).
    gateway = await startGateway(config, logger.child({ service: 'gateway' }), readCommittedSupergraph(), { port: 0, host: '127.0.0.1', subgraphUrls });
  } catch (error) {
    await Promise.all(subgraphs.map((s) => s.close()));
    await Promise.all(Object.values(dataSources).map((d) => d.destroy()));
    await scratch.drop();
    throw error;
  }
  const gatewayUrl = gateway.url;
  const query: TestHub['query'] = async (token, text, variables) => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: text, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return {
    config,
    databaseUrl: scratch.url,
    subgraphDatabaseUrls,
    gatewayUrl,
    subgraphUrls,
    dataSources,
    apps: apps as unknown as HubApps,
    logs,
    statements,
    resetStatements() {
      for (const list of Object.values(statements)) list.length = 0;
    },
    token: (options) => mintToken(config.jwt, { subject: `test-${options.role}`, ...options }),
    query,
    async data(token, text, variables) {
      const result = await query(token, text, variables);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data;
    },
    async upload(path, token, body, params) {
      const response = await fetch(`${gatewayUrl.replace(/\/graphql$/, '')}${path}?${new URLSearchParams(params)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body,
      });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      await gateway?.close();
      await Promise.all(subgraphs.map((s) => s.close()));
      await Promise.all(Object.values(dataSources).map((d) => d.destroy()));
      await scratch.drop();
    },
  };
}
