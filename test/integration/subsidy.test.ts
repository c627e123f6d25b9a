/**
 * The quarterly subsidy end to end: a bank reports loans with a quarter of interest (GraphQL), the
 * worker's jobs carry the loans side's facts to the funds side, prepare the batches, send them to
 * the bank simulator (a separate process) once the finance bureau approves, and reconcile. Real
 * worker processes are killed (SIGKILL) at every step and the quarter is still paid once.
 */
import { ChildProcess, spawn } from 'node:child_process';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { createInterface } from 'node:readline';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import { JOBS, QUEUES } from '../../common/queue/names';
import { DEMO_COUNTY } from '../../demo/demo-county';
import { computeQuarterlySubsidy, quartersToCheck } from '../../queues/src/jobs/subsidy-jobs';
import { startSimulatorProcess, type SimulatorProcess } from '../../bank-sim/src/simulator-process';
import type { TestHub } from '../../demo/test-hub';
import { luhnCheckDigit } from '../../subgraphs/funds/src/domain/luhn';
import {
  reportedLoan,
  reportLoans,
  ruralCard as card,
  settledIn,
  startSubsidyHub,
  SUBSIDY_TOWNSHIP as TOWNSHIP,
  testHousehold,
  type SubsidyHub,
} from '../support/subsidy-hub';

const TOKEN = 'subsidy-test-bank-token';
const household = (n: number) => testHousehold(`198${n}-03-1${n}`, 100 + n);

