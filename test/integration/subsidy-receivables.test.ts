/**
 * Receivables are recovered (issue 14), through the gateway and the worker: 2026Q1 is paid, then
 * corrected down for three households that have nothing settled in 2026Q2, so 2026Q2's run leaves
 * each a receivable. One household repays part of its own (idempotent by the reference), one's is
 * written off; 2026Q3's run withholds what is open from the same households' lines, never below
 * zero, and a recomputation of 2026Q3 (nothing approved yet) nets them again without counting the
 * superseded run's netting. The ledger's receivable account equals the open receivables' total.
 */
import { DEMO_COUNTY } from '../../demo/demo-county';
import { reportedLoansSettling, reportLoans, startPayingSubsidyHub, testHousehold, until, type PayingSubsidyHub } from '../support/subsidy-hub';

const Q1 = { periodStart: '2025-12-21', settlementDate: '2026-03-20' };
const Q3 = { periodStart: '2026-06-21', settlementDate: '2026-09-20' };
const RECEIVABLE = `{ id status amount open quarter household { id } history { kind amount quarter reference reason recordedBy counts } }`;

describe('receivables: carried to the next runs, repaid or written off, on the ledger', () => {
  let s: PayingSubsidyHub;
  let finance: string;
  let approver: string;
  const households = [1, 2, 3].map((n) => testHousehold(`196${n}-04-0${n}`, 400 + n));
  /** 50,000 at 3.45 %: 431.25 for 2026Q1's 90 days, 440.83 for 92; 20,000: 172.50. */
  const LOANS = [
    { contractNo: 'ABC-RCV-1', amount: '50000.00' },
    { contractNo: 'ABC-RCV-2', amount: '20000.00' },
    { contractNo: 'ABC-RCV-3', amount: '20000.00' },
  ];
  const data = (token: string, query: string, variables?: Record<string, unknown>) => s.hub.data(token, query, variables);
  const codeOf = async (token: string, query: string, variables?: Record<string, unknown>) =>
    (await s.hub.query(token, query, variables)).errors?.[0]?.extensions?.code;
  const run = async (quarter: string) =>
    (
      await data(
        finance,
        `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { id revision status totalSubsidy totalNetted totalRecovered totalReceivable
           lines(first: 50) { nodes { contractNo adjustsQuarter subsidy netted payable } } } }`,
      )
    ).subsidyRun;
  const computed = (quarter: string, revision: number) =>
    until(
      () => run(quarter),
      (r) => r?.revision === revision && r.status === 'COMPUTED',
      `${quarter} revision ${revision} computed`,
    );
  const receivables = async (status = 'OPEN', householdId?: string) =>
    (
      await data(
        finance,
        `query($h: ID, $s: String) { overpaymentReceivables(countyCode: "${DEMO_COUNTY}", householdId: $h, status: $s, first: 50) { nodes ${RECEIVABLE} pageInfo { hasNextPage } } }`,
        { h: householdId ?? null, s: status },
      )
    ).overpaymentReceivables;
  const ofHousehold = async (i: number, status: string) => (await receivables(status, households[i].householdId)).nodes[0];
  /** The receivable account's balance, and the open receivables' total, in fen. */
  const ledgerAndOpen = async () => {
    const balance = await s.hub.apps.funds.receivableLedger.balance(DEMO_COUNTY);
    const open = (await receivables()).nodes.reduce((sum: number, r: any) => sum + Math.round(Number(r.open) * 100), 0);
    return { ledger: balance === null ? 0 : Math.round(balance.toNumber() * 100), open };
  };
  const report = async (version: number, interest: [string, string | null][]) =>
    expect(await reportLoans(s.hub, reportedLoansSettling(households, LOANS, version, [Q1, Q3], interest))).toEqual({ applied: 3, rejected: [] });
  const repay = (token: string, input: Record<string, unknown>) =>
    s.hub.query(token, `mutation($input: ReceivableRepaymentInput!) { recordReceivableRepayment(input: $input) ${RECEIVABLE} }`, {
      input: { countyCode: DEMO_COUNTY, paidOn: '2026-11-02', ...input },
    });
  const writeOff = (token: string, input: Record<string, unknown>) =>
    s.hub.query(token, `mutation($input: ReceivableWriteOffInput!) { writeOffReceivable(input: $input) ${RECEIVABLE} }`, {
      input: { countyCode: DEMO_COUNTY, ...input },
    });

  beforeAll(async () => {
    s = await startPayingSubsidyHub({
      namespace: 'subsidy_receivables_test',
      households,
      accounts: { firstCard: 900, holderName: '赵明', budget: { year: 2026, amount: '100000.00', reference: 'CZ-RCV-2026' } },
    });
    ({ maker: finance, checker: approver } = s);
  }, 60_000);

  afterAll(async () => s?.close());

  it('carries what a household owes to its next payable lines, takes repayments and write-offs, never nets twice, and keeps the ledger equal to what is open', async () => {
    // 2026Q1 paid: 431.25 + 172.50 + 172.50.
    await report(2, [
      ['431.25', '440.83'],
      ['172.50', '176.33'],
      ['172.50', null],
    ]);
    await data(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q1") { id } }`);
    expect(await computed('2026Q1', 1)).toMatchObject({ totalSubsidy: '776.25' });
    const q1Batches = await until(
      () => data(finance, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "2026Q1") { id totalAmount } }`).then((d) => d.payoutBatches),
      (list: any[]) => list.length > 0,
      '2026Q1 batched',
    );
    await s.confirmAndApprove(
      q1Batches.map((b: any) => b.id),
      finance,
      approver,
    );

    // 2026Q1 corrected down: H1 by 331.25, H2 by 150.00, H3 by 100.00. Nobody has anything settled in 2026Q2.
    await report(3, [
      ['100.00', '440.83'],
      ['22.50', '176.33'],
      ['72.50', null],
    ]);
    await data(finance, `mutation { recomputeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q1") { id } }`);
    await until(
      () => data(finance, `{ subsidyRuns(countyCode: "${DEMO_COUNTY}", quarter: "2026Q1") { status } }`).then((d) => d.subsidyRuns),
      (list: any[]) => list[1]?.status === 'CORRECTION',
      'the correction computed',
    );
    await data(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { id } }`);
    expect(await computed('2026Q2', 1)).toMatchObject({ totalSubsidy: '0.00', totalNetted: '0.00', totalRecovered: '0.00', totalReceivable: '581.25' });
    const open = await receivables();
    expect(open.nodes.map((r: any) => [r.household.id, r.status, r.amount, r.open, r.quarter, r.history])).toEqual([
      [expect.any(String), 'OPEN', expect.any(String), expect.any(String), '2026Q2', []],
      [expect.any(String), 'OPEN', expect.any(String), expect.any(String), '2026Q2', []],
      [expect.any(String), 'OPEN', expect.any(String), expect.any(String), '2026Q2', []],
    ]);
    const [r1, r2, r3] = await Promise.all([0, 1, 2].map((i) => ofHousehold(i, 'OPEN')));
    expect([r1.open, r2.open, r3.open]).toEqual(['331.25', '150.00', '100.00']);
    await until(ledgerAndOpen, (x) => x.ledger === 58125, 'the receivables on the ledger');

    // H2 repays 100.00: once by its reference, however often it is recorded.
    const paid = await repay(finance, { receivableId: r2.id, amount: '100.00', reference: 'HK-2026-0001' });
    expect(paid.errors).toBeUndefined();
    expect(paid.data.recordReceivableRepayment).toMatchObject({
      status: 'OPEN',
      open: '50.00',
      history: [{ kind: 'REPAID', amount: '100.00', reference: 'HK-2026-0001', recordedBy: 'finance-maker', counts: true }],
    });
    expect((await repay(finance, { receivableId: r2.id, amount: '100.00', reference: 'HK-2026-0001' })).data.recordReceivableRepayment.open).toBe('50.00');
    expect(
      await codeOf(finance, 'mutation($input: ReceivableRepaymentInput!) { recordReceivableRepayment(input: $input) { id } }', {
        input: { countyCode: DEMO_COUNTY, receivableId: r2.id, amount: '20.00', reference: 'HK-2026-0001', paidOn: '2026-11-02' },
      }),
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await repay(finance, { receivableId: r2.id, amount: '60.00', reference: 'HK-2026-0002' })).errors?.[0]?.extensions?.code).toBe(
      'SUBSIDY_RECEIVABLE_EXCEEDED',
    );
    expect(
      (await repay(finance, { receivableId: '00000000-0000-4000-8000-000000000000', amount: '1.00', reference: 'HK-2026-0003' })).errors?.[0]?.extensions?.code,
    ).toBe('SUBSIDY_RECEIVABLE_NOT_FOUND');
    // Only the county's finance bureau records it (a bureau, an admin may not).
    const bureau = await s.hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    expect((await repay(bureau, { receivableId: r2.id, amount: '1.00', reference: 'HK-2026-0004' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // H3's is written off by decision; a second write-off finds nothing open.
    const written = await writeOff(finance, { receivableId: r3.id, reason: '户主已故，经局务会决定核销' });
    expect(written.data.writeOffReceivable).toMatchObject({
      status: 'WRITTEN_OFF',
      open: '0.00',
      history: [{ kind: 'WRITTEN_OFF', amount: '100.00', reason: '户主已故，经局务会决定核销' }],
    });
    expect((await writeOff(finance, { receivableId: r3.id, reason: 'again' })).errors?.[0]?.extensions?.code).toBe('SUBSIDY_RECEIVABLE_NOT_OPEN');
    expect(await ledgerAndOpen()).toEqual({ ledger: 38125, open: 38125 });

    // 2026Q3: H1's 331.25 withheld from its 440.83 (109.58 paid), H2's 50.00 from its 176.33; H3 has nothing and owes nothing.
    await data(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q3") { id } }`);
    const q3 = await computed('2026Q3', 1);
    expect(q3).toMatchObject({ totalSubsidy: '235.91', totalNetted: '381.25', totalRecovered: '381.25', totalReceivable: '0.00' });
    expect(q3.lines.nodes.map((l: any) => [l.contractNo, l.subsidy, l.netted, l.payable]).sort()).toEqual([
      ['ABC-RCV-1', '440.83', '331.25', '109.58'],
      ['ABC-RCV-2', '176.33', '50.00', '126.33'],
    ]);
    expect((await receivables()).nodes).toEqual([]);
    await until(ledgerAndOpen, (x) => x.ledger === 0, 'the nettings on the ledger');

    // Recomputed before any of its money is approved: the new run nets again, the superseded run's netting does not count.
    await data(finance, `mutation { recomputeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q3") { id } }`);
    const q3again = await computed('2026Q3', 2);
    expect(q3again).toMatchObject({ totalSubsidy: '235.91', totalRecovered: '381.25' });
    const settled = await ofHousehold(0, 'SETTLED');
    expect(settled).toMatchObject({ amount: '331.25', open: '0.00' });
    expect(settled.history.map((e: any) => [e.kind, e.amount, e.quarter, e.counts])).toEqual([
      ['NETTED', '331.25', '2026Q3', false],
      ['NETTED', '331.25', '2026Q3', true],
    ]);
    expect((await ofHousehold(1, 'SETTLED')).history.map((e: any) => [e.kind, e.amount, e.counts])).toEqual([
      ['REPAID', '100.00', true],
      ['NETTED', '50.00', false],
      ['NETTED', '50.00', true],
    ]);
    // A retried compute job changes nothing: the run is frozen, its receivables netted once.
    const record = await s.hub.apps.funds.subsidyRuns.find(DEMO_COUNTY, '2026Q3');
    await s.hub.apps.funds.subsidyRuns.compute(record!, async () => undefined);
    const [{ n }] = await s.hub.dataSources.funds.query(`SELECT count(*)::int AS n FROM funds.subsidy_receivable_events WHERE kind = 'NETTED'`);
    expect(n).toBe(4);

    // The ledger: the receivable account is what is open (0: the superseded run's netting reversed), and every county account balances.
    expect(await ledgerAndOpen()).toEqual({ ledger: 0, open: 0 });
    const [{ total }] = await s.hub.dataSources.funds.query(
      `SELECT coalesce(sum(p.amount), 0)::text AS total FROM funds.postings p JOIN funds.ledger_accounts a ON a.id = p.account_id WHERE a.county_code = $1`,
      [DEMO_COUNTY],
    );
    expect(total).toBe('0.00');
    const reasons = await s.hub.dataSources.funds.query(
      `SELECT e.reason_code, count(*)::int AS n FROM funds.journal_entries e WHERE e.idempotency_key LIKE 'subsidy-receivable-%' GROUP BY 1 ORDER BY 1`,
    );
    expect(reasons).toEqual([
      { reason_code: 'RECEIVABLE_FOUND', n: 1 },
      { reason_code: 'RECEIVABLE_NETTED', n: 2 },
      { reason_code: 'RECEIVABLE_REPAID', n: 1 },
      { reason_code: 'RECEIVABLE_WRITTEN_OFF', n: 1 },
      { reason_code: 'REVERSAL', n: 1 },
    ]);
  }, 120_000);
});
