/**
 * Options every Apollo Server in the hub shares: introspection and stack traces only in
 * development, internal errors masked elsewhere (logged in full with the request id).
 */
import type { ApolloServerOptionsWithSchema, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { HubEnvironment } from '../config';
import type { Logger } from '../logger';

/**
 * An error with a stable code of its own (BAD_USER_INPUT, FORBIDDEN, ROSTER_INVALID_ID_CHECKSUM …)
 * was written for the caller; errors without one are internal and masked outside development.
 */
export function isCallerFacing(error: GraphQLFormattedError): boolean {
  const code = error.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && /^[A-Z][A-Z_]+$/.test(code);
}

export function sharedApolloOptions<TContext extends BaseContext>(
  env: HubEnvironment,
  logger: Logger,
  plugins: ApolloServerPlugin<TContext>[] = [],
): Pick<ApolloServerOptionsWithSchema<TContext>, 'introspection' | 'includeStacktraceInErrorResponses' | 'formatError' | 'plugins' | 'csrfPrevention' | 'allowBatchedHttpRequests'> {
  const development = env === 'development';
  return {
    introspection: development,
    includeStacktraceInErrorResponses: development,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    plugins: development ? plugins : [ApolloServerPluginLandingPageDisabled(), ...plugins],
    formatError(formatted, error) {
      if (development || isCallerFacing(formatted)) return formatted;
      logger.error('internal error', { error: unwrapResolverError(error), path: formatted.path });
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, ...(formatted.path ? { path: formatted.path } : {}) };
    },
  };
}
