/**
 * The gateway's verified tokens, kept briefly: a client sends the same bearer token with every
 * request, and verifying it (jose's HS256 through WebCrypto, or a JWKS signature) cost ~0.7 ms of
 * the gateway's CPU per request, most of what the hub's gateway added to Apollo's. A token is
 * looked up by its exact text, and only a token that passed is kept, until the earliest of its
 * `exp`, its `iat` plus the maximum token age, and `maxSeconds` after it was verified (so a key
 * withdrawn from the identity provider's JWKS stops being honoured within that bound). A refused
 * token is verified again each time (and logged each time). The entries are bounded: the oldest
 * goes first.
 */
import { decodeJwt } from 'jose';
import type { Caller } from '../../common/auth/caller';
import type { TokenVerifier } from '../../common/auth/jwt';

export interface TokenCacheOptions {
  /** How long after its verification a token is taken without verifying it again. */
  maxSeconds: number;
  /** The token age limit (JWT_MAX_AGE_SECONDS): `iat` plus this ends an entry too. */
  maxTokenAgeSeconds: number;
  maxEntries: number;
  now?: () => number;
}

export const TOKEN_CACHE_DEFAULTS = { maxSeconds: 60, maxEntries: 10_000 };

export function cachedTokenVerifier(verify: TokenVerifier, options: TokenCacheOptions): TokenVerifier {
  const now = options.now ?? Date.now;
  const verified = new Map<string, { caller: Caller; until: number }>();
  return async (token) => {
    const kept = verified.get(token);
    if (kept) {
      if (now() < kept.until) return kept.caller;
      verified.delete(token);
    }
    const caller = await verify(token);
    const { exp, iat } = decodeJwt(token);
    const ends = [now() + options.maxSeconds * 1000];
    if (typeof exp === 'number') ends.push(exp * 1000);
    if (typeof iat === 'number') ends.push((iat + options.maxTokenAgeSeconds) * 1000);
    if (verified.size >= options.maxEntries) verified.delete(verified.keys().next().value!);
    // Shared by every request that sends the token: nobody may change it.
    Object.freeze(caller.counties);
    verified.set(token, { caller: Object.freeze(caller), until: Math.min(...ends) });
    return caller;
  };
}
