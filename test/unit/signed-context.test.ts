import { Caller, callerFromClaims } from '../../common/auth/caller';
import { ContextRejectedError, signContext, verifyContext } from '../../common/auth/signed-context';

const secret = Buffer.from('a-context-secret-of-at-least-32-bytes!!');
const bank: Caller = { subject: 'u1', role: 'bank', counties: [], bank: 'ABC' };

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
    expect(verifyContext(signContext(bank, 'req-1', secret, 60), secret)).toEqual({ caller: bank, requestId: 'req-1' });
  });

  it('rejects missing, malformed, forged, altered and expired headers', () => {
    const good = signContext(bank, 'r', secret, 60);
    expect(rejection(() => verifyContext(undefined, secret))).toBe('missing');
    expect(rejection(() => verifyContext('abc', secret))).toBe('malformed');
    expect(rejection(() => verifyContext(good, Buffer.from('another-secret-of-at-least-32-bytes!!!')))).toBe('bad-signature');
    const [body, signature] = good.split('.');
    const altered = Buffer.from(Buffer.from(body, 'base64url').toString().replace('"bank"', '"admin"')).toString('base64url');
    expect(rejection(() => verifyContext(`${altered}.${signature}`, secret))).toBe('bad-signature');
    expect(rejection(() => verifyContext(signContext(bank, 'r', secret, 60, Date.now() - 61_000), secret))).toBe('expired');
  });

  it('rejects a correctly signed context whose claims are invalid', () => {
    const noBank = signContext({ ...bank, bank: null }, 'r', secret, 60);
    expect(rejection(() => verifyContext(noBank, secret))).toBe('bad-claims');
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
