/**
 * Configuration: every environment variable the hub reads is declared here, once, with its
 * default and meaning. It is read and validated at start-up; nothing else reads process.env.
 * The README's configuration table and docker-compose.yml are checked against this list by tests.
 */
import { isIP } from 'node:net';

export type HubEnvironment = 'development' | 'test' | 'production';

interface VariableSpec {
  /** Default used when the variable is unset. `undefined` means "no default". */
  default?: string;
  /** Required when NODE_ENV=production (secrets must never fall back to dev values there). */
  requiredInProduction?: boolean;
  description: string;
}

export const CONFIG_VARIABLES = {
  NODE_ENV: {
    default: 'development',
    description: '`development`, `test` or `production`. Outside development introspection is off and internal errors are masked.',
  },
  LOG_LEVEL: { default: 'info', description: '`debug`, `info`, `warn` or `error`.' },
  DATABASE_URL: { requiredInProduction: true, description: 'PostgreSQL connection string. Unset: `npm start` runs an embedded PostgreSQL under `DATA_DIR`.' },
  DATABASE_URL_HOUSEHOLDS: {
    description:
      "PostgreSQL connection string of the households subgraph (its service and the worker's side of it), e.g. as its own role `huinong_households` (`npm run db:roles`). Unset: `DATABASE_URL`.",
  },
  DATABASE_URL_LOANS: {
    description:
      "PostgreSQL connection string of the loans subgraph (its service and the worker's side of it), e.g. as its own role `huinong_loans`. Unset: `DATABASE_URL`.",
  },
  DATABASE_URL_FUNDS: {
    description:
      "PostgreSQL connection string of the funds subgraph (its service and the worker's side of it), e.g. as its own role `huinong_funds`. Unset: `DATABASE_URL`.",
  },
  DATABASE_REPLICA_URL: {
    description:
      'A streaming replica of `DATABASE_URL`: plain reads of GraphQL queries go there while it is at most `REPLICA_MAX_LAG_MS` behind (mutations, uploads and jobs stay on the primary). For the subgraphs without a `DATABASE_URL_<SUBGRAPH>` of their own. Unset: every read on the primary.',
  },
  DATABASE_REPLICA_URL_HOUSEHOLDS: {
    description: 'A streaming replica of the households subgraph’s database, as `DATABASE_REPLICA_URL` is of `DATABASE_URL`.',
  },
  DATABASE_REPLICA_URL_LOANS: { description: 'The same for the loans subgraph.' },
  DATABASE_REPLICA_URL_FUNDS: { description: 'The same for the funds subgraph.' },
  REPLICA_MAX_LAG_MS: {
    default: '2000',
    description: 'How far behind its primary a replica may be (measured every 0.5 s from WAL positions) and still serve reads.',
  },
  REDIS_URL: { description: "Redis for BullMQ. Unset: queues run on BullMQ's PostgreSQL backend in `DATABASE_URL`." },
  REDIS_CLUSTER_NODES: {
    description:
      "A Redis Cluster for BullMQ instead of one Redis: some of its nodes as `host:port,host:port`. Each queue's keys are hash-tagged (`{QUEUE_NAMESPACE:queue}`) so they share a slot. Not with `REDIS_URL`.",
  },
  QUEUE_NAMESPACE: { default: 'hub_queues', description: 'Key prefix of the queues on Redis, or their schema on PostgreSQL.' },
  DATA_DIR: { default: '.data', description: 'Where the embedded PostgreSQL keeps its files between runs (`npm start` only).' },
  EMBEDDED_PG_PORT: { default: '54329', description: 'Port of the embedded PostgreSQL (`npm start` only).' },
  BIND_HOST: {
    default: '127.0.0.1',
    description:
      "Address the gateway and the subgraphs listen on (an IP address). The default serves this machine only; a container sets `0.0.0.0` (the Dockerfile and docker-compose.yml do), where only the gateway's port is published.",
  },
  GATEWAY_PORT: { default: '4000', description: 'Port of the gateway (the only public endpoint).' },
  HOUSEHOLDS_PORT: { default: '4001', description: 'Port of the households subgraph.' },
  LOANS_PORT: { default: '4002', description: 'Port of the loans subgraph.' },
  FUNDS_PORT: { default: '4003', description: 'Port of the funds subgraph.' },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    description:
      'Where each service sends its traces over OTLP/HTTP (an OpenTelemetry collector, Jaeger, Tempo…), e.g. `http://collector:4318`; `/v1/traces` is appended. Unset: nothing is traced.',
  },
  WORKER_METRICS_PORT: {
    default: '4004',
    description:
      'Port where the worker serves its Prometheus `/metrics` (queues, jobs, list lag per bank). `0` serves none; a port already taken is logged and the worker runs without it (a second worker on one machine needs its own).',
  },
  HOUSEHOLDS_URL: { description: 'GraphQL URL of the households subgraph as the gateway reaches it. Default `http://127.0.0.1:$HOUSEHOLDS_PORT/graphql`.' },
  LOANS_URL: { description: 'GraphQL URL of the loans subgraph. Default `http://127.0.0.1:$LOANS_PORT/graphql`.' },
  FUNDS_URL: { description: 'GraphQL URL of the funds subgraph. Default `http://127.0.0.1:$FUNDS_PORT/graphql`.' },
  JWT_SECRET: {
    description:
      'HS256 secret (≥ 32 bytes) for caller tokens, gateway only. Either this or `JWT_JWKS_URL`; outside production a fixed dev secret is the fallback.',
  },
  JWT_JWKS_URL: { description: 'JWKS URL of an identity provider (RS256/ES256 tokens). Takes precedence over `JWT_SECRET`.' },
  JWT_ISSUER: { default: 'huinong-hub', description: 'Required `iss` claim.' },
  JWT_AUDIENCE: { default: 'huinong-hub-api', description: 'Required `aud` claim.' },
  JWT_MAX_AGE_SECONDS: { default: '43200', description: 'Oldest `iat` accepted, in seconds (tokens also need `exp`).' },
  OIDC_ISSUER_URL: {
    description:
      "OpenID Connect issuer (e.g. `https://id.example.gov.cn/realms/hub`). Set: the gateway verifies callers' tokens by the issuer's JWKS (its discovery document's `jwks_uri`, unless `JWT_JWKS_URL` is given), requires `iss` to be this URL (instead of `JWT_ISSUER`) and `aud` to be `JWT_AUDIENCE`, and there is no development sign-in. The access token must be a JWT (RS256/ES256) carrying `sub`, `iat`, `exp`, `role` and, by role, `counties` (list of county codes) or `bank`.",
  },
  OIDC_CONSOLE_CLIENT_ID: {
    description:
      'Client id of the console at `OIDC_ISSUER_URL` (a public client: authorization code + PKCE S256, redirect URI `<hub origin>/console/callback`, post-logout redirect URI `<hub origin>/console/`). Set with the issuer: the console offers 统一身份认证登录.',
  },
  OIDC_CONSOLE_SCOPES: { default: 'openid profile', description: 'Scopes the console asks the issuer for (space-separated; must include `openid`).' },
  CONTEXT_SIGNING_SECRET: {
    requiredInProduction: true,
    description:
      'Shared HMAC secret (≥ 32 bytes) with which the gateway signs the caller context it forwards; subgraphs refuse requests without a valid signature.',
  },
  CONTEXT_TTL_SECONDS: {
    default: '60',
    description:
      'Lifetime of a signed context header: subgraphs refuse one signed longer ago than this (from its `iat`, whatever its `exp` says) or more than 5 s in the future. Each header is also bound to the one request it was signed for.',
  },
  PII_ENCRYPTION_KEY: { requiredInProduction: true, description: 'Base64 AES-256 key (32 bytes) for personal data at rest.' },
  PII_KEY_ID: { default: 'k1', description: 'Id stored beside every ciphertext, for key rotation.' },
  PII_PREVIOUS_KEYS: {
    description:
      'Retired encryption keys after a rotation, as `id:base64key` pairs separated by commas (e.g. `k1:…`): rows they sealed still open; new rows are sealed under PII_KEY_ID. The hash key does not rotate (lookups match on it).',
  },
  PII_HASH_KEY: { requiredInProduction: true, description: 'Base64 HMAC key for lookup hashes of ID, phone and card numbers.' },
  MAX_QUERY_DEPTH: { default: '12', description: 'Deepest GraphQL selection the gateway accepts.' },
  MAX_QUERY_ALIASES: { default: '30', description: 'Most aliases one operation may use.' },
  MAX_ROOT_FIELDS: { default: '10', description: 'Most root fields one operation may select.' },
  MAX_BODY_BYTES: { default: '2097152', description: 'Largest request body any service accepts.' },
  JOB_LOCK_MS: {
    default: '30000',
    description:
      'How long a running job is locked to its worker; a worker that died (SIGKILL) leaves its job stalled until then, when another worker takes it over. Also the interval of the stalled-job check.',
  },
  BANK_SIM_PORT: {
    default: '4100',
    description:
      'Port of the bank simulator that `npm start` runs when `BANK_CONNECTOR_URL_TEMPLATE` is unset (the demo registers its banks with their URLs there).',
  },
  BANK_CONNECTOR_URL_TEMPLATE: {
    description:
      "Fallback base URL of a bank's connector, `{bank}` standing for the bank code (e.g. `https://connector.example/banks/{bank}`), for banks registered without a `connectorUrl`; a registered `connectorUrl` always wins. Unset: such banks get no list and no pull.",
  },
  BANK_CONNECTOR_TOKEN: {
    description:
      'Fallback bearer token for banks registered without a `credentialRef` (a bank’s `credentialRef` names the environment variable holding its own token, which wins); required in production when `BANK_CONNECTOR_URL_TEMPLATE` is set (outside production a dev token is the fallback).',
  },
  BANK_CONNECTOR_TIMEOUT_MS: { default: '15000', description: 'How long the hub waits for a bank connector to answer.' },
  LIST_DISPATCH_EVERY_MS: {
    default: '10000',
    description:
      'How often the worker turns roster outbox events into list deliveries and sends what is pending (list deliveries and approved payout batches).',
  },
  LIST_PUSH_ATTEMPTS: {
    default: '8',
    description: 'Attempts per list delivery (exponential backoff) before it is parked as failed; also per round of a payout batch send.',
  },
  LIST_PUSH_BACKOFF_MS: { default: '2000', description: 'First retry delay of a list delivery or payout batch send; doubles with each attempt.' },
  LOAN_PULL_EVERY_MS: { default: '3600000', description: "How often each bank's loan records are pulled (one job scheduler per bank)." },
  LOAN_PULL_PAGE_SIZE: { default: '2000', description: 'Loan records asked for per page (at most 5,000).' },
} satisfies Record<string, VariableSpec>;

