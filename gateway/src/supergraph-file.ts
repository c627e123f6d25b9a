/** Where the committed SDL lives. Kept apart from composition so the gateway loads no subgraph code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');
export const SUPERGRAPH_FILE = join(SCHEMA_DIR, 'supergraph.graphql');

export function readCommittedSupergraph(): string {
  return readFileSync(SUPERGRAPH_FILE, 'utf8');
}
