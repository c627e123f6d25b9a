import { composeResidentId } from '../../common/domain/resident-id';
import { detectEncoding, resolveEncoding } from '../../common/tabular/detect-encoding';
import { columnLetter } from '../../common/tabular/headers';
import { rowErrorFactory } from '../../common/tabular/row-error';
import { RegionIndex } from '../../subgraphs/households/src/roster/domain/region-index';
import { mapHeaders } from '../../subgraphs/households/src/roster/domain/roster-fields';
import { validateRosterRow } from '../../subgraphs/households/src/roster/domain/validate-row';

const regions = new RegionIndex('532301', [
  { code: '532301', name: '楚雄市', parentCode: null, level: 'county' },
  { code: '532301101', name: '鹿城镇', parentCode: '532301', level: 'township' },
  { code: '532301102', name: '东瓜镇', parentCode: '532301', level: 'township' },
  { code: '532301101001', name: '西山社区居民委员会', parentCode: '532301101', level: 'village' },
  { code: '532301102201', name: '东瓜村民委员会', parentCode: '532301102', level: 'village' },
]);
const ID = composeResidentId('532301', '1975-06-01', 123);
const HEADERS = [
  '户编号',
  '户主姓名',
  '证件号码',
  '联系电话',
  '县',
  '乡（镇）',
  '行政村',
  '户类型',
  '监测对象类型',
  '风险是否消除',
  '脱贫年度',
  '家庭人口数',
  '数据日期',
];
const mapping = mapHeaders(HEADERS);
const today = new Date('2026-11-22');

function row(overrides: Record<string, string> = {}) {
  const values: Record<string, string> = {
    householdNo: '5323011010010001',
    headName: '李文兴',
    idNumber: ID,
    phone: '13812341234',
    county: '楚雄市',
    township: '鹿城镇',
    village: '西山社区居民委员会',
    category: '脱贫户',
    monitoringType: '',
    riskEliminated: '',
    liftedOutYear: '2019',
    memberCount: '4',
    dataDate: '2026-10-31',
    ...overrides,
  };
  return validateRosterRow(7, values, mapping.headerOf, regions, today);
}

describe('roster headers', () => {
  it('maps the export headers, full-width brackets included', () => {
    expect(mapping.missing).toEqual([]);
    expect(mapping.columns.get(5)).toBe('township');
    expect(mapping.headerOf.township).toBe('乡（镇）');
  });
  it('reports missing required columns and honours a county mapping', () => {
    const mapped = mapHeaders(['户号', '姓名', '身份证号码', '镇', '村', '户类型', '人数']);
    expect(mapped.missing).toEqual(['township']);
    expect(mapHeaders(['户号', '姓名', '身份证号码', '镇', '村', '户类型', '人数'], { headers: { 镇: 'township' }, required: [] }).missing).toEqual([]);
  });
});

describe('roster headers: every column mapped or reported', () => {
  it('lists each column with its letter, read as a field or ignored', () => {
    const mapped = mapHeaders([
      '户编号',
      '户主姓名',
      '证件号码',
      '户联系电话',
      '县(市、区、旗)',
      '乡(镇、街道)',
      '行政村(社区)',
      '户类型',
      '家庭人口数',
      '与户主关系',
      '备注',
    ]);
    expect(mapped.missing).toEqual([]);
    expect(mapped.mapped.map((c) => [c.column, c.field])).toEqual([
      ['A', 'householdNo'],
      ['B', 'headName'],
      ['C', 'idNumber'],
      ['D', 'phone'],
      ['E', 'county'],
      ['F', 'township'],
      ['G', 'village'],
      ['H', 'category'],
      ['I', 'memberCount'],
    ]);
    expect(mapped.ignored).toEqual([
      { column: 'J', header: '与户主关系' },
      { column: 'K', header: '备注' },
    ]);
  });
  it('reads the header variants of the national system and the provinces’ templates', () => {
    const variants: [string, string][] = [
      ['户联系电话', 'phone'],
      ['户主联系电话', 'phone'],
      ['县（市、区、旗）', 'county'],
      ['乡（镇、街道）', 'township'],
      ['行政村（社区）', 'village'],
      ['村（居委会）', 'village'],
      ['公民身份号码', 'idNumber'],
      ['监测对象类别', 'monitoringType'],
      ['风险是否已消除', 'riskEliminated'],
      ['易返贫致贫户（监测对象）类型', 'monitoringType'],
    ];
    for (const [header, field] of variants) expect([header, mapHeaders([header]).mapped[0]?.field]).toEqual([header, field]);
  });
  it('names columns past Z as a spreadsheet does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  it('requires what the county requires, beyond the hub’s columns', () => {
    const headers = ['户编号', '户主姓名', '证件号码', '乡(镇)', '行政村', '户类型', '家庭人口数'];
    expect(mapHeaders(headers).missing).toEqual([]);
    const county = mapHeaders(headers, { headers: { 户电话: 'phone' }, required: ['phone'] });
    expect(county.missing).toEqual(['phone']);
    expect(county.missingLabels).toEqual(['phone (联系电话)']);
    expect(mapHeaders([...headers, '户电话'], { headers: { 户电话: 'phone' }, required: ['phone'] }).missing).toEqual([]);
    expect(mapHeaders(headers.filter((h) => h !== '证件号码')).missing).toEqual(['idNumber']);
  });
});

