/**
 * A PDF's text (and its first page as a PNG, for a person to look at), read by pdfjs-dist in a
 * child Node process: pdfjs-dist is ESM-only and jest runs the tests as CommonJS.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export async function readPdf(file: string, firstPagePng?: string): Promise<{ pages: number; text: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'pdf-read.mjs'), file, ...(firstPagePng ? [firstPagePng] : [])], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { pages: number; text: string };
}
