/**
 * The context every subgraph resolver receives: the caller the gateway verified and signed,
 * a request id for logs, and this request's DataLoaders.
 */
import type { IncomingMessage } from 'node:http';
import type { Caller } from '../auth/caller';
import { ContextRejectedError, CONTEXT_HEADER, verifyContext } from '../auth/signed-context';
import { LoaderRegistry } from '../loaders';
import type { Logger } from '../logger';
import { unauthenticated } from './errors';

export interface SubgraphContext {
  caller: Caller;
  requestId: string;
  loaders: LoaderRegistry;
  logger: Logger;
}

export function signedContextReader(secret: Buffer, logger: Logger) {
  return async (request: IncomingMessage): Promise<SubgraphContext> => {
    const header = request.headers[CONTEXT_HEADER];
    try {
      const { caller, requestId } = verifyContext(Array.isArray(header) ? header[0] : header, secret);
      return { caller, requestId, loaders: new LoaderRegistry(), logger: logger.child({ requestId }) };
    } catch (error) {
      if (error instanceof ContextRejectedError) {
        // Audit trail of refused calls: who tried (address), why it was refused. No payload is logged.
        logger.warn('refused request without a valid gateway context', { reason: error.reason, remote: request.socket.remoteAddress });
        throw unauthenticated(`subgraphs accept requests only through the gateway (${error.reason} context)`);
      }
      throw error;
    }
  };
}