export type ConfigVariable = keyof typeof CONFIG_VARIABLES;

export interface HubConfig {
  env: HubEnvironment;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  databaseUrl: string | undefined;
  /** Each subgraph's database (DATABASE_URL_<SUBGRAPH>, else DATABASE_URL); the queues stay on DATABASE_URL. */
  subgraphDatabaseUrls: Record<'households' | 'loans' | 'funds', string | undefined>;
  /** Each subgraph's read replica (DATABASE_REPLICA_URL_<SUBGRAPH>, else DATABASE_REPLICA_URL for one on DATABASE_URL), and the lag it may have. */
  replicas: { urls: Record<'households' | 'loans' | 'funds', string | undefined>; maxLagMs: number };
  redisUrl: string | undefined;
  /** A Redis Cluster's nodes (REDIS_CLUSTER_NODES), instead of REDIS_URL. */
  redisClusterNodes: { host: string; port: number }[] | undefined;
  queueNamespace: string;
  dataDir: string;
  embeddedPgPort: number;
  /** Where the gateway and subgraphs listen (BIND_HOST). */
  bindHost: string;
  ports: { gateway: number; households: number; loans: number; funds: number };
  /** Traces go to this OTLP/HTTP endpoint when it is set (OTEL_EXPORTER_OTLP_ENDPOINT). */
  tracing: { otlpEndpoint: string | undefined };
  /** Where the worker serves /metrics (WORKER_METRICS_PORT); 0: nowhere. */
  workerMetricsPort: number;
  subgraphUrls: { households: string; loans: string; funds: string };
  /** `oidcIssuerUrl`: with an OpenID Connect issuer, its URL; the JWKS is discovered from it when `jwksUrl` is unset. */
  jwt: {
    secret: Uint8Array | undefined;
    jwksUrl: string | undefined;
    oidcIssuerUrl: string | undefined;
    issuer: string;
    audience: string;
    maxAgeSeconds: number;
  };
  /** The console's sign-in at the OpenID Connect issuer, when configured (OIDC_ISSUER_URL and OIDC_CONSOLE_CLIENT_ID). */
  consoleOidc: { issuer: string; clientId: string; scopes: string } | undefined;
  contextSigning: { secret: Buffer; ttlSeconds: number };
  pii: { encryptionKey: Buffer; keyId: string; hashKey: Buffer; previousKeys: Record<string, Buffer> };
  limits: { maxDepth: number; maxAliases: number; maxRootFields: number; maxBodyBytes: number };
  jobLockMs: number;
  banks: {
    simulatorPort: number;
    connectorUrlTemplate: string | undefined;
    connectorToken: string;
    timeoutMs: number;
    listDispatchEveryMs: number;
    listPushAttempts: number;
    listPushBackoffMs: number;
    loanPullEveryMs: number;
    loanPullPageSize: number;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Development-only secrets: fixed so tokens minted by `npm run token` keep working across
 * restarts. They are public (this file), so production refuses them even when set explicitly.
 */
export const DEV_SECRETS = {
  JWT_SECRET: 'huinong-hub-development-jwt-secret-not-for-production',
  CONTEXT_SIGNING_SECRET: 'huinong-hub-development-context-secret-not-for-production',
  PII_ENCRYPTION_KEY: Buffer.from('huinong-hub-dev-pii-encrypt-key!').toString('base64'),
  PII_HASH_KEY: Buffer.from('huinong-hub-dev-pii-hash-key-000').toString('base64'),
};

export function loadConfig(source: NodeJS.ProcessEnv = process.env): HubConfig {
  const problems: string[] = [];
  const raw = (name: ConfigVariable): string | undefined => {
    const value = source[name];
    if (value !== undefined && value !== '') return value;
    const spec: VariableSpec = CONFIG_VARIABLES[name];
    return spec.default;
  };
  const env = raw('NODE_ENV') as HubEnvironment;
  if (!['development', 'test', 'production'].includes(env)) problems.push(`NODE_ENV must be development, test or production (got "${env}")`);
  const production = env === 'production';

  const int = (name: ConfigVariable, min: number, max: number): number => {
    const text = raw(name) ?? '';
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${text}")`);
      return min;
    }
    return value;
  };
  const secret = (name: keyof typeof DEV_SECRETS): string => {
    const value = raw(name);
    if (value) return value;
    const spec: VariableSpec = CONFIG_VARIABLES[name];
    if (production && spec.requiredInProduction) problems.push(`${name} is required in production`);
    return DEV_SECRETS[name];
  };
  const base64Key = (name: 'PII_ENCRYPTION_KEY' | 'PII_HASH_KEY', bytes: number): Buffer => {
    const key = Buffer.from(secret(name), 'base64');
    if (key.length !== bytes) problems.push(`${name} must be ${bytes} bytes, base64-encoded (got ${key.length} bytes)`);
    return key;
  };

  for (const name of Object.keys(CONFIG_VARIABLES) as ConfigVariable[]) {
    const spec: VariableSpec = CONFIG_VARIABLES[name];
    if (production && spec.requiredInProduction && !source[name]) problems.push(`${name} is required in production`);
  }
  if (production) {
    for (const name of Object.keys(DEV_SECRETS) as (keyof typeof DEV_SECRETS)[]) {
      const given = source[name];
      const isKey = name === 'PII_ENCRYPTION_KEY' || name === 'PII_HASH_KEY';
      if (given && (given === DEV_SECRETS[name] || (isKey && Buffer.from(given, 'base64').equals(Buffer.from(DEV_SECRETS[name], 'base64')))))
        problems.push(`${name} is the public development secret; production needs a secret of its own (e.g. \`openssl rand -base64 48\`)`);
    }
  }

  const bindHost = raw('BIND_HOST')!;
  if (isIP(bindHost) === 0) problems.push(`BIND_HOST must be an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0 (got "${bindHost}")`);

  const logLevel = raw('LOG_LEVEL') as HubConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) problems.push(`LOG_LEVEL must be debug, info, warn or error (got "${logLevel}")`);

