/**
 * The federated graph through the gateway: a household with its loans (loans subgraph) and
 * 一卡通 account (funds subgraph), pagination, filters, masking and row scoping by role.
 */
import { createLogger } from '../../common/logger';
import { DemoCounty, DEMO_COUNTY } from '../../demo/demo-county';
import { loadDemoCounty } from '../../demo/load-demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';

const HOUSEHOLDS_WITH_EVERYTHING = `
  query Households($first: Int, $after: String, $filter: HouseholdFilter) {
    households(first: $first, after: $after, filter: $filter) {
      nodes {
        id householdNo headName idNumber phone townshipCode category memberCount
        village { code name parent { code } }
        loans { contractNo amount annualRate termMonths status bank { code name } }
        oneCardAccount { accountNumber holderName status issuingBank { code name } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }`;

describe('federated queries through the gateway', () => {
  let hub: TestHub;
  let demo: DemoCounty;

  beforeAll(async () => {
    hub = await startTestHub();
    demo = await loadDemoCounty(
      hub.config,
      hub.databaseUrl,
      createLogger({ service: 'seed' }, 'error', () => undefined),
      { households: 60 },
    );
  });
  afterAll(() => hub.close());

  it("leaves the regulator's pages something to show, as the hub's jobs would: 12 months of statistics, each bank's fund assessed today", async () => {
    const regulator = await hub.token({ role: 'regulator', counties: [DEMO_COUNTY] });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // China time
    const last = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
    const first = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 13, 1)).toISOString().slice(0, 7);
    const months = (
      await hub.data(
        regulator,
        `{ monthlyStatistics(countyCode: "${DEMO_COUNTY}", from: "${first}", to: "${last}") { month borrowers balance banks { bankCode } } }`,
      )
    ).monthlyStatistics as { month: string; borrowers: number; balance: string; banks: unknown[] }[];
    expect(months.map((m) => m.month)).toHaveLength(12);
    expect(months[months.length - 1]).toMatchObject({ month: last, borrowers: expect.any(Number) });
    expect(months[months.length - 1].borrowers).toBeGreaterThan(0);
    const [summary] = (
      await hub.data(regulator, `{ riskFundSummaries(countyCodes: ["${DEMO_COUNTY}"]) { assessedOn banks fundBalance leverage breaches topUpDue } }`)
    ).riskFundSummaries;
    expect(summary).toMatchObject({ assessedOn: today, banks: 3 });
    expect(Number(summary.fundBalance)).toBeGreaterThan(0);
    // YNRCC's fund is short of the 1:10 rule on purpose: one breach, a top-up due.
    expect(summary.breaches).toBe(1);
    expect(Number(summary.topUpDue)).toBeGreaterThan(0);
  });

  it('returns a household with its loans from loans and its account from funds', async () => {
    const token = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const withLoan = demo.loans[0];
    const expected = demo.households.find((h) => h.id === withLoan.householdId)!;
    const result = await hub.query(
      token,
      `query($id: ID!) { household(id: $id) { householdNo loans { contractNo amount annualRate status bank { name } } oneCardAccount { status issuingBank { code name } } } }`,
      {
        id: expected.id,
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.household.householdNo).toBe(expected.householdNo);
    expect(result.data.household.loans).toEqual([
      {
        contractNo: withLoan.contractNo,
        amount: withLoan.amount,
        annualRate: withLoan.annualRate,
        status: withLoan.status,
        bank: { name: demo.banks.find((b) => b.code === withLoan.bankCode)!.name },
      },
    ]);
    expect(result.data.household.oneCardAccount).toEqual({ status: 'ACTIVE', issuingBank: { code: 'YNRCC', name: '楚雄市农村信用合作联社' } });
  });

  it('masks personal data and never returns it in full', async () => {
    const token = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const result = await hub.query(token, HOUSEHOLDS_WITH_EVERYTHING, { first: 60 });
    expect(result.errors).toBeUndefined();
    const byNo = new Map(demo.households.map((h) => [h.householdNo, h]));
    for (const node of result.data.households.nodes) {
      const source = byNo.get(node.householdNo)!;
      expect(node.idNumber).toBe(`${source.idNumber.slice(0, 3)}***********${source.idNumber.slice(-4)}`);
      expect(node.headName).toBe(`${Array.from(source.headName)[0]}*`);
      expect(node.phone).toBe(`${source.phone.slice(0, 3)}****${source.phone.slice(-4)}`);
      const account = demo.accounts.find((a) => a.householdId === source.id)!;
      expect(node.oneCardAccount.accountNumber).toBe(
        `${account.accountNumber.slice(0, 6)}${'*'.repeat(account.accountNumber.length - 10)}${account.accountNumber.slice(-4)}`,
      );
    }
    const body = JSON.stringify(result.data);
    for (const household of demo.households) {
      expect(body).not.toContain(household.idNumber);
      expect(body).not.toContain(household.phone);
    }
    // Nor do they reach the logs (SECURITY.md: never logged).
    const logs = hub.logs.join('\n');
    for (const household of demo.households) {
      expect(logs).not.toContain(household.idNumber);
      expect(logs).not.toContain(household.headName);
    }
  });

  it('serializes money as exact decimal strings', async () => {
    const token = await hub.token({ role: 'admin' });
    const result = await hub.query(token, `{ loans(first: 500) { nodes { contractNo amount annualRate } } }`);
    expect(result.errors).toBeUndefined();
    for (const loan of result.data.loans.nodes) {
      expect(loan.amount).toMatch(/^\d+\.\d{2}$/);
      expect(loan.annualRate).toMatch(/^0\.\d{2,6}$/);
      expect(loan.amount).toBe(demo.loans.find((l) => l.contractNo === loan.contractNo)!.amount);
    }
    expect(result.data.loans.nodes).toHaveLength(demo.loans.length);
  });

  it('pages through every household exactly once', async () => {
    const token = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result: any = await hub.query(
        token,
        `query($after: String) { households(first: 7, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(result.errors).toBeUndefined();
      seen.push(...result.data.households.nodes.map((n: { id: string }) => n.id));
      after = result.data.households.pageInfo.hasNextPage ? result.data.households.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(demo.households.length / 7));
    expect(new Set(seen).size).toBe(demo.households.length);
    expect(seen.sort()).toEqual(demo.households.map((h) => h.id).sort());
  });

  it('filters by township and category', async () => {
    const token = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const township = demo.households[0].townshipCode;
    const result = await hub.query(token, HOUSEHOLDS_WITH_EVERYTHING, { first: 100, filter: { townshipCode: township, category: 'LIFTED_OUT' } });
    expect(result.errors).toBeUndefined();
    const expected = demo.households.filter((h) => h.townshipCode === township && h.category === 'LIFTED_OUT');
    expect(result.data.households.nodes.map((n: { householdNo: string }) => n.householdNo).sort()).toEqual(expected.map((h) => h.householdNo).sort());
  });

  it('rejects malformed filters and cursors with a specific error', async () => {
    const token = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const badCode = await hub.query(token, `{ households(filter: { townshipCode: "53' OR 1=1" }) { nodes { id } } }`);
    expect(badCode.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCode.errors?.[0].message).toContain('townshipCode');
    const badCursor = await hub.query(token, `{ households(after: "bm90LWEtY3Vyc29y") { nodes { id } } }`);
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await hub.query(token, `{ households(first: 100000) { nodes { id } } }`);
    expect(tooMany.errors?.[0].message).toMatch(/first must be between 1 and 500/);
  });

  it('scopes a bank to its townships and its own loans', async () => {
    const token = await hub.token({ role: 'bank', bank: 'ABC' });
    const result = await hub.query(token, HOUSEHOLDS_WITH_EVERYTHING, { first: 100 });
    expect(result.errors).toBeUndefined();
    const abcTownships = new Set(demo.assignments.filter((a) => a.bankCode === 'ABC').map((a) => a.townshipCode));
    const expected = demo.households.filter((h) => abcTownships.has(h.townshipCode));
    expect(expected.length).toBeGreaterThan(0);
    expect(result.data.households.nodes).toHaveLength(expected.length);
    for (const node of result.data.households.nodes) {
      expect(abcTownships.has(node.townshipCode)).toBe(true);
      for (const loan of node.loans) expect(loan.bank.code).toBe('ABC');
      // ABC did not issue these 一卡通 cards: a bank sees only the accounts it issued.
      expect(node.oneCardAccount).toBeNull();
    }
    const loans = await hub.query(token, `{ loans(first: 500) { nodes { bank { code } } } }`);
    expect(loans.data.loans.nodes.length).toBe(demo.loans.filter((l) => l.bankCode === 'ABC').length);
    expect(loans.data.loans.nodes.every((l: { bank: { code: string } }) => l.bank.code === 'ABC')).toBe(true);
  });

  it('shows a bureau nothing of another county', async () => {
    const token = await hub.token({ role: 'bureau', counties: ['532322'] });
    const result = await hub.query(token, HOUSEHOLDS_WITH_EVERYTHING, { first: 100 });
    expect(result.errors).toBeUndefined();
    expect(result.data.households.nodes).toEqual([]);
    const direct = await hub.query(token, `query($id: ID!) { household(id: $id) { id } }`, { id: demo.households[0].id });
    expect(direct.data.household).toBeNull();
  });

  it('refuses household rows to regulators', async () => {
    const token = await hub.token({ role: 'regulator', counties: [DEMO_COUNTY] });
    const result = await hub.query(token, `{ households { nodes { id headName } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toBeNull();
  });

  it('serves the region tree with real codes', async () => {
    const token = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const result = await hub.query(token, `{ region(code: "${DEMO_COUNTY}") { name level children { code name level } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.region.name).toBe('楚雄市');
    expect(result.data.region.level).toBe('COUNTY');
    expect(result.data.region.children.map((c: { name: string }) => c.name)).toContain('鹿城镇');
    expect(result.data.region.children.every((c: { code: string; level: string }) => /^532301\d{3}$/.test(c.code) && c.level === 'TOWNSHIP')).toBe(true);
  });

  // Last: it changes the township assignment.
  it('hides from a bank the households of a township reassigned away from it, without failing its loan list', async () => {
    const township = demo.assignments.find(
      (a) => a.bankCode === 'ABC' && demo.loans.some((l) => l.townshipCode === a.townshipCode && l.bankCode === 'ABC'),
    )!.townshipCode;
    const today = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
    await hub.dataSources.households.query(
      `UPDATE households.township_assignments SET effective_to = ${today} WHERE township_code = $1 AND bank_code = 'ABC'`,
      [township],
    );
    await hub.dataSources.households.query(
      `INSERT INTO households.township_assignments (township_code, bank_code, effective_from) VALUES ($1, 'PSBC', ${today})`,
      [township],
    );

    const token = await hub.token({ role: 'bank', bank: 'ABC' });
    const result = await hub.query(token, `{ loans(first: 500) { nodes { contractNo townshipCode household { householdNo } } } }`);
    expect(result.errors).toBeUndefined();
    const moved = result.data.loans.nodes.filter((l: { townshipCode: string }) => l.townshipCode === township);
    expect(moved.length).toBeGreaterThan(0); // ABC still sees its own loans there…
    expect(moved.every((l: { household: unknown }) => l.household === null)).toBe(true); // …but no longer the households
    const stayed = result.data.loans.nodes.filter((l: { townshipCode: string }) => l.townshipCode !== township);
    expect(stayed.every((l: { household: unknown }) => l.household !== null)).toBe(true);

    // The database refuses a second bank for the same township on the same day.
    await expect(
      hub.dataSources.households.query(
        `INSERT INTO households.township_assignments (township_code, bank_code, effective_from) VALUES ($1, 'YNRCC', ${today})`,
        [township],
      ),
    ).rejects.toThrow(/township_assignments_no_overlap/);
  });
});
