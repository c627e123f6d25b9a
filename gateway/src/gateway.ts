/**
 * The gateway: the hub's only public GraphQL endpoint. It verifies the caller's JWT, applies
 * operation limits, plans queries over the committed supergraph and calls the subgraphs over
 * HTTP, forwarding the caller in a signed context header.
 */
import { ApolloGateway, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { Caller } from '../../common/auth/caller';
import { createTokenVerifier, TokenRejectedError, TokenVerifier } from '../../common/auth/jwt';
import { CONTEXT_HEADER, sha256Hex, signContext } from '../../common/auth/signed-context';
import type { HubConfig } from '../../common/config';
import { sharedApolloOptions } from '../../common/graphql/apollo-options';
import { unauthenticated } from '../../common/graphql/errors';
import { RunningHttpServer, startGraphQLHttpServer } from '../../common/http/graphql-http-server';
import type { Logger } from '../../common/logger';
import type { SubgraphName } from '../../common/subgraph-service';
import { requestAuthenticator } from './authenticate';
import { consoleConfigRoutes } from './console-config';
import { consoleConnectOrigins, consoleRoutes } from './console-static';
import { devSignInRoutes } from './dev-sign-in';
import { fileProxyRoutes } from './file-proxy';
import { operationLimitRules } from './operation-limits';
import { queueBoard } from './queue-board';
import { createSubgraphFetcher } from './subgraph-fetcher';
import { cachedTokenVerifier, TOKEN_CACHE_DEFAULTS } from './token-cache';
import { createServiceMetrics, type ServiceMetrics } from '../../common/metrics/service-metrics';
import { inClientSpan, injectTraceHeaders } from '../../common/tracing';
import { HubError } from '../../common/errors/hub-error';

export interface GatewayContext {
  caller: Caller;
  requestId: string;
}

/** Carries the caller from willSendRequest to the fetcher inside the gateway; never sent. */
const PENDING_CONTEXT_HEADER = 'x-huinong-context-pending';

/**
 * Forwards each subgraph call with a freshly signed caller context, bound to that call: the
 * fetcher signs it over the exact bytes Apollo sends as the body (the subgraph hashes the bytes
 * it receives), so the header cannot be replayed with another operation or other variables.
 */
class SignedContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(name: string, url: string, signing: HubConfig['contextSigning'], metrics: ServiceMetrics, send: Fetcher) {
    super({ url });
    this.fetcher = (target, init) => {
      const started = process.hrtime.bigint();
      const took = () => Number(process.hrtime.bigint() - started) / 1e9;
      const headers = { ...init?.headers };
      const pending = headers[PENDING_CONTEXT_HEADER];
      delete headers[PENDING_CONTEXT_HEADER];
      if (pending) {
        const { caller, requestId } = JSON.parse(Buffer.from(pending, 'base64url').toString('utf8')) as GatewayContext;
        const { pathname, search } = new URL(target);
        const binding = { method: init?.method ?? 'GET', target: pathname + search, body: sha256Hex(init?.body ?? '') };
        headers[CONTEXT_HEADER] = signContext(caller, requestId, binding, signing.secret, { ttlSeconds: signing.ttlSeconds });
      }
      // A subgraph that does not answer at all is the hub being unavailable, said without its address.
      // A client span per fetch, its context sent with it: the subgraph's span is its child.
      return inClientSpan(`subgraph ${name}`, { 'hub.subgraph': name }, () => {
        injectTraceHeaders(headers);
        return send(target, { ...init, headers });
      }).then(
        (response) => {
          metrics.observeSubgraphFetch(name, response.ok ? 'ok' : 'error', took());
          return response;
        },
        (error: unknown) => {
          metrics.observeSubgraphFetch(name, 'unavailable', took());
          throw new HubError('UNAVAILABLE', `the ${name} service did not answer: try again shortly`, { cause: error });
        },
      );
    };
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and other non-operation requests carry no caller and so no context.
    if (!('caller' in context) || !context.caller) return;
    const pending: GatewayContext = { caller: context.caller, requestId: context.requestId };
    request.http?.headers.set(PENDING_CONTEXT_HEADER, Buffer.from(JSON.stringify(pending)).toString('base64url'));
    request.http?.headers.set('x-request-id', context.requestId);
  }
}

export type RunningGateway = RunningHttpServer<GatewayContext>;

export async function startGateway(
  config: HubConfig,
  logger: Logger,
  supergraphSdl: string,
  options: {
    port?: number;
    host?: string;
    subgraphUrls?: Partial<Record<SubgraphName, string>>;
    verifier?: TokenVerifier;
    /** The console's build (default console/dist). */
    consoleDir?: string;
  } = {},
): Promise<RunningGateway> {
  const urls = { ...config.subgraphUrls, ...options.subgraphUrls };
  const metrics = createServiceMetrics('gateway');
  const subgraphFetcher = createSubgraphFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const url = urls[name as SubgraphName];
      if (!url) throw new Error(`supergraph names subgraph "${name}" but no URL is configured for it`);
      return new SignedContextDataSource(name, url, config.contextSigning, metrics, subgraphFetcher.fetch);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    ...sharedApolloOptions<GatewayContext>(config.env, logger, [metrics.apolloPlugin<GatewayContext>()]),
    validationRules: operationLimitRules({
      maxDepth: config.limits.maxDepth,
      maxAliases: config.limits.maxAliases,
      maxRootFields: config.limits.maxRootFields,
    }),
  });
  await apollo.start();

  const verifier = cachedTokenVerifier(options.verifier ?? createTokenVerifier(config.jwt), {
    ...TOKEN_CACHE_DEFAULTS,
    maxTokenAgeSeconds: config.jwt.maxAgeSeconds,
  });
  const authenticate = requestAuthenticator(verifier, logger);
  const queues = queueBoard(config, authenticate, verifier, logger);
  const running = await startGraphQLHttpServer<GatewayContext>(
    {
      apollo,
      async context(request) {
        try {
          return await authenticate(request);
        } catch (error) {
          throw error instanceof TokenRejectedError ? unauthenticated(error.message) : error;
        }
      },
      ready: async () => {
        const results = await Promise.allSettled(
          Object.entries(urls).map(async ([name, url]) => {
            const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(2000) });
            if (!response.ok) throw new Error(`${name} is not ready`);
          }),
        );
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed.length) throw new Error(failed.map((r) => (r.reason as Error).message).join('; '));
      },
      maxBodyBytes: config.limits.maxBodyBytes,
      logger,
      metrics,
      service: 'gateway',
      routes: [
        ...fileProxyRoutes(config, urls, authenticate, logger),
        ...devSignInRoutes(config, logger),
        ...consoleConfigRoutes(config),
        ...consoleRoutes(options.consoleDir, consoleConnectOrigins(config)),
        ...queues.routes,
      ],
    },
    options.port ?? config.ports.gateway,
    options.host ?? config.bindHost,
  );
  const close = running.close.bind(running);
  return {
    ...running,
    close: () =>
      close()
        .finally(() => subgraphFetcher.close())
        .finally(() => queues.close()),
  };
}
