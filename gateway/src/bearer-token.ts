import type { IncomingMessage } from 'node:http';

/** The JWT of an `Authorization: Bearer …` header, or null. */
export function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  return match ? match[1] : null;
}
