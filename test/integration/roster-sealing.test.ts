/**
 * A roster of county size through the upload endpoint (issue 17): written straight into the
 * entries on worker threads, each row's personal fields one envelope; a file repeating a
 * household or an ID number still reported row by row; and a rotated PII key: households sealed
 * under the retired key still reveal, new ones are sealed under the new key.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_COUNTY } from '../../demo/demo-county';
import { composeResidentId } from '../../common/domain/resident-id';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { loadDemoPlaces } from '../support/demo-places';
import { RosterLine, rosterCsv, rosterLines } from '../support/roster-files';

const PLACES = [
  { township: '鹿城镇', village: '东兴社区居民委员会' },
  { township: '东瓜镇', village: '永安社区居民委员会' },
];
/** Above the size from which an import seals on worker threads (2 MB). */
const HOUSEHOLDS = 24_000;

/** Lines with an ID number of their own each (rosterLines' repeat after 7,200). */
function countyLines(count: number): RosterLine[] {
  return rosterLines(count, PLACES).map((line, i) => {
    const r = Math.floor(i / 1000);
    const birth = `${1962 + (r % 40)}-${String(1 + (Math.floor(r / 40) % 12)).padStart(2, '0')}-${String(1 + (Math.floor(r / 480) % 28)).padStart(2, '0')}`;
    return { ...line, idNumber: composeResidentId(DEMO_COUNTY, birth, i % 1000) };
  });
}

const REVEAL = `query($id: ID!) { household(id: $id) { householdNo headName(reveal: true, reason: "核对 key rotation") idNumber(reveal: true, reason: "核对 key rotation") phone(reveal: true, reason: "核对 key rotation") } }`;

