/**
 * When a quarter is computed, and what a recomputation does (issue 14), through the gateway, the
 * worker's compute job and the CLI: nothing is computed before the quarter's settlement day has
 * passed (SUBSIDY_QUARTER_NOT_DUE naming the day); a computed quarter with no approved batch is
 * recomputed on request as a new run that supersedes the old one (the difference shown, the old
 * run's DRAFT batches gone, its lines never batched); once money was approved, a recomputation is a
 * correction whose differences the next quarter's run carries as adjustment lines, once.
 */
import { shanghaiDate } from '../../common/domain/calendar-date';
import { backendOptionsOf, createQueueBackend } from '../../common/queue/backend';
import { JOBS, QUEUES } from '../../common/queue/names';
import { DEMO_COUNTY } from '../../demo/demo-county';
import { formatQuarter, quarterOfDate, settlementWindow } from '../../subgraphs/funds/src/funds.app';
import type { TestHub } from '../../demo/test-hub';
import { runCli, type CliRun } from '../support/cli';
import { reportedLoan, reportLoans, ruralCard as card, settledIn, startSubsidyHub, testHousehold, until, type SubsidyHub } from '../support/subsidy-hub';

const household = (n: number) => testHousehold(`197${n}-05-1${n}`, 200 + n);

/** The quarter after today's: its settlement day is always ahead. */
function quarterAhead(): { quarter: string; settlementDay: string } {
  const today = quarterOfDate(shanghaiDate());
  const next = today.quarter === 4 ? { year: today.year + 1, quarter: 1 as const } : { year: today.year, quarter: (today.quarter + 1) as 2 | 3 | 4 };
  return { quarter: formatQuarter(next), settlementDay: settlementWindow(next, { settlementDay: 20 }).end };
}

function subsidyCli(args: string[], databaseUrl: string): Promise<CliRun> {
  return runCli('subsidy', args, { DATABASE_URL: databaseUrl });
}

