/**
 * Subgraph SDL printed from code and composed into the supergraph the gateway serves.
 * `npm run schema` writes both into schema/; a test fails when the committed files drift.
 */
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { DataSource } from 'typeorm';
import type { HubConfig } from '../../common/config';
import { createLogger } from '../../common/logger';
import type { SubgraphModule, SubgraphName } from '../../common/subgraph-service';
export { SCHEMA_DIR, SUPERGRAPH_FILE } from './supergraph-file';
import { fundsSubgraph } from '../../subgraphs/funds/src';
import { householdsSubgraph } from '../../subgraphs/households/src';
import { loansSubgraph } from '../../subgraphs/loans/src';

export const SUBGRAPHS: readonly SubgraphModule[] = [householdsSubgraph, loansSubgraph, fundsSubgraph];

/** Routing URLs written into the committed supergraph; the gateway overrides them from config. */
const DEFAULT_ROUTING_URLS: Record<SubgraphName, string> = {
  households: 'http://127.0.0.1:4001/graphql',
  loans: 'http://127.0.0.1:4002/graphql',
  funds: 'http://127.0.0.1:4003/graphql',
};

export async function printSubgraphSdl(module: SubgraphModule, config: HubConfig): Promise<string> {
  // Printing needs no database: the app and resolvers are built but never run.
  const app = module.createApp({ dataSource: new DataSource({ type: 'postgres' }), config, logger: createLogger({ service: 'schema' }, 'error') });
  const schema = await module.buildSchema(app);
  return printSubgraphSchema(schema) + '\n';
}

export interface Composition {
  subgraphs: Record<SubgraphName, string>;
  supergraph: string;
}

export class CompositionError extends Error {
  constructor(public readonly errors: readonly Error[]) {
    super(`supergraph composition failed:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

export async function composeSupergraph(config: HubConfig): Promise<Composition> {
  const subgraphs = {} as Record<SubgraphName, string>;
  for (const module of SUBGRAPHS) subgraphs[module.name] = await printSubgraphSdl(module, config);
  const result = composeServices(
    SUBGRAPHS.map((module) => ({ name: module.name, url: DEFAULT_ROUTING_URLS[module.name], typeDefs: parse(subgraphs[module.name]) })),
  );
  if (result.errors) throw new CompositionError(result.errors);
  return { subgraphs, supergraph: result.supergraphSdl + '\n' };
}
