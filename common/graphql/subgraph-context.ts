/**
 * The context every subgraph resolver receives: the caller the gateway verified and signed,
 * a request id for logs, and this request's DataLoaders.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Caller } from '../auth/caller';
import { BODY_MAC_TRAILER, ContextRejectedError, CONTEXT_HEADER, verifyBodyMac, verifyContext } from '../auth/signed-context';
import { LoaderRegistry } from '../loaders';
import type { Logger } from '../logger';
import { unauthenticated } from './errors';

export interface SubgraphContext {
  caller: Caller;
  requestId: string;
  loaders: LoaderRegistry;
  logger: Logger;
}

/**
 * The body a context must match: the SHA-256 (hex) of the bytes received (GraphQL, which reads
 * the whole body first, and bodiless requests), or 'streamed' for a body the handler reads
 * itself; its MAC then comes in the trailer and is checked as the body ends.
 */
export type ReceivedBody = { sha256: string } | 'streamed';

export interface SigningSettings {
  secret: Buffer;
  /** Oldest context accepted, in seconds from its `iat`. */
  ttlSeconds: number;
}

export type SignedContextReader = (request: IncomingMessage, body: ReceivedBody) => Promise<SubgraphContext>;

/**
 * Makes a streamed body's end conditional on its trailer: every chunk is hashed as it is
 * pushed, and the end is only passed on when the trailer's MAC matches the context header and
 * the bytes received; otherwise the request is destroyed, so the handler sees an error, never a
 * complete body (handlers act only once the body has ended: spooled, or parsed as a whole).
 */
function guardStreamedBody(request: IncomingMessage, header: string, secret: Buffer, refused: () => void): void {
  // Installed as the request arrives, before any body byte is pushed; a body already complete
  // would have bypassed the check (and one partly read fails it, its first bytes unhashed).
  if (request.complete) throw new ContextRejectedError('wrong-request');
  const hash = createHash('sha256');
  const push = request.push.bind(request);
  request.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk === null) {
      const trailer = request.trailers[BODY_MAC_TRAILER];
      if (!verifyBodyMac(secret, header, hash.digest('hex'), typeof trailer === 'string' ? trailer : undefined)) {
        refused();
        request.destroy(new ContextRejectedError('wrong-request'));
        return false;
      }
      return push(null);
    }
    hash.update(chunk as Buffer);
    return push(chunk, encoding);
  };
}

export function signedContextReader(signing: SigningSettings, logger: Logger): SignedContextReader {
  // Audit trail of refused calls: who tried (address), why it was refused. No payload is logged.
  const refuse = (request: IncomingMessage, reason: string) =>
    logger.warn('refused request without a valid gateway context', {
      reason,
      method: request.method,
      path: (request.url ?? '').split('?')[0],
      remote: request.socket.remoteAddress,
    });
  return async (request, body) => {
    const given = request.headers[CONTEXT_HEADER];
    const header = Array.isArray(given) ? given[0] : given;
    try {
      const { caller, requestId } = verifyContext(header, signing.secret, {
        request: { method: request.method ?? 'GET', target: request.url ?? '/', body: body === 'streamed' ? 'trailer' : body.sha256 },
        maxAgeSeconds: signing.ttlSeconds,
      });
      if (body === 'streamed') guardStreamedBody(request, header!, signing.secret, () => refuse(request, 'wrong-request'));
      return { caller, requestId, loaders: new LoaderRegistry(), logger: logger.child({ requestId }) };
    } catch (error) {
      if (error instanceof ContextRejectedError) {
        refuse(request, error.reason);
        throw unauthenticated(`subgraphs accept requests only through the gateway (${error.reason} context)`);
      }
      throw error;
    }
  };
}
