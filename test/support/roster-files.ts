/**
 * Roster files as bureaus have them, built for tests: the export's Chinese headers, real
 * 楚雄市 region names, valid ID numbers; in UTF-8, GBK or XLSX.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeResidentId } from '../../common/domain/resident-id';
import { EXPORT_COLUMNS, exportHeader } from '../../subgraphs/households/src/roster/domain/roster-fields';
import { encodeGbk } from '../../common/tabular/encode-gbk';

export const EXPORT_HEADERS = EXPORT_COLUMNS.map(exportHeader);

/** One roster row as text, by canonical field. */
export type RosterLine = Record<(typeof EXPORT_COLUMNS)[number], string>;

/** `count` good lines spread over the given (township, village) names. */
export function rosterLines(count: number, places: { township: string; village: string }[], start = 0): RosterLine[] {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const place = places[i % places.length];
    return {
      householdNo: `53230110${String(i).padStart(8, '0')}`,
      headName: ['李', '王', '张', '杨'][i % 4] + ['文兴', '国华', '秀英', '春'][(i >> 2) % 4],
      idNumber: composeResidentId('532301', `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`, 100 + (i % 800)),
      phone: `138${String(10000000 + i).slice(-8)}`,
      county: '楚雄市',
      township: place.township,
      village: place.village,
      category: i % 5 === 0 ? '边缘易致贫户' : '脱贫户',
      monitoringType: i % 5 === 0 ? '边缘易致贫户' : '',
      riskEliminated: i % 5 === 0 ? '否' : '',
      liftedOutYear: i % 5 === 0 ? '' : String(2016 + (i % 5)),
      memberCount: String(1 + (i % 6)),
      dataDate: '2026-10-31',
    };
  });
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function rosterCsv(lines: RosterLine[], headers = EXPORT_HEADERS): string {
  return [headers.join(','), ...lines.map((line) => EXPORT_COLUMNS.map((field) => csvCell(line[field])).join(','))].join('\r\n') + '\r\n';
}

/** GBK bytes of a text, as Excel on Chinese Windows saves a CSV. */
export const toGbk = encodeGbk;

export async function rosterXlsx(lines: RosterLine[], path: string, headers = EXPORT_HEADERS): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('脱贫人口名单');
  sheet.addRow(headers);
  // ID numbers as text, as the export stores them (a number would lose digits).
  for (const line of lines) sheet.addRow(EXPORT_COLUMNS.map((field) => (field === 'memberCount' ? Number(line[field]) : line[field])));
  await workbook.xlsx.writeFile(path);
}

export function writeTemp(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'huinong-roster-')), name);
  writeFileSync(path, content);
  return path;
}
