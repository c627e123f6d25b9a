/**
 * The reconciliation as finance bureaus file it, with Chinese headers: a summary per township and
 * issuing bank with the county's total and the ledger's check, then every difference with its
 * reason. CSV (UTF-8 with a BOM, so Excel reads it) or XLSX (two sheets, amounts as numbers with
 * two decimals so they can be summed). Townships by code (their names live in the households
 * subgraph); no names or account numbers.
 */
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { csvLine, ExportCell, xlsxRow } from '../../../../common/tabular/spreadsheet-cells';
import type { DifferenceReason, Reconciliation } from './reconciliation.service';

const REASON_ZH: Record<DifferenceReason, string> = { NO_ACCOUNT: '无一卡通账户', NOT_INSTRUCTED: '未发指令', PENDING: '待银行回复', FAILED: '支付失败' };
const SUMMARY_HEADERS = ['县(市、区)代码', '季度', '乡(镇)代码', '发卡银行', '笔数', '应贴息金额(元)', '已发指令金额(元)', '已到账金额(元)', '差额(元)'];
const DIFFERENCE_HEADERS = ['合同编号', '户ID', '乡(镇)代码', '发卡银行', '应贴息金额(元)', '已到账金额(元)', '原因', '银行退回原因'];
/** Number formats (by 0-based column) of the XLSX sheets. */
const SUMMARY_FORMATS = new Map([
  [4, '0'],
  [5, '#,##0.00'],
  [6, '#,##0.00'],
  [7, '#,##0.00'],
  [8, '#,##0.00'],
]);
const DIFFERENCE_FORMATS = new Map([
  [4, '#,##0.00'],
  [5, '#,##0.00'],
]);

// Counts and amounts stay numbers (decimal.js) up to the writer: a number is written as one in
// both formats (a negative difference included), text is neutralised in CSV (spreadsheet-cells).
function summaryRows(r: Reconciliation): ExportCell[][] {
  const rows: ExportCell[][] = r.groups.map((g) => [
    r.countyCode,
    r.quarter,
    g.townshipCode,
    g.issuingBankCode || '(无一卡通账户)',
    g.lines,
    g.computed,
    g.instructed,
    g.confirmed,
    g.computed.minus(g.confirmed),
  ]);
  const lines = r.groups.reduce((n, g) => n + g.lines, 0);
  rows.push([r.countyCode, r.quarter, '合计', '', lines, r.computed, r.instructed, r.confirmed, r.computed.minus(r.confirmed)]);
  return rows;
}

function checkRows(r: Reconciliation): ExportCell[][] {
  return [
    ['总账已到账金额(元)', r.ledgerConfirmed],
    ['对账结果', r.balanced ? '平衡' : `不平衡：差异 ${r.differences.length} 笔`],
    ['失败后补发到账笔数', r.carriedOver],
  ];
}

function differenceRows(r: Reconciliation): ExportCell[][] {
  // The contract number and the bank's refusal reason come from banks: text.
  return r.differences.map((d) => [
    d.contractNo,
    d.householdId,
    d.townshipCode,
    d.issuingBankCode,
    d.computed,
    d.confirmed,
    REASON_ZH[d.reason],
    d.lastFailure ?? '',
  ]);
}

export function reconciliationCsv(r: Reconciliation): string {
  const rows = [SUMMARY_HEADERS, ...summaryRows(r), [], ...checkRows(r), [], ['差异明细'], DIFFERENCE_HEADERS, ...differenceRows(r)];
  return '\uFEFF' + rows.map(csvLine).join('');
}

/** Streams the workbook into `out` (the HTTP response). */
export async function writeReconciliationXlsx(r: Reconciliation, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
  const addSheet = (name: string, headers: string[], rows: ExportCell[][], formats: Map<number, string>, after: ExportCell[][] = []) => {
    const sheet = workbook.addWorksheet(name);
    sheet.columns = headers.map((header) => ({ width: Math.max(12, header.length * 2 + 2) }));
    sheet.addRow(xlsxRow(headers)).commit();
    for (const row of rows) {
      // Amounts go in as numbers so they can be summed; each has two decimals, which a double shows exactly.
      const added = sheet.addRow(xlsxRow(row));
      formats.forEach((format, i) => (added.getCell(i + 1).numFmt = format));
      added.commit();
    }
    for (const row of after) sheet.addRow(xlsxRow(row)).commit();
    sheet.commit();
  };
  addSheet('汇总', SUMMARY_HEADERS, summaryRows(r), SUMMARY_FORMATS, [[], ...checkRows(r)]);
  addSheet('差异明细', DIFFERENCE_HEADERS, differenceRows(r), DIFFERENCE_FORMATS);
  await workbook.commit();
}