describe('roster row validation', () => {
  it('accepts a good row and resolves names to codes', () => {
    const { valid, errors } = row();
    expect(errors).toEqual([]);
    expect(valid).toMatchObject({
      townshipCode: '532301101',
      villageCode: '532301101001',
      category: 'LIFTED_OUT',
      memberCount: 4,
      idNumber: ID,
      isMonitored: false,
    });
  });
  it('accepts codes instead of names, a lowercase x, and monitoring types', () => {
    const withX = composeResidentId('532301', '1980-01-01', 2);
    const input = withX.endsWith('X') ? withX.toLowerCase() : withX;
    const { valid } = row({ township: '532301102', village: '东瓜村民委员会', idNumber: input, monitoringType: '边缘易致贫户', riskEliminated: '否' });
    expect(valid).toMatchObject({
      townshipCode: '532301102',
      villageCode: '532301102201',
      isMonitored: true,
      riskEliminated: false,
      idNumber: input.toUpperCase(),
    });
  });
  it.each([
    [{ idNumber: ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1') }, 'ROSTER_INVALID_ID_CHECKSUM', '证件号码'],
    [{ idNumber: '53230119490230123X' }, 'ROSTER_INVALID_BIRTH_DATE', '证件号码'],
    [{ idNumber: '5323011975' }, 'ROSTER_INVALID_ID_FORMAT', '证件号码'],
    [{ township: '不存在镇' }, 'ROSTER_UNKNOWN_TOWNSHIP', '乡（镇）'],
    [{ village: '东瓜村民委员会' }, 'ROSTER_UNKNOWN_VILLAGE', '行政村'], // a village of another township
    [{ county: '双柏县' }, 'ROSTER_ROW_OTHER_COUNTY', '县'], // a county of the register, not this one
    [{ county: '532322' }, 'ROSTER_ROW_OTHER_COUNTY', '县'],
    [{ county: '火星县' }, 'ROSTER_WRONG_COUNTY', '县'], // no county at all
    [{ township: '532322101' }, 'ROSTER_ROW_OTHER_COUNTY', '乡（镇）'], // 双柏县's 妥甸镇, by code
    [{ township: '妥甸镇' }, 'ROSTER_ROW_OTHER_COUNTY', '乡（镇）'], // … and by name
    [{ village: '532322101001' }, 'ROSTER_ROW_OTHER_COUNTY', '行政村'], // a village code of another county
    [{ category: '一般农户' }, 'ROSTER_INVALID_CATEGORY', '户类型'],
    [{ phone: '12345' }, 'ROSTER_INVALID_PHONE', '联系电话'],
    [{ memberCount: '四' }, 'ROSTER_INVALID_NUMBER', '家庭人口数'],
    [{ memberCount: '' }, 'ROSTER_MISSING_VALUE', '家庭人口数'],
    [{ liftedOutYear: '2031' }, 'ROSTER_INVALID_NUMBER', '脱贫年度'],
    [{ monitoringType: '富裕户' }, 'ROSTER_INVALID_MONITORING', '监测对象类型'],
    [{ dataDate: '2026-02-30' }, 'ROSTER_INVALID_DATE', '数据日期'],
    [{ householdNo: '户 1' }, 'ROSTER_INVALID_HOUSEHOLD_NO', '户编号'],
    [{ headName: '' }, 'ROSTER_MISSING_VALUE', '户主姓名'],
  ])('%j → %s in column %s', (overrides, code, column) => {
    const { valid, errors } = row(overrides);
    expect(valid).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 7, column, code });
    expect(errors[0].messageZh.length).toBeGreaterThan(0);
    expect(errors[0].messageEn.length).toBeGreaterThan(0);
  });
  it('masks personal values in the report', () => {
    const bad = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    expect(row({ idNumber: bad }).errors[0].value).toBe(`${bad.slice(0, 3)}***********${bad.slice(-4)}`);
    expect(row({ phone: '1381234' }).errors[0].value).toBe('*******');
  });
  it('reports every problem of a row, not just the first', () => {
    expect(row({ phone: 'x', memberCount: '0', category: '?' }).errors.map((e) => e.code)).toEqual([
      'ROSTER_INVALID_PHONE',
      'ROSTER_INVALID_CATEGORY',
      'ROSTER_INVALID_NUMBER',
    ]);
  });
});

describe('row errors of a value repeated within the file', () => {
  const rowError = rowErrorFactory({ DUP: { zh: '重复', en: 'repeated' } });
  it('name the other rows', () => {
    expect(rowError(3, '证件号码', '', 'DUP', { otherRows: [9] })).toMatchObject({ messageZh: '重复(另见第9行)', messageEn: 'repeated (also row 9)' });
    expect(rowError(3, '证件号码', '', 'DUP', { otherRows: [4, 5, 6, 7, 8, 9] }).messageEn).toBe('repeated (also rows 4, 5, 6, 7, 8 and 1 more)');
    expect(rowError(3, '证件号码', '', 'DUP').messageEn).toBe('repeated');
  });
});

describe('encoding detection', () => {
  const text = '户编号,户主姓名\n5323011010010001,李文兴\n';
  it('detects UTF-8, with and without BOM', () => {
    expect(detectEncoding(Buffer.from(text))).toBe('utf-8');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe('utf-8');
  });
  it('detects GBK bytes as GB18030, and decodes them', () => {
    // "李文兴" in GBK
    const gbk = Buffer.from([0xc0, 0xee, 0xce, 0xc4, 0xd0, 0xcb]);
    expect(detectEncoding(gbk)).toBe('gb18030');
    expect(new TextDecoder('gb18030').decode(gbk)).toBe('李文兴');
  });
  it('tolerates a sample cut inside a UTF-8 character', () => {
    const bytes = Buffer.from(text);
    expect(detectEncoding(bytes.subarray(0, 5))).toBe('utf-8'); // "户" is 3 bytes, cut after 2 of "编"
  });
  it('takes declared encodings and refuses unknown ones', () => {
    expect(resolveEncoding('GBK', Buffer.from(text))).toBe('gb18030');
    expect(() => resolveEncoding('latin1', Buffer.from(text))).toThrow(/unknown encoding/);
  });
});
