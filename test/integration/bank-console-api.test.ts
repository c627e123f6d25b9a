/**
 * What the bank's console reads that the API did not offer (issue 16), through the gateway: the
 * households each list delivery carried (ListDelivery.items: added, changed, removed, in pages,
 * masked), a bank seeing only its own deliveries; and a bank's own payout batches across counties
 * and quarters (bankPayoutBatches) with the instructions and its answers, refused to anyone else;
 * a county's claims in pages (riskFundClaimPage), a bank seeing its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '../../common/auth/caller';
import { buildDemoCounty, DEMO_COUNTY, type DemoCounty } from '../../demo/demo-county';
import { demoRosterCsv } from '../../demo/demo-roster';
import { shanghaiDate } from '../../common/domain/calendar-date';
import { luhnCheckDigit } from '../../subgraphs/funds/src/domain/luhn';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { DUE_QUARTER, recordAccount, recordBudget, reportQuarterLoans } from '../support/finance-quarter';
import { startSubsidyHub, testHousehold, until, type SubsidyHub } from '../support/subsidy-hub';

const CLERK: Caller = { subject: 'bank-console-bureau', role: 'bureau', counties: [DEMO_COUNTY], bank: null };

/** A Luhn-valid card of ABC (its demo prefix 622848). */
const abcCard = (n: number) => {
  const payload = `622848${String(n).padStart(12, '0')}`;
  return payload + luhnCheckDigit(payload);
};

const ITEMS = `query($first: Int, $after: String, $change: ListDeliveryChange, $items: Int) {
  listDeliveries(first: $first) { nodes { id sequence kind bank { code } upserts removals
    items(first: $items, after: $after, change: $change) { nodes { householdNo change townshipCode villageCode category isMonitored headName idNumber removalReason }
      pageInfo { endCursor hasNextPage } } } } }`;

