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

describe('PII envelope (a row’s personal fields sealed as one)', () => {
  const key1 = randomBytes(32);
  const hashKey = randomBytes(32);
  const protector = new PiiProtector('k1', key1, hashKey);
  const fields = ['李文华', '53230119800101001X', null];

  it('seals the fields with one cipher and opens them in order, an absent one as null', () => {
    const sealed = protector.sealEnvelope(fields);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.ciphertext[0]).toBe(1);
    expect(sealed.ciphertext.includes(Buffer.from('532301'))).toBe(false);
    expect(sealed.ciphertext.includes(Buffer.from('李文华'))).toBe(false);
    expect(protector.openEnvelope(sealed)).toEqual(fields);
    expect(protector.openEnvelope(protector.sealEnvelope(['', 'x', '13812341234']))).toEqual(['', 'x', '13812341234']);
    // One IV, one tag for the lot: 1 + 12 + 16 bytes, then each field's length and bytes.
    expect(sealed.ciphertext.length).toBe(1 + 12 + 16 + 2 + Buffer.byteLength('李文华') + 2 + 18 + 2);
  });

  it('detects tampering with the body and with the format byte', () => {
    const body = protector.sealEnvelope(fields);
    body.ciphertext[body.ciphertext.length - 1] ^= 1;
    expect(() => protector.openEnvelope(body)).toThrow();
    const format = protector.sealEnvelope(fields);
    format.ciphertext[0] = 0;
    expect(() => protector.openEnvelope(format)).toThrow();
  });

  it('opens envelopes sealed with a retired key after rotation, and seals new ones under the current key', () => {
    const old = protector.sealEnvelope(fields);
    const rotated = new PiiProtector('k2', randomBytes(32), hashKey, { k1: key1 });
    expect(rotated.openEnvelope(old)).toEqual(fields);
    expect(rotated.sealEnvelope(fields).keyId).toBe('k2');
    expect(() => new PiiProtector('k3', randomBytes(32), hashKey).openEnvelope(old)).toThrow(/no PII key with id "k1"/);
  });

  it('opens the field-by-field container the migration wraps older rows in (format 0)', () => {
    const name = protector.seal('张国明').ciphertext;
    const id = protector.seal('532301197001010010').ciphertext;
    const prefixed = (b: Buffer | null) => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(b ? b.length : 0xffff);
      return b ? Buffer.concat([length, b]) : length;
    };
    const container = Buffer.concat([Buffer.from([0]), prefixed(name), prefixed(id), prefixed(null)]);
    expect(protector.openEnvelope({ ciphertext: container, keyId: 'k1' })).toEqual(['张国明', '532301197001010010', null]);
    expect(() => protector.openEnvelope({ ciphertext: container.subarray(0, container.length - 3), keyId: 'k1' })).toThrow(/ends inside/);
    expect(() => protector.openEnvelope({ ciphertext: Buffer.from([7, 0, 0]), keyId: 'k1' })).toThrow(/unknown sealed-envelope format 7/);
  });
});