describe('subsidy quarters: computed once due, recomputed as new runs, corrected through the next quarter', () => {
  let subsidy: SubsidyHub;
  let hub: TestHub;
  let finance: string;
  const households = [household(1), household(2)];
  const RUN_FIELDS = 'id revision status supersedesRunId lineCount totalSubsidy totalNetted totalReceivable';

  const gql = (token: string, query: string, variables?: Record<string, unknown>) => hub.data(token, query, variables);
  const codeOf = async (token: string, query: string) => {
    const result = await hub.query(token, query);
    return { code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message as string | undefined };
  };
  const run = async (quarter: string) =>
    (
      await gql(
        finance,
        `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { ${RUN_FIELDS} lines(first: 20) { nodes { id contractNo subsidy reason adjustsQuarter adjustsLineId correctionLineId detail } } } }`,
      )
    ).subsidyRun;
  const runs = async (quarter: string) =>
    (
      await gql(
        finance,
        `{ subsidyRuns(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { ${RUN_FIELDS} changes { contractNo previousSubsidy subsidy difference } } }`,
      )
    ).subsidyRuns;
  const batches = async (quarter: string) =>
    (await gql(finance, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { id status totalAmount instructions { contractNo amount } } }`))
      .payoutBatches;
  const total = (list: { totalAmount: string }[]) => list.reduce((sum, b) => sum + Math.round(Number(b.totalAmount) * 100), 0) / 100;
  const computedRevision = (quarter: string, revision: number) =>
    until(
      () => run(quarter),
      (r) => r?.revision === revision && r.status === 'COMPUTED',
      `${quarter} revision ${revision} computed`,
    );
  /** The instructions that name a line of a run that is not its quarter's COMPUTED run: must stay none. */
  const instructionsOfUnpaidRuns = async () =>
    (
      await hub.dataSources.funds.query(
        `SELECT count(*)::int AS n FROM funds.payout_instructions i JOIN funds.subsidy_lines l ON l.id = i.subsidy_line_id JOIN funds.subsidy_runs r ON r.id = l.run_id WHERE r.status <> 'COMPUTED'`,
      )
    )[0].n;

  /** The bank reports (or corrects, with a higher record version) its two loans' settlements. */
  const report = async (version: number, q2: [string, string], q3: [string, string]) => {
    const payments = (i: number) => [
      settledIn({ periodStart: '2026-03-21', settlementDate: '2026-06-20' }, q2[i]),
      settledIn({ periodStart: '2026-06-21', settlementDate: '2026-09-20' }, q3[i]),
    ];
    const records = [
      reportedLoan(households[0], { contractNo: 'ABC-QTR-1', recordVersion: version, amount: '50000.00', interestPayments: payments(0) }),
      reportedLoan(households[1], { contractNo: 'ABC-QTR-2', recordVersion: version, amount: '20000.00', interestPayments: payments(1) }),
    ];
    expect(await reportLoans(hub, records)).toEqual({ applied: 2, rejected: [] });
  };

  beforeAll(async () => {
    subsidy = await startSubsidyHub({ namespace: 'subsidy_quarters_test', households });
    hub = subsidy.hub;
    finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    for (const [i, h] of households.entries()) {
      await gql(finance, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
        input: {
          householdId: h.householdId,
          countyCode: DEMO_COUNTY,
          issuingBankCode: 'YNRCC',
          accountNumber: card(700 + i),
          holderName: ['李文华', '王秀英'][i],
        },
      });
    }
    // L1: 50,000 at 3.45 % for 92 days = 440.83 a quarter; L2: 20,000 → 176.33, its 2026Q2 first reported short (100.00).
    await report(2, ['440.83', '100.00'], ['440.83', '176.33']);
  }, 60_000);

  afterAll(async () => subsidy?.close());

  it('refuses a quarter whose settlement day has not passed: through GraphQL, the worker and the CLI, naming the day', async () => {
    const { quarter, settlementDay } = quarterAhead();
    const refused = await codeOf(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { id } }`);
    expect(refused.code).toBe('SUBSIDY_QUARTER_NOT_DUE');
    expect(refused.message).toContain(settlementDay);
    // A recomputation of it too (the check comes first), and a bureau may not ask at all.
    expect((await codeOf(finance, `mutation { recomputeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "${quarter}") { id } }`)).code).toBe(
      'SUBSIDY_QUARTER_NOT_DUE',
    );
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    expect((await codeOf(bureau, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { id } }`)).code).toBe('FORBIDDEN');

    // The worker's job refuses it at once (a rule, not retried).
    const backend = createQueueBackend(backendOptionsOf(hub.config, hub.databaseUrl));
    const queue = backend.queue(QUEUES.subsidy);
    try {
      const job = await queue.add(JOBS.computeQuarterlySubsidy, { countyCode: DEMO_COUNTY, quarter }, { jobId: `early-${quarter}`, attempts: 5 });
      await until(
        () => queue.getJobState(job.id!),
        (state) => state === 'failed',
        'the early job failed',
      );
      expect((await queue.getJob(job.id!))?.failedReason).toContain('SUBSIDY_QUARTER_NOT_DUE');
    } finally {
      await queue.close();
      await backend.close();
    }

    // The CLI (the case: a quarter ahead computed on 2026-12-02).
    const cli = await subsidyCli(['compute', '--county', DEMO_COUNTY, '--quarter', quarter], hub.databaseUrl);
    expect(cli.code).toBe(1); // refused by the hub (scripts/operator-cli.ts)
    expect(cli.stderr).toContain('error: SUBSIDY_QUARTER_NOT_DUE: ');
    expect(cli.stderr).toContain(settlementDay);
    // Nothing was opened by any of them.
    expect(await runs(quarter)).toEqual([]);
  }, 60_000);

  it('recomputes a quarter with no approved batch as a new run that supersedes the old one; the old lines are never batched', async () => {
    const first = (await gql(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { ${RUN_FIELDS} } }`))
      .computeSubsidyQuarter;
    expect(first).toMatchObject({ revision: 1, supersedesRunId: null });
    const computed = await computedRevision('2026Q2', 1);
    expect(computed).toMatchObject({ lineCount: 2, totalSubsidy: '540.83' });
    await until(
      () => batches('2026Q2'),
      (list) => total(list) === 540.83,
      'the first run batched',
    );
    // Asking again returns the computed run; nothing is computed again.
    expect(
      (await gql(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { id revision status } }`)).computeSubsidyQuarter,
    ).toEqual({ id: computed.id, revision: 1, status: 'COMPUTED' });

    // The bank corrects L1's settlement: the frozen run would keep 440.83; a recomputation does not.
    await report(3, ['400.00', '100.00'], ['440.83', '176.33']);
    const asked = (await gql(finance, `mutation { recomputeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { ${RUN_FIELDS} } }`))
      .recomputeSubsidyQuarter;
    expect(asked).toMatchObject({ revision: 2, supersedesRunId: computed.id });
    const second = await computedRevision('2026Q2', 2);
    expect(second).toMatchObject({ lineCount: 2, totalSubsidy: '500.00', supersedesRunId: computed.id });
    const all = await runs('2026Q2');
    expect(all.map((r: any) => [r.revision, r.status])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'COMPUTED'],
    ]);
    expect(all[1].changes).toEqual([{ contractNo: 'ABC-QTR-1', previousSubsidy: '440.83', subsidy: '400.00', difference: '-40.83' }]);

    // The old run's DRAFT batches are gone; the new run is batched, only it.
    const list = await until(
      () => batches('2026Q2'),
      (l) => total(l) === 500,
      'the recomputed run batched',
    );
    expect(list.every((b: any) => b.status === 'DRAFT')).toBe(true);
    expect(list.flatMap((b: any) => b.instructions.map((i: any) => [i.contractNo, i.amount])).sort()).toEqual([
      ['ABC-QTR-1', '400.00'],
      ['ABC-QTR-2', '100.00'],
    ]);
    expect(await instructionsOfUnpaidRuns()).toBe(0);
    // The finance bureau preparing again adds nothing, and a superseded run is never prepared.
    const again = (await gql(finance, `mutation { preparePayoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { batches { id } } }`))
      .preparePayoutBatches;
    expect(again.batches).toEqual([]);

    // A preparation that waited behind a recomputation replacing its run (the same lock) reads the
    // run again once it has the lock: the run superseded meanwhile is refused, not batched again.
    const prepare = `mutation { preparePayoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { batches { id } } }`;
    const recomputing = await hub.dataSources.funds.createQueryRunner();
    await recomputing.connect();
    await recomputing.startTransaction();
    await recomputing.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-payout-${second.id}`]);
    const waiting = hub.query(finance, prepare);
    await new Promise((r) => setTimeout(r, 500)); // the preparation has read the run and waits for the lock
    await recomputing.query('DELETE FROM funds.payout_instructions WHERE batch_id IN (SELECT id FROM funds.payout_batches WHERE run_id = $1)', [second.id]);
    await recomputing.query('DELETE FROM funds.payout_batches WHERE run_id = $1', [second.id]);
    await recomputing.query(`UPDATE funds.subsidy_runs SET status = 'SUPERSEDED' WHERE id = $1`, [second.id]);
    await recomputing.commitTransaction();
    await recomputing.release();
    expect((await waiting).errors?.[0]).toMatchObject({ extensions: { code: 'SUBSIDY_NOT_COMPUTED', field: 'quarter' } });
    expect(await batches('2026Q2')).toEqual([]);
    // Put back as it was for the next case: revision 2 computed and batched.
    await hub.dataSources.funds.query(`UPDATE funds.subsidy_runs SET status = 'COMPUTED' WHERE id = $1`, [second.id]);
    await hub.apps.funds.payouts.prepareBatches(DEMO_COUNTY, '2026Q2', 'scheduler'); // as the prepare job did
    expect(total(await batches('2026Q2'))).toBe(500);
  }, 60_000);

  it('once money was approved, a recomputation is a correction: the next quarter pays the difference as adjustment lines, once', async () => {
    // The quarter's money is approved (budget first, as the four-eyes approval needs).
    await gql(finance, 'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { available } }', {
      input: { countyCode: DEMO_COUNTY, year: 2026, amount: '100000.00', effectiveDate: '2026-01-15', reference: 'CZ-QTR-2026' },
    });
    // Drafted by the quarterly job: one person of the finance bureau confirms them as maker, another approves.
    const toApprove = await batches('2026Q2');
    const approver = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'finance-approver' });
    await subsidy.confirmAndApprove(
      toApprove.map((b: { id: string }) => b.id),
      finance,
      approver,
    );
    const paid = await run('2026Q2');
    const paidLine = (contractNo: string) => paid.lines.nodes.find((l: any) => l.contractNo === contractNo);

    // Then the bank corrects both loans' 2026Q2: L2 up to its full 176.33, L1 down to 390.00.
    await report(4, ['390.00', '176.33'], ['440.83', '176.33']);
    const asked = (await gql(finance, `mutation { recomputeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q2") { revision status } }`))
      .recomputeSubsidyQuarter;
    expect(asked).toEqual({ revision: 3, status: 'COMPUTING' });
    const correction = await until(
      () => runs('2026Q2'),
      (list) => list[2]?.status === 'CORRECTION',
      'the correction computed',
    );
    expect(correction.map((r: any) => [r.revision, r.status])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'COMPUTED'],
      [3, 'CORRECTION'],
    ]);
    expect(correction[2]).toMatchObject({ supersedesRunId: paid.id, totalSubsidy: '566.33' });
    expect(correction[2].changes).toEqual([
      { contractNo: 'ABC-QTR-1', previousSubsidy: '400.00', subsidy: '390.00', difference: '-10.00' },
      { contractNo: 'ABC-QTR-2', previousSubsidy: '100.00', subsidy: '176.33', difference: '76.33' },
    ]);
    // The approved run stays the quarter's, its batches as they were: never a second payment.
    expect(await run('2026Q2')).toMatchObject({ id: paid.id, revision: 2, status: 'COMPUTED' });
    expect((await batches('2026Q2')).map((b: any) => [b.id, b.status]).sort()).toEqual(toApprove.map((b: any) => [b.id, 'APPROVED']).sort());

    // The next quarter's run carries the differences, each naming the line it corrects.
    await gql(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q3") { id } }`);
    const q3 = await computedRevision('2026Q3', 1);
    const lines = q3.lines.nodes.map((l: any) => [l.contractNo, l.subsidy, l.adjustsQuarter]).sort();
    expect(lines).toEqual([
      ['ABC-QTR-1', '-10.00', '2026Q2'],
      ['ABC-QTR-1', '440.83', null],
      ['ABC-QTR-2', '176.33', null],
      ['ABC-QTR-2', '76.33', '2026Q2'],
    ]);
    const up = q3.lines.nodes.find((l: any) => l.adjustsQuarter && l.contractNo === 'ABC-QTR-2');
    expect(up).toMatchObject({ reason: 'ADJUSTMENT', adjustsLineId: paidLine('ABC-QTR-2').id });
    expect(up.correctionLineId).toBeTruthy();
    expect(up.detail).toContain('2026Q2');
    expect(q3.totalSubsidy).toBe('683.49');
    // What is paid: the quarter's own lines and the positive adjustment; the overpaid 10.00 is never a
    // payment: it is withheld from L1's household's own line (430.83 paid), not from anyone else's.
    const q3Batches = await until(
      () => batches('2026Q3'),
      (l) => total(l) === 683.49,
      '2026Q3 batched',
    );
    expect(q3Batches.flatMap((b: any) => b.instructions.map((i: any) => i.amount)).sort()).toEqual(['176.33', '430.83', '76.33']);
    expect(q3).toMatchObject({ totalSubsidy: '683.49', totalNetted: '10.00', totalReceivable: '0.00' });

    // Recomputing the next quarter (nothing of it approved) carries the adjustments again, once.
    await gql(finance, `mutation { recomputeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "2026Q3") { id } }`);
    const q3Again = await computedRevision('2026Q3', 2);
    expect(q3Again.totalSubsidy).toBe('683.49');
    expect(q3Again.lines.nodes.filter((l: any) => l.adjustsQuarter).length).toBe(2);
    expect((await runs('2026Q3'))[1].changes).toEqual([]);
    await until(
      () => batches('2026Q3'),
      (l) => total(l) === 683.49,
      '2026Q3 batched again',
    );
    expect(await instructionsOfUnpaidRuns()).toBe(0);

    // The CLI recomputes as well, and says what it superseded.
    const cli = await subsidyCli(['recompute', '--county', DEMO_COUNTY, '--quarter', '2026Q3'], hub.databaseUrl);
    expect(cli.stderr).toBe('loans and their settlements read; computing the lines…\n');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('2026Q3 (2026-06-21 … 2026-09-20): COMPUTED, revision 3, 4 lines');
    expect(cli.stdout).toContain('supersedes the run before');
    expect(cli.stdout).toContain('0 loans changed, 0.00 in all');
    // Its DRAFT batches went with the run it replaced; the finance bureau prepares the new one.
    expect(await batches('2026Q3')).toEqual([]);
    const prepared = (await gql(finance, `mutation { preparePayoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "2026Q3") { batches { totalAmount } } }`))
      .preparePayoutBatches;
    expect(total(prepared.batches)).toBe(683.49);
    expect(await instructionsOfUnpaidRuns()).toBe(0);
  }, 90_000);
});
