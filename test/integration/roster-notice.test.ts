/**
 * What a public notice (公示) of a published roster reads through the gateway: one village's (or
 * one township's) households of a version, heads' names and ID numbers masked as the hub masks
 * them, paged by household number.
 */
import { DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { loadDemoPlaces } from '../support/demo-places';
import { rosterCsv, rosterLines } from '../support/roster-files';

const PLACES = [
  { township: '鹿城镇', village: '东兴社区居民委员会' },
  { township: '鹿城镇', village: '西苑社区居民委员会' },
  { township: '东瓜镇', village: '永安社区居民委员会' },
];

const ENTRIES = `query($id: ID!, $village: String, $township: String, $first: Int, $after: String) {
  rosterVersion(id: $id) {
    entries(villageCode: $village, townshipCode: $township, first: $first, after: $after) {
      nodes { householdNo headName idNumber townshipCode villageCode category isMonitored }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

describe('a public notice of a published roster', () => {
  let hub: TestHub;
  let bureau: string;
  let versionId: string;
  const lines = rosterLines(12, PLACES, 3000);
  const villageCodes = new Map<string, string>();

  beforeAll(async () => {
    hub = await startTestHub();
    const regions = await loadDemoPlaces(hub.apps);
    for (const r of regions) if (r.code.length === 12) villageCodes.set(r.name, r.code);
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const { status, body } = await hub.upload('/uploads/rosters', bureau, rosterCsv(lines), {
      county: DEMO_COUNTY,
      mode: 'reject_file',
      filename: 'notice.csv',
    });
    expect(status).toBe(201);
    versionId = body.versionId;
    await hub.data(bureau, 'mutation($id: ID!) { publishRosterVersion(id: $id) { id } }', { id: versionId });
  });
  afterAll(() => hub.close());

  it("lists one village's households, masked, in pages", async () => {
    const village = villageCodes.get('西苑社区居民委员会')!;
    const expected = lines.filter((l) => l.village === '西苑社区居民委员会');
    const first = await hub.data(bureau, ENTRIES, { id: versionId, village, first: 3 });
    expect(first.rosterVersion.entries.pageInfo.hasNextPage).toBe(true);
    const rest = await hub.data(bureau, ENTRIES, { id: versionId, village, first: 3, after: first.rosterVersion.entries.pageInfo.endCursor });
    expect(rest.rosterVersion.entries.pageInfo.hasNextPage).toBe(false);
    const nodes = [...first.rosterVersion.entries.nodes, ...rest.rosterVersion.entries.nodes];
    expect(nodes.map((n: { householdNo: string }) => n.householdNo)).toEqual(expected.map((l) => l.householdNo));
    for (const [i, node] of nodes.entries()) {
      expect(node.villageCode).toBe(village);
      expect(node.headName).toBe(`${Array.from(expected[i].headName)[0]}*`);
      expect(node.idNumber).not.toBe(expected[i].idNumber);
      expect(node.idNumber).toMatch(/^532\*{11}[\dX]{4}$/);
    }
  });

  it('narrows a township to one of its villages, and refuses a malformed village code', async () => {
    const township = await hub.data(bureau, ENTRIES, { id: versionId, township: villageCodes.get('东兴社区居民委员会')!.slice(0, 9), first: 100 });
    expect(township.rosterVersion.entries.nodes).toHaveLength(8);
    const other = await hub.data(bureau, ENTRIES, { id: versionId, village: villageCodes.get('永安社区居民委员会')!, first: 100 });
    expect(other.rosterVersion.entries.nodes).toHaveLength(4);
    const bad = await hub.query(bureau, ENTRIES, { id: versionId, village: '5323011' });
    expect(bad.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'villageCode' }) })]);
  });
});
