/**
 * The gateway forwards the verified caller to subgraphs in one header, HMAC-signed with a
 * secret only the gateway and subgraphs hold, with a short expiry. A subgraph accepts no
 * request without it, so calling a subgraph directly (or forging `@requires` data) gets nothing.
 *
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA256(payload part)).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Caller, callerFromClaims } from './caller';

export const CONTEXT_HEADER = 'x-huinong-context';

interface ContextPayload {
  sub: string;
  role: string;
  counties: string[];
  bank: string | null;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Request id, carried into subgraph logs. */
  rid: string;
}

export type ContextRejection = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'bad-claims';

export class ContextRejectedError extends Error {
  constructor(public readonly reason: ContextRejection) {
    super(`gateway context header rejected: ${reason}`);
    this.name = 'ContextRejectedError';
  }
}

function mac(secret: Buffer, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function signContext(caller: Caller, requestId: string, secret: Buffer, ttlSeconds: number, now = Date.now()): string {
  const payload: ContextPayload = {
    sub: caller.subject,
    role: caller.role,
    counties: caller.counties,
    bank: caller.bank,
    exp: Math.floor(now / 1000) + ttlSeconds,
    rid: requestId,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyContext(header: string | undefined, secret: Buffer, now = Date.now()): { caller: Caller; requestId: string } {
  if (!header) throw new ContextRejectedError('missing');
  const parts = header.split('.');
  if (parts.length !== 2) throw new ContextRejectedError('malformed');
  const [body, signature] = parts;
  const expected = mac(secret, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ContextRejectedError('bad-signature');
  let payload: ContextPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new ContextRejectedError('malformed');
  }
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < now) throw new ContextRejectedError('expired');
  try {
    const caller = callerFromClaims({ sub: payload.sub, role: payload.role, counties: payload.counties, bank: payload.bank ?? undefined });
    return { caller, requestId: typeof payload.rid === 'string' ? payload.rid : 'unknown' };
  } catch {
    throw new ContextRejectedError('bad-claims');
  }
}
