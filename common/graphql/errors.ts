import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HubError } from '../errors/hub-error';

/**
 * The one mapping of a hub refusal to a GraphQL error: its code, kind, field and Chinese
 * message, answered with HTTP 200. A refusal is not a fault: no stack, in development either.
 */
export function formatHubError(error: HubError, formatted: GraphQLFormattedError): GraphQLFormattedError {
  return {
    ...formatted,
    message: error.message,
    extensions: { code: error.code, kind: error.kind, ...(error.field ? { field: error.field } : {}), zh: error.zh },
  };
}

/** A request without a valid token or signed context: answered 401 before anything runs. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
