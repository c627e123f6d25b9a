/**
 * One gateway of bench:federation in a process of its own, so its CPU is its own to measure:
 * `hub` is the hub's gateway (startGateway, as in production: JWT check, operation limits, signed
 * context per fetch, metrics, logging, tracing hooks); `stock` is Apollo Gateway + Apollo Server
 * as they come (startStandaloneServer, no plugin, default caches), over the same supergraph and
 * subgraphs, doing only what the subgraphs cannot answer without: a signed caller context on
 * each fetch (one fixed admin caller, no token read).
 *
 * Started by bench/federation.ts with an IPC channel: it answers `{ url }` once listening, then
 * `{ cpu }` (process.cpuUsage, µs) to each 'cpu' message; 'stop' ends it.
 */
import 'reflect-metadata';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { Caller } from '../common/auth/caller';
import { CONTEXT_HEADER, sha256Hex, signContext } from '../common/auth/signed-context';
import { createLogger } from '../common/logger';
import type { SubgraphName } from '../common/subgraph-service';
import { testConfig } from '../demo/test-hub';
import { startGateway } from '../gateway/src/gateway';
import { readCommittedSupergraph } from '../gateway/src/supergraph-file';

export type BenchGatewayKind = 'hub' | 'stock';

/** What the bench passes in the environment. */
export const BENCH_GATEWAY_ENV = 'BENCH_GATEWAY';

interface Settings {
  kind: BenchGatewayKind;
  subgraphUrls: Record<SubgraphName, string>;
  /** The hub's config overrides (the same as the subgraphs' test hub: same secrets). */
  overrides: Record<string, string>;
}

async function startStock(settings: Settings): Promise<{ url: string; close(): Promise<void> }> {
  const config = testConfig(settings.overrides);
  const caller: Caller = { subject: 'bench-stock', role: 'admin', counties: [], bank: null };
  const gateway = new ApolloGateway({
    supergraphSdl: readCommittedSupergraph(),
    buildService: ({ name }) => {
      const source = new RemoteGraphQLDataSource({ url: settings.subgraphUrls[name as SubgraphName] });
      const send = source.fetcher;
      source.fetcher = (target, init) => {
        const { pathname, search } = new URL(target);
        const binding = { method: init?.method ?? 'GET', target: pathname + search, body: sha256Hex(init?.body ?? '') };
        const headers = { ...init?.headers, [CONTEXT_HEADER]: signContext(caller, 'bench', binding, config.contextSigning.secret, { ttlSeconds: 60 }) };
        return send(target, { ...init, headers });
      };
      return source;
    },
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url: new URL('/graphql', url).toString(), close: () => server.stop() };
}

async function startHub(settings: Settings): Promise<{ url: string; close(): Promise<void> }> {
  const config = testConfig(settings.overrides);
  // As in production: an access line per request at info, on stdout (the bench discards it).
  const logger = createLogger({ service: 'gateway' }, 'info');
  const running = await startGateway(config, logger, readCommittedSupergraph(), { port: 0, host: '127.0.0.1', subgraphUrls: settings.subgraphUrls });
  return { url: running.url, close: () => running.close() };
}

async function main() {
  const settings = JSON.parse(process.env[BENCH_GATEWAY_ENV] ?? '') as Settings;
  const running = settings.kind === 'hub' ? await startHub(settings) : await startStock(settings);
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
    if (message === 'stop') void running.close().finally(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ url: running.url });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
