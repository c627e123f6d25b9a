/**
 * Uploaded files are spooled to a temporary file (reading the rows and hashing the content are
 * two passes) and never held in memory; the SHA-256 is taken on the way, for "same file again".
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TabularFileError } from './file-rows';

/** Largest file accepted (1M roster households is ~150 MB of CSV). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

/** Writes the body to `path`, hashing it on the way (the import then needs no second read for it). */
export async function spool(request: IncomingMessage, path: string, maxBytes = MAX_UPLOAD_BYTES): Promise<{ size: number; sha256: string }> {
  let size = 0;
  const hash = createHash('sha256');
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      if (size > maxBytes) done(new TabularFileError(`the file is larger than ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
  await pipeline(request, limit, createWriteStream(path));
  return { size, sha256: hash.digest('hex') };
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Runs `use` with a fresh temporary directory, removed afterwards whatever happens. */
export async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'huinong-upload-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
