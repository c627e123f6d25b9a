/**
 * Streams the rows of an imported file — CSV (UTF-8 or GBK/GB18030) or XLSX (first worksheet) —
 * as arrays of cell texts, never holding the whole file in memory. Row 1 is the header.
 * Used by roster imports (households) and 一卡通 account imports (funds).
 */
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { csvRecords } from './csv-records';
import { resolveEncoding, TextEncodingName } from './detect-encoding';

export type TabularFormat = 'csv' | 'xlsx';

/** A file that cannot be read as CSV/XLSX; each import turns it into its own BAD_FILE code. */
export class TabularFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TabularFileError';
  }
}

export interface FileRow {
  /** 1-based, as a spreadsheet numbers rows. */
  row: number;
  cells: string[];
}

export function formatOf(fileName: string, declared?: string): TabularFormat {
  const format = (declared ?? fileName.split('.').pop() ?? '').toLowerCase();
  if (format === 'csv' || format === 'txt') return 'csv';
  if (format === 'xlsx') return 'xlsx';
  throw new Error(`cannot read "${fileName}": the file must be CSV or XLSX (old .xls: save as .xlsx first)`);
}

async function sample(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Decodes a byte stream chunk by chunk (a character split across chunks is kept for the next). */
async function* decode(path: string, encoding: TextEncodingName): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) yield decoder.decode(chunk as Buffer, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

export async function csvEncoding(path: string, declared?: string): Promise<TextEncodingName> {
  return resolveEncoding(declared, await sample(path));
}

async function* csvRows(path: string, encoding: TextEncodingName): AsyncGenerator<FileRow> {
  yield* csvRecords(decode(path, encoding));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

async function* xlsxRows(path: string): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[]; // 1-based: values[0] is empty
      const cells = values.slice(1).map(cellText);
      if (cells.some((c) => c.trim() !== '')) yield { row: row.number, cells };
    }
    return; // the first worksheet holds the data
  }
}

/** The file's rows; a file that cannot be read as CSV/XLSX fails with a TabularFileError that says why. */
export async function* fileRows(path: string, format: TabularFormat, encoding: TextEncodingName | null): AsyncGenerator<FileRow> {
  try {
    yield* format === 'csv' ? csvRows(path, encoding ?? 'utf-8') : xlsxRows(path);
  } catch (error) {
    if (error instanceof TabularFileError) throw error;
    throw new TabularFileError(`cannot read the ${format.toUpperCase()} file: ${(error as Error).message}`);
  }
}
