/**
 * Caller tokens (JWT), verified at the gateway with jose. Algorithms, issuer, audience, expiry
 * and maximum age are pinned; `alg: none` can never pass because the algorithm list is explicit.
 * With an OpenID Connect issuer (OIDC_ISSUER_URL) and no JWT_JWKS_URL, the JWKS is the one its
 * discovery document names, fetched at the first token and again after a failed discovery.
 */
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { HubConfig } from '../config';
import { Caller, callerFromClaims, CallerClaimsError } from './caller';

const HMAC_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
const CLOCK_TOLERANCE_SECONDS = 30;

export class TokenRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}

export type TokenVerifier = (token: string) => Promise<Caller>;

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/** The issuer's JWKS, from its discovery document (whose `issuer` must be the configured one). */
export async function discoverJwks(issuer: string): Promise<RemoteJwks> {
  const address = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(address, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${address} answered HTTP ${response.status}`);
  const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (metadata.issuer !== issuer) throw new Error(`${address} names issuer ${JSON.stringify(metadata.issuer)}, not ${issuer}`);
  if (typeof metadata.jwks_uri !== 'string') throw new Error(`${address} names no jwks_uri`);
  return createRemoteJWKSet(new URL(metadata.jwks_uri));
}

export function createTokenVerifier(jwt: HubConfig['jwt']): TokenVerifier {
  const remote = jwt.jwksUrl !== undefined || jwt.oidcIssuerUrl !== undefined;
  let jwks: Promise<RemoteJwks> | undefined = jwt.jwksUrl ? Promise.resolve(createRemoteJWKSet(new URL(jwt.jwksUrl))) : undefined;
  const keys = (): Promise<RemoteJwks> => {
    if (!jwks) {
      jwks = discoverJwks(jwt.oidcIssuerUrl!);
      jwks.catch(() => (jwks = undefined));
    }
    return jwks;
  };
  if (!remote && !jwt.secret) throw new Error('JWT verification needs JWT_SECRET or JWT_JWKS_URL');
  const options = {
    algorithms: remote ? JWKS_ALGORITHMS : HMAC_ALGORITHMS,
    issuer: jwt.issuer,
    audience: jwt.audience,
    maxTokenAge: jwt.maxAgeSeconds,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', 'iat', 'sub'],
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      let keySet: RemoteJwks | undefined;
      if (remote) {
        try {
          keySet = await keys();
        } catch (error) {
          throw new TokenRejectedError(`the identity provider's keys could not be fetched: ${(error as Error).message}`);
        }
      }
      payload = keySet ? (await jwtVerify(token, keySet, options)).payload : (await jwtVerify(token, jwt.secret!, options)).payload;
    } catch (error) {
      if (error instanceof TokenRejectedError) throw error;
      throw new TokenRejectedError(describeJoseError(error));
    }
    try {
      return callerFromClaims(payload as Record<string, unknown>);
    } catch (error) {
      if (error instanceof CallerClaimsError) throw new TokenRejectedError(error.message);
      throw error;
    }
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'token is older than the maximum token age' : 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim "${error.claim}" is invalid: ${error.reason}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'token is malformed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token key is unknown';
  return 'token could not be verified';
}

export interface MintOptions {
  subject: string;
  role: Caller['role'];
  counties?: string[];
  bank?: string;
  expiresInSeconds?: number;
}

/** Mints an HS256 token for local development and tests (`npm run token`). */
export async function mintToken(jwt: HubConfig['jwt'], options: MintOptions): Promise<string> {
  if (!jwt.secret) throw new Error('minting needs JWT_SECRET (tokens from a JWKS provider are minted there)');
  // Validate the claims the same way the gateway will, so a bad mint fails here, not later.
  callerFromClaims({ sub: options.subject, role: options.role, counties: options.counties, bank: options.bank });
  const claims: Record<string, unknown> = { role: options.role };
  if (options.counties?.length) claims.counties = options.counties;
  if (options.bank) claims.bank = options.bank;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject)
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 8 * 3600))
    .sign(jwt.secret);
}
