/**
 * The gateway forwards the verified caller to subgraphs in one header, HMAC-signed with a
 * secret only the gateway and subgraphs hold. A subgraph accepts no request without it, so
 * calling a subgraph directly (or forging `@requires` data) gets nothing.
 *
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA256(payload part)).
 *
 * A header is good for one request only, and only briefly:
 * - `iat` (when the gateway signed it) is checked by the subgraph against its own maximum age
 *   (CONTEXT_TTL_SECONDS), whatever `exp` says; an `iat` in the future beyond a small clock skew
 *   is refused too.
 * - `req` binds it to the request it was made for: a SHA-256 over the method, the path with its
 *   query, and the SHA-256 of the exact body bytes. A body that streams (file uploads, large
 *   loan reports) is not known when the header is sent: `req` then says "trailer", and the body's
 *   SHA-256 follows, MACed together with the header's signature, in the `x-huinong-body-mac`
 *   HTTP trailer, which the subgraph checks before the body's end reaches the handler.
 * Replaying a captured header with another body, route or query is refused as `wrong-request`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Caller, callerFromClaims } from './caller';

export const CONTEXT_HEADER = 'x-huinong-context';
/** HTTP trailer carrying the MAC of a streamed body (see BodyBinding 'trailer'). */
export const BODY_MAC_TRAILER = 'x-huinong-body-mac';
/** How far in the future a context's `iat` may be (the gateway's clock ahead of the subgraph's). */
export const CONTEXT_CLOCK_SKEW_SECONDS = 5;

/**
 * The one HTTP request a context is signed for. `body` is the SHA-256 (hex) of the body as sent
 * (EMPTY_BODY_SHA256 for none), or 'trailer' when the body streams and its MAC comes as a trailer.
 */
export interface RequestBinding {
  method: string;
  /** Path and query exactly as in the request line: `/graphql`, `/rosters/imports?county=532301`. */
  target: string;
  body: string;
}

interface ContextPayload {
  sub: string;
  role: string;
  counties: string[];
  bank: string | null;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expiry, seconds since the epoch (the subgraph's maximum age from `iat` also applies). */
  exp: number;
  /** Request id, carried into subgraph logs. */
  rid: string;
  /** requestDigest() of the request this context was signed for. */
  req: string;
}

export type ContextRejection = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'issued-in-future' | 'wrong-request' | 'bad-claims';

export class ContextRejectedError extends Error {
  constructor(public readonly reason: ContextRejection) {
    super(`gateway context header rejected: ${reason}`);
    this.name = 'ContextRejectedError';
  }
}

function mac(secret: Buffer, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What a request without a body (a GET) is bound to. */
export const EMPTY_BODY_SHA256 = sha256Hex('');

/** What `req` holds: one digest over method, target and body digest. */
export function requestDigest(binding: RequestBinding): string {
  return createHash('sha256').update(`${binding.method.toUpperCase()} ${binding.target}\n${binding.body}`).digest('base64url');
}

export interface SignContextOptions {
  /** `exp` is `iat` + this. */
  ttlSeconds: number;
  now?: number;
}

export function signContext(caller: Caller, requestId: string, request: RequestBinding, secret: Buffer, options: SignContextOptions): string {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const payload: ContextPayload = {
    sub: caller.subject,
    role: caller.role,
    counties: caller.counties,
    bank: caller.bank,
    iat,
    exp: iat + options.ttlSeconds,
    rid: requestId,
    req: requestDigest(request),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** The trailer value for a streamed body: its SHA-256 MACed with the signature of the context it belongs to. */
export function bodyMac(secret: Buffer, contextHeader: string, bodySha256: string): string {
  const signature = contextHeader.slice(contextHeader.lastIndexOf('.') + 1);
  return mac(secret, `body.${signature}.${bodySha256}`).toString('base64url');
}

export function verifyBodyMac(secret: Buffer, contextHeader: string, bodySha256: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(bodyMac(secret, contextHeader, bodySha256), 'base64url');
  const actual = Buffer.from(given, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface VerifyContextOptions {
  /** The request as the subgraph received it. */
  request: RequestBinding;
  /** Oldest `iat` accepted, in seconds, whatever `exp` says. */
  maxAgeSeconds: number;
  now?: number;
}

export function verifyContext(header: string | undefined, secret: Buffer, options: VerifyContextOptions): { caller: Caller; requestId: string } {
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
  if (!payload || typeof payload !== 'object') throw new ContextRejectedError('malformed');
  const now = (options.now ?? Date.now()) / 1000;
  if (!Number.isInteger(payload.iat) || !Number.isInteger(payload.exp)) throw new ContextRejectedError('malformed');
  if (payload.iat > now + CONTEXT_CLOCK_SKEW_SECONDS) throw new ContextRejectedError('issued-in-future');
  if (now - payload.iat > options.maxAgeSeconds || payload.exp < now) throw new ContextRejectedError('expired');
  if (typeof payload.req !== 'string' || payload.req !== requestDigest(options.request)) throw new ContextRejectedError('wrong-request');
  try {
    const caller = callerFromClaims({ sub: payload.sub, role: payload.role, counties: payload.counties, bank: payload.bank ?? undefined });
    return { caller, requestId: typeof payload.rid === 'string' ? payload.rid : 'unknown' };
  } catch {
    throw new ContextRejectedError('bad-claims');
  }
}
