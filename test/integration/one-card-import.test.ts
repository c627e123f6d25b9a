/**
 * 一卡通 account files end to end, through the public interfaces: the finance bureau uploads a
 * GBK CSV or an XLSX with its own Chinese headers to the gateway; the funds subgraph validates
 * and stages it; the worker's match-one-card-import job asks the households side which household
 * each holder heads and applies the file in one funds transaction; the report is read through
 * GraphQL and downloaded as CSV. Every error class, both modes (nothing half-written), the same
 * file twice, scoping, a failed payout paid once an imported account replaced the closed one, and
 * a failed line that an unchanged re-export leaves waiting until the holder name is corrected.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { composeResidentId } from '../../common/domain/resident-id';
import { createLogger } from '../../common/logger';
import { protectorFromConfig } from '../../common/pii/protector';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import { DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import { JOBS, QUEUES } from '../../common/queue/names';
import { createOneCardImportJobs, matchOneCardImport } from '../../queues/src/jobs/one-card-import-jobs';
import { untilHouseholdsKnown } from '../support/household-directory';
import { computeQuarterlySubsidy } from '../../queues/src/jobs/subsidy-jobs';
import { RunningWorker } from '../../queues/src/worker';
import { HouseholdCategory } from '../../subgraphs/households/src/domain/household-category';
import { startSimulatorProcess, SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { oneCard, oneCardCsv, OneCardLine, oneCardXlsx } from '../support/one-card-files';
import { toGbk, writeTemp } from '../support/roster-files';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { registerBanks } from '../support/bank-directory';
import { parseQuarter, settlementWindow } from '../../subgraphs/funds/src/subsidy/domain/settlement-window';
import { startTestWorker } from '../support/test-worker';
import { reportedLoan, reportLoans, settledIn } from '../support/subsidy-hub';

const TOKEN = 'one-card-test-bank-token';
const OTHER_COUNTY = '532322'; // 双柏县
const NAMES = ['李文华', '王国兴', '张秀英', '杨春', '赵德明', '刘玉芳', '陈忠', '罗光', '普云', '起林', '鲁发', '施正'];

interface TestHousehold {
  id: string;
  name: string;
  idNumber: string;
  countyCode: string;
}
const household = (n: number, countyCode = DEMO_COUNTY): TestHousehold => ({
  id: randomUUID(),
  name: NAMES[n % NAMES.length],
  idNumber: composeResidentId(countyCode, `19${60 + n}-0${1 + (n % 9)}-1${n % 9}`, 200 + n),
  countyCode,
});
/** H[1..9] head households on 楚雄市's roster; OFF was dropped from it; OTHER heads one in 双柏县; STRANGER heads none. */
const H = Array.from({ length: 10 }, (_, n) => household(n));
const OFF = household(20);
const OTHER = household(21, OTHER_COUNTY);
const STRANGER = composeResidentId(DEMO_COUNTY, '1970-05-05', 555);
const line = (h: TestHousehold, accountNumber: string, extra: OneCardLine = {}): OneCardLine => ({
  holderName: h.name,
  idNumber: h.idNumber,
  accountNumber,
  issuingBank: 'YNRCC',
  status: '正常',
  county: '楚雄市',
  ...extra,
});

