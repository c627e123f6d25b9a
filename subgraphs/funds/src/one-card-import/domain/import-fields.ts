/**
 * The columns of the finance bureau's 一卡通 account file and the headers its exports give them
 * (the bank's and the bureau's systems spell them differently).
 */
import { HeaderMapping, mapHeaderRow } from '../../../../../common/tabular/headers';

export const ONE_CARD_FIELDS = ['holderName', 'idNumber', 'accountNumber', 'issuingBank', 'status', 'county'] as const;
export type OneCardField = (typeof ONE_CARD_FIELDS)[number];

export const REQUIRED_ONE_CARD_FIELDS: readonly OneCardField[] = ['holderName', 'idNumber', 'accountNumber', 'issuingBank'];

/** Built-in header aliases (compared after normalizeHeader); the first is what the hub writes. */
export const ONE_CARD_HEADER_ALIASES: Record<OneCardField, readonly string[]> = {
  holderName: ['户主姓名', '姓名', '持卡人姓名', '持卡人', '户名', '账户名称', '开户人姓名'],
  idNumber: ['身份证号码', '证件号码', '身份证号', '公民身份号码', '户主身份证号码', '持卡人身份证号码', '户主证件号码'],
  accountNumber: ['一卡通账号', '社保卡号', '银行账号', '一卡通卡号', '银行卡号', '卡号', '账号', '社会保障卡号'],
  issuingBank: ['开户银行', '发卡银行', '开户行', '银行名称', '银行', '银行代码'],
  status: ['账户状态', '状态', '卡状态'],
  county: ['县', '县代码', '县(市、区)', '县(市区)', '所属县', '县区', '区县代码', '县(区)'],
};

export function mapOneCardHeaders(headers: string[]): HeaderMapping<OneCardField> {
  return mapHeaderRow(headers, ONE_CARD_HEADER_ALIASES, REQUIRED_ONE_CARD_FIELDS);
}

/** The header the hub writes for a field (tests and templates). */
export function oneCardHeader(field: OneCardField): string {
  return ONE_CARD_HEADER_ALIASES[field][0];
}
