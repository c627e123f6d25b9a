/** Values in PostgreSQL's COPY text format, for streaming validated rows into a staging table. */
export type CopyValue = string | number | boolean | Buffer | null;

export function copyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One line of COPY text (without the newline). */
export function copyLine(values: readonly CopyValue[]): string {
  return values.map(copyValue).join('\t');
}
