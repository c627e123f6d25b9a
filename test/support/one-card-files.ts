/**
 * 一卡通 account files as finance bureaus have them, built for tests: Chinese headers (the hub's
 * first aliases by default), in UTF-8, GBK (with roster-files' toGbk) or XLSX.
 */
import ExcelJS from 'exceljs';
import { luhnCheckDigit } from '../../subgraphs/funds/src/domain/luhn';
import { ONE_CARD_FIELDS, OneCardField, oneCardHeader } from '../../subgraphs/funds/src/one-card-import/domain/import-fields';

export type OneCardLine = Partial<Record<OneCardField, string>>;

export const ONE_CARD_HEADERS: Record<OneCardField, string> = Object.fromEntries(ONE_CARD_FIELDS.map((f) => [f, oneCardHeader(f)])) as Record<
  OneCardField,
  string
>;

/**
 * The columns read from a file laid out as a finance bureau's subsidy sheet: A 序号, then the
 * account's seven fields (spelled in any of their aliases), then I 补贴金额; A and I are ignored.
 */
export const SUBSIDY_SHEET_MAPPED = ['B:holderName', 'C:idNumber', 'D:accountNumber', 'E:issuingBank', 'F:county', 'G:township', 'H:village'];

/** A Luhn-valid 19-digit card of the demo's rural credit cooperative (621779…). */
export function oneCard(n: number, prefix = '621779'): string {
  const payload = `${prefix}${String(n).padStart(18 - prefix.length, '0')}`;
  return payload + luhnCheckDigit(payload);
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The file's text: one column per header given (field → header), rows in that order. */
export function oneCardCsv(lines: OneCardLine[], headers: Partial<Record<OneCardField, string>> = ONE_CARD_HEADERS): string {
  const fields = Object.keys(headers) as OneCardField[];
  return [fields.map((f) => headers[f]!).join(','), ...lines.map((line) => fields.map((f) => csvCell(line[f] ?? '')).join(','))].join('\r\n') + '\r\n';
}

/** An XLSX workbook (first sheet) with every value stored as text, as exports keep ID and card numbers. */
export async function oneCardXlsx(lines: OneCardLine[], headers: Partial<Record<OneCardField, string>> = ONE_CARD_HEADERS): Promise<Buffer> {
  const fields = Object.keys(headers) as OneCardField[];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('一卡通账户');
  sheet.addRow(fields.map((f) => headers[f]!));
  for (const line of lines) sheet.addRow(fields.map((f) => line[f] ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