describe('quarterly subsidy: computed from the loans side, read by finance', () => {
  let subsidy: SubsidyHub;
  let hub: TestHub;
  let simulator: SimulatorProcess;
  let simulatorUrl: string;
  const sim = (method: string, path: string, body?: unknown) => simulator.call(method, path, body);
  const households = [household(1), household(2), household(3), household(4), household(5)];

  const gql = (token: string, query: string, variables?: Record<string, unknown>) => hub.data(token, query, variables);
  /** Adds a compute job for the quarter and waits for it and the preparation it queues. */
  const runJob = async (jobId: string) => {
    const backend = createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl));
    const queue = backend.queue(QUEUES.subsidy);
    const job = await queue.add(JOBS.computeQuarterlySubsidy, { countyCode: DEMO_COUNTY, quarter: '2025Q3' }, { jobId });
    const finished = async (id: string) => {
      const deadline = Date.now() + 30_000;
      let state = await queue.getJobState(id);
      while (state !== 'completed' && Date.now() < deadline) {
        if (state === 'failed') throw new Error((await queue.getJob(id))?.failedReason);
        await new Promise((r) => setTimeout(r, 100));
        state = await queue.getJobState(id);
      }
      return state;
    };
    const states = [await finished(job.id!), await finished(`prepare-payout-batches-${DEMO_COUNTY}-2025Q3`)];
    await queue.close();
    await backend.close();
    expect(states).toEqual(['completed', 'completed']);
  };
  /** Environment of a worker process; `failpoints` arms the places where it kills itself. */
  const workerEnv = (failpoints = ''): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      JOB_LOCK_MS: '2000',
      DATABASE_URL: hub.databaseUrl,
      QUEUE_NAMESPACE: hub.config.queueNamespace,
      BANK_CONNECTOR_URL_TEMPLATE: `${simulatorUrl}/banks/{bank}`,
      BANK_CONNECTOR_TOKEN: TOKEN,
      LIST_DISPATCH_EVERY_MS: '300',
      LIST_PUSH_BACKOFF_MS: '100',
      HUB_FAILPOINTS: failpoints,
    };
    if (!process.env.REDIS_URL) delete env.REDIS_URL;
    return env;
  };
  const workerProcesses = new Set<ChildProcess>();
  /** SIGTERM, and SIGKILL if it has not stopped within 5 s (a test must never hang on a worker). */
  const stopWorkerProcess = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const startWorkerProcess = async (failpoints = '') => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'queues/src/main.ts'], {
      env: workerEnv(failpoints),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workerProcesses.add(child);
    const stderr: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
    await new Promise<void>((resolve, reject) => {
      // A job waiting for it may reach its fail point before the worker's last queue is ready (and
      // its "worker started" line): that is the kill the test asked for, not a failed start.
      // 'close', not 'exit': its stderr is read to the end by then.
      child.once('close', (code, signal) =>
        stderr.some((l) => l.startsWith('failpoint')) ? resolve() : reject(new Error(`worker exited with ${code ?? signal}: ${stderr.slice(-5).join(' | ')}`)),
      );
      createInterface({ input: child.stdout! }).on('line', (line) => line.includes('"worker started"') && resolve());
    });
    return { child, stderr };
  };
  /** Resolves when the worker killed itself at the fail point it was given (after `meanwhile` ran). */
  const killedAt = async (
    { child, stderr }: { child: ChildProcess; stderr: string[] },
    failpoint: string,
    meanwhile: () => Promise<unknown> = async () => undefined,
  ) => {
    const gone = child.exitCode !== null || child.signalCode !== null;
    const exited = gone
      ? Promise.resolve(child.signalCode)
      : new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await meanwhile();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`worker not killed at ${failpoint}; stderr: ${stderr.slice(-5).join(' | ')}`)), 40_000);
    });
    const signal = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    expect({ signal, line: stderr.find((l) => l.startsWith('failpoint')) }).toEqual({ signal: 'SIGKILL', line: `failpoint ${failpoint}: SIGKILL` });
  };

  beforeAll(async () => {
    simulator = await startSimulatorProcess(TOKEN);
    simulatorUrl = simulator.url;
    subsidy = await startSubsidyHub({
      namespace: 'subsidy_test',
      households,
      env: {
        BANK_CONNECTOR_URL_TEMPLATE: `${simulatorUrl}/banks/{bank}`,
        BANK_CONNECTOR_TOKEN: TOKEN,
        LIST_DISPATCH_EVERY_MS: '300',
        LIST_PUSH_BACKOFF_MS: '100',
      },
      // BullMQ's stalled-job check is shared per queue: with the default 30 s, the restarted worker
      // below would wait that long to take over the killed worker's job.
      jobLockMs: 2000,
    });
    hub = subsidy.hub;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...workerProcesses].map(stopWorkerProcess));
    await subsidy?.close();
    simulator?.stop();
  });

  it('pays the interest settled in the window on the subsidized principal, to the fen, once', async () => {
    const quarterOf = (interestPaid: string, overdueInterestPaid = '0.00') => [
      settledIn({ periodStart: '2025-03-21', settlementDate: '2025-06-20' }, '999.99'), // Q2: not this window
      settledIn({ periodStart: '2025-06-21', settlementDate: '2025-09-20' }, interestPaid, overdueInterestPaid),
    ];
    const records = [
      // 50,000 at 3.45 % for 2025-06-21..2025-09-20 (92 days): 50000 × 0.0345 / 360 × 92 = 440.833… → 440.83.
      reportedLoan(households[0], { contractNo: 'ABC-SUB-1', recordVersion: 2, amount: '50000.00', interestPayments: quarterOf('440.83') }),
      // 4.00 % is above the 5-year LPR in force on 2025-01-10 (3.60 %): flagged, nothing.
      reportedLoan(
        households[1],
        { contractNo: 'ABC-SUB-2', recordVersion: 2, amount: '30000.00', interestPayments: quarterOf('306.67') },
        { annualRate: '0.0400' },
      ),
      // 20,000 at 3.45 % whose quarter is overdue: 176.33 normal interest counts, 12.50 penalty never does.
      reportedLoan(
        households[2],
        { contractNo: 'ABC-SUB-3', recordVersion: 2, amount: '20000.00', interestPayments: quarterOf('176.33', '12.50') },
        { status: 'OVERDUE', statusDate: '2025-09-21' },
      ),
    ];
    expect(await reportLoans(hub, records)).toEqual({ applied: 3, rejected: [] });

    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    const query = `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "2025Q3") {
      quarter windowStart windowEnd status lineCount totalInterest totalSubsidy
      lines(first: 10) { nodes { contractNo bank { code } interestPaid overdueInterestPaid subsidy reason notes } }
    } }`;
    expect((await gql(finance, query)).subsidyRun).toBeNull();

    await runJob('subsidy-first');
    const run = (await gql(finance, query)).subsidyRun;
    expect(run).toMatchObject({ quarter: '2025Q3', windowStart: '2025-06-21', windowEnd: '2025-09-20', status: 'COMPUTED', lineCount: 3 });
    const lines = new Map(run.lines.nodes.map((l: any) => [l.contractNo, l]));
    expect(lines.get('ABC-SUB-1')).toMatchObject({ bank: { code: 'ABC' }, interestPaid: '440.83', subsidy: '440.83', reason: null });
    expect(lines.get('ABC-SUB-2')).toMatchObject({ interestPaid: '306.67', subsidy: '0.00', reason: 'FLAGGED' });
    expect(lines.get('ABC-SUB-3')).toMatchObject({
      interestPaid: '176.33',
      overdueInterestPaid: '12.50',
      subsidy: '176.33',
      notes: ['OVERDUE_INTEREST_EXCLUDED'],
    });
    // Totals are exactly the sum of the lines.
    expect(run.totalSubsidy).toBe('617.16');
    expect(run.totalInterest).toBe('923.83');

    // The same job again (a retry, a second scheduler tick): nothing added, nothing changed.
    await runJob('subsidy-second');
    const again = (await gql(finance, query)).subsidyRun;
    expect(again).toMatchObject({ lineCount: 3, totalSubsidy: '617.16' });
    const [{ n }] = await hub.dataSources.funds.query(`SELECT count(*)::int AS n FROM funds.subsidy_lines WHERE quarter = '2025Q3'`);
    expect(n).toBe(3);
  }, 60_000);

  it('pays the quarter through the issuing bank once: approval by another person within the budget, a closed account, the fixed account in the next batch', async () => {
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    // Four eyes: the batches are prepared by one person of the finance bureau and approved by another.
    const approver = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'test-finance-approver' });
    const prepare =
      'mutation { preparePayoutBatches(countyCode: "532301", quarter: "2025Q3") { batches { id bank { code } status lineCount totalAmount } waiting { contractNo reason } } }';
    const approve = 'mutation($id: ID!) { approvePayoutBatch(id: $id) { status preparedBy approvedBy } }';
    const budget = async () =>
      (await gql(finance, `{ subsidyBudget(countyCode: "${DEMO_COUNTY}", year: 2025) { allocated committed available } }`)).subsidyBudget;
    const setAccount = (h: { householdId: string }, accountNumber: string) =>
      gql(finance, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
        input: { householdId: h.householdId, countyCode: DEMO_COUNTY, issuingBankCode: 'YNRCC', accountNumber, holderName: '李文华' },
      });
    const batchesQuery = `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "2025Q3") { id status paidAmount failedAmount instructions { contractNo accountNumber amount status failureReason bankReference } } }`;
    const closedBatch = (id: string) =>
      (async () => {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const batch = (await gql(finance, batchesQuery)).payoutBatches.find((b: any) => b.id === id);
          if (batch?.status === 'CLOSED') return batch;
          if (Date.now() > deadline) throw new Error(`batch ${id} not closed: ${JSON.stringify(batch)}`);
          await new Promise((r) => setTimeout(r, 150));
        }
      })();

    // Only the first household has an account: its line is batched, the third household's waits, said so.
    await setAccount(households[0], card(1));
    const first = (await gql(finance, prepare)).preparePayoutBatches;
    expect(first.batches).toEqual([expect.objectContaining({ bank: { code: 'YNRCC' }, status: 'DRAFT', lineCount: 1, totalAmount: '440.83' })]);
    expect(first.waiting).toEqual([{ contractNo: 'ABC-SUB-3', reason: 'NO_ACCOUNT' }]);
    const midway = (
      await gql(
        finance,
        `{ subsidyReconciliation(countyCode: "${DEMO_COUNTY}", quarter: "2025Q3") { computed instructed confirmed differenceCount differences(first: 1) { nodes { contractNo reason } pageInfo { hasNextPage endCursor } } } }`,
      )
    ).subsidyReconciliation;
    expect(midway).toEqual({
      computed: '617.16',
      instructed: '440.83',
      confirmed: '0.00',
      differenceCount: 2,
      differences: { nodes: [{ contractNo: 'ABC-SUB-1', reason: 'PENDING' }], pageInfo: { hasNextPage: true, endCursor: expect.any(String) } },
    });
    // The next page, from the cursor.
    const nextPage = (
      await gql(
        finance,
        `query($after: String) { subsidyReconciliation(countyCode: "${DEMO_COUNTY}", quarter: "2025Q3") { differences(first: 1, after: $after) { nodes { contractNo reason } pageInfo { hasNextPage } } } }`,
        {
          after: midway.differences.pageInfo.endCursor,
        },
      )
    ).subsidyReconciliation.differences;
    expect(nextPage).toEqual({ nodes: [{ contractNo: 'ABC-SUB-3', reason: 'NO_ACCOUNT' }], pageInfo: { hasNextPage: false } });
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    expect((await hub.query(bureau, approve, { id: first.batches[0].id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(finance, approve, { id: first.batches[0].id })).errors?.[0].extensions?.code).toBe('PAYOUT_SAME_PERSON');
    // No budget recorded for 2025 yet: nothing to draw from.
    expect((await hub.query(approver, approve, { id: first.batches[0].id })).errors?.[0]).toMatchObject({
      message: `the 2025 subsidy budget of county ${DEMO_COUNTY} has 0.00 available; batch ${first.batches[0].id} needs 440.83, 440.83 short`,
      extensions: { code: 'SUBSIDY_BUDGET_INSUFFICIENT' },
    });
    const allocation = { input: { countyCode: DEMO_COUNTY, year: 2025, amount: '5000.00', effectiveDate: '2025-01-15', reference: 'CXCZ-2025-001' } };
    expect(
      (await gql(finance, 'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { available } }', allocation)).recordSubsidyBudget,
    ).toEqual({ available: '5000.00' });
    expect((await gql(approver, approve, { id: first.batches[0].id })).approvePayoutBatch).toEqual({
      status: 'APPROVED',
      preparedBy: 'test-finance',
      approvedBy: 'test-finance-approver',
    });
    const paid = await closedBatch(first.batches[0].id);
    expect(paid).toMatchObject({
      paidAmount: '440.83',
      failedAmount: '0.00',
      instructions: [expect.objectContaining({ contractNo: 'ABC-SUB-1', status: 'PAID', accountNumber: expect.stringMatching(/^621779\*+\d{4}$/) })],
    });

    // The third household's card turns out closed at the bank: the line fails and waits for a fix.
    await setAccount(households[2], card(3));
    await sim('POST', '/_sim/banks/YNRCC/accounts', { accountNumber: card(3), status: 'CLOSED' });
    const second = (await gql(finance, prepare)).preparePayoutBatches;
    expect(second.batches).toHaveLength(1);
    await gql(approver, approve, { id: second.batches[0].id });
    const failed = await closedBatch(second.batches[0].id);
    expect(failed).toMatchObject({
      paidAmount: '0.00',
      failedAmount: '176.33',
      instructions: [expect.objectContaining({ contractNo: 'ABC-SUB-3', status: 'FAILED', failureReason: 'ACCOUNT_CLOSED' })],
    });
    // The failed line's money is back in the budget.
    expect(await budget()).toEqual({ allocated: '5000.00', committed: '440.83', available: '4559.17' });
    expect((await gql(finance, prepare)).preparePayoutBatches).toEqual({ batches: [], waiting: [{ contractNo: 'ABC-SUB-3', reason: 'ACCOUNT_NOT_FIXED' }] });

    // A new card: the failed line goes into the next batch and is paid, once.
    await setAccount(households[2], card(33));
    const third = (await gql(finance, prepare)).preparePayoutBatches;
    expect(third.batches).toEqual([expect.objectContaining({ lineCount: 1, totalAmount: '176.33' })]);
    await gql(approver, approve, { id: third.batches[0].id });
    expect(await closedBatch(third.batches[0].id)).toMatchObject({ paidAmount: '176.33' });
    expect((await gql(finance, prepare)).preparePayoutBatches).toEqual({ batches: [], waiting: [] });

    // Reconciled to the fen: computed = instructed = confirmed, one line carried over after its failure.
    const reconciliation = (
      await gql(
        finance,
        `{ subsidyReconciliation(countyCode: "${DEMO_COUNTY}", quarter: "2025Q3") {
      computed instructed confirmed carriedOver groups { townshipCode issuingBank { code } lines computed confirmed } differenceCount } }`,
      )
    ).subsidyReconciliation;
    expect(reconciliation).toEqual({
      computed: '617.16',
      instructed: '617.16',
      confirmed: '617.16',
      carriedOver: 1,
      groups: [{ townshipCode: TOWNSHIP, issuingBank: { code: 'YNRCC' }, lines: 2, computed: '617.16', confirmed: '617.16' }],
      differenceCount: 0,
    });
    const download = (ext: string, token = finance) =>
      fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}/downloads/subsidy-reconciliation/${DEMO_COUNTY}/2025Q3.${ext}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const csv = await download('csv');
    expect(csv.status).toBe(200);
    const csvLines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(csvLines[0]).toBe('县(市、区)代码,季度,乡(镇)代码,发卡银行,笔数,应贴息金额(元),已发指令金额(元),已到账金额(元),差额(元)');
    expect(csvLines).toContain(`${DEMO_COUNTY},2025Q3,合计,,2,617.16,617.16,617.16,0.00`);
    expect(csvLines).toContain('对账结果,平衡');
    // The same as a workbook: amounts as numbers finance can sum, the check below the summary.
    const xlsx = await download('xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const summary = workbook.getWorksheet('汇总')!;
    const values = (n: number) => (summary.getRow(n).values as unknown[]).slice(1);
    expect(values(2)).toEqual([DEMO_COUNTY, '2025Q3', TOWNSHIP, 'YNRCC', 2, 617.16, 617.16, 617.16, 0]);
    expect(values(3).slice(2, 9)).toEqual(['合计', undefined, 2, 617.16, 617.16, 617.16, 0]); // an empty cell reads back as undefined
    expect(values(6)).toEqual(['对账结果', '平衡']);
    expect(workbook.getWorksheet('差异明细')!.rowCount).toBe(1);
    const bank = await hub.token({ role: 'bank', bank: 'ABC' });
    expect((await download('xlsx', bank)).status).toBe(403);

    // The ledger tells the same story: nothing left in transit, 617.16 paid out of the funding, of
    // the 5,000.00 allocated into the budget (nets: funding 5000.00 − 617.16, the budget the same credited).
    const balances = await hub.apps.funds.ledger.balances([
      `subsidy-in-transit:${DEMO_COUNTY}:YNRCC`,
      `subsidy-funding:${DEMO_COUNTY}:2025`,
      `subsidy-budget:${DEMO_COUNTY}:2025`,
    ]);
    expect(balances.map((b) => b.net.toFixed(2))).toEqual(['0.00', '4382.84', '-4382.84']);

    // What the bank paid: each subsidy once, 617.16 in all.
    const log = await sim('GET', '/_sim/banks/YNRCC/payouts');
    expect(JSON.stringify(log)).not.toContain(card(1)); // the simulator's log keeps no card numbers
    expect(log.maxTimesPaid).toBe(1);
    expect(log.paidTotal).toBe('617.16');
    const [{ paid: paidTotal, lines }] = await hub.dataSources.funds.query(
      `SELECT sum(amount)::text AS paid, count(DISTINCT subsidy_line_id)::int AS lines FROM funds.payout_instructions WHERE status = 'PAID'`,
    );
    expect({ paidTotal, lines }).toEqual({ paidTotal: '617.16', lines: 2 });
  }, 90_000);

  it('shows a county only to its finance bureau, its bureau and admins', async () => {
    const otherFinance = await hub.token({ role: 'finance', counties: ['530102'] });
    const bank = await hub.token({ role: 'bank', bank: 'ABC' });
    for (const token of [otherFinance, bank]) {
      const result = await hub.query(token, `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "2025Q3") { id } }`);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await hub.query(await hub.token({ role: 'admin' }), `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "2025Q5") { id } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("follows the region's settlement day: rules by province or county, from a date on, without a gap between quarters", async () => {
    const admin = await hub.token({ role: 'admin' });
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    const record = 'mutation($input: SubsidySettlementRuleInput!) { recordSubsidySettlementRule(input: $input) { regionCode effectiveFrom settlementDay } }';
    const rule = (regionCode: string, effectiveFrom: string, settlementDay: number) => ({
      input: { regionCode, effectiveFrom, settlementDay, source: '测试通知〔2026〕1号' },
    });
    // The province settles on the 25th from 2026-04-01 (only admins record a province's rule) …
    expect((await hub.query(finance, record, rule('53', '2026-04-01', 25))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(admin, record, rule('53', '2026-04-01', 25))).recordSubsidySettlementRule).toEqual({
      regionCode: '53',
      effectiveFrom: '2026-04-01',
      settlementDay: 25,
    });
    // … and the county, by its finance bureau, on the 22nd from 2026-07-01: the county's own rule wins.
    await gql(finance, record, rule(DEMO_COUNTY, '2026-07-01', 22));
    const bad = await hub.query(finance, record, rule(DEMO_COUNTY, '2026-10-01', 31));
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'settlementDay' } });
    const again = await hub.query(finance, record, rule(DEMO_COUNTY, '2026-07-01', 21));
    expect(again.errors?.[0].message).toContain('rules are not changed');

    const window = async (quarter: string) =>
      (await gql(finance, `{ subsidySettlementWindow(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { start end days } }`)).subsidySettlementWindow;
    // 2026Q1 still the national 20th; Q2 starts the day after Q1's 20th and ends on the 25th; Q3 follows on.
    expect(await window('2026Q1')).toEqual({ start: '2025-12-21', end: '2026-03-20', days: 90 });
    expect(await window('2026Q2')).toEqual({ start: '2026-03-21', end: '2026-06-25', days: 97 });
    expect(await window('2026Q3')).toEqual({ start: '2026-06-26', end: '2026-09-22', days: 89 });
    expect((await gql(finance, `{ subsidySettlementRules(countyCode: "${DEMO_COUNTY}") { regionCode settlementDay } }`)).subsidySettlementRules).toEqual([
      { regionCode: '53', settlementDay: 25 },
      { regionCode: DEMO_COUNTY, settlementDay: 22 },
    ]);
    // The daily scheduler looks at the quarter before and this one, and computes those whose day has passed.
    expect(quartersToCheck('2026-07-02')).toEqual(['2026Q2', '2026Q3']);
    expect(quartersToCheck('2026-01-05')).toEqual(['2025Q4', '2026Q1']);
  });

  it('a worker SIGKILLed while a payout batch is on its way pays it once after a restart, and the quarter reconciles', async () => {
    await subsidy.worker.close(); // from here on the worker is a real process, killed and restarted
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    // The fourth quarter's interest of the first loan: 50000 × 0.0345 / 360 × 91 days = 436.041… → 436.04.
    const q4 = reportedLoan(households[0], {
      contractNo: 'ABC-SUB-1',
      recordVersion: 3,
      amount: '50000.00',
      interestPayments: [
        settledIn({ periodStart: '2025-06-21', settlementDate: '2025-09-20' }, '440.83'),
        settledIn({ periodStart: '2025-09-21', settlementDate: '2025-12-20' }, '436.04'),
      ],
    });
    expect((await reportLoans(hub, [q4])).applied).toBe(1);
    const run = await computeQuarterlySubsidy(hub.apps, DEMO_COUNTY, '2025Q4', 'test');
    expect(run.totalSubsidy.toFixed(2)).toBe('436.04');
    const prepared = (await gql(finance, 'mutation { preparePayoutBatches(countyCode: "532301", quarter: "2025Q4") { batches { id } } }')).preparePayoutBatches;
    // Approved by another person of the finance bureau, from what is left of the 2025 budget.
    const approver = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'test-finance-approver' });
    await gql(approver, 'mutation($id: ID!) { approvePayoutBatch(id: $id) { status } }', { id: prepared.batches[0].id });

    // The bank takes 3 s to answer; the worker is killed while it waits.
    await sim('POST', '/_sim/faults', { kind: 'latency', ms: 3000, count: 1, bankCode: 'YNRCC', route: 'payouts' });
    const first = (await startWorkerProcess()).child;
    const deadline = Date.now() + 20_000;
    while ((await sim('GET', '/_sim/faults')).faults.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // The worker took the batch and is waiting on the bank (the fault is used): only now is the kill mid-send.
    expect((await sim('GET', '/_sim/faults')).faults).toEqual([]);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const second = (await startWorkerProcess()).child;
    try {
      const closedBy = Date.now() + 30_000;
      let batch: any;
      do {
        await new Promise((r) => setTimeout(r, 200));
        batch = (await gql(finance, '{ payoutBatches(countyCode: "532301", quarter: "2025Q4") { status paidAmount } }')).payoutBatches[0];
      } while (batch.status !== 'CLOSED' && Date.now() < closedBy);
      expect(batch).toEqual({ status: 'CLOSED', paidAmount: '436.04' });
      const log = await sim('GET', '/_sim/banks/YNRCC/payouts');
      expect(log.maxTimesPaid).toBe(1);
      expect(log.paidTotal).toBe('1053.20'); // 617.16 for the third quarter + 436.04 for the fourth
      const reconciliation = (
        await gql(finance, '{ subsidyReconciliation(countyCode: "532301", quarter: "2025Q4") { computed instructed confirmed differenceCount } }')
      ).subsidyReconciliation;
      expect(reconciliation).toEqual({ computed: '436.04', instructed: '436.04', confirmed: '436.04', differenceCount: 0 });
    } finally {
      await stopWorkerProcess(second);
    }
  }, 90_000);

  it('kill -9 at every step (compute, batch, send, results, reconcile): every line paid exactly once, and the quarter balances', async () => {
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    // Two loans of 2025-10-10 for planting and their interest for 2025-12-21..2026-03-20 (90 days, across the year end):
    // 50000 × 0.0345 / 360 × 90 = 431.25 and 30000 × 0.0345 / 360 × 90 = 258.75.
    const loan = (n: 3 | 4, contractNo: string, amount: string, interestPaid: string) =>
      reportedLoan(
        households[n],
        { contractNo, recordVersion: 1, amount, interestPayments: [settledIn({ periodStart: '2025-12-21', settlementDate: '2026-03-20' }, interestPaid)] },
        { contractDate: '2025-10-10', maturityDate: '2027-10-10', purposeCategory: 'PLANTING', statusDate: '2025-10-10' },
      );
    expect(await reportLoans(hub, [loan(3, 'ABC-SUB-4', '50000.00', '431.25'), loan(4, 'ABC-SUB-5', '30000.00', '258.75')])).toEqual({
      applied: 2,
      rejected: [],
    });
    // The accounts were issued by two banks: two batches, each sent to its own bank.
    const abcCard = (() => {
      const payload = '622848000000000044';
      return payload + luhnCheckDigit(payload);
    })();
    for (const [h, issuingBankCode, accountNumber] of [
      [households[3], 'ABC', abcCard],
      [households[4], 'YNRCC', card(5)],
    ] as const) {
      await gql(finance, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
        input: { householdId: h.householdId, countyCode: DEMO_COUNTY, issuingBankCode, accountNumber, holderName: '张丽' },
      });
    }
    const before = { abc: await sim('GET', '/_sim/banks/ABC/payouts'), ynrcc: await sim('GET', '/_sim/banks/YNRCC/payouts') };
    // 2026Q1 draws from the 2026 budget.
    await gql(finance, 'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { available } }', {
      input: { countyCode: DEMO_COUNTY, year: 2026, amount: '5000.00', effectiveDate: '2026-01-15', reference: 'CXCZ-2026-001' },
    });

    // compute: killed after the lines are written, before the run is frozen.
    const computeWorker = await startWorkerProcess('subsidy.compute.before-finish');
    await killedAt(computeWorker, 'subsidy.compute.before-finish', async () => {
      const backend = createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl));
      const queue = backend.queue(QUEUES.subsidy);
      await queue.add(
        JOBS.computeQuarterlySubsidy,
        { countyCode: DEMO_COUNTY, quarter: '2026Q1' },
        { jobId: `compute-quarterly-subsidy-${DEMO_COUNTY}-2026Q1`, attempts: 5 },
      );
      await queue.close();
      await backend.close();
    });
    // batch: the next worker takes the stalled computation over, then dies once the batches are stored.
    await killedAt(await startWorkerProcess('subsidy.batch.after-prepare'), 'subsidy.batch.after-prepare');
    // send: the preparation runs again (no second batch), the finance bureau is told and approves;
    // the worker dies before the first batch leaves.
    const sendWorker = await startWorkerProcess('subsidy.send.before-transmit');
    await killedAt(sendWorker, 'subsidy.send.before-transmit', async () => {
      let notices: any[] = [];
      const deadline = Date.now() + 30_000;
      while (!notices.some((n) => n.kind === 'BATCHES_AWAIT_APPROVAL') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        notices = (await gql(finance, `{ financeNotices(countyCode: "${DEMO_COUNTY}") { nodes { quarter kind messageZh } } }`)).financeNotices.nodes.filter(
          (n: any) => n.quarter === '2026Q1',
        );
      }
      expect(notices.find((n) => n.kind === 'BATCHES_AWAIT_APPROVAL')?.messageZh).toBe('2026Q1 贴息待审批：2 个批次，2 笔，合计 690.00 元');
      const batches = (
        await gql(finance, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "2026Q1") { id bank { code } status lineCount totalAmount } }`)
      ).payoutBatches;
      expect(batches.map((b: any) => [b.bank.code, b.status, b.totalAmount])).toEqual([
        ['ABC', 'DRAFT', '431.25'],
        ['YNRCC', 'DRAFT', '258.75'],
      ]);
      // Drafted by the quarterly job ('scheduler'): a person of the finance bureau confirms each as its maker, another approves.
      const approver = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'test-finance-approver' });
      await subsidy.confirmAndApprove(
        batches.map((b: { id: string }) => b.id),
        finance,
        approver,
      );
    });
    // results: the bank pays a batch and the worker dies before recording the answer.
    await killedAt(await startWorkerProcess('subsidy.results.after-transmit'), 'subsidy.results.after-transmit');
    // reconcile: the answer comes back by the same key, every batch closes, the worker dies before recording the reconciliation.
    await killedAt(await startWorkerProcess('subsidy.reconcile.before-record'), 'subsidy.reconcile.before-record');

    const last = (await startWorkerProcess()).child;
    try {
      const query = `{ subsidyReconciliation(countyCode: "${DEMO_COUNTY}", quarter: "2026Q1") {
        computed instructed confirmed ledgerConfirmed balanced lastRecordedAt differenceCount } }`;
      let reconciliation: any;
      const deadline = Date.now() + 30_000;
      do {
        await new Promise((r) => setTimeout(r, 200));
        reconciliation = (await gql(finance, query)).subsidyReconciliation;
      } while (!reconciliation.lastRecordedAt && Date.now() < deadline);
      expect(reconciliation).toEqual({
        computed: '690.00',
        instructed: '690.00',
        confirmed: '690.00',
        ledgerConfirmed: '690.00',
        balanced: true,
        lastRecordedAt: expect.any(String),
        differenceCount: 0,
      });
      // Each bank paid its line once; one instruction per line, no second one anywhere.
      const after = { abc: await sim('GET', '/_sim/banks/ABC/payouts'), ynrcc: await sim('GET', '/_sim/banks/YNRCC/payouts') };
      expect([after.abc.maxTimesPaid, after.ynrcc.maxTimesPaid]).toEqual([1, 1]);
      expect(new Decimal(after.abc.paidTotal).minus(before.abc.paidTotal ?? 0).toFixed(2)).toBe('431.25');
      expect(new Decimal(after.ynrcc.paidTotal).minus(before.ynrcc.paidTotal).toFixed(2)).toBe('258.75');
      const instructions = await hub.dataSources.funds.query(
        `SELECT l.contract_no, i.status, i.amount::text AS amount FROM funds.payout_instructions i JOIN funds.subsidy_lines l ON l.id = i.subsidy_line_id
         WHERE l.quarter = '2026Q1' ORDER BY l.contract_no`,
      );
      expect(instructions).toEqual([
        { contract_no: 'ABC-SUB-4', status: 'PAID', amount: '431.25' },
        { contract_no: 'ABC-SUB-5', status: 'PAID', amount: '258.75' },
      ]);
      // Every step told the finance bureau once, however often it ran.
      const notices = (await gql(finance, `{ financeNotices(countyCode: "${DEMO_COUNTY}", first: 50) { nodes { quarter kind } } }`)).financeNotices.nodes
        .filter((n: any) => n.quarter === '2026Q1')
        .map((n: any) => n.kind)
        .sort();
      expect(notices).toEqual(['BATCHES_AWAIT_APPROVAL', 'BATCH_ANSWERED', 'BATCH_ANSWERED', 'QUARTER_COMPUTED', 'QUARTER_RECONCILED']);
    } finally {
      await stopWorkerProcess(last);
    }
  }, 180_000);

  it('keeps the bulk tables whole without per-row foreign keys: each INSERT and each DELETE of batches is checked as a set, and refused with an orphan', async () => {
    const funds = hub.dataSources.funds;
    const [paid] = await funds.query(`SELECT id, batch_id, subsidy_line_id FROM funds.payout_instructions WHERE status = 'PAID' LIMIT 1`);
    expect(paid).toBeDefined();
    const lineColumns =
      'quarter, loan_id, contract_no, bank_code, household_id, township_code, interest_paid, overdue_interest_paid, subsidy_ratio, subsidy, reason, notes, eligible_interest, removed_by_cap, payments_in_window, subsidized_amount, annual_rate, flag_codes';
    const orphans = [
      // A line of no run.
      funds.query(`INSERT INTO funds.subsidy_lines (run_id, ${lineColumns}) SELECT gen_random_uuid(), ${lineColumns} FROM funds.subsidy_lines WHERE id = $1`, [
        paid.subsidy_line_id,
      ]),
      // An instruction of no batch, and one of no line (FAILED: the one-live-instruction-per-line index lets it in).
      funds.query(
        `INSERT INTO funds.payout_instructions (batch_id, subsidy_line_id, household_id, account_id, amount, status)
         SELECT gen_random_uuid(), subsidy_line_id, household_id, account_id, amount, 'FAILED' FROM funds.payout_instructions WHERE id = $1`,
        [paid.id],
      ),
      funds.query(
        `INSERT INTO funds.payout_instructions (batch_id, subsidy_line_id, household_id, account_id, amount, status)
         SELECT batch_id, 999999999, household_id, account_id, amount, 'FAILED' FROM funds.payout_instructions WHERE id = $1`,
        [paid.id],
      ),
    ];
    for (const orphan of orphans) await expect(orphan).rejects.toMatchObject({ code: '23503' });
    // A batch that instructions still name is not deleted, nor is a run or a line; an instruction keeps its batch and line.
    await expect(funds.query('DELETE FROM funds.payout_batches WHERE id = $1', [paid.batch_id])).rejects.toMatchObject({ code: '23503' });
    await expect(
      funds.query('DELETE FROM funds.subsidy_runs WHERE id = (SELECT run_id FROM funds.subsidy_lines WHERE id = $1)', [paid.subsidy_line_id]),
    ).rejects.toMatchObject({
      code: '23001',
    });
    await expect(funds.query('DELETE FROM funds.subsidy_lines WHERE id = $1', [paid.subsidy_line_id])).rejects.toMatchObject({ code: '23001' });
    await expect(funds.query('UPDATE funds.payout_instructions SET subsidy_line_id = 999999999 WHERE id = $1', [paid.id])).rejects.toMatchObject({
      code: '23001',
    });
    // Nothing of it stayed; the instruction's key is time-ordered (UUIDv7).
    expect(await funds.query(`SELECT count(*)::int AS n FROM funds.payout_instructions WHERE subsidy_line_id = 999999999`)).toEqual([{ n: 0 }]);
    expect(paid.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
