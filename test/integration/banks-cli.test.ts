/** `npm run banks -- register|update|retire|list` as an operator runs them (issue 14), with --help on every command. */
import { randomUUID } from 'node:crypto';
import { createScratchDatabase, ScratchDatabase } from '../../common/db/scratch-database';
import { createLogger } from '../../common/logger';
import { createDataSourceFor } from '../../common/subgraph-service';
import { loansSubgraph } from '../../subgraphs/loans/src';
import { baseDatabaseUrl, testConfig } from '../../demo/test-hub';
import { runCli, type CliRun } from '../support/cli';

const COMMANDS = ['list', 'register', 'update', 'retire', 'deliveries', 'replay', 'snapshot', 'plan', 'pull', 'lpr', 'lpr-load', 'rejections'];

function banks(args: string[], databaseUrl: string): Promise<CliRun> {
  return runCli('banks', args, { DATABASE_URL: databaseUrl });
}

describe('npm run banks: the bank registry', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(baseDatabaseUrl(), 'huinong_banks_cli');
  });
  afterAll(() => database.drop());

  it('explains itself, and each command on its own', async () => {
    const help = await banks(['--help'], database.url);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(`  ${command}`);
    // Each spawn costs seconds: the registry's commands and two of the older ones show the per-command help.
    for (const command of ['list', 'register', 'update', 'retire', 'deliveries', 'pull']) {
      const own = await banks([command, '--help'], database.url);
      expect({ command, code: own.code, usage: own.stdout.split('\n')[0] }).toEqual({
        command,
        code: 0,
        usage: expect.stringContaining(`npm run banks -- ${command}`),
      });
    }
    const register = await banks(['register', '--help'], database.url);
    for (const option of ['--code', '--name', '--name-en', '--card-prefixes', '--counties', '--connector-url', '--credential-ref'])
      expect(register.stdout).toContain(option);
    const unknown = await banks(['frobnicate'], database.url);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown command "frobnicate"')]);
  }, 180_000);

  it('registers, lists, updates and retires a bank; refuses retiring one with townships still assigned', async () => {
    const registered = await banks(
      [
        'register',
        '--code',
        'QJCCB',
        '--name',
        '曲靖市商业银行',
        '--name-en',
        'Qujing City Commercial Bank',
        '--card-prefixes',
        '623091,623092',
        '--counties',
        '530302',
        '--connector-url',
        'https://connector.qjccb.example.cn',
        '--credential-ref',
        'QJCCB_CONNECTOR_TOKEN',
        '--as',
        'ops-li',
      ],
      database.url,
    );
    expect([registered.code, registered.stderr]).toEqual([0, '']);
    expect(registered.stdout).toContain('registered QJCCB');

    const again = await banks(['register', '--code', 'QJCCB', '--name', '曲靖市商业银行', '--name-en', 'Qujing'], database.url);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('error: BANK_ALREADY_REGISTERED: ')]);
    const bad = await banks(
      ['register', '--code', 'QJ2', '--name', '曲靖银行', '--name-en', 'Qujing', '--connector-url', 'https://u:p@connector.example.cn'],
      database.url,
    );
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('error: BANK_INVALID_CONNECTOR_URL: ')]);
    // A command line missing what it needs is a usage error (exit 2), not a refusal of the hub (exit 1).
    expect(await banks(['register', '--code', 'QJ3'], database.url)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('register needs --name (see --help)'),
    });

    const updated = await banks(['update', 'QJCCB', '--counties', '530302,530321', '--connector-url', ''], database.url);
    expect(updated.code).toBe(0);
    const list = await banks(['list'], database.url);
    expect(list.stdout).toMatch(
      /QJCCB\s+active\s+曲靖市商业银行 {2}Qujing City Commercial Bank {2}cards 623091,623092 {2}counties 530302,530321 {2}connector \(template\) \(QJCCB_CONNECTOR_TOKEN\)/,
    );

    // The bank's acknowledged list, as the record-delivered-list job records it.
    const loans = await createDataSourceFor(loansSubgraph, database.url, { poolSize: 2 }).initialize();
    try {
      const app = loansSubgraph.createApp({
        dataSource: loans,
        config: testConfig({ DATABASE_URL: database.url }),
        logger: createLogger({ service: 'test' }, 'warn'),
      });
      const householdId = randomUUID();
      const member = (op: 'ADD' | 'REMOVE') => ({ householdId, idHash: 'b'.repeat(64), countyCode: '530302', townshipCode: '530302001', op });
      await app.bankLists.recordDelivered({ bankCode: 'QJCCB', sequence: 0, effectiveDate: '2026-01-01', snapshot: null, members: [member('ADD')] });
      const refused = await banks(['retire', 'QJCCB'], database.url);
      expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('error: BANK_HAS_TOWNSHIPS: ')]);
      expect(refused.stderr).toContain('530302001');
      await app.bankLists.recordDelivered({ bankCode: 'QJCCB', sequence: 1, effectiveDate: '2026-06-01', snapshot: null, members: [member('REMOVE')] });
    } finally {
      await loans.destroy();
    }

    const retired = await banks(['retire', 'QJCCB', '--reason', '撤出', '--as', 'ops-li'], database.url);
    expect([retired.code, retired.stdout]).toEqual([0, expect.stringContaining('retired QJCCB')]);
    expect((await banks(['list'], database.url)).stdout).toMatch(/QJCCB\s+RETIRED/);
    const audit = await createDataSourceFor(loansSubgraph, database.url, { poolSize: 2 }).initialize();
    try {
      expect(await audit.query(`SELECT action, actor FROM loans.bank_changes WHERE bank_code = 'QJCCB' ORDER BY id`)).toEqual([
        { action: 'REGISTERED', actor: 'ops-li' },
        { action: 'UPDATED', actor: expect.stringMatching(/^cli:/) },
        { action: 'RETIRED', actor: 'ops-li' },
      ]);
    } finally {
      await audit.destroy();
    }
  }, 240_000);
});
