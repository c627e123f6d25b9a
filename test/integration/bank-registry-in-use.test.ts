/**
 * The bank registry as the one source of truth (issue 14, "Banks exist only through the demo"):
 * a bank registered through GraphQL is reached at its own connector URL with the secret its
 * credentialRef names (no URL template), gets a pull scheduler while the worker runs and loses it
 * when retired; a credential the hub cannot resolve is logged and nothing is sent; the households
 * and funds sides learn the registry through the record-bank-directory job (never loans' tables):
 * assignTownship refuses unknown, retired and other-county banks, and a 一卡通 row whose account
 * number does not start with its bank's registered prefix is a row error; a retired bank's loan
 * reports are refused, and a delivery it acknowledges after retirement lists no one.
 */
import { createLogger } from '../../common/logger';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import { QUEUES } from '../../common/queue/names';
import { composeResidentId } from '../../common/domain/resident-id';
import { DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { startSimulatorProcess, type SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { createBankJobs, pullSchedulerId } from '../../queues/src/jobs/bank-jobs';
import { createBankDirectoryJobs } from '../../queues/src/jobs/bank-directory-jobs';
import { mergeJobSets } from '../../queues/src/job-set';
import { RunningWorker, startWorker } from '../../queues/src/worker';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { eventually } from '../support/eventually';
import { oneCard, oneCardCsv } from '../support/one-card-files';
import { rosterCsv, rosterLines } from '../support/roster-files';

const SIM_TOKEN = 'registry-connector-test-token';
const REGISTER = 'mutation($input: RegisterBankInput!) { registerBank(input: $input) { code } }';
const UPDATE = 'mutation($code: String!, $input: UpdateBankInput!) { updateBank(code: $code, input: $input) { code } }';
const RETIRE = 'mutation($code: String!) { retireBank(code: $code, reason: "test") { code retired } }';
const ASSIGN = 'mutation($t: String!, $b: String!, $d: String!) { assignTownship(townshipCode: $t, bankCode: $b, effectiveFrom: $d) { effectiveFrom } }';
const OTHER_COUNTY = '532322';

describe('the bank registry, used', () => {
  let hub: TestHub;
  let simulator: SimulatorProcess;
  let worker: RunningWorker;
  let admin: string;
  let bureau: string;
  let finance: string;
  const workerLogs: string[] = [];
  const townships = new Map<string, string>();

  const gql = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const result = await hub.query(token, query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const refusal = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const result = await hub.query(token, query, variables);
    expect(result.errors).toHaveLength(1);
    return result.errors![0];
  };
  /** The directory rows the households side holds: the job's copy is awaited through them. */
  const householdsKnow = async (code: string, check: (row: any) => boolean = () => true) =>
    eventually(`households' directory entry of ${code}`, async () => {
      const [row] = await hub.dataSources.households.query('SELECT code, retired, county_codes, revision FROM households.bank_directory WHERE code = $1', [
        code,
      ]);
      return row && check(row) ? row : false;
    });
  const schedulerIds = async () => {
    const backend = createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl));
    const queue = backend.queue(QUEUES.loanRecords);
    try {
      return (await queue.getJobSchedulers()).map((s) => s.key ?? s.id);
    } finally {
      await queue.close();
      await backend.close();
    }
  };

  beforeAll(async () => {
    // The simulator serves XYZ; no URL template is configured: only the registry says where a bank is.
    simulator = await startSimulatorProcess(SIM_TOKEN, { seed: 11, banks: ['XYZ', 'VLT'] });
    hub = await startTestHub({
      BANK_CONNECTOR_TIMEOUT_MS: '3000',
      LIST_DISPATCH_EVERY_MS: '300',
      LOAN_PULL_EVERY_MS: '600000',
      QUEUE_NAMESPACE: `registry_use_${process.pid}`,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    });
    expect(hub.config.banks.connectorUrlTemplate).toBeUndefined();
    const regions = await loadCountyRegions(DEMO_COUNTY);
    await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments: [], households: [] });
    for (const name of ['鹿城镇', '东瓜镇', '吕合镇']) townships.set(name, regions.find((r) => r.level === 'township' && r.name === name)!.code);
    admin = await hub.token({ role: 'admin' });
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    const logger = createLogger({ service: 'worker' }, 'debug', (line) => workerLogs.push(line));
    worker = await startWorker(createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl)), logger, {
      jobs: async (queue) =>
        mergeJobSets(
          await createBankJobs({
            config: hub.config,
            logger,
            households: hub.apps.households,
            loans: hub.apps.loans,
            queue,
            // The secret XYZ's credentialRef names, in the worker's environment.
            env: { XYZ_CONNECTOR_TOKEN: SIM_TOKEN },
          }),
          createBankDirectoryJobs({ logger, ...hub.apps }),
        ),
    });
  }, 90_000);

  afterAll(async () => {
    await worker?.close();
    simulator?.stop();
    await hub?.close();
  });

  it('assignTownship refuses a bank the directory does not know, saying a just-registered bank arrives within seconds', async () => {
    const error = await refusal(bureau, ASSIGN, { t: townships.get('鹿城镇'), b: 'XYZ', d: '2026-01-01' });
    expect(error.extensions?.code).toBe('ROSTER_BANK_UNKNOWN');
    expect(error.message).toMatch(/within seconds/);
  });

  it('a bank registered with its connector URL is learnt by the households side, gets a pull scheduler, and receives its list there', async () => {
    await gql(admin, REGISTER, {
      input: {
        code: 'XYZ',
        name: '某某村镇银行',
        nameEn: 'XYZ Village Bank',
        cardPrefixes: ['623456'],
        countyCodes: [OTHER_COUNTY],
        connectorUrl: `${simulator.url}/banks/XYZ`,
        credentialRef: 'XYZ_CONNECTOR_TOKEN',
      },
    });
    await householdsKnow('XYZ');
    // Registered for another county only.
    const other = await refusal(bureau, ASSIGN, { t: townships.get('鹿城镇'), b: 'XYZ', d: '2026-01-01' });
    expect(other.extensions?.code).toBe('ROSTER_BANK_NOT_IN_COUNTY');
    expect(other.message).toContain(OTHER_COUNTY);

    await gql(admin, UPDATE, { code: 'XYZ', input: { countyCodes: [OTHER_COUNTY, DEMO_COUNTY] } });
    await householdsKnow('XYZ', (row) => row.county_codes.includes(DEMO_COUNTY));
    await gql(bureau, ASSIGN, { t: townships.get('鹿城镇'), b: 'XYZ', d: '2026-01-01' });
    await eventually('the pull scheduler of XYZ', async () => (await schedulerIds()).includes(pullSchedulerId('XYZ')));

    const lines = rosterLines(4, [{ township: '鹿城镇', village: '东兴社区居民委员会' }], 8100);
    const upload = await fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}/uploads/rosters?county=${DEMO_COUNTY}&mode=reject_file&filename=v1.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${bureau}` },
      body: rosterCsv(lines),
    });
    const { versionId } = (await upload.json()) as { versionId: string };
    await gql(bureau, 'mutation($id: ID!) { publishRosterVersion(id: $id) { id } }', { id: versionId });
    const received = await eventually('XYZ’s list at its registered connector', async () => {
      const body = await simulator.call('GET', '/_sim/banks/XYZ/beneficiaries');
      return body.households.length === lines.length && body.households;
    });
    expect(received.map((h: { householdNo: string }) => h.householdNo).sort()).toEqual(lines.map((l) => l.householdNo).sort());
  }, 60_000);

  it('a credentialRef the hub cannot resolve is logged and nothing is sent; the bank loses its scheduler when retired', async () => {
    await gql(admin, REGISTER, {
      input: {
        code: 'VLT',
        name: '保险库银行',
        nameEn: 'Vault Bank',
        countyCodes: [DEMO_COUNTY],
        connectorUrl: `${simulator.url}/banks/VLT`,
        credentialRef: 'vault:huinong/banks/vlt',
      },
    });
    await householdsKnow('VLT');
    await gql(bureau, ASSIGN, { t: townships.get('东瓜镇'), b: 'VLT', d: '2026-01-01' });
    await eventually('the pull scheduler of VLT', async () => (await schedulerIds()).includes(pullSchedulerId('VLT')));
    const lines = rosterLines(3, [{ township: '东瓜镇', village: '永安社区居民委员会' }], 8200);
    const upload = await fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}/uploads/rosters?county=${DEMO_COUNTY}&mode=skip_bad_rows&filename=v2.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${bureau}` },
      body: rosterCsv([...rosterLines(4, [{ township: '鹿城镇', village: '东兴社区居民委员会' }], 8100), ...lines]),
    });
    const { versionId } = (await upload.json()) as { versionId: string };
    await gql(bureau, 'mutation($id: ID!) { publishRosterVersion(id: $id) { id } }', { id: versionId });
    await eventually('VLT’s delivery planned', async () => {
      const data = await gql(bureau, '{ listDeliveries(filter: { bankCode: "VLT" }) { nodes { status attempts } } }');
      return data.listDeliveries.nodes.length > 0;
    });
    await eventually('the log line saying why VLT is not reached', async () => workerLogs.some((l) => l.includes('VLT') && l.includes('cannot read')));
    await new Promise((r) => setTimeout(r, 1500)); // several dispatch ticks
    // The assignment's full list and the publication's change may be planned as one delivery or as two, as the
    // dispatcher's ticks fall: however many, none was attempted.
    const deliveries = (await gql(bureau, '{ listDeliveries(filter: { bankCode: "VLT" }) { nodes { status attempts } } }')).listDeliveries.nodes;
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries).toEqual(deliveries.map(() => ({ status: 'PENDING', attempts: 0 })));
    expect((await simulator.call('GET', '/_sim/banks/VLT/deliveries')).applied).toEqual([]);

    // Nothing acknowledged, so the loans side sees no township of VLT's: it may retire, and loses its scheduler.
    await gql(admin, RETIRE, { code: 'VLT' });
    await eventually('no pull scheduler for VLT', async () => !(await schedulerIds()).includes(pullSchedulerId('VLT')));
    await householdsKnow('VLT', (row) => row.retired);
    await eventually('funds’ directory: VLT retired', async () => {
      const [row] = await hub.dataSources.funds.query(`SELECT retired FROM funds.bank_directory WHERE code = 'VLT'`);
      return row?.retired === true;
    });
    const retired = await refusal(bureau, ASSIGN, { t: townships.get('吕合镇'), b: 'VLT', d: '2026-01-01' });
    expect(retired.extensions?.code).toBe('ROSTER_BANK_RETIRED');
  }, 60_000);

  it('a retired bank’s loan reports are refused, and a delivery it acknowledges after retirement lists no one', async () => {
    const bankToken = await hub.token({ role: 'bank', bank: 'VLT' });
    const report = await refusal(bankToken, 'mutation($r: [LoanRecordInput!]!) { reportLoans(records: $r) { received } }', { r: [] });
    expect(report.extensions?.code).toBe('BANK_RETIRED');
    const outcome = await hub.apps.loans.bankLists.recordDelivered({
      bankCode: 'VLT',
      sequence: 1,
      effectiveDate: '2026-01-02',
      snapshot: null,
      members: [
        {
          op: 'UPSERT',
          householdId: '00000000-0000-4000-8000-000000000001',
          idHash: 'x'.repeat(64),
          countyCode: DEMO_COUNTY,
          townshipCode: townships.get('东瓜镇')!,
          listedFrom: '2026-01-02',
        },
      ] as never,
    });
    expect(outcome).toBe('recorded-bank-retired');
    expect(await hub.dataSources.loans.query(`SELECT count(*)::int AS n FROM loans.bank_list_members WHERE bank_code = 'VLT'`)).toEqual([{ n: 0 }]);
  });

  it('a 一卡通 row is checked against its issuing bank’s registered card prefixes, and a retired bank is no issuer', async () => {
    await eventually('funds’ directory entry of XYZ', async () => {
      const [row] = await hub.dataSources.funds.query(`SELECT card_prefixes FROM funds.bank_directory WHERE code = 'XYZ'`);
      return row?.card_prefixes?.includes('623456');
    });
    const head = (n: number) => ({ holderName: '李文华', idNumber: composeResidentId(DEMO_COUNTY, `1970-03-0${n}`, 400 + n), status: '正常' });
    const csv = oneCardCsv([
      { ...head(1), accountNumber: oneCard(901, '623456'), issuingBank: 'XYZ' },
      { ...head(2), accountNumber: oneCard(902, '621779'), issuingBank: '某某村镇银行' },
      { ...head(3), accountNumber: oneCard(903, '623456'), issuingBank: 'VLT' },
    ]);
    const response = await fetch(
      `${hub.gatewayUrl.replace(/\/graphql$/, '')}/uploads/one-card-accounts?${new URLSearchParams({ county: DEMO_COUNTY, mode: 'skip_bad_rows', filename: 'a.csv' })}`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${finance}` }, body: csv },
    );
    const body = (await response.json()) as { id: string };
    const data = await gql(finance, 'query($id: ID!) { oneCardImport(id: $id) { errors(first: 10) { nodes { row column code } } } }', { id: body.id });
    expect(data.oneCardImport.errors.nodes).toEqual([
      { row: 3, column: '一卡通账号', code: 'ONE_CARD_CARD_PREFIX_MISMATCH' },
      { row: 4, column: '开户银行', code: 'ONE_CARD_BANK_RETIRED' },
    ]);
  }, 30_000);

  it('a late copy of an older registry revision never overwrites a newer one', async () => {
    const current = await householdsKnow('XYZ');
    const written = await hub.apps.households.bankDirectory.record([
      { code: 'XYZ', name: 'old', nameEn: null, cardPrefixes: [], countyCodes: [], retired: true, revision: String(Number(current.revision) - 1) },
    ]);
    expect(written).toBe(0);
    expect(await householdsKnow('XYZ')).toEqual(current);
  });
});
