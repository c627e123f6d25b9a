/**
 * The 一卡通 account file's pure rules: header mapping, the per-row checks (resident ID, account
 * number and Luhn, bank, status, county), their stable codes and zh/en messages, masking.
 */
import { composeResidentId } from '../../common/domain/resident-id';
import { luhnCheckDigit } from '../../subgraphs/funds/src/domain/luhn';
import { OneCardAccountStatus } from '../../subgraphs/funds/src/one-card-account/account-status';
import { ONE_CARD_IMPORT_ERRORS } from '../../subgraphs/funds/src/one-card-import/domain/import-errors';
import { mapOneCardHeaders, OneCardField } from '../../subgraphs/funds/src/one-card-import/domain/import-fields';
import { issuingBankCode, issuingBankOf, type DirectoryBank } from '../../subgraphs/funds/src/one-card-import/domain/issuing-banks';
import { SUBSIDY_SHEET_MAPPED } from '../support/one-card-files';
import { accountStatusOf, checkAccountNumber, isImportCounty, validateOneCardRow } from '../../subgraphs/funds/src/one-card-import/domain/validate-import-row';

const COUNTY = { code: '532301', name: '楚雄市' };
const ID = composeResidentId('532301', '1975-06-01', 123);
const card = (payload: string) => payload + luhnCheckDigit(payload);
const CARD = card('621779000000001234'); // 19 digits
const HEADERS = ['户主姓名', '身份证号码', '一卡通账号', '开户银行', '账户状态', '县'];
const mapping = mapOneCardHeaders(HEADERS);
/** The funds side's bank directory as the registry fed it (the demo's three banks, one retired bank, one without prefixes). */
const BANKS: DirectoryBank[] = [
  { code: 'ABC', name: '中国农业银行楚雄分行', cardPrefixes: ['622848'], retired: false },
  { code: 'PSBC', name: '中国邮政储蓄银行楚雄市支行', cardPrefixes: ['621799'], retired: false },
  { code: 'YNRCC', name: '楚雄市农村信用合作联社', cardPrefixes: ['621779'], retired: false },
  { code: 'OLDB', name: '旧城信用社', cardPrefixes: ['623001'], retired: true },
  { code: 'CZVB', name: '某某村镇银行', cardPrefixes: [], retired: false },
];

function validate(values: Partial<Record<OneCardField, string>>) {
  return validateOneCardRow(
    7,
    { holderName: '李文华', idNumber: ID, accountNumber: CARD, issuingBank: 'YNRCC', status: '正常', county: '532301', ...values },
    mapping.headerOf,
    COUNTY,
    BANKS,
    new Date('2026-01-01T00:00:00Z'),
  );
}
const codes = (values: Partial<Record<OneCardField, string>>) => validate(values).errors.map((e) => [e.code, e.column]);

describe('一卡通 file headers: every column mapped or reported', () => {
  it('lists each column with its letter, read as a field or ignored, and names what is missing', () => {
    const mapped = mapOneCardHeaders([
      '序号',
      '姓名',
      '公民身份号码',
      '惠民惠农一卡通账号',
      '开户银行名称',
      '县（市、区、旗）',
      '乡（镇、街道）',
      '行政村（社区）',
      '补贴金额',
    ]);
    expect(mapped.missing).toEqual([]);
    expect(mapped.mapped.map((c) => `${c.column}:${c.field}`)).toEqual(SUBSIDY_SHEET_MAPPED);
    expect(mapped.ignored).toEqual([
      { column: 'A', header: '序号' },
      { column: 'I', header: '补贴金额' },
    ]);
    const missing = mapOneCardHeaders(['姓名', '一卡通账号', '开户银行']);
    expect(missing.missing).toEqual(['idNumber']);
    expect(missing.missingLabels).toEqual(['idNumber (身份证号码)']);
  });
});

