/**
 * A real OpenID Connect provider (the `oidc-provider` package, with its development login and
 * consent pages) for the console's sign-in tests. oidc-provider is an ES module, which Jest's
 * CommonJS runtime cannot load, so test/support/oidc-issuer.ts runs this file as a child process:
 *   1. it listens on 127.0.0.1 (port 0) and sends { issuer } over IPC;
 *   2. it is sent { client, accounts, audience } (the console's redirect URIs are known only once
 *      the hub is up) and builds the provider, then sends { ready: true }.
 * Access tokens are JWTs (RS256) for the hub's API: `aud` is the hub's JWT_AUDIENCE, and the
 * account's hub claims (role, counties, bank) are added to them as the hub requires.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const RESOURCE = 'urn:huinong-hub:api';

const server = createServer((_request, response) => {
  response.writeHead(503);
  response.end('not configured yet');
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  process.send({ issuer });
  process.once('message', ({ client, accounts, audience }) => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-issuer-1', alg: 'RS256', use: 'sig' };
    const provider = new Provider(issuer, {
      clients: [client],
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      claims: { openid: ['sub'], profile: ['name'] },
      findAccount(_ctx, id) {
        const account = accounts[id];
        if (!account) return undefined;
        return { accountId: id, claims: async () => ({ sub: id, name: account.name }) };
      },
      features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => RESOURCE,
          useGrantedResource: () => true,
          getResourceServerInfo(_ctx, indicator) {
            if (indicator !== RESOURCE) throw new Provider.errors.InvalidTarget();
            return { scope: 'openid profile', audience, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
          },
        },
      },
      extraTokenClaims(_ctx, token) {
        if (token.kind !== 'AccessToken') return undefined;
        const account = accounts[token.accountId];
        if (!account) return undefined;
        const { role, counties, bank } = account;
        return { role, ...(counties ? { counties } : {}), ...(bank ? { bank } : {}) };
      },
      pkce: { required: () => true },
    });
    server.removeAllListeners('request');
    server.on('request', provider.callback());
    process.send({ ready: true });
  });
});

process.on('disconnect', () => process.exit(0));
