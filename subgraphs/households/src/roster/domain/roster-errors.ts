/**
 * Row error codes of roster imports: stable (clients and reports key on them), each with a
 * message in Chinese for the bureau clerk and in English for everyone else.
 */
import { PERSON_ROW_MESSAGES, RowError, rowErrorFactory } from '../../../../../common/tabular/row-error';

/** No roster field is anywhere near this long: a longer cell is refused before any other check reads it. */
export const MAX_CELL_CHARS = 1000;

export const ROSTER_ERRORS = {
  ROSTER_MISSING_VALUE: PERSON_ROW_MESSAGES.MISSING_VALUE,
  ROSTER_VALUE_TOO_LONG: { zh: `单元格内容超过${MAX_CELL_CHARS}个字符`, en: `the cell holds more than ${MAX_CELL_CHARS} characters` },
  ROSTER_INVALID_HOUSEHOLD_NO: { zh: '户编号格式不正确(应为1-32位数字或字母)', en: 'household number must be 1-32 letters or digits' },
  ROSTER_INVALID_NAME: { zh: '姓名不正确', en: 'name is not valid' },
  ROSTER_INVALID_ID_FORMAT: PERSON_ROW_MESSAGES.INVALID_ID_FORMAT,
  ROSTER_INVALID_BIRTH_DATE: PERSON_ROW_MESSAGES.INVALID_BIRTH_DATE,
  ROSTER_INVALID_ID_CHECKSUM: PERSON_ROW_MESSAGES.INVALID_ID_CHECKSUM,
  ROSTER_INVALID_PHONE: { zh: '联系电话格式不正确', en: 'phone number is not a valid mobile or landline number' },
  ROSTER_WRONG_COUNTY: { zh: '所属县无法识别为发布名单的县', en: 'county is not recognisable as the county publishing the roster' },
  ROSTER_ROW_OTHER_COUNTY: {
    zh: '该行的县、乡(镇)或村属于其他县,不能列入本县名单',
    en: "the row's county, township or village belongs to another county than the one publishing the roster",
  },
  ROSTER_UNKNOWN_TOWNSHIP: { zh: '乡(镇)不在本县', en: 'township is not in this county' },
  ROSTER_UNKNOWN_VILLAGE: { zh: '行政村不在该乡(镇)', en: 'village is not in this township' },
  ROSTER_INVALID_CATEGORY: { zh: '户类型不是脱贫户、脱贫不稳定户、边缘易致贫户或突发严重困难户', en: 'household type is not one the program lends to' },
  ROSTER_INVALID_MONITORING: { zh: '监测对象信息不正确(应为是/否或监测对象类型)', en: 'monitoring value must be yes/no or a monitoring type' },
  ROSTER_INVALID_NUMBER: { zh: '应为整数且在合理范围内', en: 'must be a whole number in a plausible range' },
  ROSTER_INVALID_DATE: { zh: '日期格式不正确(应为YYYY-MM-DD)', en: 'date must be YYYY-MM-DD' },
  ROSTER_DUPLICATE_ID_IN_FILE: PERSON_ROW_MESSAGES.DUPLICATE_ID_IN_FILE, // each row names the others
  ROSTER_DUPLICATE_HOUSEHOLD_IN_FILE: { zh: '同一户编号在文件中出现多次', en: 'the same household number appears more than once in the file' },
  ROSTER_ID_IN_OTHER_HOUSEHOLD: { zh: '该身份证号码已属于本县另一户', en: 'the ID number already belongs to another household of the county' },
} as const;

export type RosterErrorCode = keyof typeof ROSTER_ERRORS;

export type RosterRowError = RowError<RosterErrorCode>;

export const rowError = rowErrorFactory(ROSTER_ERRORS);
