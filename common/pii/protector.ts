/**
 * Personal data at rest: AES-256-GCM ciphertext (with the key id, for rotation) plus a keyed
 * HMAC-SHA256 hash for exact-match lookup and dedupe without decrypting.
 *
 * A record with several personal fields (a roster row: name, ID, phone) is sealed as one
 * envelope: one cipher for the lot, since a seal costs mostly its cipher's set-up.
 */
import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';

export interface SealedValue {
  /** 12-byte IV, 16-byte tag, then ciphertext. */
  ciphertext: Buffer;
  keyId: string;
}

/** IVs are random, drawn from a pool refilled 1,024 at a time: one CSPRNG call per row cost a fifth of a roster import. */
const IV_BYTES = 12;
const IV_POOL_SIZE = 1024;

/** Envelope formats (the first byte). The format byte is also the cipher's associated data. */
const FIELD_BY_FIELD = 0;
const ENVELOPE = 1;
const ENVELOPE_AAD = Buffer.from([ENVELOPE]);
/** The length prefix that marks an absent field. */
const ABSENT = 0xffff;

/** Splits a run of u16-length-prefixed fields (ABSENT: null). */
function lengthPrefixed(bytes: Buffer): (Buffer | null)[] {
  const fields: (Buffer | null)[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new Error('a sealed envelope ends inside a field length');
    const length = bytes.readUInt16BE(at);
    at += 2;
    if (length === ABSENT) {
      fields.push(null);
      continue;
    }
    if (at + length > bytes.length) throw new Error('a sealed envelope ends inside a field');
    fields.push(bytes.subarray(at, at + length));
    at += length;
  }
  return fields;
}

export class PiiProtector {
  private readonly keys: Map<string, Buffer>;
  private ivPool = Buffer.alloc(IV_BYTES * IV_POOL_SIZE);
  private ivNext = IV_POOL_SIZE;

  constructor(
    private readonly currentKeyId: string,
    currentKey: Buffer,
    private readonly hashKey: Buffer,
    /** Retired keys, still able to decrypt what they sealed. */
    previousKeys: Record<string, Buffer> = {},
  ) {
    if (currentKey.length !== 32) throw new Error('PII encryption key must be 32 bytes');
    this.keys = new Map([...Object.entries(previousKeys), [currentKeyId, currentKey]]);
  }

  private nextIv(): Buffer {
    if (this.ivNext === IV_POOL_SIZE) {
      this.ivPool = randomFillSync(Buffer.alloc(IV_BYTES * IV_POOL_SIZE));
      this.ivNext = 0;
    }
    return this.ivPool.subarray(IV_BYTES * this.ivNext, IV_BYTES * ++this.ivNext);
  }

  seal(plaintext: string): SealedValue {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: this.currentKeyId };
  }

  open(sealed: SealedValue): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`no PII key with id "${sealed.keyId}"`);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.ciphertext.subarray(0, 12));
    decipher.setAuthTag(sealed.ciphertext.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The fields (null where absent) sealed as one envelope: format byte, IV, tag, then the length-prefixed fields. */
  sealEnvelope(fields: readonly (string | null)[]): SealedValue {
    const parts: Buffer[] = [];
    for (const field of fields) {
      const bytes = field === null ? null : Buffer.from(field, 'utf8');
      if (bytes && bytes.length >= ABSENT) throw new Error(`a personal field of ${bytes.length} bytes is too long to seal`);
      const length = Buffer.allocUnsafe(2);
      length.writeUInt16BE(bytes ? bytes.length : ABSENT);
      parts.push(length);
      if (bytes) parts.push(bytes);
    }
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(ENVELOPE_AAD);
    const body = Buffer.concat([cipher.update(Buffer.concat(parts)), cipher.final()]);
    return { ciphertext: Buffer.concat([ENVELOPE_AAD, iv, cipher.getAuthTag(), body]), keyId: this.currentKeyId };
  }

  /**
   * The fields of an envelope, in the order they were sealed. Also opens the container the
   * one-envelope migration built from rows sealed field by field before it (format 0: each
   * field its own ciphertext, length-prefixed), so those rows need no re-encryption.
   */
  openEnvelope(sealed: SealedValue): (string | null)[] {
    const format = sealed.ciphertext[0];
    if (format === ENVELOPE) {
      const key = this.keys.get(sealed.keyId);
      if (!key) throw new Error(`no PII key with id "${sealed.keyId}"`);
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.ciphertext.subarray(1, 13));
      decipher.setAAD(ENVELOPE_AAD);
      decipher.setAuthTag(sealed.ciphertext.subarray(13, 29));
      const plain = Buffer.concat([decipher.update(sealed.ciphertext.subarray(29)), decipher.final()]);
      return lengthPrefixed(plain).map((bytes) => (bytes === null ? null : bytes.toString('utf8')));
    }
    if (format === FIELD_BY_FIELD) {
      return lengthPrefixed(sealed.ciphertext.subarray(1)).map((bytes) => (bytes === null ? null : this.open({ ciphertext: bytes, keyId: sealed.keyId })));
    }
    throw new Error(`unknown sealed-envelope format ${format}`);
  }

  /** The current key and the hash key, for a worker thread of this process that seals on its behalf (never for storage or the wire). */
  sealingKeys(): { keyId: string; encryptionKey: Buffer; hashKey: Buffer } {
    return { keyId: this.currentKeyId, encryptionKey: this.keys.get(this.currentKeyId)!, hashKey: this.hashKey };
  }

  /** Keyed hash (hex) of a normalized value: equal inputs match, the value is not recoverable. */
  hash(normalized: string): string {
    return createHmac('sha256', this.hashKey).update(normalized, 'utf8').digest('hex');
  }
}

/** The protector for the configured keys: the current one seals, the retired ones still open what they sealed. */
export function protectorFromConfig(pii: { keyId: string; encryptionKey: Buffer; hashKey: Buffer; previousKeys: Record<string, Buffer> }): PiiProtector {
  return new PiiProtector(pii.keyId, pii.encryptionKey, pii.hashKey, pii.previousKeys);
}
