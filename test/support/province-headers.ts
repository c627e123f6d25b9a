/**
 * The header rows of real provincial forms and national exports (issue 14; sources in
 * docs/roster-headers.md), the labels in the sources' own order: what the roster's and the 一卡通
 * file's header mapping is tested against, in the unit tests and through the gateway.
 */

/** 贵州省贫困户登记表(省统一印制), the household header of the form, in its order. */
export const GUIZHOU = [
  '省(区、市)',
  '市(地、州、盟)',
  '县(市、区、旗)',
  '镇(乡)',
  '行政村',
  '村民小组',
  '户主姓名',
  '联系电话',
  '公民身份号码',
  '开户银行',
  '银行账号',
];

/** 鼎城区农村信用合作联社 农户评级授信信息采集表 (湖南): the household line, and the members' table. */
export const HUNAN_HOUSEHOLD = ['农户姓名', '乡(镇)', '村(居委会)', '组'];
export const HUNAN_MEMBERS = ['关系', '姓名', '性别', '身份证号码', '从事主要职业', '联系电话'];

/** 四川, a township finance office's 耕地地力保护补贴 register (paid by 社保卡): what it records of each household. */
export const SICHUAN = ['户主姓名', '身份证号码', '土地面积', '社保账号'];

/** The national monitoring system's 已脱贫人口名单 export, as public code that reads it spells it. */
export const NATIONAL = [
  '序号',
  '数据日期',
  '县(市、区、旗)',
  '乡(镇)',
  '行政村',
  '自然村',
  '户编号',
  '人编号',
  '姓名',
  '证件号码',
  '人数',
  '与户主关系',
  '民族',
  '文化程度',
  '在校生状况',
  '健康状况',
  '劳动技能',
  '务工时间（月）',
  '是否参加大病保险',
  '致贫原因1',
  '危房户',
  '是否解决安全饮用水',
  '人均纯收入',
  '户联系电话',
  '人联系电话',
  '首次识别时间',
  '人员识别时间',
  '户类型',
  '易返贫致贫户(监测对象)类型',
  '风险是否消除',
  '风险识别时间',
  '风险消除时间',
];
