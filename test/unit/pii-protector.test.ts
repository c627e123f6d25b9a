import { randomBytes } from 'node:crypto';
import { PiiProtector } from '../../common/pii/protector';

describe('PII protector', () => {
  const key1 = randomBytes(32);
  const hashKey = randomBytes(32);
  const protector = new PiiProtector('k1', key1, hashKey);

  it('seals and opens, with a fresh IV each time', () => {
    const a = protector.seal('11010519491231002X');
    const b = protector.seal('11010519491231002X');
    expect(a.keyId).toBe('k1');
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.ciphertext.includes(Buffer.from('110105'))).toBe(false);
    expect(protector.open(a)).toBe('11010519491231002X');
  });

  it('detects tampering', () => {
    const sealed = protector.seal('李文');
    sealed.ciphertext[sealed.ciphertext.length - 1] ^= 1;
    expect(() => protector.open(sealed)).toThrow();
  });

  it('opens values sealed with a retired key after rotation', () => {
    const old = protector.seal('13812341234');
    const rotated = new PiiProtector('k2', randomBytes(32), hashKey, { k1: key1 });
    expect(rotated.open(old)).toBe('13812341234');
    expect(rotated.seal('x').keyId).toBe('k2');
    expect(() => new PiiProtector('k3', randomBytes(32), hashKey).open(old)).toThrow(/no PII key with id "k1"/);
  });

  it('hashes deterministically under its key only', () => {
    expect(protector.hash('11010519491231002X')).toBe(protector.hash('11010519491231002X'));
    expect(protector.hash('11010519491231002X')).toMatch(/^[0-9a-f]{64}$/);
    expect(new PiiProtector('k1', key1, randomBytes(32)).hash('11010519491231002X')).not.toBe(protector.hash('11010519491231002X'));
  });
});
