/**
 * Who is calling the public API: the bearer JWT verified, and a request id (the caller's, if it
 * sent a well-formed one). GraphQL and the file endpoints authenticate the same way; every
 * refusal is logged with its reason and address, never with the token.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Caller } from '../../common/auth/caller';
import { TokenRejectedError, TokenVerifier } from '../../common/auth/jwt';
import type { Logger } from '../../common/logger';
import { currentRequestId } from '../../common/request-scope';

export interface Authenticated {
  caller: Caller;
  requestId: string;
}

/** The JWT of an `Authorization: Bearer …` header, or null. */
function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  return match ? match[1] : null;
}

/** Resolves to the caller, or rejects with TokenRejectedError (already logged). */
export function requestAuthenticator(verify: TokenVerifier, logger: Logger) {
  return async (request: IncomingMessage): Promise<Authenticated> => {
    // The HTTP server decided the request's id (the caller's, if well formed) and runs the request in its scope.
    const requestId = currentRequestId() ?? randomUUID();
    try {
      const token = bearerToken(request);
      if (!token) throw new TokenRejectedError('send a bearer token: Authorization: Bearer <JWT>');
      return { caller: await verify(token), requestId };
    } catch (error) {
      if (error instanceof TokenRejectedError) logger.warn('refused token', { reason: error.message, requestId, remote: request.socket.remoteAddress });
      throw error;
    }
  };
}
