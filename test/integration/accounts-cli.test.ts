/** `npm run accounts -- …` as a finance operator runs it: import a GBK file (matched and applied at once), the same file again, a rejected one, show. */
import { randomUUID } from 'node:crypto';
import { composeResidentId } from '../../common/domain/resident-id';
import { createScratchDatabase, ScratchDatabase } from '../../common/db/scratch-database';
import { createLogger } from '../../common/logger';
import { createDataSourceFor, migrate } from '../../common/subgraph-service';
import { fundsSubgraph } from '../../subgraphs/funds/src';
import { householdsSubgraph } from '../../subgraphs/households/src';
import { HouseholdCategory } from '../../subgraphs/households/src/domain/household-category';
import { oneCard, oneCardCsv } from '../support/one-card-files';
import { toGbk, writeTemp } from '../support/roster-files';
import { baseDatabaseUrl, testConfig } from '../../demo/test-hub';
import { runCli, type CliRun } from '../support/cli';

const COUNTY = '532301';

function accounts(args: string[], databaseUrl: string): Promise<CliRun> {
  return runCli('accounts', args, { DATABASE_URL: databaseUrl });
}

describe('npm run accounts', () => {
  let database: ScratchDatabase;
  const heads = [1, 2].map((n) => ({ id: randomUUID(), name: ['李文华', '王国兴'][n - 1], idNumber: composeResidentId(COUNTY, `197${n}-02-0${n}`, 300 + n) }));

  beforeAll(async () => {
    database = await createScratchDatabase(baseDatabaseUrl(), 'huinong_accounts_cli');
    const households = await createDataSourceFor(householdsSubgraph, database.url).initialize();
    const funds = await createDataSourceFor(fundsSubgraph, database.url).initialize();
    try {
      await migrate(householdsSubgraph, households);
      await migrate(fundsSubgraph, funds);
      const app = householdsSubgraph.createApp({
        dataSource: households,
        config: testConfig(),
        logger: createLogger({ service: 'test' }, 'error', () => undefined),
      });
      await app.loadDemo({
        countyCode: COUNTY,
        regions: [],
        assignments: [{ townshipCode: `${COUNTY}101`, bankCode: 'ABC', effectiveFrom: '2021-06-01' }],
        households: heads.map((h, i) => ({
          id: h.id,
          householdNo: `CLI${i}`,
          headName: h.name,
          idNumber: h.idNumber,
          phone: `1390000000${i}`,
          countyCode: COUNTY,
          townshipCode: `${COUNTY}101`,
          villageCode: `${COUNTY}101001`,
          category: HouseholdCategory.LIFTED_OUT,
          isMonitored: false,
          liftedOutYear: 2019,
          memberCount: 2,
        })),
      });
    } finally {
      await households.destroy();
      await funds.destroy();
    }
    // The issuing bank of the files: registered (no card prefixes, so any card), copied to the funds side by the banks CLI.
    const registered = await runCli(
      'banks',
      ['register', '--code', 'ABC', '--name', '中国农业银行楚雄分行', '--name-en', 'ABC Chuxiong', '--counties', COUNTY],
      {
        DATABASE_URL: database.url,
      },
    );
    expect(registered.code).toBe(0);
  }, 60_000);
  afterAll(() => database.drop());

  it('explains itself', async () => {
    const help = await accounts(['--help'], database.url);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('  import FILE --county CODE');
    expect(await accounts(['frobnicate'], database.url)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command "frobnicate" (see --help)'),
    });
  });

  it('imports, matches and applies a file, knows it the second time, and rejects a holder off the roster', async () => {
    const lines = heads.map((h, i) => ({
      holderName: h.name,
      idNumber: h.idNumber,
      accountNumber: oneCard(500 + i),
      issuingBank: '中国农业银行',
      status: '正常',
    }));
    const file = writeTemp('一卡通.csv', toGbk(oneCardCsv(lines)));
    const imported = await accounts(['import', file, '--county', COUNTY], database.url);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/: APPLIED, 2 rows, 2 valid, 2 applied, 0 errors, read as gb18030/);
    const again = await accounts(['import', file, '--county', COUNTY], database.url);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('imported before');

    const stranger = composeResidentId(COUNTY, '1966-06-06', 606);
    const bad = writeTemp('bad.csv', oneCardCsv([lines[0], { ...lines[1], idNumber: stranger, accountNumber: oneCard(510) }]));
    const rejected = await accounts(['import', bad, '--county', COUNTY], database.url);
    expect(rejected.code).toBe(3);
    expect(rejected.stdout).toMatch(/: REJECTED, 2 rows, 2 valid, 0 applied, 1 errors/);
    expect(rejected.stdout).toContain('ONE_CARD_NOT_ON_ROSTER');
    expect(rejected.stdout).not.toContain(stranger);
    const id = /import ([0-9a-f-]{36})/.exec(rejected.stdout)![1];
    const shown = await accounts(['show', id], database.url);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`row 3, 身份证号码 "532***********${stranger.slice(-4)}": ONE_CARD_NOT_ON_ROSTER`);

    const wrong = await accounts(['import', file, '--county', '5323'], database.url);
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('error: ONE_CARD_BAD_REQUEST: ') });
  }, 60_000);

  it('names the columns it ignores and the rows of another county, and refuses a file without a required column naming it', async () => {
    const header = '序号,户主姓名,身份证号码,一卡通账号,开户银行,县(市、区、旗),补贴金额';
    const text = [header, `1,${heads[0].name},${heads[0].idNumber},${oneCard(520)},ABC,双柏县,100.00`].join('\r\n') + '\r\n';
    const other = await accounts(['import', writeTemp('other.csv', text), '--county', COUNTY], database.url);
    expect(other.code).toBe(3);
    expect(other.stdout).toContain('ignored columns (not read): A 序号, G 补贴金额');
    expect(other.stdout).toContain('row 2, 县(市、区、旗) "双柏县": ONE_CARD_ROW_OTHER_COUNTY');

    const noId = writeTemp('no-id.csv', `户主姓名,一卡通账号,开户银行\r\n${heads[0].name},${oneCard(521)},ABC\r\n`);
    const missing = await accounts(['import', noId, '--county', COUNTY], database.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: ONE_CARD_MISSING_COLUMNS: the header row (row 1) has no column for: idNumber (身份证号码)');
  }, 60_000);
});
