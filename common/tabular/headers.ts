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

/** A column of the file's header row as the import report lists it: its letter (A, B, … AA) and its header. */
export interface ReportedColumn<F extends string = string> {
  column: string;
  header: string;
  /** The canonical field it is read as; absent for a column the import ignores. */
  field?: F;
}

/** Spreadsheet column letter of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export interface HeaderMapping<F extends string> {
  /** Column index → canonical field, for the columns the import uses. */
  columns: Map<number, F>;
  /** Field → the header as the file spells it (for error reports). */
  headerOf: Partial<Record<F, string>>;
  missing: F[];
  duplicated: F[];
  /** Every non-blank header of the file, in file order: read as a field … */
  mapped: ReportedColumn<F>[];
  /** … or ignored (no alias and no mapping of the county names it): reported, never dropped silently. */
  ignored: ReportedColumn<F>[];
  /** Each missing field with the header the hub expects for it: `idNumber (证件号码)`. */
  missingLabels: string[];
}

/**
 * Maps a file's header row to canonical fields. `custom` (header → field, e.g. a county's
 * registered mapping) takes precedence over the built-in aliases. Unknown columns are not read
 * but listed in `ignored`, so the import report can say so.
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
  const mapped: ReportedColumn<F>[] = [];
  const ignored: ReportedColumn<F>[] = [];
  headers.forEach((header, index) => {
    const normalized = normalizeHeader(header);
    if (normalized === '') return;
    const column = columnLetter(index);
    const field = lookup.get(normalized);
    if (!field) {
      ignored.push({ column, header: header.trim() });
      return;
    }
    if (headerOf[field] !== undefined) {
      duplicated.push(field);
      return;
    }
    columns.set(index, field);
    headerOf[field] = header;
    mapped.push({ column, header: header.trim(), field });
  });
  const missing = required.filter((field) => headerOf[field] === undefined);
  const missingLabels = missing.map((field) => `${field} (${aliases[field][0] ?? field})`);
  return { columns, headerOf, missing, duplicated, mapped, ignored, missingLabels };
}
