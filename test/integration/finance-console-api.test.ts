/**
 * What the finance console reads that the API did not offer (issue 15): a run's lines filtered by
 * lending bank, township and reason (NONE: the lines paid in full), and a payout batch's
 * instructions in pages (instructionPage, optionally by status). Through the gateway, on a
 * quarter the worker computed and batched.
 */
import { DEMO_COUNTY } from '../../demo/demo-county';
import { DUE_QUARTER, recordAccount, reportQuarterLoans } from '../support/finance-quarter';
import { startSubsidyHub, SUBSIDY_TOWNSHIP, testHousehold, until, type SubsidyHub } from '../support/subsidy-hub';

describe('the finance console API: filtered subsidy lines, paged batch instructions', () => {
  let subsidy: SubsidyHub;
  let finance: string;
  const households = [1, 2, 3, 4].map((n) => testHousehold(`198${n}-03-0${n}`, 300 + n));

  const lines = async (args: string) =>
    (
      await subsidy.hub.data(
        finance,
        `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { lines(first: 50${args}) { nodes { contractNo reason } } } }`,
      )
    ).subsidyRun.lines.nodes
      .map((l: { contractNo: string; reason: string | null }) => `${l.contractNo}:${l.reason ?? '-'}`)
      .sort();

  beforeAll(async () => {
    subsidy = await startSubsidyHub({ namespace: 'finance_console_api_test', households });
    finance = await subsidy.hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    for (const [i, h] of households.entries()) await recordAccount(subsidy.hub, finance, h, 900 + i, ['李一', '王二', '张三', '赵四'][i]);
    await reportQuarterLoans(subsidy.hub, [
      { household: households[0], contractNo: 'ABC-FC-1', amount: '50000.00', interestPaid: '440.83' },
      { household: households[1], contractNo: 'ABC-FC-2', amount: '20000.00', interestPaid: '0.00' },
      { household: households[2], contractNo: 'ABC-FC-3', amount: '30000.00', interestPaid: '264.50' },
      { household: households[3], contractNo: 'ABC-FC-4', amount: '10000.00', interestPaid: '88.17' },
    ]);
    await subsidy.hub.data(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id } }`);
    await until(
      () => subsidy.hub.data(finance, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id lineCount } }`),
      (d) => d.payoutBatches.length === 1,
      'the quarter computed and batched',
    );
  }, 90_000);

  afterAll(async () => subsidy?.close());

  it("filters a run's lines by reason, lending bank and township", async () => {
    expect(await lines('')).toEqual(['ABC-FC-1:-', 'ABC-FC-2:NO_INTEREST_PAID', 'ABC-FC-3:-', 'ABC-FC-4:-']);
    expect(await lines(', reason: "NO_INTEREST_PAID"')).toEqual(['ABC-FC-2:NO_INTEREST_PAID']);
    expect(await lines(', reason: "NONE"')).toEqual(['ABC-FC-1:-', 'ABC-FC-3:-', 'ABC-FC-4:-']);
    expect(await lines(', bankCode: "ABC", reason: "NONE", payableOnly: true')).toHaveLength(3);
    expect(await lines(', bankCode: "CCB"')).toEqual([]);
    expect(await lines(`, townshipCode: "${SUBSIDY_TOWNSHIP}"`)).toHaveLength(4);
    expect(await lines(', townshipCode: "532301102"')).toEqual([]);
    const bad = await subsidy.hub.query(
      finance,
      `{ subsidyRun(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { lines(townshipCode: "x'; --") { nodes { id } } } }`,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("pages a batch's instructions in line order, and filters them by status", async () => {
    const page = async (after: string | null, status?: string) =>
      (
        await subsidy.hub.data(
          finance,
          `query($after: String, $status: String) { payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { lineCount instructionPage(first: 2, after: $after, status: $status) { nodes { contractNo amount status accountNumber } pageInfo { endCursor hasNextPage } } } }`,
          { after, status },
        )
      ).payoutBatches[0];
    const first = await page(null);
    expect(first.lineCount).toBe(3);
    expect(first.instructionPage.nodes).toHaveLength(2);
    expect(first.instructionPage.nodes[0].accountNumber).toMatch(/^621779\*+\d{4}$/);
    expect(first.instructionPage.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.instructionPage.pageInfo.endCursor);
    expect(second.instructionPage.nodes).toHaveLength(1);
    expect(second.instructionPage.pageInfo.hasNextPage).toBe(false);
    const all = [...first.instructionPage.nodes, ...second.instructionPage.nodes].map((n: any) => [n.contractNo, n.amount, n.status]);
    expect(all.sort()).toEqual([
      ['ABC-FC-1', '440.83', 'PENDING'],
      ['ABC-FC-3', '264.50', 'PENDING'],
      ['ABC-FC-4', '88.17', 'PENDING'],
    ]);
    // One statement pages the instructions of every batch of the answer (a per-request loader).
    subsidy.hub.resetStatements();
    await page(null);
    expect(subsidy.hub.statements.funds.filter((sql) => sql.includes('payout_instructions'))).toHaveLength(1);
    expect((await page(null, 'PAID')).instructionPage.nodes).toEqual([]);
    expect((await page(null, 'PENDING')).instructionPage.nodes).toHaveLength(2);
  });
});
