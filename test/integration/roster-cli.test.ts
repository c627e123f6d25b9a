/** `npm run roster -- …` as an operator runs it: help, regions, import with progress, diff, publish, assign. */
import { createScratchDatabase, ScratchDatabase } from '../../common/db/scratch-database';
import { EXPORT_HEADERS, rosterCsv, rosterLines, writeTemp } from '../support/roster-files';
import { baseDatabaseUrl } from '../../demo/test-hub';
import { runCli, type CliRun } from '../support/cli';

const PLACES = [{ township: '鹿城镇', village: '东兴社区居民委员会' }];

function roster(args: string[], databaseUrl: string): Promise<CliRun> {
  return runCli('roster', args, { DATABASE_URL: databaseUrl });
}

describe('npm run roster', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(baseDatabaseUrl(), 'huinong_cli');
  });
  afterAll(() => database.drop());

  it('explains itself', async () => {
    const help = await roster(['--help'], database.url);
    expect(help.code).toBe(0);
    for (const command of ['regions', 'import', 'versions', 'diff', 'publish', 'discard', 'assign']) expect(help.stdout).toContain(`  ${command}`);
    const unknown = await roster(['frobnicate'], database.url);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate" (see --help)');
    expect(await roster(['versions', '--frobnicate'], database.url)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown option '--frobnicate'"),
    });
  });

  it('loads regions, imports, diffs and publishes a roster, and assigns a township', async () => {
    const regions = await roster(['regions', '--county', '532301'], database.url);
    expect(regions.code).toBe(0);
    expect(regions.stdout).toMatch(/170 regions read, 170 written/); // 楚雄市, 15 townships, 154 villages
    expect((await roster(['regions', '--county', '532301'], database.url)).stdout).toMatch(/170 regions read, 0 written/);

    const file = writeTemp('roster.csv', rosterCsv(rosterLines(25, PLACES)));
    const imported = await roster(['import', file, '--county', '532301'], database.url);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/25 rows, [\d,]+ rows\/s/);
    expect(imported.stdout).toMatch(/: draft_created, 25 rows, 25 accepted, 0 errors, read as utf-8/);
    const versionId = /draft version ([0-9a-f-]{36})/.exec(imported.stdout)![1];

    const diff = await roster(['diff', versionId], database.url);
    expect(diff.stdout).toMatch(/against nothing: \+25 -0 ~0/);
    const published = await roster(['publish', versionId], database.url);
    expect(published.stdout).toMatch(/version #1 of 532301 published at/);
    const versions = await roster(['versions', '--county', '532301'], database.url);
    expect(versions.stdout).toMatch(/#1 [0-9a-f-]{36} published/);

    // A township is assigned only to a registered bank serving the county (the banks CLI copies the registry to the households side).
    const registered = await runCli(
      'banks',
      ['register', '--code', 'ABC', '--name', '中国农业银行楚雄分行', '--name-en', 'ABC Chuxiong', '--counties', '532301'],
      {
        DATABASE_URL: database.url,
      },
    );
    expect(registered.code).toBe(0);
    const assigned = await roster(['assign', '--township', '532301101', '--bank', 'ABC', '--from', '2026-01-01'], database.url);
    expect(assigned.stdout).toContain('township 532301101 → ABC from 2026-01-01');
  });

  it('exits 3 on a rejected file and shows the first errors with their codes', async () => {
    const lines = rosterLines(3, PLACES, 100);
    lines[1] = { ...lines[1], township: '火星镇' };
    const rejected = await roster(['import', writeTemp('bad.csv', rosterCsv(lines)), '--county', '532301'], database.url);
    expect(rejected.code).toBe(3);
    expect(rejected.stdout).toContain('rejected, 3 rows, 0 accepted, 1 errors');
    expect(rejected.stdout).toContain('row 3, 乡(镇) "火星镇": ROSTER_UNKNOWN_TOWNSHIP');
    const missing = await roster(['import', '/nonexistent.csv', '--county', '532301'], database.url);
    expect(missing.code).toBe(1);
  });

  it('names the columns it ignores, reads 户联系电话 and 县(市、区、旗), and rejects a row of another county', async () => {
    const lines = rosterLines(3, PLACES, 200);
    lines[1] = { ...lines[1], county: '双柏县' };
    lines[2] = { ...lines[2], phone: '12345' };
    const headers = EXPORT_HEADERS.map((h) => (h === '联系电话' ? '户联系电话' : h === '县' ? '县(市、区、旗)' : h));
    const csv = rosterCsv(lines, headers).replace(/\r\n/g, ',备注\r\n'); // a column no alias names, in N
    const result = await roster(['import', writeTemp('export.csv', csv), '--county', '532301'], database.url);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('ignored columns (not read; map one with setRosterHeaderMapping): N 备注');
    expect(result.stdout).toContain('row 3, 县(市、区、旗) "双柏县": ROSTER_ROW_OTHER_COUNTY');
    expect(result.stdout).toMatch(/row 4, 户联系电话 "\*+": ROSTER_INVALID_PHONE/);
  });
});