describe('roster sealing at county size', () => {
  let hub: TestHub;
  let bureau: string;
  const lines = countyLines(HOUSEHOLDS);
  const upload = (on: TestHub, token: string, file: string, mode = 'skip_bad_rows') =>
    on.upload('/uploads/rosters', token, file, { county: DEMO_COUNTY, mode, filename: 'roster.csv' });
  const householdId = async (on: TestHub, householdNo: string) =>
    (await on.dataSources.households.query(`SELECT id FROM households.households WHERE household_no = $1`, [householdNo]))[0].id as string;

  beforeAll(async () => {
    hub = await startTestHub();
    await loadDemoPlaces(hub.apps);
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
  });
  afterAll(() => hub?.close());

  it('writes every row once, sealed as one envelope on worker threads', async () => {
    const answer = await upload(hub, bureau, rosterCsv(lines), 'reject_file');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'DRAFT_CREATED', totalRows: HOUSEHOLDS, acceptedRows: HOUSEHOLDS, errorCount: 0 });
    const [stored] = await hub.dataSources.households.query(
      `SELECT count(*)::int AS entries, count(DISTINCT pii_key_id)::int AS keys, min(get_byte(pii_sealed, 0)) AS format, max(row_number) AS last_row
       FROM households.roster_entries WHERE version_id = $1`,
      [answer.body.versionId],
    );
    expect(stored).toEqual({ entries: HOUSEHOLDS, keys: 1, format: 1, last_row: HOUSEHOLDS + 1 });
    expect(hub.logs.some((line) => /roster file read into its entries/.test(line) && /"sealingThreads":[1-9]/.test(line))).toBe(true);

    await hub.data(bureau, `mutation($id: ID!) { publishRosterVersion(id: $id) { status } }`, { id: answer.body.versionId });
    const last = lines[HOUSEHOLDS - 1];
    const revealed = await hub.data(bureau, REVEAL, { id: await householdId(hub, last.householdNo) });
    expect(revealed.household).toEqual({ householdNo: last.householdNo, headName: last.headName, idNumber: last.idNumber, phone: last.phone });
  });

  it('reports a household number or an ID number the file repeats, naming both rows, and drafts the rest', async () => {
    // A small file takes the same path, sealed on the import's own thread (the county-size file above proved the threads).
    const small = countyLines(40);
    const numbers = [...small];
    numbers[30] = { ...numbers[30], householdNo: numbers[3].householdNo };
    const byNumber = await upload(hub, bureau, rosterCsv(numbers));
    expect(byNumber.status).toBe(201);
    expect(byNumber.body).toMatchObject({ status: 'DRAFT_CREATED', acceptedRows: 38, errorCount: 2 });
    const ids = [...small];
    ids[35] = { ...ids[35], idNumber: ids[5].idNumber };
    const byId = await upload(hub, bureau, rosterCsv(ids));
    expect(byId.body).toMatchObject({ status: 'DRAFT_CREATED', acceptedRows: 38, errorCount: 2 });

    const errors = async (importId: string) =>
      (await hub.data(bureau, `query($id: ID!) { rosterImport(id: $id) { errors(first: 10) { nodes { row code message: messageEn } } } }`, { id: importId }))
        .rosterImport.errors.nodes;
    // File rows count the header: line k is row k + 2.
    expect(await errors(byNumber.body.id)).toEqual([
      expect.objectContaining({ row: 5, code: 'ROSTER_DUPLICATE_HOUSEHOLD_IN_FILE', message: expect.stringContaining('32') }),
      expect.objectContaining({ row: 32, code: 'ROSTER_DUPLICATE_HOUSEHOLD_IN_FILE', message: expect.stringContaining('5') }),
    ]);
    expect(await errors(byId.body.id)).toEqual([
      expect.objectContaining({ row: 7, code: 'ROSTER_DUPLICATE_ID_IN_FILE' }),
      expect.objectContaining({ row: 37, code: 'ROSTER_DUPLICATE_ID_IN_FILE' }),
    ]);
    expect(hub.logs.filter((line) => /read again through staging/.test(line))).toHaveLength(2);
    for (const answer of [byNumber, byId])
      await hub.data(bureau, `mutation($id: ID!) { discardRosterVersion(id: $id) { status } }`, { id: answer.body.versionId });
  });

  describe('after the PII key is rotated', () => {
    let rotated: TestHub;

    beforeAll(async () => {
      // The same households database, opened by a hub whose current key is new and whose retired key is the first hub's.
      rotated = await startTestHub(
        {
          PII_KEY_ID: 'k2',
          PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          PII_PREVIOUS_KEYS: `k1:${hub.config.pii.encryptionKey.toString('base64')}`,
        },
        { subgraphDatabaseUrls: { households: hub.subgraphDatabaseUrls.households } },
      );
    });
    afterAll(() => rotated?.close());

    it('reveals households sealed under the retired key, and seals changed ones under the new key', async () => {
      const token = await rotated.token({ role: 'bureau', counties: [DEMO_COUNTY] });
      const first = lines[0];
      const before = await rotated.data(token, REVEAL, { id: await householdId(rotated, first.householdNo) });
      expect(before.household).toEqual({ householdNo: first.householdNo, headName: first.headName, idNumber: first.idNumber, phone: first.phone });

      const changed = [...lines];
      changed[0] = { ...first, phone: '13900000001' };
      const answer = await upload(rotated, token, rosterCsv(changed), 'reject_file');
      expect(answer.body).toMatchObject({ status: 'DRAFT_CREATED', acceptedRows: HOUSEHOLDS });
      const diff = await rotated.data(token, `query($id: ID!) { rosterVersion(id: $id) { diff { summary { changed } } } }`, { id: answer.body.versionId });
      expect(diff.rosterVersion.diff.summary.changed).toBe(1);
      await rotated.data(token, `mutation($id: ID!) { publishRosterVersion(id: $id) { status } }`, { id: answer.body.versionId });

      const keys = await rotated.dataSources.households.query(
        `SELECT pii_key_id AS key, count(*)::int AS households FROM households.households WHERE on_roster GROUP BY 1 ORDER BY 1`,
      );
      // Publishing rewrites only the changed household: the others keep their envelopes sealed under k1.
      expect(keys).toEqual([
        { key: 'k1', households: HOUSEHOLDS - 1 },
        { key: 'k2', households: 1 },
      ]);
      const after = await rotated.data(token, REVEAL, { id: await householdId(rotated, first.householdNo) });
      expect(after.household.phone).toBe('13900000001');
      const other = lines[1];
      expect((await rotated.data(token, REVEAL, { id: await householdId(rotated, other.householdNo) })).household.idNumber).toBe(other.idNumber);
    });
  });
});
