import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, mintToken, TokenRejectedError } from '../../common/auth/jwt';
import { loadConfig } from '../../common/config';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('token verification', () => {
  const jwt = loadConfig({}).jwt;

  it('verifies tokens minted by npm run token', async () => {
    const verify = createTokenVerifier(jwt);
    const token = await mintToken(jwt, { subject: 'clerk-7', role: 'bureau', counties: ['532301'] });
    await expect(verify(token)).resolves.toEqual({ subject: 'clerk-7', role: 'bureau', counties: ['532301'], bank: null });
  });

  it('refuses to mint claims the gateway would refuse', async () => {
    await expect(mintToken(jwt, { subject: 'x', role: 'bank' })).rejects.toThrow(/must name its bank/);
  });

  it('refuses to start without a secret or a JWKS URL', () => {
    expect(() => createTokenVerifier({ ...jwt, secret: undefined, jwksUrl: undefined })).toThrow(/JWT_SECRET or JWT_JWKS_URL/);
  });

  describe('with a JWKS URL', () => {
    let server: Server;
    let url: string;
    let privateKey: SigningKey;

    beforeAll(async () => {
      const pair = await generateKeyPair('ES256');
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
      server = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const sign = (alg: string, key: SigningKey | Uint8Array) =>
      new SignJWT({ role: 'bank', bank: 'ABC' })
        .setProtectedHeader({ alg, kid: 'idp-1' })
        .setSubject('bank-user')
        .setIssuer(jwt.issuer)
        .setAudience(jwt.audience)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key);

    it('accepts a token signed by the identity provider', async () => {
      const verify = createTokenVerifier({ ...jwt, jwksUrl: url, secret: undefined });
      await expect(verify(await sign('ES256', privateKey))).resolves.toMatchObject({ role: 'bank', bank: 'ABC' });
    });

    it('refuses an HS256 token even when signed with the configured secret (no algorithm confusion)', async () => {
      const verify = createTokenVerifier({ ...jwt, jwksUrl: url });
      await expect(verify(await sign('HS256', jwt.secret!))).rejects.toBeInstanceOf(TokenRejectedError);
    });
  });
});
