/**
 * supergraph.yaml (rover's composition config) stays true: composing the committed subgraph SDLs
 * it names, with its routing URLs, by Federation 2's own composer gives the committed supergraph,
 * byte for byte; it names every subgraph the hub has, at the URLs the gateway uses by default.
 */
import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { loadConfig } from '../../common/config';

const ROOT = join(__dirname, '..', '..');

/** The subgraphs of supergraph.yaml (its plain structure, read without a YAML library the hub does not otherwise need). */
function subgraphsOf(yaml: string): { name: string; url: string; file: string }[] {
  const entries = [...yaml.matchAll(/^ {2}([a-z]+):\n {4}routing_url: (\S+)\n {4}schema:\n {6}file: (\S+)$/gm)];
  return entries.map(([, name, url, file]) => ({ name, url, file }));
}

describe('supergraph.yaml', () => {
  const yaml = readFileSync(join(ROOT, 'supergraph.yaml'), 'utf8');
  const subgraphs = subgraphsOf(yaml);

  it('names every subgraph at the URL the gateway reaches it by default, and a Federation 2 composer', () => {
    const urls = loadConfig({}).subgraphUrls;
    expect(subgraphs.map((s) => [s.name, s.url]).sort()).toEqual(Object.entries(urls).sort());
    // The composer the hub itself composes with (rover fetches that version's plugin).
    const composition = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies['@apollo/composition'];
    expect(yaml).toMatch(new RegExp(`^federation_version: =${composition.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('composes, from the committed SDLs it names, the committed supergraph', () => {
    const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(readFileSync(join(ROOT, s.file), 'utf8')) })));
    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl + '\n').toBe(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
  });
});
