/**
 * npm run samples — writes samples/: a roster export and a 一卡通 account file as a county's
 * systems hand them over (CSV in GBK, Chinese headers), made from the demo county's data so their
 * ID numbers are valid and their townships and villages real (楚雄市 532301); and the empty
 * templates (header row only, CSV in UTF-8 with BOM and XLSX) a county fills in. The files are
 * committed; run this again after the demo or the headers change.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDemoCounty, DEMO_BANKS, DEMO_COUNTY } from '../demo/demo-county';
import { demoRosterCsv } from '../demo/demo-roster';
import { EXPORT_COLUMNS, exportHeader, loadCountyRegions } from '../subgraphs/households/src/households.app';
import { encodeGbk } from '../common/tabular/encode-gbk';

const HELP = `usage: npm run samples [-- --out DIR] [-- --households N]
Writes the sample roster export and 一卡通 file (GBK CSV, from the demo county's data) and the
empty CSV/XLSX templates to DIR (default samples/).`;

/** The 一卡通 file's columns, as the hub's first header aliases spell them (what its own files write). */
export const ONE_CARD_TEMPLATE_HEADERS = ['户主姓名', '身份证号码', '一卡通账号', '开户银行', '账户状态', '县', '乡(镇)', '行政村'];

export const SAMPLE_FILES = {
  roster: '楚雄市-脱贫人口名单-样例.csv',
  oneCard: '楚雄市-一卡通账户-样例.csv',
  rosterTemplateCsv: 'templates/roster-template.csv',
  rosterTemplateXlsx: 'templates/roster-template.xlsx',
  oneCardTemplateCsv: 'templates/one-card-template.csv',
  oneCardTemplateXlsx: 'templates/one-card-template.xlsx',
} as const;

async function headerOnlyXlsx(sheetName: string, headers: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers);
  // ID, household and card numbers are text: a number would lose digits.
  headers.forEach((_, index) => (sheet.getColumn(index + 1).numFmt = '@'));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, households: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return;
  }
  const out = resolve(values.out ?? join(__dirname, '..', 'samples'));
  const count = Number(values.households ?? 30);
  mkdirSync(join(out, 'templates'), { recursive: true });

  // The demo's first households, as npm start loads them (same seed): the samples fit a demo hub too.
  const regions = await loadCountyRegions(DEMO_COUNTY);
  const demo = buildDemoCounty(regions, { households: count });
  const name = new Map(demo.regions.map((r) => [r.code, r.name]));
  const bankName = new Map(DEMO_BANKS.map((b) => [b.code, b.name]));
  writeFileSync(join(out, SAMPLE_FILES.roster), encodeGbk(demoRosterCsv(demo)));

  const households = new Map(demo.households.map((h) => [h.id, h]));
  const lines = demo.accounts.map((account) => {
    const h = households.get(account.householdId)!;
    return [
      account.holderName,
      h.idNumber,
      account.accountNumber,
      bankName.get(account.issuingBankCode) ?? account.issuingBankCode,
      '正常',
      name.get(h.countyCode),
      name.get(h.townshipCode),
      name.get(h.villageCode),
    ].join(',');
  });
  writeFileSync(join(out, SAMPLE_FILES.oneCard), encodeGbk([ONE_CARD_TEMPLATE_HEADERS.join(','), ...lines].join('\r\n') + '\r\n'));

  const rosterHeaders = EXPORT_COLUMNS.map(exportHeader);
  // UTF-8 with a BOM: what Excel needs to open a Chinese CSV correctly; the hub reads either.
  writeFileSync(join(out, SAMPLE_FILES.rosterTemplateCsv), '\uFEFF' + rosterHeaders.join(',') + '\r\n');
  writeFileSync(join(out, SAMPLE_FILES.oneCardTemplateCsv), '\uFEFF' + ONE_CARD_TEMPLATE_HEADERS.join(',') + '\r\n');
  writeFileSync(join(out, SAMPLE_FILES.rosterTemplateXlsx), await headerOnlyXlsx('脱贫人口名单', rosterHeaders));
  writeFileSync(join(out, SAMPLE_FILES.oneCardTemplateXlsx), await headerOnlyXlsx('一卡通账户', ONE_CARD_TEMPLATE_HEADERS));
  for (const file of Object.values(SAMPLE_FILES)) process.stdout.write(`wrote ${join(out, file)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
