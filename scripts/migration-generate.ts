/**
 * npm run migration:generate -- <households|loans|funds> <Name>
 *
 * Applies the subgraph's existing migrations to a scratch database (beside DATABASE_URL),
 * asks TypeORM what the entities still need, and writes that as a new migration with its
 * `down()`. Nothing is generated when the schema already matches the entities.
 */
import 'reflect-metadata';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../common/config';
import { createScratchDatabase } from '../common/db/scratch-database';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import { SUBGRAPHS } from '../gateway/src/supergraph';

function usage(): string {
  return 'usage: npm run migration:generate -- <households|loans|funds> <PascalCaseName>\n  needs DATABASE_URL (a scratch database is created beside it and dropped afterwards)';
}

function render(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) => queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

/** Rewrites migrations/index.ts to list every migration file of the folder, oldest first. */
function writeMigrationIndex(dir: string, subgraph: string): void {
  const files = readdirSync(dir)
    .filter((f) => /^\d+-\w+\.ts$/.test(f))
    .sort();
  const classes = files.map((f) => /export class (\w+)/.exec(readFileSync(join(dir, f), 'utf8'))![1]);
  const imports = files.map((f, i) => `import { ${classes[i]} } from './${f.slice(0, -3)}';`);
  writeFileSync(
    join(dir, 'index.ts'),
    `/** Migrations of the ${subgraph} schema, in order. New ones come from \`npm run migration:generate -- ${subgraph} <Name>\`. */\n${imports.join('\n')}\n\nexport const MIGRATIONS: Function[] = [${classes.join(', ')}];\n`,
  );
}

async function main(argv: string[]): Promise<number> {
  const [subgraphName, name] = argv;
  if (argv.includes('--help') || !subgraphName || !name) {
    console.log(usage());
    return argv.includes('--help') ? 0 : 2;
  }
  const module = SUBGRAPHS.find((s) => s.name === subgraphName);
  if (!module) throw new Error(`unknown subgraph "${subgraphName}"\n${usage()}`);
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('name must be PascalCase, e.g. AddLoanStatusHistory');
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required');

  const scratch = await createScratchDatabase(config.databaseUrl, 'huinong_migration');
  const dataSource = createDataSourceFor(module, scratch.url);
  try {
    await dataSource.initialize();
    await migrate(module, dataSource);
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log(`${module.name}: the schema already matches the entities; nothing generated`);
      return 0;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = join(__dirname, '..', 'subgraphs', module.name, 'src', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      render(
        className,
        sql.upQueries.map((q) => q.query),
        sql.downQueries.map((q) => q.query).reverse(),
      ),
    );
    writeMigrationIndex(join(file, '..'), module.name);
    console.log(`wrote ${file} and updated migrations/index.ts`);
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await scratch.drop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
