/**
 * The files shipped under samples/, as a newcomer uses them: the roster export (GBK) loads through
 * `npm run roster -- import` with no error and no ignored column, is published, and the 一卡通
 * file (GBK) is then matched and applied by `npm run accounts -- import`, every row; the empty
 * templates carry exactly the headers the hub reads, in CSV and XLSX.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchDatabase, ScratchDatabase } from '../../common/db/scratch-database';
import { baseDatabaseUrl } from '../../demo/test-hub';
import { ONE_CARD_TEMPLATE_HEADERS, SAMPLE_FILES } from '../../scripts/samples';
import { EXPORT_COLUMNS, exportHeader } from '../../subgraphs/households/src/households.app';
import { mapOneCardHeaders } from '../../subgraphs/funds/src/one-card-import/domain/import-fields';
import { runCli, type CliRun } from '../support/cli';

const ROOT = join(__dirname, '..', '..');
const SAMPLES = join(ROOT, 'samples');

function cli(script: string, args: string[], databaseUrl: string): Promise<CliRun> {
  return runCli(script, args, { DATABASE_URL: databaseUrl });
}

describe('samples/', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(baseDatabaseUrl(), 'huinong_samples');
  });
  afterAll(() => database.drop());

  it('imports the sample roster and then the sample 一卡通 file through the CLIs, cleanly', async () => {
    expect((await cli('roster', ['regions', '--county', '532301'], database.url)).code).toBe(0);
    const roster = await cli('roster', ['import', join(SAMPLES, SAMPLE_FILES.roster), '--county', '532301'], database.url);
    expect(roster.stdout).toMatch(/: draft_created, 30 rows, 30 accepted, 0 errors, read as gb/);
    expect(roster.stdout).not.toContain('ignored columns');
    expect(roster.code).toBe(0);
    const versionId = /draft version ([0-9a-f-]{36})/.exec(roster.stdout)![1];
    expect((await cli('roster', ['publish', versionId], database.url)).stdout).toMatch(/version #1 of 532301 published/);

    // The sample's issuing bank must be a registered one (the banks CLI copies the registry to the funds side).
    expect(
      (
        await cli(
          'banks',
          ['register', '--code', 'YNRCC', '--name', '楚雄市农村信用合作联社', '--name-en', 'Chuxiong RCC', '--card-prefixes', '621779', '--counties', '532301'],
          database.url,
        )
      ).code,
    ).toBe(0);
    const accounts = await cli('accounts', ['import', join(SAMPLES, SAMPLE_FILES.oneCard), '--county', '532301'], database.url);
    expect(accounts.stdout).toMatch(/: APPLIED, 30 rows, 30 valid, 30 applied, 0 errors, read as gb/);
    expect(accounts.stdout).not.toContain('ignored columns');
    expect(accounts.code).toBe(0);
  }, 120_000);

  it('ships empty templates whose headers the hub reads, every one, in CSV (UTF-8 with BOM) and XLSX', async () => {
    const rosterHeaders = EXPORT_COLUMNS.map(exportHeader);
    const csvHeaders = (file: string) =>
      readFileSync(join(SAMPLES, file), 'utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split(',');
    expect(csvHeaders(SAMPLE_FILES.rosterTemplateCsv)).toEqual(rosterHeaders);
    expect(csvHeaders(SAMPLE_FILES.oneCardTemplateCsv)).toEqual(ONE_CARD_TEMPLATE_HEADERS);
    expect(readFileSync(join(SAMPLES, SAMPLE_FILES.rosterTemplateCsv)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    for (const [file, headers] of [
      [SAMPLE_FILES.rosterTemplateXlsx, rosterHeaders],
      [SAMPLE_FILES.oneCardTemplateXlsx, ONE_CARD_TEMPLATE_HEADERS],
    ] as const) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(SAMPLES, file));
      const sheet = workbook.worksheets[0];
      expect(sheet.rowCount).toBe(1);
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
    }
    // Every 一卡通 template column is one the hub maps to a field (none ignored).
    expect(mapOneCardHeaders(ONE_CARD_TEMPLATE_HEADERS).ignored).toEqual([]);
  });
});