  const ports = {
    gateway: int('GATEWAY_PORT', 1, 65535),
    households: int('HOUSEHOLDS_PORT', 1, 65535),
    loans: int('LOANS_PORT', 1, 65535),
    funds: int('FUNDS_PORT', 1, 65535),
  };
  const url = (name: ConfigVariable, fallback: string): string => {
    const value = raw(name) ?? fallback;
    try {
      new URL(value);
    } catch {
      problems.push(`${name} must be a URL (got "${value}")`);
    }
    return value;
  };

  // Only the gateway verifies tokens: it refuses to start without JWT_SECRET or JWT_JWKS_URL in
  // production (createTokenVerifier), while subgraphs and the worker need neither.
  const jwksUrl = raw('JWT_JWKS_URL');
  const oidcIssuer = raw('OIDC_ISSUER_URL');
  if (oidcIssuer) {
    url('OIDC_ISSUER_URL', oidcIssuer);
    if (production && !oidcIssuer.startsWith('https://')) problems.push('OIDC_ISSUER_URL must be https in production');
  }
  const consoleClientId = raw('OIDC_CONSOLE_CLIENT_ID');
  if (consoleClientId && !oidcIssuer) problems.push('OIDC_CONSOLE_CLIENT_ID needs OIDC_ISSUER_URL');
  const consoleScopes = raw('OIDC_CONSOLE_SCOPES')!;
  if (!consoleScopes.split(' ').includes('openid')) problems.push('OIDC_CONSOLE_SCOPES must include openid');
  const jwtSecretText = jwksUrl || oidcIssuer || production ? raw('JWT_SECRET') : secret('JWT_SECRET');
  if (jwtSecretText !== undefined && Buffer.byteLength(jwtSecretText) < 32) problems.push('JWT_SECRET must be at least 32 bytes');
  const contextSecret = secret('CONTEXT_SIGNING_SECRET');
  if (Buffer.byteLength(contextSecret) < 32) problems.push('CONTEXT_SIGNING_SECRET must be at least 32 bytes');

  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(raw('QUEUE_NAMESPACE')!))
    problems.push('QUEUE_NAMESPACE must be lower-case letters, digits and _ (it names a PostgreSQL schema)');
  const databaseUrl = raw('DATABASE_URL');
  if (databaseUrl) url('DATABASE_URL', databaseUrl);
  const subgraphDatabaseUrl = (name: 'DATABASE_URL_HOUSEHOLDS' | 'DATABASE_URL_LOANS' | 'DATABASE_URL_FUNDS'): string | undefined => {
    const own = raw(name);
    return own ? url(name, own) : databaseUrl;
  };
  const subgraphDatabaseUrls = {
    households: subgraphDatabaseUrl('DATABASE_URL_HOUSEHOLDS'),
    loans: subgraphDatabaseUrl('DATABASE_URL_LOANS'),
    funds: subgraphDatabaseUrl('DATABASE_URL_FUNDS'),
  };
  // A subgraph on its own database has its own replica or none; the shared replica follows DATABASE_URL.
  const replicaUrl = (subgraph: 'HOUSEHOLDS' | 'LOANS' | 'FUNDS'): string | undefined => {
    const own = raw(`DATABASE_REPLICA_URL_${subgraph}`);
    if (own) return url(`DATABASE_REPLICA_URL_${subgraph}`, own);
    const shared = raw('DATABASE_REPLICA_URL');
    return shared && !raw(`DATABASE_URL_${subgraph}`) ? url('DATABASE_REPLICA_URL', shared) : undefined;
  };
  const redisUrl = raw('REDIS_URL');
  if (redisUrl) url('REDIS_URL', redisUrl);
  const clusterText = raw('REDIS_CLUSTER_NODES');
  const redisClusterNodes = clusterText
    ? clusterText.split(',').map((node) => {
        const match = /^\s*([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\s*$/.exec(node);
        if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) problems.push(`REDIS_CLUSTER_NODES: "${node}" is not host:port`);
        return { host: match?.[1] ?? '', port: Number(match?.[2] ?? 0) };
      })
    : undefined;
  if (redisUrl && redisClusterNodes) problems.push('set REDIS_URL or REDIS_CLUSTER_NODES, not both');

  const connectorTemplate = raw('BANK_CONNECTOR_URL_TEMPLATE');
  if (connectorTemplate) {
    url('BANK_CONNECTOR_URL_TEMPLATE', connectorTemplate.replace('{bank}', 'ABC'));
    if (!connectorTemplate.includes('{bank}')) problems.push('BANK_CONNECTOR_URL_TEMPLATE must contain {bank}');
  }
  const connectorToken = raw('BANK_CONNECTOR_TOKEN') ?? (production ? '' : 'dev-bank-connector-token');
  if (production && connectorTemplate && !connectorToken)
    problems.push('BANK_CONNECTOR_TOKEN is required in production when BANK_CONNECTOR_URL_TEMPLATE is set');

  const config: HubConfig = {
    env,
    logLevel,
    databaseUrl,
    subgraphDatabaseUrls,
    replicas: {
      urls: {
        households: replicaUrl('HOUSEHOLDS'),
        loans: replicaUrl('LOANS'),
        funds: replicaUrl('FUNDS'),
      },
      maxLagMs: int('REPLICA_MAX_LAG_MS', 0, 3_600_000),
    },
    redisUrl,
    redisClusterNodes,
    queueNamespace: raw('QUEUE_NAMESPACE')!,
    dataDir: raw('DATA_DIR')!,
    embeddedPgPort: int('EMBEDDED_PG_PORT', 1, 65535),
    bindHost,
    ports,
    workerMetricsPort: int('WORKER_METRICS_PORT', 0, 65535),
    tracing: { otlpEndpoint: raw('OTEL_EXPORTER_OTLP_ENDPOINT') ? url('OTEL_EXPORTER_OTLP_ENDPOINT', raw('OTEL_EXPORTER_OTLP_ENDPOINT')!) : undefined },
    subgraphUrls: {
      households: url('HOUSEHOLDS_URL', `http://127.0.0.1:${ports.households}/graphql`),
      loans: url('LOANS_URL', `http://127.0.0.1:${ports.loans}/graphql`),
      funds: url('FUNDS_URL', `http://127.0.0.1:${ports.funds}/graphql`),
    },
    jwt: {
      secret: jwtSecretText ? new TextEncoder().encode(jwtSecretText) : undefined,
      jwksUrl: jwksUrl ? url('JWT_JWKS_URL', jwksUrl) : undefined,
      oidcIssuerUrl: oidcIssuer,
      issuer: oidcIssuer ?? raw('JWT_ISSUER')!,
      audience: raw('JWT_AUDIENCE')!,
      maxAgeSeconds: int('JWT_MAX_AGE_SECONDS', 60, 30 * 86400),
    },
    consoleOidc: oidcIssuer && consoleClientId ? { issuer: oidcIssuer, clientId: consoleClientId, scopes: consoleScopes } : undefined,
    contextSigning: { secret: Buffer.from(contextSecret), ttlSeconds: int('CONTEXT_TTL_SECONDS', 5, 3600) },
    pii: {
      encryptionKey: base64Key('PII_ENCRYPTION_KEY', 32),
      keyId: raw('PII_KEY_ID')!,
      hashKey: base64Key('PII_HASH_KEY', 32),
      previousKeys: previousPiiKeys(raw('PII_PREVIOUS_KEYS'), raw('PII_KEY_ID')!, problems),
    },
    limits: {
      maxDepth: int('MAX_QUERY_DEPTH', 2, 100),
      maxAliases: int('MAX_QUERY_ALIASES', 0, 1000),
      maxRootFields: int('MAX_ROOT_FIELDS', 1, 100),
      maxBodyBytes: int('MAX_BODY_BYTES', 1024, 64 * 1024 * 1024),
    },
    jobLockMs: int('JOB_LOCK_MS', 1000, 3_600_000),
    banks: {
      simulatorPort: int('BANK_SIM_PORT', 0, 65535),
      connectorUrlTemplate: connectorTemplate,
      connectorToken,
      timeoutMs: int('BANK_CONNECTOR_TIMEOUT_MS', 100, 600_000),
      listDispatchEveryMs: int('LIST_DISPATCH_EVERY_MS', 100, 86_400_000),
      listPushAttempts: int('LIST_PUSH_ATTEMPTS', 1, 100),
      listPushBackoffMs: int('LIST_PUSH_BACKOFF_MS', 10, 3_600_000),
      loanPullEveryMs: int('LOAN_PULL_EVERY_MS', 1000, 7 * 86_400_000),
      loanPullPageSize: int('LOAN_PULL_PAGE_SIZE', 1, 5000),
    },
  };
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return config;
}

let cached: HubConfig | undefined;
/** The process's configuration, loaded once. */
export function config(): HubConfig {
  cached ??= loadConfig();
  return cached;
}

/** PII_PREVIOUS_KEYS: `id:base64key` pairs, each key 32 bytes, none under the current key's id. */
function previousPiiKeys(text: string | undefined, currentKeyId: string, problems: string[]): Record<string, Buffer> {
  const keys: Record<string, Buffer> = {};
  for (const pair of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const colon = pair.indexOf(':');
    const id = colon > 0 ? pair.slice(0, colon) : '';
    const key = Buffer.from(pair.slice(colon + 1), 'base64');
    if (!id) problems.push('PII_PREVIOUS_KEYS must list `id:base64key` pairs separated by commas (an entry has no id before its colon)');
    else if (id === currentKeyId) problems.push(`PII_PREVIOUS_KEYS lists "${id}", the current PII_KEY_ID: a retired key needs an id of its own`);
    else if (key.length !== 32) problems.push(`PII_PREVIOUS_KEYS key "${id}" must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
    else if (keys[id]) problems.push(`PII_PREVIOUS_KEYS lists "${id}" twice`);
    else keys[id] = key;
  }
  return keys;
}
