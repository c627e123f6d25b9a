/**
 * The columns of the finance bureau's 一卡通 account file and the headers its exports give them
 * (the bank's and the bureau's systems spell them differently).
 */
import { HeaderMapping, mapHeaderRow } from '../../../../../common/tabular/headers';

export const ONE_CARD_FIELDS = ['holderName', 'idNumber', 'accountNumber', 'issuingBank', 'status', 'county', 'township', 'village'] as const;
export type OneCardField = (typeof ONE_CARD_FIELDS)[number];

export const REQUIRED_ONE_CARD_FIELDS: readonly OneCardField[] = ['holderName', 'idNumber', 'accountNumber', 'issuingBank'];

/**
 * Built-in header aliases (compared after normalizeHeader); the first is what the hub writes.
 * docs/roster-headers.md lists them with the roster's. The township and village columns are read
 * only to check that the row is of the county the file is imported for.
 */
export const ONE_CARD_HEADER_ALIASES: Record<OneCardField, readonly string[]> = {
  holderName: ['户主姓名', '姓名', '持卡人姓名', '持卡人', '户名', '账户名称', '开户人姓名', '账户姓名', '收款人姓名'],
  idNumber: ['身份证号码', '证件号码', '身份证号', '公民身份号码', '户主身份证号码', '持卡人身份证号码', '户主证件号码', '身份证件号码'],
  accountNumber: [
    '一卡通账号',
    '社保卡号',
    '银行账号',
    '一卡通卡号',
    '银行卡号',
    '卡号',
    '账号',
    '社会保障卡号',
    '惠民惠农一卡通账号',
    '收款账号',
    '银行卡(折)号',
    '社保账号',
  ],
  issuingBank: ['开户银行', '发卡银行', '开户行', '银行名称', '银行', '银行代码', '开户银行名称', '开户行名称'],
  status: ['账户状态', '状态', '卡状态'],
  county: ['县', '县代码', '县(市、区、旗)', '县(市、区)', '县(市区)', '县(市)', '县(区)', '所属县', '县区', '区县', '区县代码'],
  township: ['乡(镇)', '乡(镇、街道)', '乡镇(街道)', '乡镇', '所属乡镇', '镇(乡)'],
  village: ['行政村', '行政村(社区)', '村(社区)', '村(居)', '村(居委会)', '村', '所属村'],
};

export function mapOneCardHeaders(headers: string[]): HeaderMapping<OneCardField> {
  return mapHeaderRow(headers, ONE_CARD_HEADER_ALIASES, REQUIRED_ONE_CARD_FIELDS);
}

/** The header the hub writes for a field (tests and templates). */
export function oneCardHeader(field: OneCardField): string {
  return ONE_CARD_HEADER_ALIASES[field][0];
}
