/**
 * What the admin's console pages read that the lists alone did not say (issue 16): the bank
 * registry in server pages, filtered by a search, a county and retirement; the LPR history in
 * server pages and the fixing in force on a date; the loan policy version that judges a county's loans on a date.
 */
import { startTestHub, TestHub } from '../../demo/test-hub';

const COUNTY = '532301';
const OTHER = '530302';
const PAGE = `query($first: Int, $after: String, $filter: BankFilter) {
  registeredBanks(first: $first, after: $after, filter: $filter) { nodes { code name nameEn countyCodes retired connectorUrl } pageInfo { endCursor hasNextPage } }
}`;
const REGISTER = `mutation($input: RegisterBankInput!) { registerBank(input: $input) { code } }`;

describe('the admin console’s reads through the gateway', () => {
  let hub: TestHub;
  let admin: string;
  let bureau: string;
  const codes = async (token: string, variables: Record<string, unknown>) => {
    const result = await hub.query(token, PAGE, variables);
    expect(result.errors).toBeUndefined();
    return result.data.registeredBanks as {
      nodes: { code: string; connectorUrl: string | null }[];
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
    };
  };

  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.token({ role: 'admin', subject: 'admin-li' });
    bureau = await hub.token({ role: 'bureau', counties: [COUNTY] });
    const banks = [
      { code: 'ZAA1', name: '甲农村商业银行', nameEn: 'Jia Rural Bank', countyCodes: [COUNTY] },
      { code: 'ZAA2', name: '乙村镇银行', nameEn: 'Yi Village Bank', countyCodes: [COUNTY, OTHER] },
      { code: 'ZAA3', name: '丙农村商业银行', nameEn: 'Bing Rural Bank', countyCodes: [OTHER] },
      { code: 'ZAA_4', name: '丁村镇银行', nameEn: 'Ding Village Bank', countyCodes: [OTHER] },
    ];
    for (const bank of banks) {
      const result = await hub.query(admin, REGISTER, { input: { ...bank, cardPrefixes: [], connectorUrl: `https://${bank.code.toLowerCase()}.example.cn` } });
      expect(result.errors).toBeUndefined();
    }
    expect((await hub.query(admin, 'mutation { retireBank(code: "ZAA3", reason: "合并") { retired } }')).errors).toBeUndefined();
  }, 60_000);
  afterAll(async () => hub?.close());

  it('pages the registry in code order, each page after the last, until no page follows', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      const page = await codes(admin, { first: 2, after, filter: { search: 'ZAA' } });
      seen.push(...page.nodes.map((b) => b.code));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(3);
    }
    // Each once (the order is the database's collation's, the cursor follows it).
    expect([...seen].sort()).toEqual(['ZAA1', 'ZAA2', 'ZAA3', 'ZAA_4']);
  });

  it('filters by name (any case, LIKE characters literal), by county and by retirement', async () => {
    expect((await codes(admin, { filter: { search: '村镇' } })).nodes.map((b) => b.code)).toEqual(['ZAA2', 'ZAA_4']);
    expect((await codes(admin, { filter: { search: 'rural bank' } })).nodes.map((b) => b.code)).toEqual(['ZAA1', 'ZAA3']);
    expect((await codes(admin, { filter: { search: 'aa_' } })).nodes.map((b) => b.code)).toEqual(['ZAA_4']);
    expect((await codes(admin, { filter: { search: 'ZAA%1' } })).nodes).toEqual([]);
    expect((await codes(admin, { filter: { search: 'ZAA', countyCode: OTHER } })).nodes.map((b) => b.code)).toEqual(['ZAA2', 'ZAA3', 'ZAA_4']);
    expect((await codes(admin, { filter: { search: 'ZAA', retired: true } })).nodes.map((b) => b.code)).toEqual(['ZAA3']);
    expect((await codes(admin, { filter: { search: 'ZAA', retired: false, countyCode: OTHER } })).nodes.map((b) => b.code)).toEqual(['ZAA2', 'ZAA_4']);
  });

  it('shows the connector to admins only, and refuses a county code that is not one and a cursor it did not issue', async () => {
    expect((await codes(admin, { filter: { search: 'ZAA1' } })).nodes[0].connectorUrl).toBe('https://zaa1.example.cn');
    expect((await codes(bureau, { filter: { search: 'ZAA1' } })).nodes[0].connectorUrl).toBeNull();
    const badCounty = await hub.query(admin, PAGE, { filter: { countyCode: '5323' } });
    expect(badCounty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.countyCode' });
    const badCursor = await hub.query(admin, PAGE, { after: 'not-a-cursor!' });
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers the LPR fixing in force on a date: the latest effective on or before it, a new one from its own date on', async () => {
    const inForce = (on: string) => hub.query(admin, 'query($on: String) { lprFixingInForce(on: $on) { effectiveDate oneYear fiveYearPlus source } }', { on });
    expect((await inForce('2025-05-19')).data.lprFixingInForce).toMatchObject({ effectiveDate: '2024-10-21', oneYear: '0.031' });
    expect((await inForce('2025-05-20')).data.lprFixingInForce).toMatchObject({ effectiveDate: '2025-05-20', oneYear: '0.03', fiveYearPlus: '0.035' });
    expect((await inForce('2019-08-19')).data.lprFixingInForce).toBeNull();

    const recorded = await hub.query(admin, 'mutation($f: [LprFixingInput!]!) { recordLprFixings(fixings: $f) { added } }', {
      f: [{ effectiveDate: '2031-01-20', oneYear: '0.0290', fiveYearPlus: '0.0340' }],
    });
    expect(recorded.data.recordLprFixings.added).toBe(1);
    expect((await inForce('2031-01-19')).data.lprFixingInForce.effectiveDate).toBe('2025-05-20');
    expect((await inForce('2031-01-20')).data.lprFixingInForce).toMatchObject({ effectiveDate: '2031-01-20', oneYear: '0.029', source: 'mutation' });
    // Today by default (China time): some fixing is in force, and not one after today.
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
    const byDefault = (await hub.query(bureau, '{ lprFixingInForce { effectiveDate } }')).data.lprFixingInForce.effectiveDate;
    expect(byDefault <= today).toBe(true);

    const bad = await inForce('2025-02-30');
    expect(bad.errors?.[0]?.extensions?.code).toBe('POLICY_INVALID_ARGUMENT');
  });

  it('pages the LPR history newest first, each page after the last, as lprFixings lists it', async () => {
    const all = (await hub.data(admin, '{ lprFixings { effectiveDate } }')).lprFixings.map((f: { effectiveDate: string }) => f.effectiveDate);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { nodes: { effectiveDate: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } = (
        await hub.data(
          bureau,
          'query($after: String) { lprFixingPage(first: 4, after: $after) { nodes { effectiveDate } pageInfo { endCursor hasNextPage } } }',
          { after },
        )
      ).lprFixingPage;
      expect(page.nodes.length).toBeLessThanOrEqual(4);
      seen.push(...page.nodes.map((f) => f.effectiveDate));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(all.length).toBeGreaterThan(8);
    expect(seen).toEqual(all);
    const bad = await hub.query(admin, '{ lprFixingPage(after: "bm90LWEtZGF0ZQ") { nodes { effectiveDate } } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers the policy version judging a county on a date: the most specific region in force', async () => {
    const inForce = (countyCode: string, on: string) =>
      hub.query(admin, 'query($c: String!, $on: String) { loanPolicyInForce(countyCode: $c, on: $on) { id regionCode effectiveFrom effectiveTo } }', {
        c: countyCode,
        on,
      });
    expect((await inForce(COUNTY, '2018-01-01')).data.loanPolicyInForce).toMatchObject({ id: 'chuxiong-2017', regionCode: '5323' });
    expect((await inForce(OTHER, '2018-01-01')).data.loanPolicyInForce).toMatchObject({ id: 'national-2017', regionCode: '' });
    expect((await inForce(COUNTY, '2017-01-01')).data.loanPolicyInForce).toBeNull();
    // A version recorded without effectiveTo is open-ended (the argument left out, not only given as null).
    const { rulesJson } = (await hub.data(admin, '{ loanPolicyInForce(countyCode: "532301", on: "2022-01-01") { rulesJson } }')).loanPolicyInForce;
    const recorded = await hub.query(admin, 'mutation($i: LoanPolicyVersionInput!) { recordLoanPolicyVersion(input: $i) { id effectiveTo } }', {
      i: { id: 'chuxiong-city-2031', regionCode: COUNTY, name: '楚雄市细则', source: '测试', effectiveFrom: '2031-01-01', rulesJson },
    });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordLoanPolicyVersion).toEqual({ id: 'chuxiong-city-2031', effectiveTo: null });
    expect((await inForce(COUNTY, '2031-01-01')).data.loanPolicyInForce).toMatchObject({ id: 'chuxiong-city-2031', regionCode: COUNTY });
    expect((await inForce(COUNTY, '2030-12-31')).data.loanPolicyInForce.id).not.toBe('chuxiong-city-2031');
    const bad = await inForce('53', '2018-01-01');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'countyCode' });
  });
});
