/** Values in PostgreSQL's COPY text format, for streaming validated rows into a staging table. */
export type CopyValue = string | number | boolean | Buffer | null;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  // Most values need no escape: one test instead of four replaces (a twentieth of a roster import's sealing).
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One line of COPY text (without the newline). */
export function copyLine(values: readonly CopyValue[]): string {
  return values.map(copyValue).join('\t');
}

/**
 * Groups COPY lines (each ending in a newline) into writes of about `size` characters: one socket
 * write per row cost a quarter of the roster import.
 */
export async function* copyChunks(lines: AsyncIterable<string>, size = 256 * 1024): AsyncGenerator<string> {
  let chunk = '';
  for await (const line of lines) {
    chunk += line;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
