/**
 * What the hub accepts of a file's columns and places, through the gateway (issue 14): every
 * header of a roster or 一卡通 file is either read as a field or reported as ignored, with its
 * column letter, in the HTTP answer and the GraphQL report; a file lacking a column the county
 * requires is refused with the column named; a row of another county (by its county, township
 * or village, as name or code) is a row error of its own; the two rows of a repeated ID each
 * name the other.
 */

import { DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { composeResidentId } from '../../common/domain/resident-id';
import { oneCard, oneCardCsv, SUBSIDY_SHEET_MAPPED } from '../support/one-card-files';
import { EXPORT_HEADERS, rosterCsv, rosterLines } from '../support/roster-files';
import { loadDemoPlaces } from '../support/demo-places';

const PLACES = [{ township: '鹿城镇', village: '东兴社区居民委员会' }];
const COLUMNS = 'mappedColumns { column header field } ignoredColumns { column header field }';

/** The export's headers as the national system's later exports spell them: 户联系电话 and 县(市、区、旗). */
const NATIONAL_HEADERS = EXPORT_HEADERS.map((h) =>
  h === '联系电话' ? '户联系电话' : h === '县' ? '县(市、区、旗)' : h === '乡(镇)' ? '乡(镇、街道)' : h === '行政村' ? '行政村(社区)' : h,
);

describe('import headers and places', () => {
  let hub: TestHub;
  let bureau: string;
  let finance: string;

  const upload = (path: string, token: string, body: string, query: Record<string, string>) => hub.upload(path, token, body, { county: DEMO_COUNTY, ...query });

  beforeAll(async () => {
    hub = await startTestHub();
    await loadDemoPlaces(hub.apps);
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
  });
  afterAll(() => hub.close());

  describe('rosters', () => {
    it('reads 户联系电话 and 县(市、区、旗), lists the columns it ignores with their letters, and rejects rows of another county', async () => {
      const lines = rosterLines(8, PLACES, 3000);
      lines[1] = { ...lines[1], phone: '12345' }; // row 3: a bad phone, which a dropped phone column would never see
      lines[2] = { ...lines[2], county: '双柏县' }; // row 4: another county, by name
      lines[3] = { ...lines[3], county: '532322' }; // row 5: … by code
      lines[4] = { ...lines[4], township: '妥甸镇', village: '妥甸社区居民委员会' }; // row 6: 双柏县's township, by name
      lines[5] = { ...lines[5], township: '532322101' }; // row 7: … by code
      lines[6] = { ...lines[6], village: '532322101001' }; // row 8: a village of another county, by code
      const csv = rosterCsv(lines, NATIONAL_HEADERS).replace(/\r\n/g, ',备注\r\n'); // a 14th column no alias names

      const { status, body } = await upload('/uploads/rosters', bureau, csv, { mode: 'skip_bad_rows', filename: 'national-export.csv' });
      expect(status).toBe(201);
      expect(body).toMatchObject({ status: 'DRAFT_CREATED', totalRows: 8, acceptedRows: 2, errorCount: 6 });
      expect(body.ignoredColumns).toEqual([{ column: 'N', header: '备注', field: null }]);
      expect(body.mappedColumns).toHaveLength(13);
      expect(body.mappedColumns).toContainEqual({ column: 'D', header: '户联系电话', field: 'phone' });
      expect(body.mappedColumns).toContainEqual({ column: 'E', header: '县(市、区、旗)', field: 'county' });

      const data = await hub.data(
        bureau,
        `query($id: ID!) { rosterImport(id: $id) { ${COLUMNS} errors(first: 20) { nodes { row column code messageEn } } } }`,
        {
          id: body.id,
        },
      );
      expect(data.rosterImport.ignoredColumns).toEqual(body.ignoredColumns);
      expect(data.rosterImport.mappedColumns).toEqual(body.mappedColumns);
      expect(data.rosterImport.errors.nodes.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
        [3, '户联系电话', 'ROSTER_INVALID_PHONE'],
        [4, '县(市、区、旗)', 'ROSTER_ROW_OTHER_COUNTY'],
        [5, '县(市、区、旗)', 'ROSTER_ROW_OTHER_COUNTY'],
        [6, '乡(镇、街道)', 'ROSTER_ROW_OTHER_COUNTY'],
        [7, '乡(镇、街道)', 'ROSTER_ROW_OTHER_COUNTY'],
        [8, '行政村(社区)', 'ROSTER_ROW_OTHER_COUNTY'],
      ]);
      await hub.data(bureau, `mutation($id: ID!) { discardRosterVersion(id: $id) { status } }`, { id: body.versionId });
    });

    it('reports both rows of a repeated ID, each naming the other', async () => {
      const lines = rosterLines(6, PLACES, 3100);
      lines[4] = { ...lines[4], idNumber: lines[1].idNumber }; // rows 3 and 6
      const { body } = await upload('/uploads/rosters', bureau, rosterCsv(lines), { mode: 'reject_file', filename: 'twice.csv' });
      expect(body).toMatchObject({ status: 'REJECTED', errorCount: 2 });
      const data = await hub.data(bureau, `query($id: ID!) { rosterImport(id: $id) { errors(first: 10) { nodes { row code messageZh messageEn } } } }`, {
        id: body.id,
      });
      expect(data.rosterImport.errors.nodes).toEqual([
        { row: 3, code: 'ROSTER_DUPLICATE_ID_IN_FILE', messageZh: expect.stringContaining('另见第6行'), messageEn: expect.stringContaining('(also row 6)') },
        { row: 6, code: 'ROSTER_DUPLICATE_ID_IN_FILE', messageZh: expect.stringContaining('另见第3行'), messageEn: expect.stringContaining('(also row 3)') },
      ]);
    });

    it('refuses a file without a column every roster needs, naming it', async () => {
      const headers = EXPORT_HEADERS.filter((h) => h !== '证件号码');
      const csv = `${headers.join(',')}\r\n${headers.map(() => 'x').join(',')}\r\n`;
      const { status, body } = await upload('/uploads/rosters', bureau, csv, { mode: 'reject_file' });
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'ROSTER_MISSING_COLUMNS', field: 'idNumber' });
      expect(body.error).toContain('idNumber (证件号码)');
    });

    it('refuses a file without a column the county requires in its header mapping', async () => {
      const ok = await hub.data(
        bureau,
        `mutation { setRosterHeaderMapping(countyCode: "${DEMO_COUNTY}", header: "户主手机", field: "phone", required: true) }`,
      );
      expect(ok.setRosterHeaderMapping).toBe(true);
      const lines = rosterLines(2, PLACES, 3200);
      const noPhone = EXPORT_HEADERS.filter((h) => h !== '联系电话');
      const csv =
        `${noPhone.join(',')}\r\n` +
        lines
          .map((l) =>
            [
              l.householdNo,
              l.headName,
              l.idNumber,
              l.county,
              l.township,
              l.village,
              l.category,
              l.monitoringType,
              l.riskEliminated,
              l.liftedOutYear,
              l.memberCount,
              l.dataDate,
            ].join(','),
          )
          .join('\r\n') +
        '\r\n';
      const refused = await upload('/uploads/rosters', bureau, csv, { mode: 'reject_file' });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'ROSTER_MISSING_COLUMNS', field: 'phone' });
      // Under the county's own header the column is read.
      const accepted = await upload(
        '/uploads/rosters',
        bureau,
        rosterCsv(
          lines,
          EXPORT_HEADERS.map((h) => (h === '联系电话' ? '户主手机' : h)),
        ),
        { mode: 'reject_file', filename: 'own-header.csv' },
      );
      expect(accepted.body).toMatchObject({ status: 'DRAFT_CREATED', errorCount: 0 });
      expect(accepted.body.mappedColumns).toContainEqual({ column: 'D', header: '户主手机', field: 'phone' });
      await hub.data(bureau, `mutation($id: ID!) { discardRosterVersion(id: $id) { status } }`, { id: accepted.body.versionId });
      await hub.data(bureau, `mutation { setRosterHeaderMapping(countyCode: "${DEMO_COUNTY}", header: "户主手机", field: "phone", required: false) }`);
    });
  });

  describe('一卡通 account files', () => {
    const head = (n: number) => ({
      name: ['李文华', '王国兴', '张秀英', '杨春'][n % 4],
      idNumber: composeResidentId(DEMO_COUNTY, `197${n}-03-0${1 + n}`, 400 + n),
    });

    it('lists the columns it ignores, and rejects rows of another county by county, township or village', async () => {
      const header = '序号,户主姓名,身份证号码,一卡通账号,开户银行,县(市、区、旗),乡(镇、街道),行政村(社区),补贴金额';
      const rows = [
        [head(0), '楚雄市', '鹿城镇', ''], // row 2: good
        [head(1), '双柏县', '', ''], // row 3: another county by name
        [head(2), '楚雄市', '532322101', ''], // row 4: another county's township by code
        [head(3), '', '妥甸镇', '532322101001'], // row 5: … by name, and its village by code
      ] as const;
      const csv =
        [
          header,
          ...rows.map(([h, county, township, village], i) =>
            [i + 1, h.name, h.idNumber, oneCard(700 + i), 'YNRCC', county, township, village, '100.00'].join(','),
          ),
        ].join('\r\n') + '\r\n';
      const { status, body } = await upload('/uploads/one-card-accounts', finance, csv, { mode: 'reject_file', filename: 'accounts.csv' });
      expect(status).toBe(201);
      expect(body).toMatchObject({ status: 'REJECTED', totalRows: 4, errorCount: 4 });
      expect(body.ignoredColumns).toEqual([
        { column: 'A', header: '序号', field: null },
        { column: 'I', header: '补贴金额', field: null },
      ]);
      expect(body.mappedColumns.map((c: { column: string; field: string }) => `${c.column}:${c.field}`)).toEqual(SUBSIDY_SHEET_MAPPED);

      const data = await hub.data(finance, `query($id: ID!) { oneCardImport(id: $id) { ${COLUMNS} errors(first: 10) { nodes { row column code } } } }`, {
        id: body.id,
      });
      expect(data.oneCardImport.ignoredColumns).toEqual(body.ignoredColumns);
      expect(data.oneCardImport.errors.nodes).toEqual([
        { row: 3, column: '县(市、区、旗)', code: 'ONE_CARD_ROW_OTHER_COUNTY' },
        { row: 4, column: '乡(镇、街道)', code: 'ONE_CARD_ROW_OTHER_COUNTY' },
        { row: 5, column: '乡(镇、街道)', code: 'ONE_CARD_ROW_OTHER_COUNTY' },
        { row: 5, column: '行政村(社区)', code: 'ONE_CARD_ROW_OTHER_COUNTY' },
      ]);
    });

    it('refuses a file without a required column, naming it; the two rows of a repeated ID name each other', async () => {
      const missing = await upload('/uploads/one-card-accounts', finance, `户主姓名,一卡通账号,开户银行\r\n李文华,${oneCard(710)},YNRCC\r\n`, {
        mode: 'reject_file',
      });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ code: 'ONE_CARD_MISSING_COLUMNS', field: 'idNumber' });
      expect(missing.body.error).toContain('idNumber (身份证号码)');

      const twice = oneCardCsv([
        { holderName: head(0).name, idNumber: head(0).idNumber, accountNumber: oneCard(720), issuingBank: 'YNRCC' },
        { holderName: head(1).name, idNumber: head(1).idNumber, accountNumber: oneCard(721), issuingBank: 'YNRCC' },
        { holderName: head(0).name, idNumber: head(0).idNumber, accountNumber: oneCard(722), issuingBank: 'YNRCC' },
      ]);
      const { body } = await upload('/uploads/one-card-accounts', finance, twice, { mode: 'reject_file', filename: 'twice.csv' });
      expect(body).toMatchObject({ status: 'REJECTED', errorCount: 2 });
      const data = await hub.data(finance, `query($id: ID!) { oneCardImport(id: $id) { errors(first: 10) { nodes { row code messageEn } } } }`, {
        id: body.id,
      });
      expect(data.oneCardImport.errors.nodes).toEqual([
        { row: 2, code: 'ONE_CARD_DUPLICATE_ID_IN_FILE', messageEn: expect.stringContaining('(also row 4)') },
        { row: 4, code: 'ONE_CARD_DUPLICATE_ID_IN_FILE', messageEn: expect.stringContaining('(also row 2)') },
      ]);
    });
  });
});
