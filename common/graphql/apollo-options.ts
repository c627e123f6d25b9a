/**
 * Options every Apollo Server in the hub shares: introspection, stack traces and validation
 * suggestions ("Did you mean …") only in development, internal errors masked elsewhere (logged
 * in full with the request id), and in every mode no database address in an answer.
 */
import type { ApolloServerOptionsWithSchema, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { HubEnvironment } from '../config';
import { HubError } from '../errors/hub-error';
import type { Logger } from '../logger';
import { formatHubError } from './errors';

/**
 * An error with a stable code of its own (BAD_USER_INPUT, FORBIDDEN, ROSTER_INVALID_ID_CHECKSUM …)
 * was written for the caller; errors without one are internal and masked outside development.
 */
export function isCallerFacing(error: GraphQLFormattedError): boolean {
  const code = error.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && /^[A-Z][A-Z_]+$/.test(code);
}

/** Connection strings of the stores the hub uses (credentials, host, port, database). */
const CONNECTION_STRING = /\b(postgres(?:ql)?|redis|rediss):\/\/[^\s"'<>]+/gi;
/** Node's network errors name the address: "connect ECONNREFUSED 127.0.0.1:5432", "getaddrinfo ENOTFOUND db". */
const NETWORK_ERROR_ADDRESS =
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|EADDRNOTAVAIL)( |: )(?:[\w.-]*[\w-]|\[[0-9a-f:.]+\]|[0-9a-f:.]*:[0-9a-f:.]+)(?::\d+)?/gi;
/** Any other IPv4 address, with its port if it has one. */
const IPV4_ADDRESS = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g;
/** PostgreSQL's own wording (libpq-style): connection to server at "host" (1.2.3.4), port 5432. */
const SERVER_AT = /\b(server at|server on socket) "[^"]*"(?: \([^)]*\))?(?:, port \d+)?/gi;

/** graphql-js ends some messages with a hint from the schema: `… Did you mean "status"?`. */
const SUGGESTION = /\s*Did you mean [^]*\?$/;

/** A message with every database connection string and network address replaced. */
export function withoutAddresses(text: string): string {
  return text
    .replace(CONNECTION_STRING, '$1://[hidden]')
    .replace(NETWORK_ERROR_ADDRESS, '$1$2[address hidden]')
    .replace(SERVER_AT, '$1 [address hidden]')
    .replace(IPV4_ADDRESS, '[address hidden]');
}

function scrub<T>(value: T): T {
  if (typeof value === 'string') return withoutAddresses(value) as T;
  if (Array.isArray(value)) return value.map(scrub) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, scrub(inner)])) as T;
  return value;
}

export function sharedApolloOptions<TContext extends BaseContext>(
  env: HubEnvironment,
  logger: Logger,
  plugins: ApolloServerPlugin<TContext>[] = [],
): Pick<
  ApolloServerOptionsWithSchema<TContext>,
  | 'introspection'
  | 'includeStacktraceInErrorResponses'
  | 'hideSchemaDetailsFromClientErrors'
  | 'formatError'
  | 'plugins'
  | 'csrfPrevention'
  | 'allowBatchedHttpRequests'
> {
  const development = env === 'development';
  return {
    introspection: development,
    includeStacktraceInErrorResponses: development,
    // With introspection off, "Did you mean …" in validation errors would still tell the schema.
    hideSchemaDetailsFromClientErrors: !development,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // No cache-control computed per field: the hub sets no cache hints (every answer is maxAge 0, so
    // Apollo would send no header anyway), and the plugin's per-field hook had Apollo wrap every resolver.
    plugins: development
      ? [ApolloServerPluginCacheControlDisabled(), ...plugins]
      : [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), ...plugins],
    formatError(formatted, error) {
      // A refusal of the hub's own: its code, message and field, in every mode.
      // (A subgraph's fetch failing at the gateway arrives wrapped without a path: look inside too.)
      const original = unwrapResolverError(error);
      const refusal =
        original instanceof HubError
          ? original
          : original instanceof GraphQLError && original.originalError instanceof HubError
            ? original.originalError
            : null;
      if (refusal) return scrub(formatHubError(refusal, formatted));
      // Development shows internal errors and their stacks, but never where the database is
      // (a PostgreSQL outage reads "connect ECONNREFUSED <host>:<port>").
      if (development) return scrub(formatted);
      // hideSchemaDetailsFromClientErrors strips validation errors' hints; variables are coerced
      // later ("Variable "$f" got invalid value …; Did you mean the enum value …?"): strip those too.
      if (isCallerFacing(formatted)) return scrub({ ...formatted, message: formatted.message.replace(SUGGESTION, '') });
      logger.error('internal error', { error: unwrapResolverError(error), path: formatted.path });
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, ...(formatted.path ? { path: formatted.path } : {}) };
    },
  };
}
