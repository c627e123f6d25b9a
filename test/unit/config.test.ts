import { ConfigError, DEV_SECRETS, loadConfig } from '../../common/config';

/** What production needs, each its own (not the development secrets). */
const PRODUCTION_KEY = Buffer.alloc(32, 1).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://x@db/h',
  CONTEXT_SIGNING_SECRET: 'c'.repeat(32),
  PII_ENCRYPTION_KEY: PRODUCTION_KEY,
  PII_HASH_KEY: PRODUCTION_KEY,
};

describe('configuration', () => {
  it('needs nothing in development', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.ports).toEqual({ gateway: 4000, households: 4001, loans: 4002, funds: 4003 });
    expect(config.subgraphUrls.loans).toBe('http://127.0.0.1:4002/graphql');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.pii.encryptionKey).toHaveLength(32);
    expect(config.bindHost).toBe('127.0.0.1');
  });

  it('listens where BIND_HOST says, an IP address', () => {
    expect(loadConfig({ BIND_HOST: '0.0.0.0' }).bindHost).toBe('0.0.0.0');
    expect(loadConfig({ BIND_HOST: '::' }).bindHost).toBe('::');
  });

  it('derives subgraph URLs from ports unless given', () => {
    expect(loadConfig({ LOANS_PORT: '5002' }).subgraphUrls.loans).toBe('http://127.0.0.1:5002/graphql');
    expect(loadConfig({ LOANS_URL: 'http://loans:4002/graphql' }).subgraphUrls.loans).toBe('http://loans:4002/graphql');
  });

  it('refuses to run in production on development secrets, listing every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'CONTEXT_SIGNING_SECRET', 'PII_ENCRYPTION_KEY', 'PII_HASH_KEY'])
      expect(problems).toContain(`${name} is required in production`);
  });

  it('refuses in production the public development secrets even when set explicitly, naming each', () => {
    const production = { ...PRODUCTION, JWT_SECRET: 's'.repeat(32) };
    expect(() => loadConfig(production)).not.toThrow();
    for (const name of Object.keys(DEV_SECRETS) as (keyof typeof DEV_SECRETS)[]) {
      expect(() => loadConfig({ ...production, [name]: DEV_SECRETS[name] })).toThrow(
        `${name} is the public development secret; production needs a secret of its own`,
      );
    }
    // The same development key written in other base64 (no padding) is still that key.
    expect(() => loadConfig({ ...production, PII_HASH_KEY: DEV_SECRETS.PII_HASH_KEY.replace(/=+$/, '') })).toThrow(
      'PII_HASH_KEY is the public development secret',
    );
    // Outside production they are the fallback, and may be given.
    expect(loadConfig({ CONTEXT_SIGNING_SECRET: DEV_SECRETS.CONTEXT_SIGNING_SECRET }).contextSigning.secret.toString()).toBe(
      DEV_SECRETS.CONTEXT_SIGNING_SECRET,
    );
  });

  it('has no JWT secret in production unless one is configured (the gateway then refuses to start)', () => {
    const production = PRODUCTION;
    expect(loadConfig(production).jwt.secret).toBeUndefined();
    expect(loadConfig({ ...production, JWT_SECRET: 's'.repeat(32) }).jwt.secret).toBeDefined();
  });

  it('reads retired PII keys for rotation, and names what is wrong with one', () => {
    const retired = Buffer.alloc(32, 7);
    expect(loadConfig({ PII_KEY_ID: 'k2', PII_PREVIOUS_KEYS: `k1:${retired.toString('base64')}` }).pii.previousKeys).toEqual({ k1: retired });
    expect(loadConfig({}).pii.previousKeys).toEqual({});
    const wrong = () => loadConfig({ PII_KEY_ID: 'k2', PII_PREVIOUS_KEYS: `k2:${retired.toString('base64')}, k0:c2hvcnQ=, :x` });
    expect(wrong).toThrow(ConfigError);
    expect(wrong).toThrow(/lists "k2", the current PII_KEY_ID/);
    expect(wrong).toThrow(/key "k0" must be 32 bytes, base64-encoded \(got 5 bytes\)/);
    expect(wrong).toThrow(/an entry has no id before its colon/);
  });

  it("reads a Redis Cluster's nodes", () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7001, redis-b:7002' }).redisClusterNodes).toEqual([
      { host: '127.0.0.1', port: 7001 },
      { host: 'redis-b', port: 7002 },
    ]);
    expect(loadConfig({}).redisClusterNodes).toBeUndefined();
  });

  it.each([
    [{ GATEWAY_PORT: 'abc' }, /GATEWAY_PORT must be an integer/],
    [{ PII_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, /PII_ENCRYPTION_KEY must be 32 bytes/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 bytes/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be/],
    [{ QUEUE_NAMESPACE: 'Bad-Name' }, /QUEUE_NAMESPACE/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL must be a URL/],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:7001,nowhere' }, /REDIS_CLUSTER_NODES: "nowhere" is not host:port/],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:70001' }, /REDIS_CLUSTER_NODES: "127.0.0.1:70001" is not host:port/],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:7001', REDIS_URL: 'redis://127.0.0.1:6379' }, /set REDIS_URL or REDIS_CLUSTER_NODES, not both/],
    [{ BIND_HOST: 'everywhere' }, /BIND_HOST must be an IP address/],
    [{ BIND_HOST: '127.0.0.1:4000' }, /BIND_HOST must be an IP address/],
  ])('rejects %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
