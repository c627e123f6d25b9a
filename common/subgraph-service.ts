/**
 * What every subgraph is to the rest of the hub: a PostgreSQL schema it owns (entities and
 * migrations), its app (the services, built once by `subgraphs/<name>/src/<name>.app.ts`) and a
 * federated GraphQL schema over that app. This file runs one as an HTTP service with the shared
 * options, the signed-context check and readiness tied to its database.
 */
import 'reflect-metadata';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource, MixedList } from 'typeorm';
import { EMPTY_BODY_SHA256 } from './auth/signed-context';
import { config as loadedConfig, HubConfig } from './config';
import { createSubgraphDataSource, migrateSubgraph } from './db/data-source';
import { sharedApolloOptions } from './graphql/apollo-options';
import { SignedContextReader, signedContextReader, SubgraphContext } from './graphql/subgraph-context';
import { closeAfterResponse, HttpRoute, RunningHttpServer, sendJson, startGraphQLHttpServer } from './http/graphql-http-server';
import { createLogger, Logger } from './logger';
import { runUntilSignalled } from './process-lifecycle';
import { sendHubError } from './errors/http-error';
import { createServiceMetrics } from './metrics/service-metrics';
import { startTracing } from './tracing';
import { markReadOnlyRequest } from './request-scope';

export type SubgraphName = 'households' | 'loans' | 'funds';

/** A data source's pg Pool, for its metrics (TypeORM's PostgreSQL driver keeps it as `master`). */
export function pgPoolOf(dataSource: DataSource): { totalCount: number; idleCount: number; waitingCount: number } | undefined {
  return (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
}

/** What a subgraph's app is built from: its own data source, the hub's configuration, a logger. */
export interface SubgraphAppDependencies {
  dataSource: DataSource;
  config: HubConfig;
  logger: Logger;
}

/** What every subgraph app offers besides its services. */
export interface SubgraphApp {
  /** Writes the data the subgraph ships with (idempotent; once per app, and on first use otherwise). */
  seed(): Promise<void>;
}

export interface SubgraphModule<App extends SubgraphApp = any> {
  name: SubgraphName;
  /** The PostgreSQL schema this subgraph owns; no other subgraph reads it. */
  dbSchema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** The subgraph's front door: builds its services once (no database access). */
  createApp(dependencies: SubgraphAppDependencies): App;
  buildSchema(app: App): Promise<GraphQLSchema>;
  /** Plain HTTP endpoints (uploads, downloads), reached through the gateway like GraphQL. */
  routes?(app: App, logger: Logger): SubgraphRoute[];
}

/** A subgraph HTTP endpoint: same signed-context check as GraphQL, then the handler with the caller. */
export interface SubgraphRoute {
  method: 'GET' | 'POST';
  path: RegExp;
  handle(request: IncomingMessage, response: ServerResponse, context: SubgraphContext, params: string[], url: URL): Promise<void>;
}

function withSignedContext(route: SubgraphRoute, readContext: SignedContextReader): HttpRoute {
  return {
    method: route.method,
    path: route.path,
    async handle(request, response, params, url) {
      let context: SubgraphContext;
      try {
        // A POST's body streams to the handler; the gateway sends its MAC as a trailer.
        context = await readContext(request, route.method === 'POST' ? 'streamed' : { sha256: EMPTY_BODY_SHA256 });
      } catch (error) {
        closeAfterResponse(request, response);
        const extensions = (error as GraphQLError).extensions ?? {};
        return sendJson(response, 401, { error: (error as Error).message, code: extensions.code ?? 'UNAUTHENTICATED' });
      }
      // A refusal thrown by the handler is answered with its code and status; anything else is logged and answered 500.
      return route
        .handle(request, response, context, params, url)
        .catch((error) => sendHubError(response, error, context.logger, `${route.method} ${url.pathname}`));
    },
  };
}

export function createDataSourceFor(
  module: SubgraphModule,
  url: string,
  options: { logger?: Logger; onStatement?: (sql: string) => void; poolSize?: number; replica?: { url: string; maxLagMs: number } } = {},
): DataSource {
  return createSubgraphDataSource({ schema: module.dbSchema, url, entities: module.entities, migrations: module.migrations, ...options });
}

/** The subgraph's read replica as the configuration names it, if any (its service reads from it; the worker does not). */
export function replicaOf(config: HubConfig, name: SubgraphName): { url: string; maxLagMs: number } | undefined {
  const url = config.replicas.urls[name];
  return url ? { url, maxLagMs: config.replicas.maxLagMs } : undefined;
}

/** Marks a GraphQL query operation read-only, so that its plain reads may go to a replica (common/db/read-replica.ts). */
const READ_ONLY_QUERIES: ApolloServerPlugin<SubgraphContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'query') markReadOnlyRequest();
      },
    };
  },
};

export function migrate(module: SubgraphModule, dataSource: DataSource): Promise<string[]> {
  return migrateSubgraph(dataSource, module.dbSchema);
}

export type RunningSubgraph = RunningHttpServer<SubgraphContext>;

export async function startSubgraph(
  module: SubgraphModule,
  config: HubConfig,
  dataSource: DataSource,
  logger: Logger,
  /** The subgraph's app on `dataSource` (module.createApp): the schema and routes serve its services. */
  app: SubgraphApp,
  port: number = config.ports[module.name],
  host: string = config.bindHost,
): Promise<RunningSubgraph> {
  const schema = await module.buildSchema(app);
  const metrics = createServiceMetrics(module.name);
  const pool = pgPoolOf(dataSource);
  if (pool) metrics.observePool(pool);
  // No inline tracing: the hub reports to no Apollo Studio, and traces would expose resolver timings.
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    ...sharedApolloOptions<SubgraphContext>(config.env, logger, [
      ApolloServerPluginInlineTraceDisabled(),
      metrics.apolloPlugin<SubgraphContext>(),
      READ_ONLY_QUERIES,
    ]),
  });
  await apollo.start();
  const readContext = signedContextReader(config.contextSigning, logger);
  return startGraphQLHttpServer<SubgraphContext>(
    {
      apollo,
      context: readContext,
      routes: (module.routes?.(app, logger) ?? []).map((route) => withSignedContext(route, readContext)),
      ready: async () => {
        await dataSource.query('SELECT 1');
      },
      maxBodyBytes: config.limits.maxBodyBytes,
      logger,
      metrics,
      service: module.name,
    },
    port,
    host,
  );
}

/** Process entry of a subgraph: migrate its own schema, build its app and write the data it ships with, then serve until signalled. */
export function runSubgraphMain(module: SubgraphModule): void {
  const settings = loadedConfig();
  const logger = createLogger({ service: module.name }, settings.logLevel);
  const tracing = startTracing(module.name, settings.tracing);
  runUntilSignalled(logger, async () => {
    const databaseUrl = settings.subgraphDatabaseUrls[module.name];
    if (!databaseUrl)
      throw new Error(`DATABASE_URL_${module.name.toUpperCase()} or DATABASE_URL is not set (npm start sets DATABASE_URL for the embedded database)`);
    const dataSource = await createDataSourceFor(module, databaseUrl, { logger, replica: replicaOf(settings, module.name) }).initialize();
    const applied = await migrate(module, dataSource);
    if (applied.length) logger.info('migrated', { applied });
    const app = module.createApp({ dataSource, config: settings, logger });
    await app.seed();
    const service = await startSubgraph(module, settings, dataSource, logger, app);
    logger.info('listening', { url: service.url });
    return {
      close: async () => {
        await service.close();
        await dataSource.destroy();
        await tracing?.shutdown();
      },
    };
  });
}
