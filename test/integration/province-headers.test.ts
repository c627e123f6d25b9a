/**
 * A roster file laid out under a province's own labels, through the gateway (issue 14; sources
 * in docs/roster-headers.md). No province's public form found has a whole roster's columns, so the
 * file carries the labels of the 鼎城区 (湖南) credit cooperative's 农户评级授信信息采集表 (its
 * household line, and the ID and phone of its members' table) followed by the three columns a
 * roster needs and the form lacks, as the national export spells them. And 贵州's 登记表 header,
 * alone, is refused for exactly those three.
 */
import { DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { rosterLines } from '../support/roster-files';
import { loadDemoPlaces } from '../support/demo-places';
import { GUIZHOU } from '../support/province-headers';

const PLACES = [{ township: '鹿城镇', village: '东兴社区居民委员会' }];

describe('province headers through the gateway', () => {
  let hub: TestHub;
  let bureau: string;

  const upload = (token: string, body: string, query: Record<string, string>) => hub.upload('/uploads/rosters', token, body, { county: DEMO_COUNTY, ...query });

  beforeAll(async () => {
    hub = await startTestHub();
    await loadDemoPlaces(hub.apps);
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
  });
  afterAll(() => hub.close());

  it('reads 湖南’s 农户姓名, 乡(镇) and 村(居委会), and reports its 组', async () => {
    const header = ['农户姓名', '乡(镇)', '村(居委会)', '组', '身份证号码', '联系电话', '户编号', '户类型', '家庭人口数'];
    const lines = rosterLines(3, PLACES, 4000);
    const csv =
      [header, ...lines.map((l, i) => [l.headName, l.township, l.village, `${i + 1}组`, l.idNumber, l.phone, l.householdNo, l.category, l.memberCount])]
        .map((row) => row.join(','))
        .join('\r\n') + '\r\n';
    const { status, body } = await upload(bureau, csv, { mode: 'reject_file', filename: 'dingcheng.csv' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'DRAFT_CREATED', totalRows: 3, acceptedRows: 3, errorCount: 0 });
    expect(body.mappedColumns.map((c: { column: string; header: string; field: string }) => `${c.column}:${c.header}:${c.field}`)).toEqual([
      'A:农户姓名:headName',
      'B:乡(镇):township',
      'C:村(居委会):village',
      'E:身份证号码:idNumber',
      'F:联系电话:phone',
      'G:户编号:householdNo',
      'H:户类型:category',
      'I:家庭人口数:memberCount',
    ]);
    expect(body.ignoredColumns).toEqual([{ column: 'D', header: '组', field: null }]);
    const discard = await hub.query(bureau, `mutation($id: ID!) { discardRosterVersion(id: $id) { status } }`, { id: body.versionId });
    expect(discard.errors).toBeUndefined();
  });

  it('refuses 贵州’s 登记表 header for the household number, type and size it lacks, and only those', async () => {
    const { status, body } = await upload(bureau, `${GUIZHOU.join(',')}\r\n${GUIZHOU.map(() => 'x').join(',')}\r\n`, { mode: 'reject_file' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'ROSTER_MISSING_COLUMNS', field: 'householdNo' });
    for (const label of ['householdNo (户编号)', 'category (户类型)', 'memberCount (家庭人口数)']) expect(body.error).toContain(label);
    for (const field of ['headName', 'idNumber', 'township', 'village']) expect(body.error).not.toContain(field);
  });
});
