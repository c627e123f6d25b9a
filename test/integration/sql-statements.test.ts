/**
 * Batching: a federated query over households with their loans, loan banks and 一卡通 accounts
 * costs a fixed number of SQL statements whatever the number of rows (per-request DataLoaders
 * behind every __resolveReference and list field).
 */
import { createLogger } from '../../common/logger';
import { loadDemoCounty } from '../../demo/load-demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';

const QUERY = `query($first: Int) {
  households(first: $first) {
    nodes {
      id householdNo headName
      village { name parent { name } }
      loans {
        contractNo amount status flags { code } statusHistory { toStatus } interestPayments { settlementDate }
        bank { name townships { townshipCode } } household { householdNo }
      }
      oneCardAccount { accountNumber issuingBank { name } }
    }
  }
}`;

describe('SQL statements per federated query', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await loadDemoCounty(
      hub.config,
      hub.databaseUrl,
      createLogger({ service: 'seed' }, 'error', () => undefined),
      { households: 120 },
    );
  }, 120_000); // the demo with its months of statistics: seconds alone, longer on a loaded machine
  afterAll(() => hub.close());

  async function statementsFor(first: number) {
    const token = await hub.token({ role: 'admin' });
    hub.resetStatements();
    const result = await hub.query(token, QUERY, { first });
    expect(result.errors).toBeUndefined();
    expect(result.data.households.nodes).toHaveLength(first);
    const loans = result.data.households.nodes.flatMap((n: { loans: unknown[] }) => n.loans);
    expect(loans.length).toBeGreaterThan(first / 4); // the query really fans out to loans
    return { households: hub.statements.households.length, loans: hub.statements.loans.length, funds: hub.statements.funds.length };
  }

  it('is the same for 10 and for 100 households', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred).toEqual(ten);
    // households: page + villages + townships + the second hop for Loan.household + Bank.townships;
    // loans: loans by household + banks + status events + interest payments; funds: accounts by household.
    expect(ten.households + ten.loans + ten.funds).toBeLessThanOrEqual(11);
  });

  it("reads the bank registry once per query: a loan's bank in the loans fetch, a 一卡通 account's issuing bank from the funds side's copy", async () => {
    const token = await hub.token({ role: 'admin' });
    hub.resetStatements();
    const result = await hub.query(
      token,
      `query($first: Int) { households(first: $first) { nodes { loans { bank { name } } oneCardAccount { issuingBank { code name } } } } }`,
      { first: 50 },
    );
    expect(result.errors).toBeUndefined();
    const issuers = result.data.households.nodes.flatMap((n: { oneCardAccount: { issuingBank: { code: string; name: string } } | null }) =>
      n.oneCardAccount ? [n.oneCardAccount.issuingBank] : [],
    );
    expect(issuers.length).toBeGreaterThan(0);
    for (const issuer of issuers) expect(issuer.name).toEqual(expect.any(String));
    // OneCardAccount.issuingBank @provides(fields: "name"): no second fetch of banks from the loans subgraph,
    // and on the funds side the names come with the accounts, from its bank directory.
    expect(hub.statements.loans.filter((sql) => /\bFROM\s+"?loans"?\."?banks"?/i.test(sql))).toHaveLength(1);
    expect(hub.statements.funds).toHaveLength(1);
    expect(hub.statements.funds[0]).toMatch(/JOIN\s+"?funds"?\."?bank_directory"?/i);
    // Accounts listed (not read by household) name their issuers too, through Bank.name's batch.
    const listed = await hub.data(token, `{ oneCardAccounts(first: 20) { nodes { issuingBank { code name } } } }`);
    const names = new Map(issuers.map((issuer: { code: string; name: string }) => [issuer.code, issuer.name]));
    expect(listed.oneCardAccounts.nodes.length).toBeGreaterThan(0);
    for (const { issuingBank } of listed.oneCardAccounts.nodes) {
      expect(issuingBank.name).toEqual(expect.any(String));
      if (names.has(issuingBank.code)) expect(issuingBank.name).toBe(names.get(issuingBank.code));
    }
  });

  it('stays flat for a bank, whose scope adds a subquery, not a statement per row', async () => {
    const token = await hub.token({ role: 'bank', bank: 'ABC' });
    const counts: number[] = [];
    for (const first of [5, 30]) {
      hub.resetStatements();
      const result = await hub.query(token, QUERY, { first });
      expect(result.errors).toBeUndefined();
      counts.push(hub.statements.households.length + hub.statements.loans.length + hub.statements.funds.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
