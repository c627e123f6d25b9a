/**
 * Overpayments are not payments (issue 14), through the gateway and the worker's compute and
 * prepare jobs: a quarter is computed, batched, confirmed and approved; then corrections lower one
 * loan, drop another from the quarter altogether (its settlement withdrawn: no line at all in the
 * correction) and lower a third whose household has nothing payable next quarter. The next
 * quarter's run carries a negative adjustment for each, the dropped loan's included; each
 * overpayment is netted only against its own household's lines, never below zero, the rest is a
 * receivable shown on the run, and the run's total and its batches pay exactly what households are
 * owed: no household's overpayment reduces another household's money.
 */
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { reportedLoansSettling, reportLoans, startPayingSubsidyHub, testHousehold, until, type PayingSubsidyHub } from '../support/subsidy-hub';

const Q2 = { periodStart: '2026-03-21', settlementDate: '2026-06-20' };
const Q3 = { periodStart: '2026-06-21', settlementDate: '2026-09-20' };

describe('overpayments found later: netted per household, the rest a receivable, never a payment', () => {
  let subsidy: PayingSubsidyHub;
  let hub: TestHub;
  let finance: string;
  let approver: string;
  const households = [1, 2, 3, 4].map((n) => testHousehold(`198${n}-03-0${n}`, 300 + n));
  /** L1–L4, one per household; 50,000 at 3.45 % for 92 days = 440.83 a quarter, 20,000 = 176.33. */
  const LOANS = [
    { contractNo: 'ABC-OVP-1', amount: '50000.00' },
    { contractNo: 'ABC-OVP-2', amount: '20000.00' },
    { contractNo: 'ABC-OVP-3', amount: '50000.00' },
    { contractNo: 'ABC-OVP-4', amount: '20000.00' },
  ];
  const RUN = 'id revision status totalSubsidy totalNetted totalReceivable';

  const gql = (token: string, query: string, variables?: Record<string, unknown>) => hub.data(token, query, variables);
  const run = async (quarter: string) =>
    (
      await gql(
        finance,
        `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { ${RUN}
           receivables { contractNo adjustsQuarter overpaid netted receivable household { id } }
           lines(first: 50) { nodes { id contractNo subsidy netted payable receivable adjustsQuarter adjustsLineId correctionLineId detail } } } }`,
      )
    ).subsidyRun;
  const runs = async (quarter: string) => (await gql(finance, `{ subsidyRuns(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { ${RUN} } }`)).subsidyRuns;
  const batches = async (quarter: string) =>
    (await gql(finance, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { id status totalAmount instructions { contractNo amount } } }`))
      .payoutBatches;
  const fen = (list: { totalAmount: string }[]) => list.reduce((sum, b) => sum + Math.round(Number(b.totalAmount) * 100), 0);
  const computed = (quarter: string, revision: number) =>
    until(
      () => run(quarter),
      (r) => r?.revision === revision && r.status === 'COMPUTED',
      `${quarter} revision ${revision} computed`,
    );

  /** The bank reports (or corrects, with a higher record version) the four loans' settlements: per loan, its Q2 and Q3 interest (null: none settled). */
  const report = async (version: number, interest: [string | null, string | null][]) =>
    expect(await reportLoans(hub, reportedLoansSettling(households, LOANS, version, [Q2, Q3], interest))).toEqual({ applied: 4, rejected: [] });

  beforeAll(async () => {
    subsidy = await startPayingSubsidyHub({
      namespace: 'subsidy_overpayments_test',
      households,
      accounts: { firstCard: 800, holderName: '张桂兰', budget: { year: 2026, amount: '100000.00', reference: 'CZ-OVP-2026' } },
    });
    ({ hub, maker: finance, checker: approver } = subsidy);
  }, 60_000);

  afterAll(async () => subsidy?.close());

  it('carries a lowered and a dropped loan as negative adjustments, nets each against its own household only, and records the rest as a receivable', async () => {
    // L3's household borrows nothing settled in 2026Q3: it will have nothing to net against.
    await report(2, [
      ['440.83', '440.83'],
      ['176.33', '176.33'],
      ['440.83', null],
      ['176.33', '176.33'],
    ]);
    await gql(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { id } }`);
    const paid = await computed('2026Q2', 1);
    expect(paid).toMatchObject({ totalSubsidy: '1234.32', totalNetted: '0.00', totalReceivable: '0.00' });
    const q2Batches = await until(
      () => batches('2026Q2'),
      (list) => fen(list) === 123432,
      '2026Q2 batched by the prepare job',
    );
    // Drafted by the job: one person confirms as maker, another approves. Money is approved for 2026Q2.
    await subsidy.confirmAndApprove(
      q2Batches.map((b: { id: string }) => b.id),
      finance,
      approver,
    );
    const paidLine = (contractNo: string) => paid.lines.nodes.find((l: any) => l.contractNo === contractNo && !l.adjustsQuarter);

    // Then 2026Q2 is corrected: L1 down to 390.00, L3 down to 100.00, and L2's settlement withdrawn
    // altogether (the loans side's records are upserted, never withdrawn, through the bank's report:
    // the row goes as a withdrawn settlement would), so the correction has no line for L2 at all.
    await report(3, [
      ['390.00', '440.83'],
      ['176.33', '176.33'],
      ['100.00', null],
      ['176.33', '176.33'],
    ]);
    await hub.dataSources.loans.query(
      `DELETE FROM loans.loan_interest_payments p USING loans.loans l WHERE l.id = p.loan_id AND l.contract_no = 'ABC-OVP-2' AND p.settlement_date = '2026-06-20'`,
    );
    await gql(finance, `mutation { recomputeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { id } }`);
    const corrected = await until(
      () => runs('2026Q2'),
      (list) => list[1]?.status === 'CORRECTION',
      'the correction computed',
    );
    expect(corrected[1]).toMatchObject({ revision: 2, totalSubsidy: '666.33' });
    // The quarter's runs with their receivables: one statement for both runs, not one per run.
    hub.resetStatements();
    expect(
      (await gql(finance, `{ subsidyRuns(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { revision receivables { contractNo } } }`)).subsidyRuns,
    ).toHaveLength(2);
    expect(hub.statements.funds.filter((sql) => sql.includes('subsidy < 0 AND -subsidy - netted > 0'))).toHaveLength(1);

    // 2026Q3 carries the three overpayments: the dropped loan's too, naming the paid line it reverses and no correction line.
    await gql(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q3") { id } }`);
    const q3 = await computed('2026Q3', 1);
    const lines = q3.lines.nodes
      .map((l: any) => [l.contractNo, l.adjustsQuarter, l.subsidy, l.netted, l.payable, l.receivable])
      .sort((a: string[], b: string[]) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    expect(lines).toEqual([
      ['ABC-OVP-1', '2026Q2', '-50.83', '50.83', '0.00', '0.00'],
      ['ABC-OVP-1', null, '440.83', '50.83', '390.00', '0.00'],
      ['ABC-OVP-2', '2026Q2', '-176.33', '176.33', '0.00', '0.00'],
      ['ABC-OVP-2', null, '176.33', '176.33', '0.00', '0.00'],
      ['ABC-OVP-3', '2026Q2', '-340.83', '0.00', '0.00', '340.83'],
      ['ABC-OVP-4', null, '176.33', '0.00', '176.33', '0.00'],
    ]);
    const dropped = q3.lines.nodes.find((l: any) => l.contractNo === 'ABC-OVP-2' && l.adjustsQuarter);
    expect(dropped).toMatchObject({ adjustsLineId: paidLine('ABC-OVP-2').id, correctionLineId: null });
    expect(dropped.detail).toContain('the correction no longer has the loan');
    expect(q3.lines.nodes.find((l: any) => l.contractNo === 'ABC-OVP-1' && !l.adjustsQuarter).detail).toContain('50.83 withheld');

    // The run pays what households are owed: H1 390.00, H2 nothing, H3 nothing (it owes 340.83 back), H4 all of its 176.33.
    // (Summing every line would give 225.50: H3's overpayment taking 340.83 from the others.)
    expect(q3).toMatchObject({ totalSubsidy: '566.33', totalNetted: '227.16', totalReceivable: '340.83' });
    expect(q3.receivables).toEqual([
      {
        contractNo: 'ABC-OVP-3',
        adjustsQuarter: '2026Q2',
        overpaid: '340.83',
        netted: '0.00',
        receivable: '340.83',
        household: { id: households[2].householdId },
      },
    ]);

    // The batches pay exactly that, line by line: nothing for H2's fully netted line, nothing negative.
    const q3Batches = await until(
      () => batches('2026Q3'),
      (list) => list.length > 0,
      '2026Q3 batched',
    );
    expect(fen(q3Batches)).toBe(56633);
    expect(q3Batches.flatMap((b: any) => b.instructions.map((i: any) => [i.contractNo, i.amount])).sort()).toEqual([
      ['ABC-OVP-1', '390.00'],
      ['ABC-OVP-4', '176.33'],
    ]);
    // Reconciled against what the run pays, not the lines' gross figures.
    const reconciliation = await hub.apps.funds.reconciliations.reconcile(DEMO_COUNTY, '2026Q3');
    expect(reconciliation?.computed.toFixed(2)).toBe('566.33');
    expect(reconciliation?.instructed.toFixed(2)).toBe('566.33');
  }, 90_000);
});