describe('the bank console API: what each list delivery carried, a bank’s own payout batches, its claims in pages', () => {
  let subsidy: SubsidyHub;
  let demo: DemoCounty;
  let abc: string;
  let psbc: string;
  let finance: string;
  const households = [1, 2].map((n) => testHousehold(`197${n}-05-0${n}`, 500 + n));

  /** Imports and publishes `list` as the county's roster (the bureau does). */
  const publish = async (list: DemoCounty['households']) => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-console-'));
    try {
      const path = join(dir, 'roster.csv');
      writeFileSync(path, demoRosterCsv({ ...demo, households: list }));
      const outcome = await subsidy.hub.apps.households.rosterImports.importFile(CLERK, { countyCode: DEMO_COUNTY, path, mode: 'reject_file' });
      await subsidy.hub.apps.households.rosterVersions.publish(CLERK, outcome.import.versionId!);
      await subsidy.hub.apps.households.listDeliveryPlanner.planPending(shanghaiDate(new Date()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const bankOf = (householdNo: string) => {
    const township = demo.households.find((h) => h.householdNo === householdNo)!.townshipCode;
    return demo.assignments.find((a) => a.townshipCode === township)!.bankCode;
  };

  beforeAll(async () => {
    subsidy = await startSubsidyHub({ namespace: 'bank_console_api_test', households });
    const { hub } = subsidy;
    demo = buildDemoCounty(await loadCountyRegions(DEMO_COUNTY), { households: 13 });
    await hub.apps.households.loadDemo({ ...demo, households: [] });
    abc = await hub.token({ role: 'bank', bank: 'ABC' });
    psbc = await hub.token({ role: 'bank', bank: 'PSBC' });
    finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
  }, 90_000);

  afterAll(async () => subsidy?.close());

  it('shows a bank the households of each delivery it received, masked, in pages, and never another bank’s', async () => {
    const { hub } = subsidy;
    const first12 = demo.households.slice(0, 12);
    await publish(first12);
    const deliveriesOf = async (token: string, variables: Record<string, unknown> = {}) =>
      (await hub.data(token, ITEMS, { first: 50, items: 50, ...variables })).listDeliveries.nodes;

    const abcDeliveries = await deliveriesOf(abc);
    const psbcDeliveries = await deliveriesOf(psbc);
    expect(abcDeliveries.length).toBeGreaterThan(0);
    expect(abcDeliveries.every((d: any) => d.bank.code === 'ABC')).toBe(true);
    expect(psbcDeliveries.every((d: any) => d.bank.code === 'PSBC')).toBe(true);
    const carried = (deliveries: any[]) => deliveries.flatMap((d) => d.items.nodes.map((i: any) => i.householdNo)).sort();
    // Each bank received exactly the households of its townships, and the two lists are disjoint.
    expect(carried(abcDeliveries)).toEqual(
      first12
        .filter((h) => bankOf(h.householdNo) === 'ABC')
        .map((h) => h.householdNo)
        .sort(),
    );
    expect(carried(psbcDeliveries)).toEqual(
      first12
        .filter((h) => bankOf(h.householdNo) === 'PSBC')
        .map((h) => h.householdNo)
        .sort(),
    );
    // What a bank's list page shows now is what it was sent.
    const listed = (await hub.data(abc, `{ households(first: 100, filter: { countyCode: "${DEMO_COUNTY}" }) { nodes { householdNo } } }`)).households.nodes;
    expect(listed.map((h: any) => h.householdNo).sort()).toEqual(carried(abcDeliveries));

    const item = abcDeliveries[0].items.nodes[0];
    const source = demo.households.find((h) => h.householdNo === item.householdNo)!;
    expect(item).toEqual({
      householdNo: source.householdNo,
      change: 'ADD',
      townshipCode: source.townshipCode,
      villageCode: source.villageCode,
      category: source.category,
      isMonitored: source.isMonitored,
      headName: `${[...source.headName][0]}*`,
      idNumber: `${source.idNumber.slice(0, 3)}${'*'.repeat(11)}${source.idNumber.slice(-4)}`,
      removalReason: null,
    });
    expect(abcDeliveries[0].upserts).toBe(abcDeliveries[0].items.nodes.length);

    // Pages of one item each walk the delivery in household order.
    const one = await deliveriesOf(abc, { items: 1 });
    expect(one[0].items.nodes).toHaveLength(1);
    expect(one[0].items.pageInfo.hasNextPage).toBe(abcDeliveries[0].items.nodes.length > 1);
    const next = await deliveriesOf(abc, { items: 1, after: one[0].items.pageInfo.endCursor });
    expect(next[0].items.nodes[0]?.householdNo).toBe(abcDeliveries[0].items.nodes[1]?.householdNo);

    // The next roster drops one of ABC's households and adds the thirteenth: ABC's new delta says so.
    const dropped = first12.find((h) => bankOf(h.householdNo) === 'ABC')!;
    const added = demo.households[12];
    await publish([...first12.filter((h) => h !== dropped), added]);
    const latest = async (token: string, change?: string) => {
      const all = await deliveriesOf(token, change ? { change } : {});
      return all.reduce((a: any, b: any) => (b.sequence > a.sequence ? b : a));
    };
    const delta = await latest(abc, 'REMOVE');
    expect(delta.kind).toBe('DELTA');
    expect(delta.items.nodes).toEqual([expect.objectContaining({ householdNo: dropped.householdNo, change: 'REMOVE', removalReason: expect.any(String) })]);
    expect(delta.removals).toBe(1);
    if (bankOf(added.householdNo) === 'ABC') {
      expect((await latest(abc, 'ADD')).items.nodes.map((i: any) => i.householdNo)).toEqual([added.householdNo]);
    }
    // The bank that lost nothing got no removal.
    expect(carried((await deliveriesOf(psbc, { change: 'REMOVE' })) as any[])).toEqual([]);

    // Newest first: a bank's deliveries by descending sequence, and pages of one walk them all, once each.
    const sequences = (await deliveriesOf(abc)).map((d: any) => d.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    const walked: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (
        await hub.data(abc, 'query($after: String) { listDeliveries(first: 1, after: $after) { nodes { sequence } pageInfo { endCursor hasNextPage } } }', {
          after: cursor,
        })
      ).listDeliveries;
      walked.push(...page.nodes.map((d: any) => d.sequence));
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (cursor);
    expect(walked).toEqual(sequences);

    // The items of every delivery on a page cost one statement, whatever the number of deliveries.
    const statements = async (first: number) => {
      hub.resetStatements();
      const nodes = await deliveriesOf(abc, { first, items: 5 });
      expect(nodes).toHaveLength(first);
      return hub.statements.households.length;
    };
    const all = (await deliveriesOf(abc)).length;
    expect(all).toBeGreaterThanOrEqual(2);
    expect(await statements(all)).toBe(await statements(1));

    // One delivery by its id (the console pages its items on their own); another bank's id finds nothing.
    const byId = `query($id: ID!) { listDeliveries(filter: { id: $id }) { nodes { id sequence items(first: 50) { nodes { householdNo } } } } }`;
    const single = (await hub.data(abc, byId, { id: delta.id })).listDeliveries.nodes;
    expect(single).toEqual([{ id: delta.id, sequence: delta.sequence, items: { nodes: expect.arrayContaining([{ householdNo: dropped.householdNo }]) } }]);
    expect((await hub.data(psbc, byId, { id: delta.id })).listDeliveries.nodes).toEqual([]);
    expect((await hub.query(abc, byId, { id: 'nope' })).errors?.[0]?.extensions?.code).toBe('ROSTER_BAD_REQUEST');

    const bad = await hub.query(abc, ITEMS, { first: 1, items: 1, after: "x'; --" });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives a bank its own payout batches with the instructions and its answers; another bank, finance and regulators are refused', async () => {
    const { hub } = subsidy;
    // One household's 一卡通 is an ABC card, the other's the rural cooperative's: two batches, one per issuer.
    await hub.data(finance, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
      input: { householdId: households[0].householdId, countyCode: DEMO_COUNTY, issuingBankCode: 'ABC', accountNumber: abcCard(71), holderName: '李一' },
    });
    await recordAccount(hub, finance, households[1], 72, '王二');
    await recordBudget(hub, finance);
    await reportQuarterLoans(hub, [
      { household: households[0], contractNo: 'ABC-BK-1', amount: '50000.00', interestPaid: '440.83' },
      { household: households[1], contractNo: 'ABC-BK-2', amount: '30000.00', interestPaid: '264.50' },
    ]);
    await hub.data(finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id } }`);
    await until(
      () => hub.data(finance, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id } }`),
      (d) => d.payoutBatches.length === 2,
      'the quarter computed and batched',
    );

    const mine = `query($bank: String!, $quarter: String, $first: Int, $after: String) {
      bankPayoutBatches(bankCode: $bank, quarter: $quarter, first: $first, after: $after) {
        nodes { id countyCode quarter status bank { code } lineCount totalAmount paidAmount failedAmount
          instructionPage(first: 10) { nodes { contractNo accountNumber amount status failureReason bankReference } } }
        pageInfo { endCursor hasNextPage } } }`;
    const own = (await hub.data(abc, mine, { bank: 'ABC' })).bankPayoutBatches;
    expect(own.nodes).toEqual([
      expect.objectContaining({
        countyCode: DEMO_COUNTY,
        quarter: DUE_QUARTER,
        status: 'DRAFT',
        bank: { code: 'ABC' },
        lineCount: 1,
        instructionPage: {
          nodes: [
            {
              contractNo: 'ABC-BK-1',
              accountNumber: `622848${'*'.repeat(9)}${abcCard(71).slice(-4)}`,
              amount: expect.any(String),
              status: 'PENDING',
              failureReason: null,
              bankReference: null,
            },
          ],
        },
      }),
    ]);
    expect(own.pageInfo.hasNextPage).toBe(false);
    // After the last batch's cursor: nothing older (the keyset on creation instant and id).
    expect((await hub.data(abc, mine, { bank: 'ABC', first: 1, after: own.pageInfo.endCursor })).bankPayoutBatches.nodes).toEqual([]);
    // The same batch as the county's finance bureau reads it.
    const county = (await hub.data(finance, `{ payoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DUE_QUARTER}") { id bank { code } totalAmount } }`))
      .payoutBatches;
    expect(county.find((b: any) => b.bank.code === 'ABC')).toEqual({ id: own.nodes[0].id, bank: { code: 'ABC' }, totalAmount: own.nodes[0].totalAmount });
    expect((await hub.data(abc, mine, { bank: 'ABC', quarter: '2025Q1' })).bankPayoutBatches.nodes).toEqual([]);
    expect((await hub.data(psbc, mine, { bank: 'PSBC' })).bankPayoutBatches.nodes).toEqual([]);

    // Pages of one: newest first, the admin sees the cooperative's too.
    const admin = await hub.token({ role: 'admin' });
    const ynrcc = (await hub.data(admin, mine, { bank: 'YNRCC', first: 1 })).bankPayoutBatches;
    expect(ynrcc.nodes.map((b: any) => b.bank.code)).toEqual(['YNRCC']);
    expect(ynrcc.pageInfo.hasNextPage).toBe(false);

    // One batch by id: the bank it was sent to; another bank is told there is none, county officials use payoutBatches.
    const one = `query($id: ID!) { bankPayoutBatch(id: $id) { id bank { code } instructionPage(first: 1) { nodes { contractNo status } } } }`;
    expect((await hub.data(abc, one, { id: own.nodes[0].id })).bankPayoutBatch).toEqual({
      id: own.nodes[0].id,
      bank: { code: 'ABC' },
      instructionPage: { nodes: [{ contractNo: 'ABC-BK-1', status: 'PENDING' }] },
    });
    expect((await hub.data(psbc, one, { id: own.nodes[0].id })).bankPayoutBatch).toBeNull();
    expect((await hub.query(finance, one, { id: own.nodes[0].id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(abc, one, { id: 'nope' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    for (const token of [psbc, finance, await hub.token({ role: 'regulator' })]) {
      expect((await hub.query(token, mine, { bank: 'ABC' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await hub.query(abc, mine, { bank: 'abc; --' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await hub.query(abc, mine, { bank: 'ABC', after: 'bm9wZQ' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
  it('pages a bank’s claims newest first, by status, its own only', async () => {
    const { hub } = subsidy;
    const file = 'mutation($input: RiskFundClaimInput!) { fileRiskFundClaim(input: $input) { id quarter } }';
    const filed = [];
    for (const quarter of ['2025Q1', '2025Q2'])
      filed.push(
        (await hub.data(abc, file, { input: { countyCode: DEMO_COUNTY, quarter, loans: [{ contractNo: 'ABC-BK-1', documents: [] }] } })).fileRiskFundClaim,
      );
    const pageOf = async (token: string, variables: Record<string, unknown>) =>
      (
        await hub.data(
          token,
          `query($first: Int, $after: String, $status: String) { riskFundClaimPage(countyCode: "${DEMO_COUNTY}", first: $first, after: $after, status: $status) {
            nodes { id quarter status bank { code } } pageInfo { endCursor hasNextPage } } }`,
          variables,
        )
      ).riskFundClaimPage;
    const first = await pageOf(abc, { first: 1 });
    expect(first.nodes).toEqual([{ id: filed[1].id, quarter: '2025Q2', status: 'FILED', bank: { code: 'ABC' } }]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await pageOf(abc, { first: 1, after: first.pageInfo.endCursor });
    expect(second.nodes.map((c: any) => c.id)).toEqual([filed[0].id]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // The same claims as the list query gives them, in the same order.
    const listed = (await hub.data(abc, `{ riskFundClaims(countyCode: "${DEMO_COUNTY}") { id } }`)).riskFundClaims.map((c: any) => c.id);
    expect(listed).toEqual([filed[1].id, filed[0].id]);
    expect((await pageOf(abc, { status: 'FILED' })).nodes).toHaveLength(2);
    expect((await pageOf(abc, { status: 'PAID' })).nodes).toEqual([]);
    expect((await pageOf(psbc, {})).nodes).toEqual([]);
    expect((await pageOf(finance, {})).nodes).toHaveLength(2);
    const query = `{ riskFundClaimPage(countyCode: "${DEMO_COUNTY}") { nodes { id } } }`;
    expect((await hub.query(await hub.token({ role: 'regulator' }), query)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = `{ riskFundClaimPage(countyCode: "${DEMO_COUNTY}", status: "DONE") { nodes { id } } }`;
    expect((await hub.query(abc, bad)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
