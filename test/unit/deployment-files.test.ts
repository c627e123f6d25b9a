/**
 * docker-compose.yml, the README and config.ts must agree: Docker does not run here, so the
 * compose file is parsed and checked against the configuration it feeds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../common/config';

const ROOT = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
/** The default stack (`docker compose up`): the services in no profile. The scale profile is compose-spec.test.ts's. */
const services: Record<string, any> = Object.fromEntries(Object.entries(compose.services).filter(([, service]: [string, any]) => !service.profiles));
const defaults = loadConfig({});

describe('docker-compose.yml', () => {
  it('runs postgres, redis, the three subgraphs, the gateway and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(['funds', 'gateway', 'households', 'loans', 'postgres', 'redis', 'worker']);
  });

  it('gives every service a health check', () => {
    for (const [name, service] of Object.entries(services)) expect([name, service.healthcheck?.test?.length > 0]).toEqual([name, true]);
  });

  it('runs Redis with noeviction and append-only persistence', () => {
    const command = services.redis.command.join(' ');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(command).toContain('--appendonly yes');
  });

  it('uses only variables the hub reads, in production mode, with secrets from .env', () => {
    for (const name of ['households', 'loans', 'funds', 'gateway', 'worker']) {
      const env = services[name].environment as Record<string, string>;
      for (const key of Object.keys(env)) expect([name, key, key in CONFIG_VARIABLES]).toEqual([name, key, true]);
      expect(env.NODE_ENV).toBe('production');
      for (const secret of ['CONTEXT_SIGNING_SECRET', 'PII_ENCRYPTION_KEY', 'PII_HASH_KEY']) expect(env[secret]).toMatch(/^\$\{/);
    }
  });

  it('serves each subgraph on its configured port and checks readiness there', () => {
    const ports = { households: defaults.ports.households, loans: defaults.ports.loans, funds: defaults.ports.funds, gateway: defaults.ports.gateway } as const;
    for (const [name, port] of Object.entries(ports)) {
      const service = services[name];
      expect(service.environment[`${name.toUpperCase()}_PORT`]).toBe(String(port));
      expect(service.healthcheck.test.join(' ')).toContain(`127.0.0.1:${port}/readyz`);
    }
    expect(services.gateway.ports).toEqual([`${defaults.ports.gateway}:${defaults.ports.gateway}`]);
    expect(services.gateway.environment.HOUSEHOLDS_URL).toBe(`http://households:${defaults.ports.households}/graphql`);
    expect(services.gateway.environment.LOANS_URL).toBe(`http://loans:${defaults.ports.loans}/graphql`);
    expect(services.gateway.environment.FUNDS_URL).toBe(`http://funds:${defaults.ports.funds}/graphql`);
    for (const name of ['households', 'loans', 'funds', 'worker']) expect(services[name].ports).toBeUndefined();
  });

  it('has the services listen on every interface of their container (they bind 127.0.0.1 by default)', () => {
    expect(defaults.bindHost).toBe('127.0.0.1');
    for (const name of ['households', 'loans', 'funds', 'gateway']) expect([name, services[name].environment.BIND_HOST]).toEqual([name, '0.0.0.0']);
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ENV BIND_HOST=0\.0\.0\.0$/m);
  });

  it('starts each service from its entry point in the image', () => {
    const entries: Record<string, string> = {
      households: 'subgraphs/households/src/main.ts',
      loans: 'subgraphs/loans/src/main.ts',
      funds: 'subgraphs/funds/src/main.ts',
      gateway: 'gateway/src/main.ts',
      worker: 'queues/src/main.ts',
    };
    for (const [name, entry] of Object.entries(entries)) {
      expect(services[name].command).toEqual(['node', '-r', '@swc-node/register', entry]);
      expect(readFileSync(join(ROOT, entry), 'utf8').length).toBeGreaterThan(0);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const copied = [...dockerfile.matchAll(/^COPY (?:--\S+ )*(\S+) \.\/(\S+)$/gm)].map((m) => m[1]);

  it('runs on Node 22 LTS, nothing fetched at run time, while npm start still accepts Node 20.19+', () => {
    // Two stages, both Node 22: the console's build (its tools are devDependencies), then the image.
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases).toEqual(['node:22-bookworm-slim', 'node:22-bookworm-slim']);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
  });

  it('serves the console: built in its own stage, its dist copied where the gateway looks for it', () => {
    expect(dockerfile).toMatch(/^FROM node:22-bookworm-slim AS console$/m);
    expect(dockerfile).toMatch(/^RUN npm run console:build$/m);
    expect(dockerfile).toMatch(/^COPY --from=console \/build\/console\/dist \.\/console\/dist$/m);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node).toBe('>=20.19');
  });

  it('ships the command-line tools and every file they import, so a compose deployment can load regions and import files', () => {
    expect(copied).toEqual(expect.arrayContaining(['scripts', 'samples']));
    // Each top-level folder the CLIs (other than npm start, which is for one machine) import is in the image.
    const cli = ['roster', 'banks', 'subsidy', 'accounts', 'token', 'reset'];
    for (const name of cli) {
      const text = readFileSync(join(ROOT, 'scripts', `${name}.ts`), 'utf8');
      for (const [, folder] of text.matchAll(/from '\.\.\/([a-z-]+)\//g)) expect([name, folder, copied.includes(folder)]).toEqual([name, folder, true]);
    }
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const name of cli) expect(scripts[name]).toBe(`node -r @swc-node/register scripts/${name}.ts`);
    expect(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')).not.toContain('scripts');
  });
});

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('documents every configuration variable, and no other', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(CONFIG_VARIABLES).sort());
  });

  it('has the two quick-start commands, and CI runs the same test command', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\s/m);
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('links only to files of the repository (a clone has no ../shared), and each exists', () => {
    expect(readme).not.toMatch(/\.\.\/shared|\]\(\.\.\//);
    const targets = [...readme.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
    expect(targets).toEqual(expect.arrayContaining(['docs/domain.md', 'docs/security.md']));
    for (const target of targets) expect([target, existsSync(join(ROOT, target))]).toEqual([target, true]);
  });

  it('says how to start over, and the sample files it names are shipped', () => {
    expect(readme).toMatch(/^npm run reset\s/m);
    for (const [, file] of readme.matchAll(/(samples\/[^\s`|]+\.(?:csv|xlsx))/g)) expect([file, existsSync(join(ROOT, file))]).toEqual([file, true]);
  });
});
