import { HeaderMapping as TabularHeaderMapping, mapHeaderRow, normalizeHeader } from '../../../../../common/tabular/headers';

/**
 * The canonical fields of a roster row and the headers under which bureaus' exports of the
 * national monitoring system carry them. Headers vary by province and by export; a county can
 * register its own mapping on top of these aliases.
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

export const REQUIRED_FIELDS: readonly RosterField[] = ['householdNo', 'headName', 'idNumber', 'township', 'village', 'category', 'memberCount'];

/** Built-in header aliases (compared after normalizeHeader). */
export const HEADER_ALIASES: Record<RosterField, string[]> = {
  householdNo: ['户编号', '户号', '家庭编号', '农户编号'],
  headName: ['户主姓名', '姓名', '户主'],
  idNumber: ['证件号码', '身份证号码', '身份证号', '户主身份证号', '户主身份证号码', '户主证件号码'],
  phone: ['联系电话', '电话', '手机号码', '联系方式', '手机号'],
  county: ['县', '县(市、区)', '县(市区)', '所属县', '县区', '县(区)'],
  township: ['乡(镇)', '乡镇', '所属乡镇', '镇(乡)', '乡镇(街道)'],
  village: ['行政村', '村', '所属村', '村(社区)', '行政村(社区)'],
  category: ['户类型', '农户类型', '户属性'],
  monitoringType: ['监测对象类型', '监测类型'],
  isMonitored: ['是否监测对象', '是否为监测对象'],
  riskEliminated: ['风险是否消除', '是否消除风险'],
  liftedOutYear: ['脱贫年度', '脱贫年份', '脱贫时间'],
  memberCount: ['家庭人口数', '人数', '家庭人口', '户人口数', '家庭人数'],
  dataDate: ['数据日期', '统计日期'],
};

/**
 * The columns of the national monitoring system's roster export, in its order. The demo, the
 * tests and the benchmark write their files this way.
 */
export const EXPORT_COLUMNS = [
  'householdNo',
  'headName',
  'idNumber',
  'phone',
  'county',
  'township',
  'village',
  'category',
  'monitoringType',
  'riskEliminated',
  'liftedOutYear',
  'memberCount',
  'dataDate',
] as const satisfies readonly RosterField[];

/** The header the export gives a field (the first alias). */
export function exportHeader(field: RosterField): string {
  return HEADER_ALIASES[field][0];
}

/** Shared with every file import: full-width brackets and spaces compare as half-width. */
export { normalizeHeader };

export type HeaderMapping = TabularHeaderMapping<RosterField>;

/**
 * Maps a file's header row to canonical fields. `custom` (a county's registered mapping,
 * header → field) takes precedence over the built-in aliases. Unknown columns are ignored.
 */
export function mapHeaders(headers: string[], custom: Record<string, RosterField> = {}): HeaderMapping {
  return mapHeaderRow(headers, HEADER_ALIASES, REQUIRED_FIELDS, custom);
}
