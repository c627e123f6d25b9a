/**
 * The bureau console's API, through the gateway: the audit trail of unmasked reads (piiAccesses:
 * the county's bureau and admins, newest first, in pages, by household) and every township's
 * 分片包干 history of a county in one query (countyTownshipAssignments); the audit across counties
 * for admins, filtered by reader, role, field and time. Fails on the old schema
 * (unknown fields).
 */
import { DEMO_COUNTY, buildDemoCounty } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';

describe('the bureau console API', () => {
  let hub: TestHub;
  let bureau: string;
  let households: { id: string; householdNo: string; phone: string | null }[];

  beforeAll(async () => {
    hub = await startTestHub();
    const regions = await loadCountyRegions(DEMO_COUNTY);
    const demo = buildDemoCounty(regions, { households: 4 });
    await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments: demo.assignments, households: demo.households });
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY], subject: 'clerk-li' });
    households = (await hub.data(bureau, `{ households(first: 2, filter: { countyCode: "${DEMO_COUNTY}" }) { nodes { id householdNo phone } } }`)).households
      .nodes;
  }, 60_000);

  afterAll(() => hub?.close());

  const TRAIL = `query($county: String!, $household: ID, $first: Int, $after: String) {
    piiAccesses(countyCode: $county, householdId: $household, first: $first, after: $after) {
      nodes { householdId householdNo field reason subject role accessedAt }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('records each reveal and shows it to the bureau, newest first, in pages and by household', async () => {
    const reveal = (id: string, field: string, reason: string) =>
      hub.data(bureau, `query($id: ID!, $reason: String) { household(id: $id) { ${field}(reveal: true, reason: $reason) } }`, { id, reason });
    await reveal(households[0].id, 'phone', '核实联系方式');
    await reveal(households[1].id, 'idNumber', '核对身份证号');

    const first = (await hub.data(bureau, TRAIL, { county: DEMO_COUNTY, first: 1 })).piiAccesses;
    expect(first.nodes).toEqual([
      expect.objectContaining({
        householdId: households[1].id,
        householdNo: households[1].householdNo,
        field: 'idNumber',
        reason: '核对身份证号',
        subject: 'clerk-li',
        role: 'bureau',
      }),
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await hub.data(bureau, TRAIL, { county: DEMO_COUNTY, first: 1, after: first.pageInfo.endCursor })).piiAccesses;
    expect(second.nodes.map((n: { field: string }) => n.field)).toEqual(['phone']);

    const byHousehold = (await hub.data(bureau, TRAIL, { county: DEMO_COUNTY, household: households[0].id })).piiAccesses;
    expect(byHousehold.nodes).toHaveLength(1);
    expect(byHousehold.nodes[0]).toMatchObject({ field: 'phone', reason: '核实联系方式' });
    expect(new Date(byHousehold.nodes[0].accessedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('is the bureau of the county’s and the admins’ only', async () => {
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    const otherBureau = await hub.token({ role: 'bureau', counties: ['532322'] });
    for (const token of [finance, otherBureau]) {
      const result = await hub.query(token, TRAIL, { county: DEMO_COUNTY });
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const admin = await hub.token({ role: 'admin', counties: [] });
    expect((await hub.data(admin, TRAIL, { county: DEMO_COUNTY })).piiAccesses.nodes.length).toBeGreaterThanOrEqual(2);
    const bad = await hub.query(bureau, TRAIL, { county: DEMO_COUNTY, household: 'nope' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows an admin the reads of every county, narrowed by who read, role, field and time; a bureau must name its county', async () => {
    // A second county, and its own bureau reading one of its households.
    const OTHER = '532322';
    const regions = await loadCountyRegions(OTHER);
    const demo = buildDemoCounty(regions, { households: 2, seed: 7 });
    await hub.apps.households.loadDemo({ countyCode: OTHER, regions, assignments: demo.assignments, households: demo.households });
    const otherBureau = await hub.token({ role: 'bureau', counties: [OTHER], subject: 'clerk-wang' });
    const [theirs] = (await hub.data(otherBureau, `{ households(first: 1, filter: { countyCode: "${OTHER}" }) { nodes { id } } }`)).households.nodes;
    const before = new Date();
    await hub.data(otherBureau, `query($id: ID!) { household(id: $id) { headName(reveal: true, reason: "核对户主姓名") } }`, { id: theirs.id });

    const ACROSS = `query($subject: String, $role: String, $field: String, $from: DateTimeISO, $before: DateTimeISO) {
      piiAccesses(subject: $subject, role: $role, field: $field, accessedFrom: $from, accessedBefore: $before, first: 50) {
        nodes { countyCode householdId field subject role }
      }
    }`;
    const admin = await hub.token({ role: 'admin', counties: [] });
    const all = (await hub.data(admin, ACROSS, {})).piiAccesses.nodes as { countyCode: string; subject: string; field: string }[];
    expect(new Set(all.map((n) => n.countyCode))).toEqual(new Set([DEMO_COUNTY, OTHER]));
    expect((await hub.data(admin, ACROSS, { subject: 'clerk-wang' })).piiAccesses.nodes).toEqual([
      { countyCode: OTHER, householdId: theirs.id, field: 'headName', subject: 'clerk-wang', role: 'bureau' },
    ]);
    expect((await hub.data(admin, ACROSS, { field: 'phone' })).piiAccesses.nodes.map((n: { countyCode: string }) => n.countyCode)).toEqual([DEMO_COUNTY]);
    expect((await hub.data(admin, ACROSS, { from: before.toISOString() })).piiAccesses.nodes.map((n: { subject: string }) => n.subject)).toEqual([
      'clerk-wang',
    ]);
    expect((await hub.data(admin, ACROSS, { before: before.toISOString(), role: 'bureau' })).piiAccesses.nodes.length).toBe(all.length - 1);

    // Every county's trail is the admins' only; a wrong filter is named.
    const refused = await hub.query(bureau, ACROSS, {});
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('countyCode');
    const badRole = await hub.query(admin, ACROSS, { role: 'finance' });
    expect(badRole.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
    const badRange = await hub.query(admin, ACROSS, { from: before.toISOString(), before: before.toISOString() });
    expect(badRange.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accessedFrom' });
  });

  it("lists every township's assignments of the county in one query, as townshipAssignments does one by one", async () => {
    const townships: { code: string }[] = (await hub.data(bureau, `{ regions(parentCode: "${DEMO_COUNTY}") { code } }`)).regions;
    expect(townships.length).toBeGreaterThan(1);
    const all = (await hub.data(bureau, `{ countyTownshipAssignments(countyCode: "${DEMO_COUNTY}") { townshipCode effectiveFrom effectiveTo bank { code } } }`))
      .countyTownshipAssignments;
    const oneByOne = [];
    for (const t of townships)
      oneByOne.push(
        ...(await hub.data(bureau, `{ townshipAssignments(townshipCode: "${t.code}") { townshipCode effectiveFrom effectiveTo bank { code } } }`))
          .townshipAssignments,
      );
    expect(all).toEqual(oneByOne);
    expect(all.length).toBe(townships.length);
    const outsider = await hub.token({ role: 'bureau', counties: ['532322'] });
    const refused = await hub.query(outsider, `{ countyTownshipAssignments(countyCode: "${DEMO_COUNTY}") { townshipCode } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
