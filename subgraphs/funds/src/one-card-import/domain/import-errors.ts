/**
 * Row error codes of 一卡通 account imports: stable (clients and reports key on them), each with
 * a message in Chinese for the finance clerk and in English for everyone else.
 */
import { PERSON_ROW_MESSAGES, RowError, rowErrorFactory } from '../../../../../common/tabular/row-error';

export const ONE_CARD_IMPORT_ERRORS = {
  ONE_CARD_MISSING_VALUE: PERSON_ROW_MESSAGES.MISSING_VALUE,
  ONE_CARD_INVALID_NAME: { zh: '姓名不正确', en: 'name is not valid' },
  ONE_CARD_INVALID_ID_FORMAT: PERSON_ROW_MESSAGES.INVALID_ID_FORMAT,
  ONE_CARD_INVALID_BIRTH_DATE: PERSON_ROW_MESSAGES.INVALID_BIRTH_DATE,
  ONE_CARD_INVALID_ID_CHECKSUM: PERSON_ROW_MESSAGES.INVALID_ID_CHECKSUM,
  ONE_CARD_INVALID_ACCOUNT_NUMBER: { zh: '账号应为12-25位数字', en: 'account number must be 12 to 25 digits' },
  ONE_CARD_INVALID_CARD_CHECKSUM: { zh: '卡号校验位错误(Luhn)', en: 'the card number fails its Luhn check digit' },
  ONE_CARD_UNKNOWN_BANK: {
    zh: '开户银行无法识别或未在平台登记(请填写已登记银行的代码或全称)',
    en: 'issuing bank not recognized, or not registered with the hub (give a registered bank’s code or full name)',
  },
  ONE_CARD_BANK_RETIRED: { zh: '开户银行已停用', en: 'the issuing bank is retired from the hub' },
  ONE_CARD_CARD_PREFIX_MISMATCH: {
    zh: '账号开头不是开户银行登记的卡号前缀',
    en: 'the account number does not start with a card prefix its issuing bank registered',
  },
  ONE_CARD_UNKNOWN_STATUS: { zh: '账户状态应为正常、冻结或销户', en: 'account status must be 正常 (active), 冻结 (frozen) or 销户 (closed)' },
  ONE_CARD_WRONG_COUNTY: { zh: '县无法识别为导入的县', en: 'county is not recognisable as the county the file is imported for' },
  ONE_CARD_ROW_OTHER_COUNTY: {
    zh: '该行的县、乡(镇)或村属于其他县',
    en: "the row's county, township or village belongs to another county than the one the file is imported for",
  },
  ONE_CARD_DUPLICATE_ID_IN_FILE: PERSON_ROW_MESSAGES.DUPLICATE_ID_IN_FILE,
  ONE_CARD_DUPLICATE_ACCOUNT_IN_FILE: { zh: '同一账号在文件中出现多次', en: 'the same account number appears more than once in the file' },
  ONE_CARD_NOT_ON_ROSTER: { zh: '该身份证号码不是本县名单内任何一户的户主', en: 'the ID number is not the head of any household on the county roster' },
} as const;

export type OneCardImportErrorCode = keyof typeof ONE_CARD_IMPORT_ERRORS;

export type OneCardRowError = RowError<OneCardImportErrorCode>;

export const oneCardRowError = rowErrorFactory(ONE_CARD_IMPORT_ERRORS);
