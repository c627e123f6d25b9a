/**
 * Header rows of imported files: exports name the same column in several ways (户主姓名 / 姓名,
 * 证件号码 / 身份证号码, full-width brackets, stray spaces and asterisks). Each import lists its
 * canonical fields with their aliases; this maps a file's header row onto them.
 */

/** Full-width brackets and spaces, as Excel exports often have them, compare as half-width. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[\s\u3000*＊]/g, '')
    .trim();
}

export interface HeaderMapping<F extends string> {
  /** Column index → canonical field, for the columns the import uses. */
  columns: Map<number, F>;
  /** Field → the header as the file spells it (for error reports). */
  headerOf: Partial<Record<F, string>>;
  missing: F[];
  duplicated: F[];
}

/**
 * Maps a file's header row to canonical fields. `custom` (header → field, e.g. a county's
 * registered mapping) takes precedence over the built-in aliases. Unknown columns are ignored.
 */
export function mapHeaderRow<F extends string>(
  headers: string[],
  aliases: Record<F, readonly string[]>,
  required: readonly F[],
  custom: Record<string, F> = {},
): HeaderMapping<F> {
  const lookup = new Map<string, F>();
  for (const field of Object.keys(aliases) as F[]) for (const alias of aliases[field]) lookup.set(normalizeHeader(alias), field);
  for (const [header, field] of Object.entries(custom)) lookup.set(normalizeHeader(header), field);
  const columns = new Map<number, F>();
  const headerOf: Partial<Record<F, string>> = {};
  const duplicated: F[] = [];
  headers.forEach((header, index) => {
    const field = lookup.get(normalizeHeader(header));
    if (!field) return;
    if (headerOf[field] !== undefined) {
      duplicated.push(field);
      return;
    }
    columns.set(index, field);
    headerOf[field] = header;
  });
  const missing = required.filter((field) => headerOf[field] === undefined);
  return { columns, headerOf, missing, duplicated };
}