describe('一卡通 account imports', () => {
  let hub: TestHub;
  let worker: RunningWorker;
  const workerLogs: string[] = [];
  let simulator: SimulatorProcess;
  let finance: string;
  const gatewayBase = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const pii = () => protectorFromConfig(hub.config.pii);

  const upload = (token: string | null, body: string | Buffer, query: Record<string, string> = {}) =>
    hub.upload('/uploads/one-card-accounts', token, body, { county: DEMO_COUNTY, mode: 'reject_file', filename: 'accounts.csv', ...query });

  const IMPORT_FIELDS = 'id status mode totalRows validRows appliedRows errorCount encoding format duplicate';
  /** Polls the import until the worker has matched it. */
  async function finished(id: string): Promise<any> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const current = (await hub.data(finance, `query($id: ID!) { oneCardImport(id: $id) { ${IMPORT_FIELDS} } }`, { id })).oneCardImport;
      if (current.status !== 'PENDING_MATCH') return current;
      if (Date.now() > deadline) throw new Error(`import ${id} still pending`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function allErrors(id: string): Promise<any[]> {
    const errors: any[] = [];
    let after: string | null = null;
    do {
      const page: any = (
        await hub.data(
          finance,
          'query($id: ID!, $after: String) { oneCardImport(id: $id) { errors(first: 5, after: $after) { nodes { row column value code messageZh messageEn } pageInfo { hasNextPage endCursor } } } }',
          {
            id,
            after,
          },
        )
      ).oneCardImport.errors;
      errors.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return errors;
  }

  /** The stored account of a household, opened (the test may; nothing the hub returns shows it). */
  async function account(h: TestHousehold) {
    const [row] = await hub.dataSources.funds.query('SELECT * FROM funds.one_card_accounts WHERE household_id = $1', [h.id]);
    if (!row) return null;
    const open = (sealed: Buffer) => pii().open({ ciphertext: sealed, keyId: row.pii_key_id });
    return {
      accountNumber: open(row.account_number_sealed),
      holderName: open(row.holder_name_sealed),
      bank: row.issuing_bank_code,
      status: row.status,
      updatedAt: new Date(row.updated_at).getTime(),
    };
  }

  const stagedRows = async () => (await hub.dataSources.funds.query('SELECT count(*)::int AS n FROM funds.one_card_import_rows'))[0].n;

  beforeAll(async () => {
    simulator = await startSimulatorProcess(TOKEN);
    hub = await startTestHub({
      QUEUE_NAMESPACE: `one_card_test_${process.pid}`,
      BANK_CONNECTOR_URL_TEMPLATE: `${simulator.url}/banks/{bank}`,
      BANK_CONNECTOR_TOKEN: TOKEN,
      LIST_DISPATCH_EVERY_MS: '300',
      LIST_PUSH_BACKOFF_MS: '100',
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    });
    const toRow = (h: TestHousehold, n: number) => ({
      id: h.id,
      householdNo: `HH${String(n).padStart(6, '0')}`,
      headName: h.name,
      idNumber: h.idNumber,
      phone: `1380000${String(n).padStart(4, '0')}`,
      countyCode: h.countyCode,
      townshipCode: `${h.countyCode}101`,
      villageCode: `${h.countyCode}101001`,
      category: HouseholdCategory.LIFTED_OUT,
      isMonitored: false,
      liftedOutYear: 2018,
      memberCount: 3,
    });
    const assignments = [{ townshipCode: `${DEMO_COUNTY}101`, bankCode: 'ABC', effectiveFrom: '2021-06-01' }];
    await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions: [], assignments, households: [...H, OFF].map(toRow) });
    await hub.apps.households.loadDemo({ countyCode: OTHER_COUNTY, regions: [], assignments, households: [toRow(OTHER, 99)] });
    await hub.dataSources.households.query('UPDATE households.households SET on_roster = false WHERE id = $1', [OFF.id]);
    // The issuing banks the funds side recognises are the registry's (its bank directory, fed by record-bank-directory).
    await registerBanks(hub.apps);

    // The worker's log lines are kept: the no-personal-data check below reads them too.
    worker = await startTestWorker(hub, ['subsidy', 'oneCardImports'], {
      logger: createLogger({ service: 'worker' }, 'debug', (line) => workerLogs.push(line)),
    });
    finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
  }, 60_000);

  afterAll(async () => {
    await worker?.close().catch(() => undefined);
    simulator?.stop();
    await hub?.close();
  });

  const gbkFile = oneCardCsv([
    line(H[1], oneCard(1)),
    line(H[2], oneCard(2, '622848'), { issuingBank: '中国农业银行楚雄分行', status: '' }),
    line(H[3], oneCard(3), { issuingBank: '楚雄市农村信用合作联社', status: '冻结', county: '532301' }),
  ]);
  let gbkImportId: string;

  it('imports a GBK CSV with the finance bureau’s Chinese headers: staged, matched to the roster by the worker, applied', async () => {
    const { status, body } = await upload(finance, toGbk(gbkFile), { filename: '一卡通账户.csv' });
    expect(status).toBe(202);
    expect(body).toMatchObject({
      status: 'PENDING_MATCH',
      mode: 'REJECT_FILE',
      totalRows: 3,
      validRows: 3,
      appliedRows: 0,
      errorCount: 0,
      encoding: 'gb18030',
      format: 'csv',
      duplicate: false,
    });
    gbkImportId = body.id;
    expect(await finished(gbkImportId)).toMatchObject({ status: 'APPLIED', appliedRows: 3, errorCount: 0 });
    expect(await account(H[1])).toMatchObject({ accountNumber: oneCard(1), holderName: H[1].name, bank: 'YNRCC', status: 'ACTIVE' });
    expect(await account(H[2])).toMatchObject({ accountNumber: oneCard(2, '622848'), bank: 'ABC', status: 'ACTIVE' });
    expect(await account(H[3])).toMatchObject({ accountNumber: oneCard(3), bank: 'YNRCC', status: 'FROZEN' });
    expect(await stagedRows()).toBe(0);

    // Through GraphQL the accounts are masked; the number is never returned whole.
    const accounts = await hub.data(
      finance,
      `{ oneCardAccounts(filter: { countyCode: "${DEMO_COUNTY}" }) { nodes { householdId accountNumber holderName status } } }`,
    );
    const shown = accounts.oneCardAccounts.nodes.find((a: any) => a.householdId === H[1].id);
    expect(shown).toEqual({ householdId: H[1].id, accountNumber: `621779*********${oneCard(1).slice(-4)}`, holderName: `${H[1].name[0]}*`, status: 'ACTIVE' });
    expect(JSON.stringify(accounts)).not.toContain(oneCard(1));
  });

  it('imports an XLSX whose headers are spelled otherwise (姓名, 证件号码, 社保卡号, 发卡银行, 县代码)', async () => {
    const headers = { holderName: '姓名', idNumber: '证件号码', accountNumber: '社保卡号', issuingBank: '发卡银行', status: '账户状态', county: '县代码' };
    const xlsx = await oneCardXlsx(
      [
        line(H[4], oneCard(4, '621799'), { issuingBank: 'PSBC', county: DEMO_COUNTY }),
        line(H[5], oneCard(5, '621799'), { issuingBank: '中国邮政储蓄银行楚雄市支行', status: '销户', county: DEMO_COUNTY }),
      ],
      headers,
    );
    const { status, body } = await upload(finance, xlsx, { filename: '社保卡账户.xlsx', mode: 'skip_bad_rows' });
    expect(status).toBe(202);
    expect(body).toMatchObject({ format: 'xlsx', encoding: null, totalRows: 2, validRows: 2 });
    expect(await finished(body.id)).toMatchObject({ status: 'APPLIED', appliedRows: 2, errorCount: 0 });
    expect(await account(H[4])).toMatchObject({ accountNumber: oneCard(4, '621799'), bank: 'PSBC', status: 'ACTIVE' });
    expect(await account(H[5])).toMatchObject({ bank: 'PSBC', status: 'CLOSED' });
  });

  describe('bad rows', () => {
    const flip = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const badCard = oneCard(77).slice(0, 18) + ((Number(oneCard(77)[18]) + 1) % 10);
    const otherId = composeResidentId(DEMO_COUNTY, '1981-01-01', 321);
    const lines: [OneCardLine, string | null, string | null][] = [
      [line(H[6], oneCard(6)), null, null], // row 2: good
      [line(H[7], oneCard(70), { idNumber: flip(H[7].idNumber) }), 'ONE_CARD_INVALID_ID_CHECKSUM', '身份证号码'],
      [line(H[7], oneCard(71), { idNumber: '53230119490230123X' }), 'ONE_CARD_INVALID_BIRTH_DATE', '身份证号码'],
      [line(H[7], oneCard(72), { idNumber: '53230119750601' }), 'ONE_CARD_INVALID_ID_FORMAT', '身份证号码'],
      [line(H[7], oneCard(73), { holderName: '' }), 'ONE_CARD_MISSING_VALUE', '户主姓名'],
      [line(H[7], '6.21779E+18'), 'ONE_CARD_INVALID_ACCOUNT_NUMBER', '一卡通账号'],
      [line(H[7], badCard), 'ONE_CARD_INVALID_CARD_CHECKSUM', '一卡通账号'],
      [line(H[7], oneCard(74), { issuingBank: '花旗银行' }), 'ONE_CARD_UNKNOWN_BANK', '开户银行'],
      [line(H[7], oneCard(75), { status: '挂失' }), 'ONE_CARD_UNKNOWN_STATUS', '账户状态'],
      [line(H[7], oneCard(76), { county: '双柏县' }), 'ONE_CARD_ROW_OTHER_COUNTY', '县'],
      [line(H[8], oneCard(80)), 'ONE_CARD_DUPLICATE_ID_IN_FILE', '身份证号码'], // rows 12 and 13: one ID twice
      [line(H[8], oneCard(81)), 'ONE_CARD_DUPLICATE_ID_IN_FILE', '身份证号码'],
      [line(H[9], oneCard(90)), 'ONE_CARD_DUPLICATE_ACCOUNT_IN_FILE', '一卡通账号'], // rows 14 and 15: one account twice
      [{ ...line(H[9], oneCard(90)), idNumber: otherId }, 'ONE_CARD_DUPLICATE_ACCOUNT_IN_FILE', '一卡通账号'],
      [{ ...line(H[9], oneCard(91)), idNumber: STRANGER }, 'ONE_CARD_NOT_ON_ROSTER', '身份证号码'], // heads no household
      [line(OTHER, oneCard(92)), 'ONE_CARD_NOT_ON_ROSTER', '身份证号码'], // heads one in another county
      [line(OFF, oneCard(93)), 'ONE_CARD_NOT_ON_ROSTER', '身份证号码'], // heads one no longer on the roster
    ];
    const csv = oneCardCsv(lines.map(([l]) => l));
    const expected = lines.flatMap(([, code, column], i) => (code ? [{ row: i + 2, code, column }] : []));

    it('leaves bad rows out in skip_bad_rows mode: each error class reported with row, column, masked value, code and both messages', async () => {
      const { status, body } = await upload(finance, csv, { mode: 'skip_bad_rows', filename: 'bad.csv' });
      expect(status).toBe(202);
      // Found in the file itself: 13 errors; the three holders off the roster pass the file's checks.
      expect(body).toMatchObject({ status: 'PENDING_MATCH', mode: 'SKIP_BAD_ROWS', totalRows: 17, validRows: 4, errorCount: 13, encoding: 'utf-8' });
      const done = await finished(body.id);
      expect(done).toMatchObject({ status: 'APPLIED', appliedRows: 1, errorCount: 16 });

      const errors = await allErrors(body.id);
      expect(errors.map(({ row, code, column }) => ({ row, code, column }))).toEqual(expected);
      for (const error of errors) {
        expect(error.messageZh).toMatch(/[\u4e00-\u9fff]/);
        expect(error.messageEn).toMatch(/[a-z]/);
      }
      // Personal values are masked; no ID or card number of the file appears in the report.
      expect(errors.find((e) => e.code === 'ONE_CARD_NOT_ON_ROSTER' && e.row === 16).value).toBe(`532***********${STRANGER.slice(-4)}`);
      expect(errors.find((e) => e.code === 'ONE_CARD_INVALID_CARD_CHECKSUM').value).toBe(`${badCard.slice(0, 6)}*********${badCard.slice(-4)}`);
      expect(errors.find((e) => e.code === 'ONE_CARD_MISSING_VALUE').value).toBe('');
      const report = JSON.stringify(errors);
      for (const [l] of lines) {
        if ((l.idNumber ?? '').length === 18) expect(report).not.toContain(l.idNumber);
        expect(report).not.toContain(l.accountNumber);
      }

      expect(await account(H[6])).toMatchObject({ accountNumber: oneCard(6) });
      for (const h of [H[7], H[8], H[9], OTHER, OFF]) expect(await account(h)).toBeNull();
      expect(await stagedRows()).toBe(0);

      // The same report as a CSV (UTF-8 with BOM, for Excel) and an XLSX through the gateway.
      const csvReport = await fetch(`${gatewayBase()}/downloads/one-card-imports/${body.id}/errors.csv`, { headers: { authorization: `Bearer ${finance}` } });
      expect(csvReport.status).toBe(200);
      expect(csvReport.headers.get('content-type')).toContain('text/csv');
      const bytes = Buffer.from(await csvReport.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      expect(text.startsWith('行号 Row,列 Column,值 Value,错误代码 Code,说明,Message')).toBe(true);
      expect(text.trim().split('\r\n')).toHaveLength(17);
      expect(text).toContain('ONE_CARD_NOT_ON_ROSTER');
      expect(text).not.toContain(STRANGER);
      const xlsxReport = await fetch(`${gatewayBase()}/downloads/one-card-imports/${body.id}/errors.xlsx`, { headers: { authorization: `Bearer ${finance}` } });
      expect(xlsxReport.status).toBe(200);
      expect(xlsxReport.headers.get('content-type')).toContain('spreadsheetml');
      expect((await xlsxReport.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    });

    it('rejects the whole file in reject_file mode: no account changes', async () => {
      const before = await account(H[1]);
      const bad = oneCardCsv([line(H[1], oneCard(101)), line(H[7], oneCard(102), { issuingBank: '花旗银行' })]);
      const { status, body } = await upload(finance, bad);
      expect(status).toBe(201);
      expect(body).toMatchObject({ status: 'REJECTED', totalRows: 2, validRows: 1, appliedRows: 0, errorCount: 1 });
      expect((await allErrors(body.id)).map((e) => e.code)).toEqual(['ONE_CARD_UNKNOWN_BANK']);
      expect(await account(H[1])).toEqual(before);
      expect(await account(H[7])).toBeNull();
      expect(await stagedRows()).toBe(0);
    });

    it('reports a formula typed as 开户银行 neutralised in the CSV (a leading quote, quoted) and as a plain string in the XLSX', async () => {
      const hostile = '=HYPERLINK("http://x")';
      const { status, body } = await upload(finance, oneCardCsv([line(H[1], oneCard(131)), line(H[7], oneCard(132), { issuingBank: hostile })]), {
        filename: 'formula.csv',
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({ status: 'REJECTED', errorCount: 1 });
      expect(await allErrors(body.id)).toEqual([expect.objectContaining({ row: 3, column: '开户银行', value: hostile, code: 'ONE_CARD_UNKNOWN_BANK' })]);

      const download = (ext: string) =>
        fetch(`${gatewayBase()}/downloads/one-card-imports/${body.id}/errors.${ext}`, { headers: { authorization: `Bearer ${finance}` } });
      const csv = (await (await download('csv')).text()).replace(/^\uFEFF/, '');
      const [, reported] = csv.split('\r\n');
      expect(reported.startsWith(`3,开户银行,"'=HYPERLINK(""http://x"")",ONE_CARD_UNKNOWN_BANK,`)).toBe(true);
      expect(csv).not.toContain(`,${hostile}`);

      const xlsx = await download('xlsx');
      expect(xlsx.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
      const cell = workbook.worksheets[0].getRow(2).getCell(3);
      expect({ type: cell.type, value: cell.value, formula: cell.formula }).toEqual({ type: ExcelJS.ValueType.String, value: hostile, formula: undefined });
      expect(workbook.worksheets[0].getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.Number);
    });

    it('rejects the whole file in reject_file mode when a holder heads no household of the roster: nothing half-written', async () => {
      const before = [await account(H[1]), await account(H[2])];
      const file = oneCardCsv([line(H[1], oneCard(111)), line(H[2], oneCard(112)), { ...line(H[3], oneCard(113)), idNumber: STRANGER }]);
      const { status, body } = await upload(finance, file, { filename: 'reject.csv' });
      expect(status).toBe(202);
      expect(await finished(body.id)).toMatchObject({ status: 'REJECTED', validRows: 3, appliedRows: 0, errorCount: 1 });
      expect(await allErrors(body.id)).toEqual([expect.objectContaining({ row: 4, column: '身份证号码', code: 'ONE_CARD_NOT_ON_ROSTER' })]);
      expect([await account(H[1]), await account(H[2])]).toEqual(before);
      expect(await stagedRows()).toBe(0);

      // A rejected file may be sent again: in skip_bad_rows mode the two good rows are applied.
      const again = await upload(finance, file, { filename: 'reject.csv', mode: 'skip_bad_rows' });
      expect(again.status).toBe(202);
      expect(again.body.id).not.toBe(body.id);
      expect(await finished(again.body.id)).toMatchObject({ status: 'APPLIED', appliedRows: 2, errorCount: 1 });
      expect(await account(H[1])).toMatchObject({ accountNumber: oneCard(111) });
      expect(await account(H[2])).toMatchObject({ accountNumber: oneCard(112), bank: 'YNRCC' });
    });
  });

  it('returns the earlier import when the same file is uploaded again, also twice at once', async () => {
    const { status, body } = await upload(finance, toGbk(gbkFile), { filename: '又一次.csv' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: gbkImportId, duplicate: true, status: 'APPLIED' });
    const [{ n }] = await hub.dataSources.funds.query('SELECT count(*)::int AS n FROM funds.one_card_imports WHERE file_name = $1', ['又一次.csv']);
    expect(n).toBe(0);

    const file = oneCardCsv([line(H[6], oneCard(66))]);
    const [a, b] = await Promise.all([upload(finance, file, { filename: 'twice.csv' }), upload(finance, file, { filename: 'twice.csv' })]);
    expect(a.body.id).toBe(b.body.id);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect(await finished(a.body.id)).toMatchObject({ status: 'APPLIED', appliedRows: 1 });
  });

  it('matches an import whose job was lost (the dispatcher queues it again), applying the county’s pending files in upload order', async () => {
    // Two files staged without their job (as after a crash between commit and enqueue): the older
    // gives H[6] one card, the newer another. Whatever runs first, the newer one wins.
    const importer = hub.apps.funds.oneCardImports;
    const admin = { subject: 'test-admin', role: 'admin' as const, counties: [], bank: null };
    const stage = async (accountNumber: string, name: string) => {
      const path = writeTemp(name, oneCardCsv([line(H[6], accountNumber)]));
      return (await importer.importFile(admin, { countyCode: DEMO_COUNTY, path, mode: 'reject_file' })).import;
    };
    const older = await stage(oneCard(601), 'older.csv');
    const newer = await stage(oneCard(602), 'newer.csv');
    expect([older.status, newer.status]).toEqual(['PENDING_MATCH', 'PENDING_MATCH']);
    // Not backdated: the worker's own dispatcher (every minute, for imports pending over a minute) must not take them first.

    const logger = createLogger({ service: 'test' }, 'warn', () => undefined);
    const backend = createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl));
    const queue = backend.queue(QUEUES.oneCardAccounts);
    try {
      const jobs = createOneCardImportJobs({ config: hub.config, logger, households: hub.apps.households, funds: hub.apps.funds, queue: () => queue });
      // The newer one's job alone: it applies the older pending import of the county first.
      expect(await matchOneCardImport(hub.apps, newer.id)).toEqual([
        expect.objectContaining({ id: older.id, status: 'APPLIED' }),
        expect.objectContaining({ id: newer.id, status: 'APPLIED' }),
      ]);
      expect(await account(H[6])).toMatchObject({ accountNumber: oneCard(602) });
      // Run again (a retried job): nothing changes.
      const updatedAt = (await account(H[6]))!.updatedAt;
      expect(await matchOneCardImport(hub.apps, newer.id)).toEqual([]);
      expect((await account(H[6]))!.updatedAt).toBe(updatedAt);

      // A third file left pending: the scheduled dispatcher finds it and the worker applies it.
      const lost = await stage(oneCard(603), 'lost.csv');
      await hub.dataSources.funds.query(`UPDATE funds.one_card_imports SET created_at = created_at - interval '10 minutes' WHERE id = $1`, [lost.id]);
      const dispatch = jobs.handlers[JOBS.dispatchOneCardImports]!;
      expect(await dispatch({} as never)).toEqual({ queued: 1 });
      expect(await finished(lost.id)).toMatchObject({ status: 'APPLIED', appliedRows: 1 });
      expect(await account(H[6])).toMatchObject({ accountNumber: oneCard(603) });
      expect(await dispatch({} as never)).toEqual({ queued: 0 });
    } finally {
      await queue.close();
      await backend.close();
    }
  });

  it('refuses files it cannot read, with a code', async () => {
    const missing = await upload(finance, '姓名,身份证号码\r\n李文华,' + H[1].idNumber + '\r\n');
    expect(missing).toMatchObject({ status: 400, body: { code: 'ONE_CARD_MISSING_COLUMNS' } });
    expect(missing.body.error).toContain('accountNumber');
    // A file without its header row: its first row (a person's name, ID and card number) is not echoed back.
    const headless = await upload(
      finance,
      oneCardCsv([line(H[1], oneCard(1))])
        .split('\r\n')
        .slice(1)
        .join('\r\n'),
    );
    expect(headless).toMatchObject({ status: 400, body: { code: 'ONE_CARD_MISSING_COLUMNS' } });
    for (const personal of [H[1].idNumber, oneCard(1), H[1].name]) expect(headless.body.error).not.toContain(personal);
    expect(await upload(finance, '')).toMatchObject({ status: 400, body: { code: 'ONE_CARD_EMPTY_FILE' } });
    expect(await upload(finance, oneCardCsv([]))).toMatchObject({ status: 400, body: { code: 'ONE_CARD_EMPTY_FILE' } });
    expect(await upload(finance, gbkFile, { mode: 'all_or_nothing' })).toMatchObject({ status: 400, body: { code: 'ONE_CARD_BAD_REQUEST' } });
    expect(await upload(finance, gbkFile, { filename: 'old.xls' })).toMatchObject({ status: 400, body: { code: 'ONE_CARD_BAD_FILE' } });
    expect(await upload(finance, 'not a zip', { filename: 'x.xlsx' })).toMatchObject({ status: 400, body: { code: 'ONE_CARD_BAD_FILE' } });
    // Two columns for one field (姓名 and 户主姓名 both name the holder): which would count is not guessed.
    const twice = oneCardCsv([line(H[1], oneCard(1))]).replace(/^([^\r\n]*)/, (header) => `${header},${header.split(',')[0]}`);
    const doubled = await upload(finance, twice);
    expect(doubled).toMatchObject({ status: 400, body: { code: 'ONE_CARD_DUPLICATE_COLUMNS', kind: 'BAD_INPUT', zh: expect.stringMatching(/重复/) } });
  });

  it('lets only the county’s finance bureau (and admins) import and read', async () => {
    const otherFinance = await hub.token({ role: 'finance', counties: ['530102'] });
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const bank = await hub.token({ role: 'bank', bank: 'YNRCC' });
    const file = oneCardCsv([line(H[6], oneCard(67))]);
    for (const token of [otherFinance, bureau, bank]) {
      expect(await upload(token, file)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      const read = await hub.query(token, `{ oneCardImport(id: "${gbkImportId}") { id } }`);
      expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const list = await hub.query(token, `{ oneCardImports(countyCode: "${DEMO_COUNTY}") { id } }`);
      expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const download = await fetch(`${gatewayBase()}/downloads/one-card-imports/${gbkImportId}/errors.csv`, { headers: { authorization: `Bearer ${token}` } });
      expect(download.status).toBe(403);
    }
    expect((await upload(null, file)).status).toBe(401);
    expect(await account(H[6])).toMatchObject({ accountNumber: oneCard(603) }); // unchanged by the refused uploads
    const admin = await hub.token({ role: 'admin' });
    const imports = (await hub.data(admin, `{ oneCardImports(countyCode: "${DEMO_COUNTY}", first: 100) { id status } }`)).oneCardImports;
    expect(imports.map((i: any) => i.id)).toContain(gbkImportId);
    expect(imports.every((i: any) => i.status !== 'PENDING_MATCH')).toBe(true);
    const unknown = await hub.query(finance, `{ oneCardImport(id: "${randomUUID()}") { id } }`);
    expect(unknown.errors?.[0].extensions?.code).toBe('ONE_CARD_IMPORT_NOT_FOUND');
  });

  /**
   * A household of the roster lent 50,000 at 3.45 % by `bankCode`, its interest for `quarter`'s
   * 92 days (440.83) paid, and the quarter computed: one line of 440.83 owed to it. Returns the
   * finance bureau's payout steps for that quarter.
   */
  const owedOneSubsidy = async (h: TestHousehold, householdNo: string, bankCode: 'ABC' | 'PSBC', contractNo: string, quarter: '2025Q2' | '2025Q3') => {
    const window = settlementWindow(parseQuarter(quarter), { settlementDay: 20 });
    await hub.apps.households.loadDemo({
      countyCode: DEMO_COUNTY,
      regions: [],
      assignments: [],
      households: [
        {
          id: h.id,
          householdNo,
          headName: h.name,
          idNumber: h.idNumber,
          phone: '13800009999',
          countyCode: DEMO_COUNTY,
          townshipCode: `${DEMO_COUNTY}101`,
          villageCode: `${DEMO_COUNTY}101001`,
          category: HouseholdCategory.LIFTED_OUT,
          isMonitored: false,
          liftedOutYear: 2018,
          memberCount: 2,
        },
      ],
    });
    // What the worker's record-household-directory job does every 10 s: setOneCardAccount is authorized by it.
    await untilHouseholdsKnown(hub.apps, [h.id]);
    await hub.apps.loans.loadDemo({
      banks: DEMO_BANKS,
      listed: [{ bankCode, householdId: h.id, residentId: h.idNumber, countyCode: DEMO_COUNTY, townshipCode: `${DEMO_COUNTY}101`, listedFrom: '2021-06-01' }],
      loans: [],
    });
    // 50,000 at 3.45 % for the quarter's 92 days: 440.83 of interest, fully subsidized.
    expect(window.days).toBe(92);
    // In 532301101, REPORTED_LOAN_BASE's township.
    const record = reportedLoan(
      { householdId: h.id, residentId: h.idNumber },
      { contractNo, recordVersion: 1, amount: '50000.00', interestPayments: [settledIn({ periodStart: window.start, settlementDate: window.end }, '440.83')] },
    );
    expect((await reportLoans(hub, [record], bankCode)).applied).toBe(1);
    const run = await computeQuarterlySubsidy(hub.apps, DEMO_COUNTY, quarter, 'test');
    expect(run.totalSubsidy.toFixed(2)).toBe('440.83');
    const prepare = async () =>
      (
        await hub.data(
          finance,
          `mutation { preparePayoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { batches { id lineCount totalAmount } waiting { contractNo reason } } }`,
        )
      ).preparePayoutBatches;
    // Another person of the finance bureau approves, from the year's budget (recorded once, by its reference).
    const approve = async (id: string) => {
      await hub.data(finance, 'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { available } }', {
        input: { countyCode: DEMO_COUNTY, year: 2025, amount: '5000.00', effectiveDate: '2025-01-15', reference: 'CXCZ-2025-001' },
      });
      const approver = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'test-finance-approver' });
      return hub.data(approver, 'mutation($id: ID!) { approvePayoutBatch(id: $id) { status } }', { id });
    };
    const closedBatch = async (id: string) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const batches = (
          await hub.data(
            finance,
            `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { id status paidAmount failedAmount instructions { status failureReason } } }`,
          )
        ).payoutBatches;
        const batch = batches.find((b: any) => b.id === id);
        if (batch?.status === 'CLOSED') return batch;
        if (Date.now() > deadline) throw new Error(`batch ${id} not closed: ${JSON.stringify(batch)}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    return {
      prepare,
      /** The next batch carries the line alone; approved, it is sent and the bank refuses it for `failureReason`. */
      failsFor: async (failureReason: string) => {
        const { batches } = await prepare();
        expect(batches).toEqual([expect.objectContaining({ lineCount: 1, totalAmount: '440.83' })]);
        await approve(batches[0].id);
        expect(await closedBatch(batches[0].id)).toMatchObject({
          paidAmount: '0.00',
          failedAmount: '440.83',
          instructions: [{ status: 'FAILED', failureReason }],
        });
      },
      /** The next batch carries the line alone and nothing waits; approved, the bank pays it, and nothing is left to pay. */
      paid: async () => {
        const prepared = await prepare();
        expect(prepared).toEqual({ batches: [expect.objectContaining({ lineCount: 1, totalAmount: '440.83' })], waiting: [] });
        await approve(prepared.batches[0].id);
        expect(await closedBatch(prepared.batches[0].id)).toMatchObject({ paidAmount: '440.83', instructions: [{ status: 'PAID', failureReason: null }] });
        expect(await prepare()).toEqual({ batches: [], waiting: [] });
      },
    };
  };

  it('an imported new account lets a payout line that failed on the closed one be paid, once', async () => {
    const P = household(11);
    const { prepare, failsFor, paid } = await owedOneSubsidy(P, 'HH-PAY-1', 'ABC', 'ABC-ONECARD-1', '2025Q3');
    const importAccount = async (accountNumber: string, name: string) => {
      const { body } = await upload(finance, toGbk(oneCardCsv([line(P, accountNumber)])), { filename: name });
      return finished(body.id);
    };

    // The account as first imported turns out closed at the bank: the line fails.
    expect(await importAccount(oneCard(1101), 'first.csv')).toMatchObject({ status: 'APPLIED', appliedRows: 1 });
    await simulator.call('POST', '/_sim/banks/YNRCC/accounts', { accountNumber: oneCard(1101), status: 'CLOSED' });
    await failsFor('ACCOUNT_CLOSED');
    expect(await prepare()).toEqual({ batches: [], waiting: [{ contractNo: 'ABC-ONECARD-1', reason: 'ACCOUNT_NOT_FIXED' }] });

    // The finance bureau's next file carries the new card: the line goes into the next batch and is paid.
    expect(await importAccount(oneCard(1102), 'second.csv')).toMatchObject({ status: 'APPLIED', appliedRows: 1 });
    await paid();

    const log = await simulator.call('GET', '/_sim/banks/YNRCC/payouts');
    expect(log.maxTimesPaid).toBe(1);
    expect(log.paidTotal).toBe('440.83');
  }, 90_000);

  it('a file re-exported with the same account leaves a failed line waiting; a corrected holder name releases it', async () => {
    // The finance bureau's file misspells the holder's name (李文化 for 李文华): the bank refuses the
    // payment (NAME_MISMATCH). Next month's export repeats the account as it was, and the bureau
    // sets it once more by hand, unchanged: neither is a fix, the line keeps waiting instead of
    // failing again. The file with the corrected name is: the line is paid.
    const Q = household(12);
    const wrongName = '李文化';
    expect(Q.name).toBe('李文华');
    // Lent by another bank than the previous test's (each bank's list is recorded as delivered once here),
    // in 2025Q2, a quarter no other test pays.
    const { prepare, failsFor, paid } = await owedOneSubsidy(Q, 'HH-PAY-2', 'PSBC', 'PSBC-ONECARD-2', '2025Q2');
    const importFile = async (body: string | Buffer, filename: string) => {
      const uploaded = await upload(finance, body, { filename });
      expect(uploaded).toMatchObject({ status: 202, body: { duplicate: false } });
      return finished(uploaded.body.id);
    };
    const setAccount = (holderName: string) =>
      hub.data(finance, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
        input: { householdId: Q.id, countyCode: DEMO_COUNTY, issuingBankCode: 'YNRCC', accountNumber: oneCard(1201), holderName, status: 'ACTIVE' },
      });
    const nameHash = async () =>
      (await hub.dataSources.funds.query('SELECT holder_name_hash FROM funds.one_card_accounts WHERE household_id = $1', [Q.id]))[0].holder_name_hash;
    const stillWaiting = { batches: [], waiting: [{ contractNo: 'PSBC-ONECARD-2', reason: 'ACCOUNT_NOT_FIXED' }] };

    // The first file, with the misspelled name; the bank knows the holder as 李文华: the line fails.
    expect(await importFile(toGbk(oneCardCsv([line(Q, oneCard(1201), { holderName: wrongName })])), 'april.csv')).toMatchObject({
      status: 'APPLIED',
      appliedRows: 1,
    });
    await simulator.call('POST', '/_sim/banks/YNRCC/accounts', { accountNumber: oneCard(1201), status: 'ACTIVE', holderName: Q.name });
    await failsFor('NAME_MISMATCH');
    expect(await prepare()).toEqual(stillWaiting);
    const failedWith = (await account(Q))!;
    expect(failedWith).toMatchObject({ accountNumber: oneCard(1201), holderName: wrongName, bank: 'YNRCC', status: 'ACTIVE' });
    const wrongHash = await nameHash();
    expect(wrongHash).toMatch(/^[0-9a-f]{64}$/);

    // Next month's export: another file (UTF-8 this time, the bank and the status spelled otherwise,
    // the name padded with spaces), the same account. Recorded (applied), but nothing changed.
    const reExport = oneCardCsv([line(Q, oneCard(1201), { holderName: ` ${wrongName}\u3000`, issuingBank: '楚雄市农村信用合作联社', status: '' })]);
    expect(await importFile(reExport, 'may.csv')).toMatchObject({ status: 'APPLIED', validRows: 1, appliedRows: 1, errorCount: 0 });
    expect(await account(Q)).toEqual(failedWith);
    expect(await prepare()).toEqual(stillWaiting);
    // The same account set by hand, unchanged: no fix either.
    await setAccount(`${wrongName} `);
    expect(await account(Q)).toEqual(failedWith);
    expect(await nameHash()).toBe(wrongHash);
    expect(await prepare()).toEqual(stillWaiting);

    // The corrected name (same card, same bank, same status) is a fix: the line goes into the next batch and is paid.
    expect(await importFile(toGbk(oneCardCsv([line(Q, oneCard(1201))])), 'june.csv')).toMatchObject({ status: 'APPLIED', appliedRows: 1 });
    const fixed = (await account(Q))!;
    expect(fixed).toMatchObject({ accountNumber: oneCard(1201), holderName: Q.name, bank: 'YNRCC', status: 'ACTIVE' });
    expect(fixed.updatedAt).toBeGreaterThan(failedWith.updatedAt);
    expect(await nameHash()).not.toBe(wrongHash);
    await paid();
  }, 90_000);

  it('never logs an ID or card number of the files', () => {
    expect(workerLogs.length).toBeGreaterThan(0);
    const logs = [...hub.logs, ...workerLogs].join('\n');
    for (const h of [...H, OFF, OTHER]) expect(logs).not.toContain(h.idNumber);
    expect(logs).not.toContain(STRANGER);
    expect(logs).not.toContain(oneCard(1));
    expect(logs).not.toContain(oneCard(1102));
  });
});
