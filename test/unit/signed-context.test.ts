import { createHmac } from 'node:crypto';
import { Caller, callerFromClaims } from '../../common/auth/caller';
import { bodyMac, ContextRejectedError, RequestBinding, sha256Hex, signContext, verifyBodyMac, verifyContext } from '../../common/auth/signed-context';

const secret = Buffer.from('a-context-secret-of-at-least-32-bytes!!');
const bank: Caller = { subject: 'u1', role: 'bank', counties: [], bank: 'ABC' };
const body = JSON.stringify({ query: '{ banks { code } }', variables: {} });
const request: RequestBinding = { method: 'POST', target: '/graphql', body: sha256Hex(body) };
const sign = (caller: Caller, now?: number, ttlSeconds = 60, binding = request) => signContext(caller, 'r', binding, secret, { ttlSeconds, now });
const verify = (header: string | undefined, options: { binding?: RequestBinding; now?: number; key?: Buffer } = {}) =>
  verifyContext(header, options.key ?? secret, { request: options.binding ?? request, maxAgeSeconds: 60, now: options.now });

function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContextRejectedError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('signed caller context', () => {
  it('round-trips the caller and request id', () => {
    expect(verifyContext(signContext(bank, 'req-1', request, secret, { ttlSeconds: 60 }), secret, { request, maxAgeSeconds: 60 })).toEqual({
      caller: bank,
      requestId: 'req-1',
    });
  });

  it('rejects missing, malformed, forged, altered and expired headers', () => {
    const good = sign(bank);
    expect(rejection(() => verify(undefined))).toBe('missing');
    expect(rejection(() => verify('abc'))).toBe('malformed');
    expect(rejection(() => verify(good, { key: Buffer.from('another-secret-of-at-least-32-bytes!!!') }))).toBe('bad-signature');
    const [payload, signature] = good.split('.');
    const altered = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('"bank"', '"admin"')).toString('base64url');
    expect(rejection(() => verify(`${altered}.${signature}`))).toBe('bad-signature');
    expect(rejection(() => verify(sign(bank, Date.now() - 61_000)))).toBe('expired');
  });

  it('enforces its own maximum age from iat, whatever exp says, and refuses an iat in the future', () => {
    const yearAhead = 365 * 86400;
    // Signed two minutes ago with exp a year ahead: too old for the subgraph's 60 s.
    expect(rejection(() => verify(sign(bank, Date.now() - 120_000, yearAhead)))).toBe('expired');
    // Signed just now with exp a year ahead: good for now, refused once 60 s have passed.
    const longLived = sign(bank, Date.now(), yearAhead);
    expect(rejection(() => verify(longLived))).toBe('accepted');
    expect(rejection(() => verify(longLived, { now: Date.now() + 61_000 }))).toBe('expired');
    // A few seconds of clock skew are tolerated; more is refused.
    expect(rejection(() => verify(sign(bank, Date.now() + 3_000)))).toBe('accepted');
    expect(rejection(() => verify(sign(bank, Date.now() + 60_000)))).toBe('issued-in-future');
  });

  it('refuses a correctly signed header without iat (the old format) however far its exp', () => {
    const payload = Buffer.from(
      JSON.stringify({ sub: 'u1', role: 'bank', counties: [], bank: 'ABC', exp: Math.floor(Date.now() / 1000) + 365 * 86400, rid: 'r' }),
    ).toString('base64url');
    const header = `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
    expect(rejection(() => verify(header))).toBe('malformed');
  });

  it('is bound to the one request: another body, method, path or query is refused', () => {
    const good = sign(bank);
    const otherBody = JSON.stringify({ query: 'mutation { setOneCardAccount(input: {}) }', variables: {} });
    expect(rejection(() => verify(good, { binding: { ...request, body: sha256Hex(otherBody) } }))).toBe('wrong-request');
    expect(rejection(() => verify(good, { binding: { ...request, method: 'GET' } }))).toBe('wrong-request');
    expect(rejection(() => verify(good, { binding: { ...request, target: '/graphql?x=1' } }))).toBe('wrong-request');
    expect(rejection(() => verify(good, { binding: { ...request, body: 'trailer' } }))).toBe('wrong-request');
    const upload: RequestBinding = { method: 'POST', target: '/rosters/imports?county=532301&mode=reject_file', body: 'trailer' };
    expect(
      rejection(() => verify(sign(bank, undefined, 60, upload), { binding: { ...upload, target: '/rosters/imports?county=500237&mode=reject_file' } })),
    ).toBe('wrong-request');
  });

  it('MACs a streamed body with the signature of its own header only', () => {
    const header = sign(bank, undefined, 60, { method: 'POST', target: '/loans/reports', body: 'trailer' });
    const digest = sha256Hex('{"records":[]}');
    const trailer = bodyMac(secret, header, digest);
    expect(verifyBodyMac(secret, header, digest, trailer)).toBe(true);
    expect(verifyBodyMac(secret, header, sha256Hex('{"records":[1]}'), trailer)).toBe(false);
    expect(verifyBodyMac(secret, sign(bank, Date.now() - 1000, 60, { method: 'POST', target: '/loans/reports', body: 'trailer' }), digest, trailer)).toBe(
      false,
    );
    expect(verifyBodyMac(secret, header, digest, undefined)).toBe(false);
  });

  it('rejects a correctly signed context whose claims are invalid', () => {
    expect(rejection(() => verify(sign({ ...bank, bank: null })))).toBe('bad-claims');
  });
});

describe('caller claims', () => {
  it('builds callers for each role', () => {
    expect(callerFromClaims({ sub: 'a', role: 'admin' })).toEqual({ subject: 'a', role: 'admin', counties: [], bank: null });
    expect(callerFromClaims({ sub: 'b', role: 'bureau', counties: ['532301'] }).counties).toEqual(['532301']);
  });
  it.each([
    [{ role: 'admin' }, /subject/],
    [{ sub: 'x', role: 'root' }, /role must be one of/],
    [{ sub: 'x', role: 'bureau', counties: ['5323'] }, /6-digit/],
    [{ sub: 'x', role: 'finance' }, /at least one county/],
    [{ sub: 'x', role: 'bank' }, /must name its bank/],
    [{ sub: 'x', role: 'admin', bank: 'ABC' }, /only a bank token/],
    [{ sub: 'x', role: 'bank', bank: "ABC'; --" }, /bank code/],
  ])('refuses %j', (claims, message) => {
    expect(() => callerFromClaims(claims)).toThrow(message);
  });
});
