/** docs/errors.md's table of codes, rendered from ERROR_CODES (the doc is checked against it by a test). */
import { ERROR_CODES, httpStatusOf, type HubErrorCode } from './error-codes';

export const TABLE_START = '<!-- codes:start (npm run docs:errors writes this table from common/errors/error-codes.ts) -->';
export const TABLE_END = '<!-- codes:end -->';

export function errorCodesTable(): string {
  const rows = (Object.keys(ERROR_CODES) as HubErrorCode[]).map((code) => {
    const { kind, zh, en } = ERROR_CODES[code];
    return `| \`${code}\` | ${kind} | ${httpStatusOf(code)} | ${zh} | ${en.replaceAll('|', '\\|')} |`;
  });
  return [TABLE_START, '| code | kind | HTTP | 含义 | meaning |', '| --- | --- | --- | --- | --- |', ...rows, TABLE_END].join('\n');
}

/** The document with its table replaced by the one rendered now. */
export function withCurrentTable(document: string): string {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/errors.md has no table between "${TABLE_START}" and "${TABLE_END}"`);
  return document.slice(0, start) + errorCodesTable() + document.slice(end + TABLE_END.length);
}
