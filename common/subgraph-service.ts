/**
 * What every subgraph is to the rest of the hub: a PostgreSQL schema it owns (entities and
 * migrations) and a federated GraphQL schema. This file runs one as an HTTP service with the
 * shared options, the signed-context check and readiness tied to its database.
 */
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
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

export type SubgraphName = 'households' | 'loans' | 'funds';

export interface SubgraphModule {
  name: SubgraphName;
  /** The PostgreSQL schema this subgraph owns; no other subgraph reads it. */
  dbSchema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  buildSchema(dataSource: DataSource, config: HubConfig): Promise<GraphQLSchema>;
  /** Plain HTTP endpoints (uploads, downloads), reached through the gateway like GraphQL. */
  routes?(dataSource: DataSource, config: HubConfig, logger: Logger): SubgraphRoute[];
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
      return route.handle(request, response, context, params, url);
    },
  };
}

export function createDataSourceFor(
  module: SubgraphModule,
  url: string,
  options: { logger?: Logger; onStatement?: (sql: string) => void; poolSize?: number } = {},
): DataSource {
  return createSubgraphDataSource({ schema: module.dbSchema, url, entities: module.entities, migrations: module.migrations, ...options });
}

export function migrate(module: SubgraphModule, dataSource: DataSource): Promise<string[]> {
  return migrateSubgraph(dataSource, module.dbSchema);
}

export type RunningSubgraph = RunningHttpServer<SubgraphContext>;

export async function startSubgraph(
  module: SubgraphModule,
  config: HubConfig,
  dataSource: DataSource,
  logger: Logger,
  port: number = config.ports[module.name],
  host: string = config.bindHost,
): Promise<RunningSubgraph> {
  const schema = await module.buildSchema(dataSource, config);
  // No inline tracing: the hub reports to no Apollo Studio, and traces would expose resolver timings.
  const apollo = new ApolloServer<SubgraphContext>({ schema, ...sharedApolloOptions<SubgraphContext>(config.env, logger, [ApolloServerPluginInlineTraceDisabled()]) });
  await apollo.start();
  const readContext = signedContextReader(config.contextSigning, logger);
  return startGraphQLHttpServer<SubgraphContext>(
    {
      apollo,
      context: readContext,
      routes: (module.routes?.(dataSource, config, logger) ?? []).map((route) => withSignedContext(route, readContext)),
      ready: async () => {
        await dataSource.query('SELECT 1');
      },
      maxBodyBytes: config.limits.maxBodyBytes,
      logger,
    },
    port,
    host,
  );
}

/** Process entry of a subgraph: migrate its own schema, then serve until signalled. */
export function runSubgraphMain(module: SubgraphModule): void {
  const settings = loadedConfig();
  const logger = createLogger({ service: module.name }, settings.logLevel);
  runUntilSignalled(logger, async () => {
    if (!settings.databaseUrl) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded database)');
    const dataSource = await createDataSourceFor(module, settings.databaseUrl, { logger }).initialize();
    const applied = await migrate(module, dataSource);
    if (applied.length) logger.info('migrated', { applied });
    const service = await startSubgraph(module, settings, dataSource, logger);
    logger.info('listening', { url: service.url });
    return {
      close: async () => {
        await service.close();
        await dataSource.destroy();
      },
    };
  });
}
