/**
 * Rosters end to end, through the public interfaces: files uploaded to the gateway's HTTP
 * endpoint (UTF-8 and GBK CSV, XLSX), reports, drafts, diffs and publishing through GraphQL,
 * point-in-time membership, reassignment, masking by role and the audit of unmasked reads.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DEMO_COUNTY } from '../../demo/demo-county';
import { composeResidentId } from '../../common/domain/resident-id';
import { ROSTER_ERRORS } from '../../subgraphs/households/src/roster/domain/roster-errors';
import { EXPORT_HEADERS, rosterCsv, RosterLine, rosterLines, rosterXlsx, toGbk, writeTemp } from '../support/roster-files';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { loadDemoPlaces } from '../support/demo-places';

const PLACES = [
  { township: '鹿城镇', village: '东兴社区居民委员会' },
  { township: '鹿城镇', village: '西苑社区居民委员会' },
  { township: '东瓜镇', village: '永安社区居民委员会' },
];

const VERSION_FIELDS = 'id number status householdCount publishedAt supersededAt';

describe('rosters', () => {
  let hub: TestHub;
  let bureau: string;
  const gatewayBase = () => hub.gatewayUrl.replace(/\/graphql$/, '');

  const upload = (token: string | null, body: string | Buffer, query: Record<string, string>) =>
    hub.upload('/uploads/rosters', token, body, { county: DEMO_COUNTY, ...query });

  beforeAll(async () => {
    hub = await startTestHub();
    await loadDemoPlaces(hub.apps);
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
  });
  afterAll(() => hub.close());

  describe('bad rows', () => {
    const lines = rosterLines(20, PLACES, 1000);
    const flip = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const bad: [number, Partial<RosterLine>, string, string][] = [
      [0, { idNumber: flip(lines[0].idNumber) }, 'ROSTER_INVALID_ID_CHECKSUM', '证件号码'],
      [1, { idNumber: '53230119490230123X' }, 'ROSTER_INVALID_BIRTH_DATE', '证件号码'],
      [2, { idNumber: '53230119750601' }, 'ROSTER_INVALID_ID_FORMAT', '证件号码'],
      [3, { township: '火星镇' }, 'ROSTER_UNKNOWN_TOWNSHIP', '乡(镇)'],
      [4, { village: '永安社区居民委员会', township: '鹿城镇' }, 'ROSTER_UNKNOWN_VILLAGE', '行政村'],
      [5, { county: '双柏县' }, 'ROSTER_ROW_OTHER_COUNTY', '县'],
      [6, { category: '一般农户' }, 'ROSTER_INVALID_CATEGORY', '户类型'],
      [7, { monitoringType: '富裕户' }, 'ROSTER_INVALID_MONITORING', '监测对象类型'],
      [8, { phone: '12345' }, 'ROSTER_INVALID_PHONE', '联系电话'],
      [9, { memberCount: '四口' }, 'ROSTER_INVALID_NUMBER', '家庭人口数'],
      [10, { dataDate: '2026-13-01' }, 'ROSTER_INVALID_DATE', '数据日期'],
      [11, { headName: '' }, 'ROSTER_MISSING_VALUE', '户主姓名'],
      [12, { idNumber: lines[13].idNumber }, 'ROSTER_DUPLICATE_ID_IN_FILE', '证件号码'],
      [14, { householdNo: lines[15].householdNo }, 'ROSTER_DUPLICATE_HOUSEHOLD_IN_FILE', '户编号'],
    ];
    const badLines = lines.map((line, i) => ({ ...line, ...(bad.find(([index]) => index === i)?.[1] ?? {}) }));
    const csv = rosterCsv(badLines);
    let rejectedId: string;

    it('rejects the whole file in reject mode, stores the report, and creates no version', async () => {
      const { status, body } = await upload(bureau, csv, { mode: 'reject_file', filename: 'bad.csv' });
      expect(status).toBe(201);
      expect(body).toMatchObject({ status: 'REJECTED', mode: 'REJECT_FILE', versionId: null, totalRows: 20, acceptedRows: 0 });
      rejectedId = body.id;
      const data = await hub.data(
        bureau,
        `query($id: ID!) { rosterImport(id: $id) { status errorCount version { id } errors(first: 100) { nodes { row column value code messageZh messageEn } } } }`,
        { id: rejectedId },
      );
      expect(data.rosterImport.status).toBe('REJECTED');
      expect(data.rosterImport.version).toBeNull();
      const errors = data.rosterImport.errors.nodes;
      for (const [index, , code, column] of bad) {
        expect(errors).toContainEqual(expect.objectContaining({ row: index + 2, code, column }));
      }
      // The duplicates are reported on both rows.
      expect(errors.filter((e: { code: string }) => e.code === 'ROSTER_DUPLICATE_ID_IN_FILE').map((e: { row: number }) => e.row)).toEqual([14, 15]);
      expect(errors.filter((e: { code: string }) => e.code === 'ROSTER_DUPLICATE_HOUSEHOLD_IN_FILE').map((e: { row: number }) => e.row)).toEqual([16, 17]);
      // Personal values are masked in the report.
      expect(JSON.stringify(errors)).not.toContain(lines[13].idNumber);
      expect(errors.every((e: { messageZh: string; messageEn: string }) => e.messageZh && e.messageEn)).toBe(true);
      const versions = await hub.data(bureau, `{ rosterVersions(countyCode: "${DEMO_COUNTY}") { nodes { id } } }`);
      expect(versions.rosterVersions.nodes).toEqual([]);
    });

    it('offers the report as CSV and XLSX downloads', async () => {
      const csvReport = await fetch(`${gatewayBase()}/downloads/roster-imports/${rejectedId}/errors.csv`, { headers: { authorization: `Bearer ${bureau}` } });
      expect(csvReport.status).toBe(200);
      const bytes = Buffer.from(await csvReport.arrayBuffer());
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // BOM, for Excel
      const text = bytes.toString('utf8');
      expect(text.slice(1).startsWith('行号 Row,')).toBe(true);
      expect(text).toContain('ROSTER_INVALID_ID_CHECKSUM');
      const xlsx = await fetch(`${gatewayBase()}/downloads/roster-imports/${rejectedId}/errors.xlsx`, { headers: { authorization: `Bearer ${bureau}` } });
      expect(xlsx.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
      const sheet = workbook.worksheets[0];
      expect(sheet.rowCount).toBe(1 + bad.length + 2); // header, one row per error, duplicates on two rows each
      const other = await hub.token({ role: 'bureau', counties: ['532322'] });
      expect(
        (await fetch(`${gatewayBase()}/downloads/roster-imports/${rejectedId}/errors.csv`, { headers: { authorization: `Bearer ${other}` } })).status,
      ).toBe(403);
    });

    it('leaves the bad rows out in skip mode and drafts the rest', async () => {
      const { body } = await upload(bureau, csv, { mode: 'skip_bad_rows', filename: 'bad.csv' });
      expect(body).toMatchObject({ status: 'DRAFT_CREATED', totalRows: 20, duplicate: false });
      expect(body.acceptedRows).toBe(20 - bad.length - 2);
      const data = await hub.data(bureau, `query($id: ID!) { rosterImport(id: $id) { version { id status householdCount } } }`, { id: body.id });
      expect(data.rosterImport.version).toMatchObject({ status: 'DRAFT', householdCount: body.acceptedRows });
      await hub.data(bureau, `mutation($id: ID!) { discardRosterVersion(id: $id) { status } }`, { id: body.versionId });
    });

    it('reports a formula typed as 户类型 neutralised in the CSV (a leading quote, quoted) and as a plain string in the XLSX', async () => {
      const hostile = `=cmd|' /C calc'!A0`;
      const lines = rosterLines(2, PLACES, 6000);
      lines[1] = { ...lines[1], category: hostile };
      const { body } = await upload(bureau, rosterCsv(lines), { mode: 'reject_file', filename: 'formula.csv' });
      expect(body).toMatchObject({ status: 'REJECTED', errorCount: 1 });
      const download = (ext: string) =>
        fetch(`${gatewayBase()}/downloads/roster-imports/${body.id}/errors.${ext}`, { headers: { authorization: `Bearer ${bureau}` } });

      const csv = (await (await download('csv')).text()).replace(/^\uFEFF/, '');
      const [, reported] = csv.split('\r\n');
      expect(reported).toBe(
        `3,户类型,"'=cmd|' /C calc'!A0",ROSTER_INVALID_CATEGORY,${ROSTER_ERRORS.ROSTER_INVALID_CATEGORY.zh},${ROSTER_ERRORS.ROSTER_INVALID_CATEGORY.en}`,
      );
      expect(csv).not.toContain(`,${hostile}`);

      const xlsx = await download('xlsx');
      expect(xlsx.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
      const row = workbook.worksheets[0].getRow(2);
      const cell = row.getCell(3);
      expect({ type: cell.type, value: cell.value, formula: cell.formula }).toEqual({ type: ExcelJS.ValueType.String, value: hostile, formula: undefined });
      expect(row.getCell(4).value).toBe('ROSTER_INVALID_CATEGORY');
    });

    it('refuses a cell over 1,000 characters as a row error naming its column, whatever the cell holds, and stores nothing', async () => {
      const count = async () =>
        (
          await hub.dataSources.households.query(
            `SELECT (SELECT count(*) FROM households.roster_versions) AS versions, (SELECT count(*) FROM households.roster_entries) AS entries`,
          )
        )[0];
      const before = await count();
      const mb = 1 << 20;
      const lines = rosterLines(4, PLACES, 6100);
      lines[0] = { ...lines[0], category: '脱贫户' + ' '.repeat(mb) }; // a valid value padded: read trimmed, it would pass
      lines[1] = { ...lines[1], village: 'x'.repeat(mb) };
      lines[2] = { ...lines[2], idNumber: '5'.repeat(mb) }; // personal: not shown even cut short
      const { status, body } = await upload(bureau, rosterCsv(lines), { mode: 'reject_file', filename: 'huge-cells.csv' });
      expect(status).toBe(201);
      expect(body).toMatchObject({ status: 'REJECTED', totalRows: 4, acceptedRows: 0, errorCount: 3, versionId: null });
      const data = await hub.data(bureau, `query($id: ID!) { rosterImport(id: $id) { errors { nodes { row column value code messageEn } } } }`, {
        id: body.id,
      });
      const message = ROSTER_ERRORS.ROSTER_VALUE_TOO_LONG.en;
      expect(message).toBe('the cell holds more than 1000 characters');
      expect(data.rosterImport.errors.nodes).toEqual([
        { row: 2, column: '户类型', value: '脱贫户', code: 'ROSTER_VALUE_TOO_LONG', messageEn: message },
        { row: 3, column: '行政村', value: `${'x'.repeat(50)}…`, code: 'ROSTER_VALUE_TOO_LONG', messageEn: message },
        { row: 4, column: '证件号码', value: '', code: 'ROSTER_VALUE_TOO_LONG', messageEn: message },
      ]);
      expect(await count()).toEqual(before);
    });
  });

  describe('versions', () => {
    const base = rosterLines(30, PLACES);
    let v1: string;
    let v2: string;
    let publishedV1At: string;

    it('imports a GBK CSV with export headers into a draft, and recognizes the same file again', async () => {
      const gbk = toGbk(rosterCsv(base));
      expect(gbk.includes(Buffer.from('户编号'))).toBe(false); // really not UTF-8
      const first = await upload(bureau, gbk, { mode: 'reject_file', filename: '名单.csv' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'DRAFT_CREATED', encoding: 'gb18030', totalRows: 30, acceptedRows: 30, errorCount: 0 });
      v1 = first.body.versionId;
      const again = await upload(bureau, gbk, { mode: 'reject_file', filename: '名单-copy.csv' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, duplicate: true, versionId: v1 });
      const versions = await hub.data(bureau, `{ rosterVersions(countyCode: "${DEMO_COUNTY}") { nodes { id status } } }`);
      expect(versions.rosterVersions.nodes.filter((v: { status: string }) => v.status === 'DRAFT')).toEqual([{ id: v1, status: 'DRAFT' }]);
    });

    it('creates one version when the same file is uploaded twice at once', async () => {
      const file = rosterCsv(rosterLines(40, PLACES, 5000));
      const [a, b] = await Promise.all([
        upload(bureau, file, { mode: 'reject_file', filename: 'x.csv' }),
        upload(bureau, file, { mode: 'reject_file', filename: 'x.csv' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect(a.body.versionId).toBe(b.body.versionId);
      expect([a.body.duplicate, b.body.duplicate].sort()).toEqual([false, true]);
      await hub.data(bureau, `mutation($id: ID!) { discardRosterVersion(id: $id) { status } }`, { id: a.body.versionId });
    });

    it('diffs the first draft against nothing, publishes it, and lists its households', async () => {
      const diff = await hub.data(bureau, `query($id: ID!) { rosterVersion(id: $id) { diff { fromVersionId summary { added removed changed } } } }`, {
        id: v1,
      });
      expect(diff.rosterVersion.diff).toEqual({ fromVersionId: null, summary: { added: 30, removed: 0, changed: 0 } });
      const published = await hub.data(bureau, `mutation($id: ID!) { publishRosterVersion(id: $id) { ${VERSION_FIELDS} } }`, { id: v1 });
      expect(published.publishRosterVersion.status).toBe('PUBLISHED');
      publishedV1At = published.publishRosterVersion.publishedAt;
      const households = await hub.data(bureau, `{ households(first: 100) { nodes { householdNo category } } }`);
      expect(households.households.nodes.map((h: { householdNo: string }) => h.householdNo).sort()).toEqual(base.map((l) => l.householdNo).sort());
    });

    it('imports an XLSX file, diffs it field by field in SQL, and publishes it atomically', async () => {
      const next = base.slice(1).map((line) => ({ ...line })); // household 0 removed
      next[0] = { ...next[0], category: '边缘易致贫户', monitoringType: '边缘易致贫户' }; // household 1: type and monitoring change
      next[1] = { ...next[1], headName: '赵新' }; // household 2: new head name
      next.push(...rosterLines(1, PLACES, 500)); // one added
      const path = writeTemp('名单.xlsx', '');
      await rosterXlsx(next, path);
      const { body } = await upload(bureau, readFileSync(path), { mode: 'reject_file', filename: '名单.xlsx' });
      expect(body).toMatchObject({ format: 'xlsx', status: 'DRAFT_CREATED', acceptedRows: 30 });
      v2 = body.versionId;
      const data = await hub.data(
        bureau,
        `query($id: ID!) { rosterVersion(id: $id) { diff { fromVersionId summary { added removed changed categoryChanged monitoringChanged unchanged }
           lines(first: 10) { nodes { householdNo kind changedFields changes { field from to } fromCategory toCategory fromMonitored toMonitored } } } } }`,
        { id: v2 },
      );
      expect(data.rosterVersion.diff.fromVersionId).toBe(v1);
      expect(data.rosterVersion.diff.summary).toEqual({ added: 1, removed: 1, changed: 2, categoryChanged: 1, monitoringChanged: 1, unchanged: 27 });
      const lines = data.rosterVersion.diff.lines.nodes;
      expect(lines).toContainEqual(expect.objectContaining({ householdNo: base[0].householdNo, kind: 'REMOVED' }));
      expect(lines).toContainEqual(
        expect.objectContaining({
          householdNo: base[1].householdNo,
          kind: 'CHANGED',
          changedFields: ['category', 'isMonitored'],
          changes: [
            { field: 'category', from: 'LIFTED_OUT', to: 'EDGE_AT_RISK' },
            { field: 'isMonitored', from: 'false', to: 'true' },
          ],
          fromCategory: 'LIFTED_OUT',
          toCategory: 'EDGE_AT_RISK',
          toMonitored: true,
        }),
      );
      // Old and new values, personal ones masked as everywhere else (surname and one *).
      expect(lines).toContainEqual(
        expect.objectContaining({
          householdNo: base[2].householdNo,
          kind: 'CHANGED',
          changedFields: ['headName'],
          changes: [{ field: 'headName', from: `${Array.from(base[2].headName)[0]}*`, to: '赵*' }],
        }),
      );
      expect(lines.filter((l: { kind: string }) => l.kind === 'ADDED')).toHaveLength(1);
      expect(lines.filter((l: { kind: string }) => l.kind !== 'CHANGED').every((l: { changes: unknown[] }) => l.changes.length === 0)).toBe(true);

      const published = await hub.data(bureau, `mutation($id: ID!) { publishRosterVersion(id: $id) { ${VERSION_FIELDS} } }`, { id: v2 });
      expect(published.publishRosterVersion.status).toBe('PUBLISHED');
      const old = await hub.data(bureau, `query($id: ID!) { rosterVersion(id: $id) { ${VERSION_FIELDS} } }`, { id: v1 });
      expect(old.rosterVersion.status).toBe('SUPERSEDED');
      expect(old.rosterVersion.supersededAt).toBe(published.publishRosterVersion.publishedAt);

      const current = await hub.data(bureau, `{ households(first: 100) { nodes { householdNo headName category isMonitored onRoster } } }`);
      expect(current.households.nodes).toHaveLength(30);
      expect(current.households.nodes.find((h: { householdNo: string }) => h.householdNo === base[1].householdNo)).toMatchObject({
        category: 'EDGE_AT_RISK',
        isMonitored: true,
      });
      expect(current.households.nodes.find((h: { householdNo: string }) => h.householdNo === base[2].householdNo).headName).toBe('赵*');
      const all = await hub.data(bureau, `{ households(first: 100, filter: { includeOffRoster: true }) { nodes { householdNo onRoster } } }`);
      expect(all.households.nodes.find((h: { householdNo: string }) => h.householdNo === base[0].householdNo)).toEqual({
        householdNo: base[0].householdNo,
        onRoster: false,
      });
    });

    it('answers who was on the list at a given time in one query', async () => {
      const query = `query($at: DateTimeISO!) { rosterAt(countyCode: "${DEMO_COUNTY}", at: $at) { id entries(first: 100) { nodes { householdNo idNumber } } } }`;
      const before = await hub.data(bureau, query, { at: new Date(Date.parse(publishedV1At) - 60_000).toISOString() });
      expect(before.rosterAt).toBeNull();
      const during = await hub.data(bureau, query, { at: new Date(Date.parse(publishedV1At) + 1).toISOString() });
      expect(during.rosterAt.id).toBe(v1);
      expect(during.rosterAt.entries.nodes.map((e: { householdNo: string }) => e.householdNo)).toContain(base[0].householdNo);
      expect(during.rosterAt.entries.nodes[0].idNumber).toMatch(/^532\*{11}[\dX]{4}$/);
      const now = await hub.data(bureau, query, { at: new Date().toISOString() });
      expect(now.rosterAt.id).toBe(v2);
      expect(now.rosterAt.entries.nodes.map((e: { householdNo: string }) => e.householdNo)).not.toContain(base[0].householdNo);
    });

    it('answers a malformed DateTimeISO, as a literal or a variable, BAD_USER_INPUT naming the argument', async () => {
      const literal = await hub.query(bureau, `{ rosterAt(countyCode: "${DEMO_COUNTY}", at: "2025-13-45T99:00:00Z") { id } }`);
      const query = `query($at: DateTimeISO!) { rosterAt(countyCode: "${DEMO_COUNTY}", at: $at) { id } }`;
      const variable = await hub.query(bureau, query, { at: 'yesterday' });
      const number = await hub.query(bureau, query, { at: 1735689600 });
      for (const result of [literal, variable, number]) {
        expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'at' }) })]);
        expect(result.errors![0].message).toMatch(/^at is not a valid DateTimeISO: /);
        expect(result.data?.rosterAt ?? null).toBeNull();
      }
      expect(variable.errors![0].message).toContain('yesterday');
    });

    it('lets concurrent publishes of one draft succeed once, and serializes concurrent publishes of two drafts', async () => {
      const a = await upload(bureau, rosterCsv(rosterLines(30, PLACES, 2000)), { mode: 'reject_file', filename: 'a.csv' });
      // b and c list the same 31 households (c in reverse order, so it is another file): whichever
      // is published last, the roster the later tests see is the same.
      const b = await upload(bureau, rosterCsv(rosterLines(31, PLACES, 2000)), { mode: 'reject_file', filename: 'b.csv' });
      const c = await upload(bureau, rosterCsv(rosterLines(31, PLACES, 2000).reverse()), { mode: 'reject_file', filename: 'c.csv' });
      expect(new Set([a.body.versionId, b.body.versionId, c.body.versionId]).size).toBe(3);
      const mutation = `mutation($id: ID!) { publishRosterVersion(id: $id) { id status } }`;
      const same = await Promise.all([hub.query(bureau, mutation, { id: a.body.versionId }), hub.query(bureau, mutation, { id: a.body.versionId })]);
      expect(same.filter((r) => !r.errors)).toHaveLength(1);
      expect(same.find((r) => r.errors)!.errors![0].extensions?.code).toBe('ROSTER_NOT_A_DRAFT');
      const two = await Promise.all([hub.query(bureau, mutation, { id: b.body.versionId }), hub.query(bureau, mutation, { id: c.body.versionId })]);
      expect(two.map((r) => r.errors)).toEqual([undefined, undefined]);

      const versions = await hub.data(bureau, `{ rosterVersions(countyCode: "${DEMO_COUNTY}", first: 20) { nodes { id status publishedAt supersededAt } } }`);
      const events = await hub.dataSources.households.query(`SELECT payload FROM households.outbox_events WHERE event_type = 'roster.published' ORDER BY id`);
      const order = events.map((e: { payload: { versionId: string } }) => e.payload.versionId);
      expect(order.slice(0, 3)).toEqual([v1, v2, a.body.versionId]);
      expect(order.slice(3).sort()).toEqual([b.body.versionId, c.body.versionId].sort());
      // Exactly one is current: the one published last, which superseded the other.
      const published = versions.rosterVersions.nodes.filter((v: { status: string }) => v.status === 'PUBLISHED');
      expect(published.map((v: { id: string }) => v.id)).toEqual([order[4]]);
      // Every superseded version ended exactly when a later one was published: no gaps, no overlaps.
      const publishedTimes = new Set(versions.rosterVersions.nodes.map((v: { publishedAt: string | null }) => v.publishedAt));
      for (const v of versions.rosterVersions.nodes.filter((v: { status: string }) => v.status === 'SUPERSEDED'))
        expect(publishedTimes.has(v.supersededAt)).toBe(true);
    });

    it('flags an ID that the roster gives to another household still listed', async () => {
      const current = rosterLines(31, PLACES, 2000);
      const swapped = current.map((l) => ({ ...l }));
      swapped[5] = { ...swapped[5], idNumber: current[6].idNumber };
      swapped[6] = { ...swapped[6], idNumber: composeResidentId('532301', '1990-01-01', 777) };
      const { body } = await upload(bureau, rosterCsv(swapped), { mode: 'reject_file', filename: 'swap.csv' });
      expect(body.status).toBe('REJECTED');
      const data = await hub.data(bureau, `query($id: ID!) { rosterImport(id: $id) { errors { nodes { row code } } } }`, { id: body.id });
      expect(data.rosterImport.errors.nodes).toEqual([{ row: 7, code: 'ROSTER_ID_IN_OTHER_HOUSEHOLD' }]);
    });
  });

  describe('access', () => {
    it('refuses uploads without a token, from banks, and for another county', async () => {
      const csv = rosterCsv(rosterLines(2, PLACES, 9000));
      expect((await upload(null, csv, { mode: 'reject_file' })).status).toBe(401);
      expect(hub.logs.some((line) => line.includes('refused token') && line.includes('send a bearer token'))).toBe(true);
      const bank = await hub.token({ role: 'bank', bank: 'ABC' });
      const asBank = await upload(bank, csv, { mode: 'reject_file' });
      expect(asBank.status).toBe(403);
      expect(asBank.body.code).toBe('FORBIDDEN');
      const other = await hub.token({ role: 'bureau', counties: ['532322'] });
      expect((await upload(other, csv, { mode: 'reject_file' })).status).toBe(403);
      const badMode = await upload(bureau, csv, { mode: 'maybe' });
      expect(badMode).toMatchObject({ status: 400, body: { code: 'ROSTER_BAD_REQUEST' } });
      // A county whose regions the hub has not loaded cannot check a row's township: refused, saying how to load them.
      const unloaded = await hub.token({ role: 'bureau', counties: ['530102'] });
      const response = await fetch(`${gatewayBase()}/uploads/rosters?${new URLSearchParams({ county: '530102', mode: 'reject_file' })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${unloaded}` },
        body: csv,
      });
      expect({ status: response.status, body: await response.json() }).toMatchObject({
        status: 409,
        body: { code: 'ROSTER_NO_REGIONS', kind: 'CONFLICT', error: expect.stringContaining('npm run roster -- regions --county 530102') },
      });
    });

    it('leaves nothing behind when a file breaks off half-way', async () => {
      const count = async () =>
        (
          await hub.dataSources.households.query(
            `SELECT (SELECT count(*) FROM households.roster_imports) AS imports, (SELECT count(*) FROM households.roster_entries) AS entries`,
          )
        )[0];
      const before = await count();
      // 500 good rows already COPYed into staging, then the file ends inside a quoted field.
      const broken = rosterCsv(rosterLines(500, PLACES, 7000)) + '5323011099999999,"李文';
      const { status, body } = await upload(bureau, broken, { mode: 'skip_bad_rows', filename: 'broken.csv' });
      expect(status).toBe(400);
      expect(body.code).toBe('ROSTER_BAD_FILE');
      expect(body.error).toMatch(/ends inside a quoted field \(record 502\)/);
      expect(await count()).toEqual(before);
    });

    it('refuses files it cannot read as a roster, saying why', async () => {
      const headerOnly = await upload(bureau, '户编号,户主姓名,证件号码,乡(镇),行政村,户类型,家庭人口数\n', { mode: 'reject_file' });
      expect(headerOnly).toMatchObject({ status: 400, body: { code: 'ROSTER_EMPTY_FILE' } });
      const wrongColumns = await upload(bureau, '姓名,年龄\n李文,40\n', { mode: 'reject_file' });
      expect(wrongColumns.status).toBe(400);
      expect(wrongColumns.body.code).toBe('ROSTER_MISSING_COLUMNS');
      expect(wrongColumns.body.error).toContain('householdNo');
      const doubled = await upload(bureau, '户编号,户主姓名,证件号码,乡(镇),行政村,户类型,家庭人口数,户编号\n', { mode: 'reject_file' });
      expect(doubled).toMatchObject({ status: 400, body: { code: 'ROSTER_DUPLICATE_COLUMNS', kind: 'BAD_INPUT' } });
      expect(doubled.body.error).toContain('householdNo');
      const pdf = await upload(bureau, '%PDF-1.7', { mode: 'reject_file', filename: 'roster.pdf' });
      expect(pdf).toMatchObject({ status: 400, body: { code: 'ROSTER_BAD_FILE' } });
      const notXlsx = await upload(bureau, 'this is not a zip file', { mode: 'reject_file', filename: 'roster.xlsx' });
      expect(notXlsx).toMatchObject({ status: 400, body: { code: 'ROSTER_BAD_FILE' } });
      const empty = await upload(bureau, '', { mode: 'reject_file' });
      expect(empty).toMatchObject({ status: 400, body: { code: 'ROSTER_EMPTY_FILE' } });
    });

    it('reveals full personal data only to allowed roles, with a reason, and audits each read', async () => {
      const list = await hub.data(bureau, `{ households(first: 1, filter: { townshipCode: "532301101" }) { nodes { id householdNo idNumber } } }`);
      const household = list.households.nodes[0];
      const reveal = `query($id: ID!, $reason: String) { household(id: $id) { idNumber(reveal: true, reason: $reason) phone(reveal: true, reason: $reason) } }`;

      const noReason = await hub.query(bureau, reveal, { id: household.id });
      expect(noReason.errors?.[0].extensions?.code).toBe('ROSTER_BAD_REQUEST');

      const full = await hub.data(bureau, reveal, { id: household.id, reason: '核实贷款申请 loan check' });
      expect(full.household.idNumber).toMatch(/^53230119\d{9}[\dX]$/);
      expect(full.household.idNumber.slice(-4)).toBe(household.idNumber.slice(-4));

      const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
      const refused = await hub.query(finance, reveal, { id: household.id, reason: 'curious about it' });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

      // 鹿城镇 (532301101) is assigned to ABC in the demo county.
      const bank = await hub.token({ role: 'bank', bank: 'ABC' });
      const asBank = await hub.data(bank, reveal, { id: household.id, reason: '贷前调查 due diligence' });
      expect(asBank.household.idNumber).toBe(full.household.idNumber);
      const otherBank = await hub.token({ role: 'bank', bank: 'PSBC' });
      expect((await hub.data(otherBank, reveal, { id: household.id, reason: 'not my township' })).household).toBeNull();

      const audit = await hub.dataSources.households.query(
        `SELECT subject, role, field, reason FROM households.pii_access_audit WHERE household_id = $1 ORDER BY id`,
        [household.id],
      );
      expect(audit).toEqual([
        { subject: 'test-bureau', role: 'bureau', field: 'idNumber', reason: '核实贷款申请 loan check' },
        { subject: 'test-bureau', role: 'bureau', field: 'phone', reason: '核实贷款申请 loan check' },
        { subject: 'test-bank', role: 'bank', field: 'idNumber', reason: '贷前调查 due diligence' },
        { subject: 'test-bank', role: 'bank', field: 'phone', reason: '贷前调查 due diligence' },
      ]);
      // The revealed value is not in the logs.
      expect(hub.logs.join('\n')).not.toContain(full.household.idNumber);
    });
  });

  describe('township assignment', () => {
    it('reassigns with an effective date, keeps history, and announces it in the outbox', async () => {
      const township = '532301101';
      const before = await hub.data(bureau, `{ townshipAssignments(townshipCode: "${township}") { bank { code } effectiveFrom effectiveTo } }`);
      expect(before.townshipAssignments).toEqual([{ bank: { code: 'ABC' }, effectiveFrom: '2021-06-01', effectiveTo: null }]);
      const assigned = await hub.data(
        bureau,
        `mutation { assignTownship(townshipCode: "${township}", bankCode: "YNRCC", effectiveFrom: "2027-01-01") { bank { code } effectiveFrom effectiveTo } }`,
      );
      expect(assigned.assignTownship).toEqual({ bank: { code: 'YNRCC' }, effectiveFrom: '2027-01-01', effectiveTo: null });
      const after = await hub.data(bureau, `{ townshipAssignments(townshipCode: "${township}") { bank { code } effectiveFrom effectiveTo } }`);
      expect(after.townshipAssignments).toEqual([
        { bank: { code: 'ABC' }, effectiveFrom: '2021-06-01', effectiveTo: '2027-01-01' },
        { bank: { code: 'YNRCC' }, effectiveFrom: '2027-01-01', effectiveTo: null },
      ]);
      const backdated = await hub.query(
        bureau,
        `mutation { assignTownship(townshipCode: "${township}", bankCode: "PSBC", effectiveFrom: "2026-12-01") { effectiveFrom } }`,
      );
      expect(backdated.errors?.[0].extensions?.code).toBe('ROSTER_ASSIGNMENT_CONFLICT');
      const [event] = await hub.dataSources.households.query(`SELECT payload FROM households.outbox_events WHERE event_type = 'township.reassigned'`);
      expect(event.payload).toMatchObject({
        townshipCode: township,
        bankCode: 'YNRCC',
        previousBankCode: 'ABC',
        effectiveFrom: '2027-01-01',
        fullSnapshot: true,
        // The reassigning request's id (the gateway made one): the worker's planning of the event is logged under it.
        requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      });
      const bank = await hub.token({ role: 'bank', bank: 'ABC' });
      expect(
        (await hub.query(bank, `mutation { assignTownship(townshipCode: "${township}", bankCode: "ABC", effectiveFrom: "2028-01-01") { effectiveFrom } }`))
          .errors?.[0].extensions?.code,
      ).toBe('FORBIDDEN');
    });
  });

  describe('township assignment dates', () => {
    it('refuses a day that does not exist, naming effectiveFrom, and changes nothing', async () => {
      const state = async () => ({
        assignments: await hub.dataSources.households.query(
          `SELECT township_code, bank_code, effective_from::text, effective_to::text FROM households.township_assignments ORDER BY id`,
        ),
        events: (await hub.dataSources.households.query(`SELECT count(*)::int AS n FROM households.outbox_events`))[0].n,
      });
      const before = await state();
      for (const day of ['2025-02-30', '2025-02-29', '0000-01-01', '2031-1-01']) {
        const result = await hub.query(
          bureau,
          `mutation { assignTownship(townshipCode: "532301102", bankCode: "YNRCC", effectiveFrom: "${day}") { effectiveFrom } }`,
        );
        expect(result.errors?.[0]).toMatchObject({
          message: `effectiveFrom "${day}" is not a day that exists, as YYYY-MM-DD (years 1000-9999)`,
          extensions: { code: 'ROSTER_BAD_REQUEST', field: 'effectiveFrom' },
        });
      }
      expect(await state()).toEqual(before);
    });
  });

  describe('county header mappings', () => {
    it("reads a county's own header after it registers it", async () => {
      const headers = EXPORT_HEADERS.map((h) => (h === '乡(镇)' ? '所在镇' : h));
      const csv = rosterCsv(rosterLines(3, PLACES, 8000), headers);
      const before = await upload(bureau, csv, { mode: 'reject_file', filename: 'own-headers.csv' });
      expect(before).toMatchObject({ status: 400, body: { code: 'ROSTER_MISSING_COLUMNS' } });
      const bad = await hub.query(bureau, `mutation { setRosterHeaderMapping(countyCode: "${DEMO_COUNTY}", header: "所在镇", field: "town") }`);
      expect(bad.errors?.[0].extensions?.code).toBe('ROSTER_BAD_REQUEST');
      await hub.data(bureau, `mutation { setRosterHeaderMapping(countyCode: "${DEMO_COUNTY}", header: "所在镇", field: "township") }`);
      const after = await upload(bureau, csv, { mode: 'reject_file', filename: 'own-headers.csv' });
      expect(after.body).toMatchObject({ status: 'DRAFT_CREATED', acceptedRows: 3 });
      await hub.data(bureau, `mutation($id: ID!) { discardRosterVersion(id: $id) { status } }`, { id: after.body.versionId });
      const other = await hub.token({ role: 'bureau', counties: ['532322'] });
      expect(
        (await hub.query(other, `mutation { setRosterHeaderMapping(countyCode: "${DEMO_COUNTY}", header: "镇", field: "township") }`)).errors?.[0].extensions
          ?.code,
      ).toBe('FORBIDDEN');
    });

    it('refuses a mapping for a county the region directory does not have, naming countyCode, and stores nothing', async () => {
      const admin = await hub.token({ role: 'admin' });
      const result = await hub.query(admin, `mutation { setRosterHeaderMapping(countyCode: "999999", header: "所在镇", field: "township") }`);
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'ROSTER_BAD_REQUEST', field: 'countyCode' } });
      expect(result.errors?.[0].message).toMatch(/^county 999999 is not in the region directory/);
      expect(await hub.dataSources.households.query(`SELECT * FROM households.roster_header_mappings WHERE county_code = '999999'`)).toEqual([]);
    });
  });

  describe('stale drafts', () => {
    it('publishes a draft made before another publish, even when two households end up exchanging an ID number', async () => {
      const current = rosterLines(31, PLACES, 2000); // the published roster (from the versions tests)
      const fresh = composeResidentId('532301', '1991-03-03', 333);
      const a = current.map((l) => ({ ...l }));
      a[5] = { ...a[5], idNumber: fresh }; // A: household 5 takes a new ID
      const b = current.map((l) => ({ ...l }));
      b[3] = { ...b[3], idNumber: fresh }; // B (made from the same base): household 3 takes it instead
      const draftA = await upload(bureau, rosterCsv(a), { mode: 'reject_file', filename: 'a.csv' });
      const draftB = await upload(bureau, rosterCsv(b), { mode: 'reject_file', filename: 'b.csv' });
      expect([draftA.body.status, draftB.body.status]).toEqual(['DRAFT_CREATED', 'DRAFT_CREATED']);
      const publish = `mutation($id: ID!) { publishRosterVersion(id: $id) { status } }`;
      await hub.data(bureau, publish, { id: draftA.body.versionId });
      // Publishing B moves the ID from household 5 to household 3 within one statement.
      await hub.data(bureau, publish, { id: draftB.body.versionId });
      const households = await hub.data(bureau, `{ households(first: 100) { nodes { householdNo idNumber } } }`);
      const byNo = new Map(households.households.nodes.map((h: { householdNo: string; idNumber: string }) => [h.householdNo, h.idNumber]));
      expect(byNo.get(current[3].householdNo)).toBe(`532***********${fresh.slice(-4)}`);
      expect(byNo.get(current[5].householdNo)).toBe(`532***********${current[5].idNumber.slice(-4)}`);
    });
  });
});
