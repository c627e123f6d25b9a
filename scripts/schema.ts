/**
 * npm run schema            print each subgraph's SDL and the composed supergraph into schema/
 * npm run schema -- --check exit 1 if the committed files differ from what the code prints
 */
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../common/config';
import { composeSupergraph, SCHEMA_DIR, SUPERGRAPH_FILE } from '../gateway/src/supergraph';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(
      'usage: npm run schema [-- --check]\n  Prints schema/<subgraph>.graphql and schema/supergraph.graphql from code.\n  --check  compare with the committed files instead of writing; exit 1 on any difference',
    );
    return 0;
  }
  const check = argv.includes('--check');
  const composition = await composeSupergraph(loadConfig({ ...process.env, NODE_ENV: 'development' }));
  const files: [string, string][] = [
    ...Object.entries(composition.subgraphs).map(([name, sdl]): [string, string] => [join(SCHEMA_DIR, `${name}.graphql`), sdl]),
    [SUPERGRAPH_FILE, composition.supergraph],
  ];
  let stale = 0;
  for (const [file, content] of files) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === content) continue;
    if (check) {
      console.error(`${file} differs from what the code prints: run npm run schema`);
      stale++;
    } else {
      writeFileSync(file, content);
      console.log(`wrote ${file}`);
    }
  }
  if (!check && files.every(([file, content]) => readFileSync(file, 'utf8') === content) && stale === 0) console.log('schema/ written');
  return stale ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
