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

/** GBK bytes of a text (TextEncoder only writes UTF-8): built from a GB18030 decoding table. */
export function toGbk(text: string): Buffer {
  const table = gbkTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`"${char}" has no GBK code`);
      bytes.push(pair >> 8, pair & 0xff);
    }
  }
  return Buffer.from(bytes);
}

let cachedTable: Map<string, number> | undefined;
function gbkTable(): Map<string, number> {
  if (cachedTable) return cachedTable;
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.of(lead, trail));
      if (char.length === 1 && char !== '\ufffd' && !table.has(char)) table.set(char, (lead << 8) | trail);
    }
  }
  cachedTable = table;
  return table;
}

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