describe('一卡通 file headers', () => {
  it('maps the finance bureau’s Chinese headers, in any order, ignoring other columns', () => {
    expect(mapping.missing).toEqual([]);
    expect([...mapping.columns.entries()]).toEqual([
      [0, 'holderName'],
      [1, 'idNumber'],
      [2, 'accountNumber'],
      [3, 'issuingBank'],
      [4, 'status'],
      [5, 'county'],
    ]);
    const other = mapOneCardHeaders(['序号', '县代码', '姓名', '证件号码', '社保卡号', '发卡银行', '备注']);
    expect(other.missing).toEqual([]);
    expect(other.headerOf).toEqual({ county: '县代码', holderName: '姓名', idNumber: '证件号码', accountNumber: '社保卡号', issuingBank: '发卡银行' });
    // Full-width brackets and stray spaces, as Excel exports have them.
    expect(mapOneCardHeaders([' 姓名 ', '身份证号码', '银行账号', '开户行', '县（市、区）']).headerOf.county).toBe('县（市、区）');
  });

  it('says which required columns are missing and which are doubled', () => {
    expect(mapOneCardHeaders(['姓名', '身份证号码']).missing).toEqual(['accountNumber', 'issuingBank']);
    expect(mapOneCardHeaders(['姓名', '户主姓名', '身份证号码', '卡号', '银行']).duplicated).toEqual(['holderName']);
  });
});

