import { SignJWT } from 'jose';
import type { Caller } from '../../common/auth/caller';
import { TokenRejectedError, type TokenVerifier } from '../../common/auth/jwt';
import { cachedTokenVerifier } from '../../gateway/src/token-cache';

const SECRET = new TextEncoder().encode('token-cache-test-secret-of-32-bytes!');

async function token(claims: { iat: number; exp: number }, subject = 'clerk-1'): Promise<string> {
  return new SignJWT({ role: 'admin' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(SECRET);
}

/** A verifier that counts its calls and refuses the tokens it is told to. */
function countingVerifier(refused = new Set<string>()): { verify: TokenVerifier; calls: () => number } {
  let calls = 0;
  return {
    verify: async (text) => {
      calls++;
      if (refused.has(text)) throw new TokenRejectedError('token signature is invalid');
      return { subject: 'clerk-1', role: 'admin', counties: ['532301'], bank: null } satisfies Caller;
    },
    calls: () => calls,
  };
}

describe("the gateway's verified-token cache", () => {
  const start = 1_800_000_000_000;

  it('verifies a token once, then answers the same caller until maxSeconds after', async () => {
    let now = start;
    const inner = countingVerifier();
    const verify = cachedTokenVerifier(inner.verify, { maxSeconds: 60, maxTokenAgeSeconds: 86_400, maxEntries: 10, now: () => now });
    const sent = await token({ iat: start / 1000, exp: start / 1000 + 3600 });
    const first = await verify(sent);
    now += 59_000;
    await expect(verify(sent)).resolves.toBe(first);
    expect(inner.calls()).toBe(1);
    now += 1_000;
    await verify(sent);
    expect(inner.calls()).toBe(2);
  });

  it('keeps no token past its exp, nor past its iat plus the maximum token age', async () => {
    let now = start;
    const inner = countingVerifier();
    const verify = cachedTokenVerifier(inner.verify, { maxSeconds: 60, maxTokenAgeSeconds: 20, maxEntries: 10, now: () => now });
    const expiring = await token({ iat: start / 1000 - 100, exp: start / 1000 + 10 });
    const aging = await token({ iat: start / 1000, exp: start / 1000 + 3600 }, 'clerk-2');
    await verify(expiring);
    await verify(aging);
    now += 10_000; // expiring's exp
    await verify(expiring);
    expect(inner.calls()).toBe(3);
    now += 10_000; // aging's iat + 20 s
    await verify(aging);
    expect(inner.calls()).toBe(4);
  });

  it('verifies a refused token again each time, and keeps nothing of it', async () => {
    const bad = await token({ iat: start / 1000, exp: start / 1000 + 3600 });
    const inner = countingVerifier(new Set([bad]));
    const verify = cachedTokenVerifier(inner.verify, { maxSeconds: 60, maxTokenAgeSeconds: 86_400, maxEntries: 10, now: () => start });
    await expect(verify(bad)).rejects.toThrow(TokenRejectedError);
    await expect(verify(bad)).rejects.toThrow(TokenRejectedError);
    expect(inner.calls()).toBe(2);
  });

  it('holds at most maxEntries tokens, the oldest let go first, and hands out a caller nobody can change', async () => {
    const inner = countingVerifier();
    const verify = cachedTokenVerifier(inner.verify, { maxSeconds: 60, maxTokenAgeSeconds: 86_400, maxEntries: 2, now: () => start });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((subject) => token({ iat: start / 1000, exp: start / 1000 + 3600 }, subject)));
    const caller = await verify(a);
    await verify(b);
    await verify(c); // a goes
    await verify(b);
    expect(inner.calls()).toBe(3);
    await verify(a);
    expect(inner.calls()).toBe(4);
    expect(Object.isFrozen(caller) && Object.isFrozen(caller.counties)).toBe(true);
  });
});
