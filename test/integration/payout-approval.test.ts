/**
 * Four eyes on payouts and the subsidy budget (issue 14), through the gateway: the finance user
 * who prepared a batch cannot approve it, another person of the county's finance bureau does
 * (both shown on the batch), an admin does not; a batch the quarterly job drafted needs two
 * people too (maker-checker): one confirms it as its maker, another approves; the county's finance bureau records the year's
 * budget allocation (idempotent by its reference, posted on the ledger), and an approval draws the
 * batch's total from it only when it covers it, even when two approvals race for the last of it.
 * The batches are written as preparation leaves them (preparing is the subsidy tests').
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../common/logger';
import { DEMO_COUNTY, DEMO_SETTLED_QUARTER } from '../../demo/demo-county';
import { loadDemoCounty } from '../../demo/load-demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { computeQuarterlySubsidy } from '../../queues/src/jobs/subsidy-jobs';

const A = '532301';
const B = '532322';
const APPROVE = 'mutation($id: ID!) { approvePayoutBatch(id: $id) { status preparedBy approvedBy approvedAt } }';
const CONFIRM = 'mutation($id: ID!) { confirmPayoutBatch(id: $id) { status preparedBy confirmedBy confirmedAt approvedBy } }';
const RECORD =
  'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { countyCode year allocated committed available allocations { reference amount effectiveDate recordedBy } } }';
const BUDGET = 'query($year: Int!) { subsidyBudget(countyCode: "532301", year: $year) { allocated committed available } }';

describe('payout approval: four eyes and the subsidy budget', () => {
  let hub: TestHub;
  const tokens: Record<'alice' | 'bob' | 'carol' | 'financeB' | 'bureau' | 'admin', string> = {} as never;
  const runs = new Map<string, string>();

  const refusal = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const result = await hub.query(token, query, variables);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    return { message: error.message, code: error.extensions?.code, kind: error.extensions?.kind, field: error.extensions?.field, zh: error.extensions?.zh };
  };
  /** A DRAFT batch of county A through YNRCC, as preparation leaves it, prepared by `preparedBy` (its maker; 'scheduler': the quarterly job, no maker yet). */
  const draftBatch = async (quarter: string, total: string, preparedBy: string) => {
    const funds = hub.dataSources.funds;
    if (!runs.has(quarter)) {
      const [run] = await funds.query(
        `INSERT INTO funds.subsidy_runs (county_code, quarter, window_start, window_end, status, line_count, total_interest, total_subsidy, requested_by, computed_at)
         VALUES ($1, $2, '2025-03-21', '2025-06-20', 'COMPUTED', 1, 0, 0, 'test', now()) RETURNING id`,
        [A, quarter],
      );
      runs.set(quarter, run.id);
    }
    const [{ id }] = await funds.query(
      `INSERT INTO funds.payout_batches (run_id, county_code, quarter, bank_code, idempotency_key, status, line_count, total_amount, created_by, confirmed_by, confirmed_at)
       VALUES ($1, $2, $3, 'YNRCC', $4, 'DRAFT', 1, $5, $6, $7::varchar, CASE WHEN $7::varchar IS NULL THEN NULL ELSE now() END) RETURNING id`,
      [runs.get(quarter), A, quarter, `test-${randomUUID()}`, total, preparedBy, preparedBy === 'scheduler' ? null : preparedBy],
    );
    return id as string;
  };
  const status = async (id: string) => (await hub.dataSources.funds.query('SELECT status FROM funds.payout_batches WHERE id = $1', [id]))[0].status;
  const budget = (year: number, amount: string, reference: string, countyCode = A) => ({
    input: { countyCode, year, amount, effectiveDate: `${year}-01-15`, reference },
  });

  beforeAll(async () => {
    hub = await startTestHub();
    tokens.alice = await hub.token({ role: 'finance', counties: [A], subject: 'finance-alice' });
    tokens.bob = await hub.token({ role: 'finance', counties: [A], subject: 'finance-bob' });
    tokens.carol = await hub.token({ role: 'finance', counties: [A], subject: 'finance-carol' });
    tokens.financeB = await hub.token({ role: 'finance', counties: [B], subject: 'finance-of-b' });
    tokens.bureau = await hub.token({ role: 'bureau', counties: [A] });
    tokens.admin = await hub.token({ role: 'admin' });
  }, 60_000);
  afterAll(async () => hub?.close());

  it("the person who prepared a batch cannot approve it: another person of the county's finance bureau does, and both are shown", async () => {
    await hub.data(tokens.alice, RECORD, budget(2025, '1000.00', 'CZ-2025-0001'));
    const id = await draftBatch('2025Q1', '60.00', 'finance-alice');

    expect(await refusal(tokens.alice, APPROVE, { id })).toEqual({
      code: 'PAYOUT_SAME_PERSON',
      kind: 'FORBIDDEN',
      field: 'id',
      message: `batch ${id} was prepared by you (finance-alice): another person of the finance bureau approves it`,
      zh: '该批次由您制单，须由财政局另一名工作人员审批',
    });
    // Not an admin either (releasing the county's money is its finance bureau's), nor another county's bureau, nor the bureau.
    for (const token of [tokens.admin, tokens.financeB, tokens.bureau]) expect(await refusal(token, APPROVE, { id })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await status(id)).toBe('DRAFT');

    expect((await hub.data(tokens.bob, APPROVE, { id })).approvePayoutBatch).toEqual({
      status: 'APPROVED',
      preparedBy: 'finance-alice',
      approvedBy: 'finance-bob',
      approvedAt: expect.any(String),
    });
    // Once: a second approval (another person, or the same again) finds it approved.
    expect(await refusal(tokens.carol, APPROVE, { id })).toMatchObject({
      code: 'PAYOUT_BATCH_NOT_DRAFT',
      kind: 'CONFLICT',
      field: 'id',
      message: `batch ${id} is APPROVED; only a DRAFT batch can be approved`,
    });
    const [shown] = (await hub.data(tokens.alice, `{ payoutBatches(countyCode: "${A}", quarter: "2025Q1") { status preparedBy preparedAt approvedBy } }`))
      .payoutBatches;
    expect(shown).toEqual({ status: 'APPROVED', preparedBy: 'finance-alice', preparedAt: expect.any(String), approvedBy: 'finance-bob' });
    // The draw is posted on the ledger by the approver.
    const [entry] = await hub.apps.funds.ledger.entries(`subsidy-budget:${A}:2025`, { offset: 1 });
    expect(entry).toMatchObject({ reasonCode: 'PAYOUT_INSTRUCTED', createdBy: 'finance-bob' });
    expect((await hub.data(tokens.bureau, BUDGET, { year: 2025 })).subsidyBudget).toEqual({ allocated: '1000.00', committed: '60.00', available: '940.00' });
  });

  it('a batch the scheduler drafted needs two people of the finance bureau: one confirms it as its maker, another approves; both are recorded', async () => {
    const id = await draftBatch('2025Q2', '50.00', 'scheduler');
    // Not approved on one pair of eyes: a person must first take responsibility for it as its maker.
    expect(await refusal(tokens.alice, APPROVE, { id })).toEqual({
      code: 'PAYOUT_BATCH_NOT_CONFIRMED',
      kind: 'CONFLICT',
      field: 'id',
      message: `batch ${id} was drafted by scheduler: a person of the finance bureau confirms it as its maker (confirmPayoutBatch) before another approves it`,
      zh: '该批次由系统生成，须先由财政局一名工作人员确认制单，再由另一名工作人员审批',
    });
    // The maker is a person of the county's finance bureau: not an admin, another county's bureau or the bureau.
    for (const token of [tokens.admin, tokens.financeB, tokens.bureau]) expect(await refusal(token, CONFIRM, { id })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await hub.data(tokens.alice, CONFIRM, { id })).confirmPayoutBatch).toEqual({
      status: 'DRAFT',
      preparedBy: 'scheduler',
      confirmedBy: 'finance-alice',
      confirmedAt: expect.any(String),
      approvedBy: null,
    });
    // Once: a second person confirming finds the maker recorded.
    expect(await refusal(tokens.carol, CONFIRM, { id })).toMatchObject({
      code: 'PAYOUT_BATCH_CONFIRMED',
      kind: 'CONFLICT',
      field: 'id',
      message: `batch ${id} was confirmed by finance-alice already: another person approves it`,
    });
    // The maker does not approve what she confirmed.
    expect(await refusal(tokens.alice, APPROVE, { id })).toMatchObject({
      code: 'PAYOUT_SAME_PERSON',
      message: `batch ${id} was confirmed by you (finance-alice) as its maker: another person of the finance bureau approves it`,
      zh: '该批次由您确认制单，须由财政局另一名工作人员审批',
    });
    expect(await status(id)).toBe('DRAFT');
    expect((await hub.data(tokens.bob, APPROVE, { id })).approvePayoutBatch).toMatchObject({
      status: 'APPROVED',
      preparedBy: 'scheduler',
      approvedBy: 'finance-bob',
    });
    const [shown] = (await hub.data(tokens.bureau, `{ payoutBatches(countyCode: "${A}", quarter: "2025Q2") { status preparedBy confirmedBy approvedBy } }`))
      .payoutBatches;
    expect(shown).toEqual({ status: 'APPROVED', preparedBy: 'scheduler', confirmedBy: 'finance-alice', approvedBy: 'finance-bob' });
    expect(await refusal(tokens.carol, CONFIRM, { id })).toMatchObject({ code: 'PAYOUT_BATCH_NOT_DRAFT' });

    // A batch a person prepared has its maker already: confirming it is refused, and its preparer still may not approve it.
    const human = await draftBatch('2025Q2', '10.00', 'finance-alice');
    expect(await refusal(tokens.bob, CONFIRM, { id: human })).toMatchObject({
      code: 'PAYOUT_BATCH_CONFIRMED',
      message: `batch ${human} was prepared by finance-alice, its maker: another person approves it`,
    });
    expect(await refusal(tokens.alice, APPROVE, { id: human })).toMatchObject({ code: 'PAYOUT_SAME_PERSON' });
  });

  it("a batch is approved only when the year's budget covers it, naming the shortfall; an allocation is recorded once per reference", async () => {
    const id = await draftBatch('2024Q4', '100.00', 'finance-alice');
    expect(await refusal(tokens.bob, APPROVE, { id })).toMatchObject({
      code: 'SUBSIDY_BUDGET_INSUFFICIENT',
      kind: 'CONFLICT',
      message: `the 2024 subsidy budget of county ${A} has 0.00 available; batch ${id} needs 100.00, 100.00 short`,
    });

    // Only the county's finance bureau (or an admin) records its budget; the figures are checked.
    expect(await refusal(tokens.bureau, RECORD, budget(2024, '80.00', 'CZ-2024-0007'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(tokens.financeB, RECORD, budget(2024, '80.00', 'CZ-2024-0007'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(tokens.alice, RECORD, budget(2024, '-80.00', 'CZ-2024-0007'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(await refusal(tokens.alice, RECORD, budget(2024, '80.00', '预算 7'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reference' });

    const recorded = {
      countyCode: A,
      year: 2024,
      allocated: '80.00',
      committed: '0.00',
      available: '80.00',
      allocations: [{ reference: 'CZ-2024-0007', amount: '80.00', effectiveDate: '2024-01-15', recordedBy: 'finance-alice' }],
    };
    expect((await hub.data(tokens.alice, RECORD, budget(2024, '80.00', 'CZ-2024-0007'))).recordSubsidyBudget).toEqual(recorded);
    // The same allocation again (a retry): recorded once. The same reference for another amount or year: refused.
    expect((await hub.data(tokens.alice, RECORD, budget(2024, '80.00', 'CZ-2024-0007'))).recordSubsidyBudget).toEqual(recorded);
    expect(await refusal(tokens.alice, RECORD, budget(2024, '90.00', 'CZ-2024-0007'))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'reference' });
    expect(await refusal(tokens.alice, RECORD, budget(2023, '80.00', 'CZ-2024-0007'))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'reference' });
    // Posted on the ledger: from the year's funding into the budget.
    const balances = await hub.apps.funds.ledger.balances([`subsidy-funding:${A}:2024`, `subsidy-budget:${A}:2024`]);
    expect(balances.map((b) => b.balance.toFixed(2))).toEqual(['80.00', '80.00']);

    expect(await refusal(tokens.bob, APPROVE, { id })).toMatchObject({
      code: 'SUBSIDY_BUDGET_INSUFFICIENT',
      message: `the 2024 subsidy budget of county ${A} has 80.00 available; batch ${id} needs 100.00, 20.00 short`,
      zh: `${A} 县 2024 年贴息预算可用 80.00 元，本批次需 100.00 元，缺口 20.00 元`,
    });
    expect(await status(id)).toBe('DRAFT');
    // A supplementary allocation (an admin may record it too) covers it.
    expect((await hub.data(tokens.admin, RECORD, budget(2024, '20.00', 'CZ-2024-0011'))).recordSubsidyBudget).toMatchObject({
      allocated: '100.00',
      available: '100.00',
    });
    expect((await hub.data(tokens.bob, APPROVE, { id })).approvePayoutBatch.status).toBe('APPROVED');
    expect((await hub.data(tokens.alice, BUDGET, { year: 2024 })).subsidyBudget).toEqual({ allocated: '100.00', committed: '100.00', available: '0.00' });
    expect((await hub.apps.funds.ledger.balance(`subsidy-budget:${A}:2024`)).balance.toFixed(2)).toBe('0.00');
  });

  it('approvals at once cannot overdraw the budget: as many are approved as it covers, the others refused', async () => {
    await hub.data(tokens.alice, RECORD, budget(2023, '100.00', 'CZ-2023-0001'));
    // Eight batches of 60.00 against 100.00, approved all at once by two people: only one fits.
    const ids: string[] = [];
    for (let n = 0; n < 8; n++) ids.push(await draftBatch(`2023Q${1 + (n % 4)}`, '60.00', 'finance-alice'));
    const answers = await Promise.all(ids.map((id, n) => hub.query(n % 2 ? tokens.bob : tokens.carol, APPROVE, { id })));
    const outcomes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? a.data.approvePayoutBatch.status).sort();
    expect(outcomes).toEqual(['APPROVED', ...Array(7).fill('SUBSIDY_BUDGET_INSUFFICIENT')]);
    expect((await Promise.all(ids.map(status))).filter((s) => s === 'APPROVED')).toHaveLength(1);
    expect((await hub.data(tokens.alice, BUDGET, { year: 2023 })).subsidyBudget).toEqual({ allocated: '100.00', committed: '60.00', available: '40.00' });
    expect((await hub.apps.funds.ledger.balance(`subsidy-budget:${A}:2023`)).balance.toFixed(2)).toBe('40.00');
  });

  it("pays the demo county's quarter as npm start shows it: the year's budget loaded, prepared by one finance user, approved by the other", async () => {
    await loadDemoCounty(
      hub.config,
      hub.databaseUrl,
      createLogger({ service: 'seed' }, 'error', () => undefined),
      { households: 60 },
    );
    const year = Number(DEMO_SETTLED_QUARTER.slice(0, 4));
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'demo-finance-chuxiong' });
    const finance2 = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'demo-finance-chuxiong-2' });
    const loaded = (
      await hub.data(finance, `{ subsidyBudget(countyCode: "${DEMO_COUNTY}", year: ${year}) { allocated allocations { reference recordedBy } } }`)
    ).subsidyBudget;
    expect(loaded.allocations).toEqual([{ reference: expect.stringMatching(new RegExp(`^DEMO-CZ-${year}-`)), recordedBy: 'demo-finance' }]);

    const run = await computeQuarterlySubsidy(hub.apps, DEMO_COUNTY, DEMO_SETTLED_QUARTER, 'test');
    expect(run.totalSubsidy.greaterThan(0)).toBe(true);
    const { batches } = (
      await hub.data(finance, `mutation { preparePayoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DEMO_SETTLED_QUARTER}") { batches { id } } }`)
    ).preparePayoutBatches;
    expect(batches.length).toBeGreaterThan(0);
    // The run tells its county's bureau (who posts the 贴息公示 before payment) how much of it is approved: nothing yet.
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const approvedOfRun = async () =>
      (await hub.data(bureau, `{ subsidyRuns(countyCode: "${DEMO_COUNTY}", quarter: "${DEMO_SETTLED_QUARTER}") { status approvedAmount } }`)).subsidyRuns.find(
        (r: { status: string }) => r.status === 'COMPUTED',
      ).approvedAmount;
    expect(await approvedOfRun()).toBe('0.00');
    for (const { id } of batches) expect(await refusal(finance, APPROVE, { id })).toMatchObject({ code: 'PAYOUT_SAME_PERSON' });
    let approved = 0;
    for (const { id } of batches) {
      expect((await hub.data(finance2, APPROVE, { id })).approvePayoutBatch).toMatchObject({
        status: 'APPROVED',
        preparedBy: 'demo-finance-chuxiong',
        approvedBy: 'demo-finance-chuxiong-2',
      });
      approved += 1;
      // After each approval, the sum of the approved batches' totals (in fen, summed as integers).
      const totals = (await hub.data(finance, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DEMO_SETTLED_QUARTER}") { status totalAmount } }`))
        .payoutBatches as { status: string; totalAmount: string }[];
      const fen = totals.filter((b) => b.status !== 'DRAFT').reduce((sum, b) => sum + Math.round(Number(b.totalAmount) * 100), 0);
      expect(totals.filter((b) => b.status !== 'DRAFT')).toHaveLength(approved);
      expect(await approvedOfRun()).toBe((fen / 100).toFixed(2));
    }
  }, 60_000);

  it('shows a budget to its county only: its finance bureau, its bureau and admins', async () => {
    for (const token of [tokens.financeB, await hub.token({ role: 'bank', bank: 'ABC' }), await hub.token({ role: 'regulator', counties: [A] })]) {
      expect(await refusal(token, BUDGET, { year: 2025 })).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await hub.data(tokens.admin, BUDGET, { year: 2031 })).subsidyBudget).toEqual({ allocated: '0.00', committed: '0.00', available: '0.00' });
  });
});