describe('a 一卡通 row', () => {
  it('is valid with normalized values: lower-case x, spaces in the number, bank name, status', () => {
    const withX = Array.from({ length: 1000 }, (_, n) => composeResidentId('532301', '1980-02-29', n)).find((id) => id.endsWith('X'))!;
    const result = validate({
      idNumber: withX.toLowerCase(),
      accountNumber: `${CARD.slice(0, 6)} ${CARD.slice(6, 12)} ${CARD.slice(12)}`,
      issuingBank: '楚雄市农村信用合作联社',
      status: '',
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toEqual({
      row: 7,
      holderName: '李文华',
      idNumber: withX.toUpperCase(),
      accountNumber: CARD,
      issuingBankCode: 'YNRCC',
      status: OneCardAccountStatus.ACTIVE,
    });
  });

  it.each([
    [{ holderName: '' }, 'ONE_CARD_MISSING_VALUE', '户主姓名'],
    [{ holderName: '李1' }, 'ONE_CARD_INVALID_NAME', '户主姓名'],
    [{ idNumber: '' }, 'ONE_CARD_MISSING_VALUE', '身份证号码'],
    [{ idNumber: '53230119750601' }, 'ONE_CARD_INVALID_ID_FORMAT', '身份证号码'],
    [{ idNumber: '53230119490230123X' }, 'ONE_CARD_INVALID_BIRTH_DATE', '身份证号码'],
    [{ idNumber: ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1') }, 'ONE_CARD_INVALID_ID_CHECKSUM', '身份证号码'],
    [{ accountNumber: '' }, 'ONE_CARD_MISSING_VALUE', '一卡通账号'],
    [{ accountNumber: '6.21779E+18' }, 'ONE_CARD_INVALID_ACCOUNT_NUMBER', '一卡通账号'],
    [{ accountNumber: '12345678901' }, 'ONE_CARD_INVALID_ACCOUNT_NUMBER', '一卡通账号'],
    [{ accountNumber: CARD.slice(0, 18) + ((Number(CARD[18]) + 1) % 10) }, 'ONE_CARD_INVALID_CARD_CHECKSUM', '一卡通账号'],
    [{ issuingBank: '' }, 'ONE_CARD_MISSING_VALUE', '开户银行'],
    [{ issuingBank: '花旗银行' }, 'ONE_CARD_UNKNOWN_BANK', '开户银行'],
    [{ issuingBank: 'XYZ' }, 'ONE_CARD_UNKNOWN_BANK', '开户银行'],
    [{ status: '挂失中' }, 'ONE_CARD_UNKNOWN_STATUS', '账户状态'],
    [{ county: '双柏县' }, 'ONE_CARD_ROW_OTHER_COUNTY', '县'],
    [{ county: '532322' }, 'ONE_CARD_ROW_OTHER_COUNTY', '县'],
    [{ county: '火星县' }, 'ONE_CARD_WRONG_COUNTY', '县'],
    [{ township: '532322101' }, 'ONE_CARD_ROW_OTHER_COUNTY', 'township'], // 双柏县's 妥甸镇 (no such column in HEADERS: named by field)
    [{ township: '妥甸镇' }, 'ONE_CARD_ROW_OTHER_COUNTY', 'township'],
    [{ village: '532322101001' }, 'ONE_CARD_ROW_OTHER_COUNTY', 'village'],
  ])('%j → %s in column %s', (values, code, column) => {
    expect(codes(values)).toEqual([[code, column]]);
    expect(validate(values).valid).toBeUndefined();
  });

  it('reports every problem of a row, each with its Chinese and English message', () => {
    const result = validate({ holderName: '', accountNumber: 'abc', issuingBank: '某某银行', status: '作废' });
    expect(result.errors.map((e) => e.code)).toEqual([
      'ONE_CARD_MISSING_VALUE',
      'ONE_CARD_INVALID_ACCOUNT_NUMBER',
      'ONE_CARD_UNKNOWN_BANK',
      'ONE_CARD_UNKNOWN_STATUS',
    ]);
    for (const error of result.errors) {
      expect(error.row).toBe(7);
      expect(error.messageZh).toBe(ONE_CARD_IMPORT_ERRORS[error.code].zh);
      expect(error.messageEn).toBe(ONE_CARD_IMPORT_ERRORS[error.code].en);
    }
  });

  it('masks personal values in its errors: ID first 3 + last 4, card first 6 + last 4, name surname + *', () => {
    const badId = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    const badCard = CARD.slice(0, 18) + ((Number(CARD[18]) + 1) % 10);
    const result = validate({ idNumber: badId, accountNumber: badCard, holderName: '李文<华>' });
    const shown = Object.fromEntries(result.errors.map((e) => [e.column, e.value]));
    expect(shown).toEqual({
      户主姓名: '李*',
      身份证号码: `532***********${badId.slice(-4)}`,
      一卡通账号: `${badCard.slice(0, 6)}*********${badCard.slice(-4)}`,
    });
    expect(JSON.stringify(result.errors)).not.toContain(badId);
    expect(JSON.stringify(result.errors)).not.toContain(badCard);
  });

  it('every code has a message in both languages', () => {
    for (const [code, messages] of Object.entries(ONE_CARD_IMPORT_ERRORS)) {
      expect(code).toMatch(/^ONE_CARD_[A-Z_]+$/);
      expect(messages.zh.length).toBeGreaterThan(0);
      expect(messages.en.length).toBeGreaterThan(0);
    }
  });
});

describe('account numbers', () => {
  it('takes 12 to 25 digits, checking Luhn only on 16 to 19 digit card numbers', () => {
    expect(checkAccountNumber(CARD)).toEqual({ ok: true, normalized: CARD });
    expect(checkAccountNumber(card('621779000000001'))).toEqual({ ok: true, normalized: card('621779000000001') }); // 16 digits
    expect(checkAccountNumber('123456789012')).toEqual({ ok: true, normalized: '123456789012' }); // a passbook number: no Luhn
    expect(checkAccountNumber('123456789012345')).toMatchObject({ ok: true }); // 15 digits: no Luhn
    expect(checkAccountNumber('53230100000000000012345')).toMatchObject({ ok: true }); // 23 digits: no Luhn
    expect(checkAccountNumber('1234567890123456')).toEqual({ ok: false, problem: 'CHECKSUM' });
    expect(checkAccountNumber('12345678901234567890123456')).toEqual({ ok: false, problem: 'FORMAT' });
    expect(checkAccountNumber('6217-7900-0000-0012')).toEqual({ ok: false, problem: 'FORMAT' });
    // Spaces as Excel shows card numbers (also full-width ones) are dropped before the check.
    expect(checkAccountNumber(` ${CARD.slice(0, 4)} ${CARD.slice(4, 8)}　${CARD.slice(8)} `)).toEqual({ ok: true, normalized: CARD });
  });
});

describe('banks and statuses', () => {
  it('knows the hub’s bank codes and the names files give them', () => {
    expect(issuingBankCode('ABC')).toBe('ABC');
    expect(issuingBankCode('ynrcc')).toBe('YNRCC');
    expect(issuingBankCode('PSBC')).toBe('PSBC');
    expect(issuingBankCode('中国农业银行')).toBe('ABC');
    expect(issuingBankCode('农行')).toBe('ABC');
    expect(issuingBankCode('中国农业银行楚雄分行')).toBe('ABC');
    expect(issuingBankCode('中国邮政储蓄银行楚雄市支行')).toBe('PSBC');
    expect(issuingBankCode('楚雄市农村信用合作联社')).toBe('YNRCC');
    expect(issuingBankCode('农信社')).toBe('YNRCC');
    expect(issuingBankCode('中国银行')).toBe('BOC');
    expect(issuingBankCode('中国工商银行楚雄分行')).toBe('ICBC');
    expect(issuingBankCode('中国建设银行')).toBe('CCB');
  });

  it('takes a code or a name only for a registered bank that is not retired, and checks its card prefixes', () => {
    expect(issuingBankOf('YNRCC', CARD, BANKS)).toEqual({ ok: true, code: 'YNRCC' });
    expect(issuingBankOf('某某村镇银行', CARD, BANKS)).toEqual({ ok: true, code: 'CZVB' }); // its registered name; no prefixes registered: any card
    expect(issuingBankOf('中国工商银行楚雄分行', CARD, BANKS)).toMatchObject({ ok: false, problem: 'UNKNOWN', code: 'ICBC' }); // an alias, but ICBC is not registered
    expect(issuingBankOf('OLDB', card('623001000000001234'), BANKS)).toMatchObject({ ok: false, problem: 'RETIRED' });
    expect(issuingBankOf('农行', CARD, BANKS)).toMatchObject({ ok: false, problem: 'PREFIX', code: 'ABC', prefixes: ['622848'] });
    expect(issuingBankOf('YNRCC', CARD, [])).toMatchObject({ ok: false, problem: 'UNKNOWN' });
    expect(codes({ issuingBank: 'ABC' })).toEqual([['ONE_CARD_CARD_PREFIX_MISMATCH', '一卡通账号']]);
    expect(codes({ issuingBank: 'OLDB' })).toEqual([['ONE_CARD_BANK_RETIRED', '开户银行']]);
    expect(codes({ issuingBank: 'ICBC' })).toEqual([['ONE_CARD_UNKNOWN_BANK', '开户银行']]);
  });

  it('never guesses: unknown or ambiguous names are unknown', () => {
    expect(issuingBankCode('中国人民银行')).toBeNull();
    expect(issuingBankCode('农业银行工商银行')).toBeNull();
    expect(issuingBankCode('XYZ')).toBeNull();
    expect(issuingBankCode('')).toBeNull();
  });

  it('reads 账户状态: 正常 / 冻结 / 销户 and their variants, empty as active', () => {
    expect(accountStatusOf('正常')).toBe(OneCardAccountStatus.ACTIVE);
    expect(accountStatusOf('')).toBe(OneCardAccountStatus.ACTIVE);
    expect(accountStatusOf('冻结')).toBe(OneCardAccountStatus.FROZEN);
    expect(accountStatusOf('销户')).toBe(OneCardAccountStatus.CLOSED);
    expect(accountStatusOf('已注销')).toBe(OneCardAccountStatus.CLOSED);
    expect(accountStatusOf('closed')).toBe(OneCardAccountStatus.CLOSED);
    expect(accountStatusOf('挂失')).toBeNull();
  });

  it('accepts the county by code or by name, with the province and prefecture before it', () => {
    expect(isImportCounty('532301', COUNTY)).toBe(true);
    expect(isImportCounty('楚雄市', COUNTY)).toBe(true);
    expect(isImportCounty('云南省楚雄彝族自治州楚雄市', COUNTY)).toBe(true);
    expect(isImportCounty('双柏县', COUNTY)).toBe(false);
    expect(isImportCounty('楚雄', COUNTY)).toBe(false);
    expect(isImportCounty('楚雄市', { code: '532301', name: null })).toBe(false);
  });
});
