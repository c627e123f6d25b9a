/**
 * The cells of every spreadsheet the hub exports, CSV or XLSX: safe to open in Excel, WPS or
 * LibreOffice. Exports echo what people and banks typed (a roster cell in an error report, a
 * bank's refusal reason), and none of it may run there as a formula.
 *
 * CSV, the OWASP CSV-injection rule: a text cell beginning with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is prefixed with a single quote, so the spreadsheet shows it as text, and is
 * wrapped in double quotes (its own doubled), as is every cell holding a comma, a double quote or
 * a line break, so nothing in it can end the cell early.
 *
 * Negative amounts, decided deliberately: only a value the exporter holds *as a number* is
 * written as bare digits — a JS number (a count, a row number) or a decimal.js value (an amount,
 * at least two decimals as on the wire: "-12.50"). The hub computed those; they cannot carry a
 * formula, and a negative difference stays a number finance can sum. Text is text whatever it
 * looks like: "-12.50" arriving as a string (from a file, from a bank) is written '-12.50, as
 * OWASP says for any leading '-'. Guessing from the content whether a string is "a pure number"
 * is exactly what an attacker would aim at; whether the exporter computed it is not a guess.
 *
 * XLSX: cells are plain strings or numbers, never formula, hyperlink or rich-text objects. A
 * string cell is never evaluated by a spreadsheet, so text is stored verbatim there (no quote).
 */
import Decimal from 'decimal.js';

/** What an export puts in a cell: text, or a number it computed. */
export type ExportCell = string | number | Decimal | null | undefined;

/** The characters at the start of a cell that make a spreadsheet read it as a formula (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new TypeError(`an export cell cannot hold ${value}`);
  return value;
}

function numberText(value: number | Decimal): string {
  if (typeof value === 'number') return String(finite(value));
  return value.toFixed(Math.max(2, value.decimalPlaces()));
}

/** One CSV cell, neutralised and quoted as described above. */
export function csvCell(value: ExportCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return numberText(value);
  const formula = FORMULA_START.test(value);
  const text = formula ? `'${value}` : value;
  return formula || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line of cells, with its CRLF. */
export function csvLine(values: readonly ExportCell[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

/** One XLSX cell value: a plain string, a number, or null for an empty cell. */
export function xlsxCell(value: ExportCell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return finite(value);
  return value.toNumber();
}

export function xlsxRow(values: readonly ExportCell[]): (string | number | null)[] {
  return values.map(xlsxCell);
}
