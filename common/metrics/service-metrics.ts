/**
 * Each service's Prometheus metrics (prom-client), served at /metrics by its HTTP server: the
 * process's own (CPU, memory, event loop, GC), GraphQL operations by operation name — never by
 * query text, which could carry personal data — with their outcome, errors by code, HTTP requests
 * by route, the gateway's fetches by subgraph, and the database pool of a subgraph. One registry per service, every series labelled with it.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** An operation without a name is counted as this (names are what dashboards group by). */
const ANONYMOUS = 'anonymous';
/** Names are the client's; past this length (or with other characters) they are not a label. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export interface ServiceMetrics {
  registry: Registry;
  /** The text Prometheus scrapes. */
  render(): Promise<string>;
  contentType: string;
  /** Counts GraphQL operations, their duration and errors (add to the service's Apollo Server). */
  apolloPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext>;
  /** Reports a pg pool's connections (total, idle, waiting clients) at each scrape. */
  observePool(pool: { totalCount: number; idleCount: number; waitingCount: number }): void;
  /** One HTTP request answered: its route (a fixed name, never the path with its ids), method and status. */
  observeHttpRequest(route: string, method: string, status: number, seconds: number): void;
  /** One fetch from the gateway to a subgraph: ok (2xx), error (another status) or unavailable (no answer). */
  observeSubgraphFetch(subgraph: string, outcome: 'ok' | 'error' | 'unavailable', seconds: number): void;
}

/** Methods outside these are counted as OTHER (a label must not take any value a client sends). */
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']);

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'hub_' });
  const operations = new Histogram({
    name: 'hub_graphql_operation_duration_seconds',
    help: 'GraphQL operations by name and outcome (ok: no error; error: the answer carried at least one)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'hub_graphql_errors_total',
    help: "Errors in GraphQL answers by the hub's code (BAD_USER_INPUT, FORBIDDEN, ROSTER_… ; INTERNAL_SERVER_ERROR for masked ones)",
    labelNames: ['operation', 'code'] as const,
    registers: [registry],
  });
  const httpRequests = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP requests by route (/graphql, /uploads, /downloads, /console, probes…), method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const subgraphFetches = new Histogram({
    name: 'hub_subgraph_fetch_duration_seconds',
    help: "The gateway's fetches from each subgraph by outcome (ok: a 2xx answer, GraphQL errors included; error: another status; unavailable: no answer)",
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pools: { totalCount: number; idleCount: number; waitingCount: number }[] = [];
  new Gauge({
    name: 'hub_db_pool_connections',
    help: "The database pool's connections (total, idle) and clients waiting for one",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const pool of pools) {
        this.inc({ state: 'total' }, pool.totalCount);
        this.inc({ state: 'idle' }, pool.idleCount);
        this.inc({ state: 'waiting' }, pool.waitingCount);
      }
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    observePool: (pool) => void pools.push(pool),
    observeHttpRequest: (route, method, status, seconds) =>
      httpRequests.observe({ route, method: HTTP_METHODS.has(method) ? method : 'OTHER', status: String(status) }, seconds),
    observeSubgraphFetch: (subgraph, outcome, seconds) => subgraphFetches.observe({ subgraph, outcome }, seconds),
    apolloPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
      return {
        async requestDidStart() {
          const started = process.hrtime.bigint();
          let operation = ANONYMOUS;
          let type = 'unknown';
          return {
            async didResolveOperation({ operationName, operation: document }) {
              if (operationName && OPERATION_NAME.test(operationName)) operation = operationName;
              type = document?.operation ?? 'unknown';
            },
            async didEncounterErrors({ errors: encountered }) {
              for (const error of encountered) {
                const code = error.extensions?.code;
                errors.inc({ operation, code: typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'INTERNAL_SERVER_ERROR' });
              }
            },
            async willSendResponse({ response }) {
              const failed = response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
              operations.observe({ operation, type, outcome: failed ? 'error' : 'ok' }, Number(process.hrtime.bigint() - started) / 1e9);
            },
          };
        },
      };
    },
  };
}
