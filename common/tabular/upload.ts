/**
 * Uploaded files are spooled to a temporary file (reading the rows and hashing the content are
 * two passes) and never held in memory; the SHA-256 is taken on the way, for "same file again".
 * Every import's upload endpoint reads its query the same way (handleTabularUpload).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TabularFileError } from './file-rows';
import type { ImportProblem, TabularImportMode } from './tabular-import';

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

/** Runs `use` with a fresh temporary directory, removed afterwards whatever happens. */
export async function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'huinong-upload-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An uploaded file spooled to disk, with what the query says of it. */
export interface TabularUpload {
  countyCode: string;
  mode: TabularImportMode;
  path: string;
  fileName: string;
  format?: string;
  encoding?: string;
  contentSha256: string;
}

export interface TabularUploadHandling {
  /** The file's name when the query gives none. */
  defaultFileName: string;
  problem(problem: Extract<ImportProblem, 'BAD_REQUEST' | 'BAD_FILE' | 'EMPTY_FILE'>, message: string): Error;
  /** Checks of the query made before a byte is written to disk. */
  admit?(countyCode: string): void;
  /** Imports the spooled file and answers (the file is removed afterwards). */
  importUpload(upload: TabularUpload): Promise<void>;
  /** Answers a failure; the rest of the body has been drained. */
  fail(error: unknown): void;
}

/**
 * POST …/imports?county=…&mode=reject_file|skip_bad_rows&encoding=…&format=…&filename=…, the file
 * as the body: spools the body to a temporary file, hashing it on the way, and hands it over.
 */
export function handleTabularUpload(request: IncomingMessage, url: URL, handling: TabularUploadHandling): Promise<void> {
  return withTempDir(async (dir) => {
    try {
      const countyCode = url.searchParams.get('county') ?? '';
      handling.admit?.(countyCode);
      const mode = (url.searchParams.get('mode') ?? 'reject_file').toLowerCase();
      if (mode !== 'reject_file' && mode !== 'skip_bad_rows') throw handling.problem('BAD_REQUEST', 'mode must be reject_file or skip_bad_rows');
      const fileName = (url.searchParams.get('filename') ?? handling.defaultFileName).replace(/[/\\]/g, '_').slice(0, 255);
      const path = join(dir, 'upload');
      const { size, sha256 } = await spool(request, path);
      if (size === 0) throw handling.problem('EMPTY_FILE', 'the request body is empty: send the file as the body');
      await handling.importUpload({
        countyCode,
        mode,
        path,
        fileName,
        format: url.searchParams.get('format') ?? undefined,
        encoding: url.searchParams.get('encoding') ?? undefined,
        contentSha256: sha256,
      });
    } catch (error) {
      request.resume();
      // The spool's own refusal (a file too large) is the import's BAD_FILE, like any unreadable file.
      handling.fail(error instanceof TabularFileError ? handling.problem('BAD_FILE', error.message) : error);
    }
  });
}
