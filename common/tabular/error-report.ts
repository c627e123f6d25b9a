/**
 * The error report of a file import, downloadable as CSV (UTF-8 with BOM, so Excel on Chinese
 * Windows opens it right) or XLSX: one line per problem, the value already masked.
 */
import ExcelJS from 'exceljs';
import type { ServerResponse } from 'node:http';
import type { RowError } from './row-error';
import { csvLine, ExportCell, xlsxRow } from './spreadsheet-cells';

/** A stored row error, as the report lists it. */
export type ReportedRowError = RowError;

export const ERROR_REPORT_HEADERS = ['行号 Row', '列 Column', '值 Value', '错误代码 Code', '说明', 'Message'];

/** Writes the whole response: headers, then the report as `name.csv` or `name.xlsx`. */
export async function sendErrorReport(response: ServerResponse, format: 'csv' | 'xlsx', name: string, errors: Iterable<ReportedRowError>): Promise<void> {
  const rows = (function* () {
    // The column and the value come from the file: text, neutralised in CSV (spreadsheet-cells).
    for (const e of errors) yield [e.row, e.column, e.value, e.code, e.messageZh, e.messageEn] as ExportCell[];
  })();
  if (format === 'csv') {
    response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` });
    response.write('\uFEFF' + csvLine(ERROR_REPORT_HEADERS));
    for (const row of rows) response.write(csvLine(row));
    response.end();
    return;
  }
  response.writeHead(200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${name}.xlsx"`,
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: response });
  const sheet = workbook.addWorksheet('错误报告');
  sheet.addRow(xlsxRow(ERROR_REPORT_HEADERS)).commit();
  for (const row of rows) sheet.addRow(xlsxRow(row)).commit();
  sheet.commit();
  await workbook.commit();
}
