import { HeaderMapping as TabularHeaderMapping, mapHeaderRow, normalizeHeader } from '../../../../../common/tabular/headers';

/**
 * The canonical fields of a roster row and the headers under which bureaus' exports of the
 * national monitoring system carry them. Headers vary by province and by export; a county can
 * register its own mapping on top of these aliases. In the national export's order (EXPORT_COLUMNS
 * is read from it), with isMonitored, which the export lacks, after monitoringType.
 */
export const ROSTER_FIELDS = [
  'householdNo',
  'headName',
  'idNumber',
  'phone',
  'county',
  'township',
  'village',
  'category',
  'monitoringType',
  'isMonitored',
  'riskEliminated',
  'liftedOutYear',
  'memberCount',
  'dataDate',
] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/**
 * The columns every roster must have: who the household is (number, head, ID), where it lives
 * (township and village), and what the program needs to lend (category, members). A county
 * requires more in its header mapping (setRosterHeaderMapping with required: true).
 */
export const REQUIRED_FIELDS: readonly RosterField[] = ['householdNo', 'headName', 'idNumber', 'township', 'village', 'category', 'memberCount'];

/**
 * Built-in header aliases (compared after normalizeHeader: full-width brackets, spaces and
 * asterisks do not matter). docs/roster-headers.md lists where each variant comes from.
 */
export const HEADER_ALIASES: Record<RosterField, string[]> = {
  householdNo: ['户编号', '户号', '家庭编号', '农户编号', '户编码', '户代码'],
  headName: ['户主姓名', '姓名', '户主', '户主名称', '农户姓名'],
  idNumber: ['证件号码', '身份证号码', '身份证号', '户主身份证号', '户主身份证号码', '户主证件号码', '公民身份号码', '身份证件号码', '户主身份证件号码'],
  phone: ['联系电话', '户联系电话', '电话', '手机号码', '联系方式', '手机号', '户主联系电话', '户主电话', '联系电话(手机)'],
  county: ['县', '县(市、区、旗)', '县(市、区)', '县(市区)', '县(市)', '县(区)', '所属县', '县区', '区县', '县名称', '县代码'],
  township: ['乡(镇)', '乡(镇、街道)', '乡镇(街道)', '乡镇', '所属乡镇', '镇(乡)', '乡(镇、街道办)', '乡镇名称'],
  village: ['行政村', '行政村(社区)', '村(社区)', '村(居)', '村(居委会)', '村', '所属村', '村名称'],
  category: ['户类型', '农户类型', '户属性'],
  monitoringType: ['监测对象类型', '监测类型', '监测对象类别', '监测户类型', '易返贫致贫户(监测对象)类型'],
  isMonitored: ['是否监测对象', '是否为监测对象', '是否监测户'],
  riskEliminated: ['风险是否消除', '是否消除风险', '风险是否已消除', '是否风险消除'],
  liftedOutYear: ['脱贫年度', '脱贫年份', '脱贫时间'],
  memberCount: ['家庭人口数', '人数', '家庭人口', '户人口数', '家庭人数', '家庭成员人数', '人口数'],
  dataDate: ['数据日期', '统计日期', '数据截止日期'],
};

/**
 * The columns of the national monitoring system's roster export, in its order: the roster's
 * fields but isMonitored, which the export says through monitoringType (a type names a monitored
 * household). The demo, the tests and the benchmark write their files this way.
 */
export const EXPORT_COLUMNS: readonly Exclude<RosterField, 'isMonitored'>[] = ROSTER_FIELDS.filter(
  (field): field is Exclude<RosterField, 'isMonitored'> => field !== 'isMonitored',
);

/** The header the export gives a field (the first alias). */
export function exportHeader(field: RosterField): string {
  return HEADER_ALIASES[field][0];
}

/** Shared with every file import: full-width brackets and spaces compare as half-width. */
export { normalizeHeader };

export type HeaderMapping = TabularHeaderMapping<RosterField>;

/** What a county has registered on top of the built-in aliases: its own headers and the fields it requires. */
export interface CountyHeaderMapping {
  headers: Record<string, RosterField>;
  required: readonly RosterField[];
}

/**
 * Maps a file's header row to canonical fields. The county's headers (header → field) take
 * precedence over the built-in aliases; the fields it requires join REQUIRED_FIELDS. Columns
 * neither names are not read, and are listed in the mapping's `ignored`.
 */
export function mapHeaders(headers: string[], county: CountyHeaderMapping = { headers: {}, required: [] }): HeaderMapping {
  const required = [...new Set([...REQUIRED_FIELDS, ...county.required])];
  return mapHeaderRow(headers, HEADER_ALIASES, required, county.headers);
}
