/**
 * Validates one row of a 一卡通 account file (already mapped to canonical fields). Pure: the
 * checks that need the whole file (duplicates) run in SQL on the staged rows, and the match to
 * a household of the roster runs in the worker.
 */
import { residentIdCell } from '../../../../../common/tabular/resident-id-cell';
import { mask } from '../../../../../common/pii/masking';
import { countyOfRegionCode, isOtherCountysTownship, namesCounty, namesSomeCounty } from '../../../../../common/tabular/region-register';
import { checkAccountNumber, isValidHolderName } from '../../domain/account-number';
import { OneCardAccountStatus } from '../../one-card-account/account-status';
import { OneCardImportErrorCode, OneCardRowError, oneCardRowError } from './import-errors';
import type { OneCardField } from './import-fields';
import { issuingBankOf, type DirectoryBank } from './issuing-banks';

export interface ValidOneCardRow {
  row: number;
  holderName: string;
  /** Normalized (upper-case X). */
  idNumber: string;
  /** Digits only. */
  accountNumber: string;
  issuingBankCode: string;
  status: OneCardAccountStatus;
}

/** The county a file is imported for: its code and, when known, its name (楚雄市). */
export interface ImportCounty {
  code: string;
  name: string | null;
}

const STATUS_NAMES: Record<string, OneCardAccountStatus> = {
  正常: OneCardAccountStatus.ACTIVE,
  有效: OneCardAccountStatus.ACTIVE,
  启用: OneCardAccountStatus.ACTIVE,
  在用: OneCardAccountStatus.ACTIVE,
  ACTIVE: OneCardAccountStatus.ACTIVE,
  冻结: OneCardAccountStatus.FROZEN,
  已冻结: OneCardAccountStatus.FROZEN,
  止付: OneCardAccountStatus.FROZEN,
  FROZEN: OneCardAccountStatus.FROZEN,
  销户: OneCardAccountStatus.CLOSED,
  已销户: OneCardAccountStatus.CLOSED,
  注销: OneCardAccountStatus.CLOSED,
  已注销: OneCardAccountStatus.CLOSED,
  CLOSED: OneCardAccountStatus.CLOSED,
};

/** 账户状态 as the file writes it; empty means ACTIVE; null when not a status the hub knows. */
export function accountStatusOf(text: string): OneCardAccountStatus | null {
  const value = text.trim();
  if (value === '') return OneCardAccountStatus.ACTIVE;
  return STATUS_NAMES[value] ?? STATUS_NAMES[value.toUpperCase()] ?? null;
}

/** The county column may give the code or the name, with or without the province and prefecture before it. */
export function isImportCounty(text: string, county: ImportCounty): boolean {
  return namesCounty(text, county.code, county.name);
}

/**
 * True when a township or village value places the row in another county: a statistical code
 * (9 or 12 digits) of another county, or a township name the national register has only
 * elsewhere. The funds subgraph keeps no region table: a name it cannot place is let be (the
 * match against the roster decides the household).
 */
export function isOtherCountysPlace(text: string, level: 'township' | 'village', county: ImportCounty): boolean {
  const value = text.trim();
  const codeCounty = countyOfRegionCode(value);
  if (codeCounty !== null) return codeCounty !== county.code;
  return level === 'township' && isOtherCountysTownship(value, county.code);
}

/** Personal values are masked in reports; everything else is shown as given (trimmed, shortened). */
function shown(field: OneCardField, value: string): string {
  if (value === '') return '';
  if (field === 'idNumber') return mask('residentId', value);
  if (field === 'accountNumber') return mask('cardNumber', value.replace(/[\s\u3000]/g, ''));
  if (field === 'holderName') return mask('name', value);
  return value.length > 50 ? `${value.slice(0, 50)}…` : value;
}

/** What the import calls each way an ID number can be wrong. */
const ID_NUMBER_CODES = { FORMAT: 'ONE_CARD_INVALID_ID_FORMAT', BIRTH_DATE: 'ONE_CARD_INVALID_BIRTH_DATE', CHECKSUM: 'ONE_CARD_INVALID_ID_CHECKSUM' } as const;

export function validateOneCardRow(
  row: number,
  values: Partial<Record<OneCardField, string>>,
  headerOf: Partial<Record<OneCardField, string>>,
  county: ImportCounty,
  banks: readonly DirectoryBank[],
  today = new Date(),
): { valid?: ValidOneCardRow; errors: OneCardRowError[] } {
  const errors: OneCardRowError[] = [];
  const value = (field: OneCardField) => (values[field] ?? '').trim();
  const fail = (field: OneCardField, code: OneCardImportErrorCode) =>
    errors.push(oneCardRowError(row, headerOf[field] ?? field, shown(field, value(field)), code));
  const required = (field: OneCardField): string | undefined => {
    const v = value(field);
    if (v === '') fail(field, 'ONE_CARD_MISSING_VALUE');
    return v === '' ? undefined : v;
  };

  const holderName = required('holderName');
  if (holderName !== undefined && !isValidHolderName(holderName)) fail('holderName', 'ONE_CARD_INVALID_NAME');

  const idNumber = residentIdCell(required('idNumber'), today, ID_NUMBER_CODES, (code) => fail('idNumber', code));

  let accountNumber: string | undefined;
  const rawAccount = required('accountNumber');
  if (rawAccount !== undefined) {
    const check = checkAccountNumber(rawAccount);
    if (check.ok) accountNumber = check.normalized;
    else fail('accountNumber', check.problem === 'FORMAT' ? 'ONE_CARD_INVALID_ACCOUNT_NUMBER' : 'ONE_CARD_INVALID_CARD_CHECKSUM');
  }

  let bankCode: string | null = null;
  const bankText = required('issuingBank');
  if (bankText !== undefined) {
    const verdict = issuingBankOf(bankText, accountNumber, banks);
    if (verdict.ok) bankCode = verdict.code;
    else
      fail(
        verdict.problem === 'PREFIX' ? 'accountNumber' : 'issuingBank',
        verdict.problem === 'UNKNOWN' ? 'ONE_CARD_UNKNOWN_BANK' : verdict.problem === 'RETIRED' ? 'ONE_CARD_BANK_RETIRED' : 'ONE_CARD_CARD_PREFIX_MISMATCH',
      );
  }

  const status = accountStatusOf(value('status'));
  if (!status) fail('status', 'ONE_CARD_UNKNOWN_STATUS');

  const countyText = value('county');
  if (countyText !== '' && !isImportCounty(countyText, county))
    fail('county', namesSomeCounty(countyText) ? 'ONE_CARD_ROW_OTHER_COUNTY' : 'ONE_CARD_WRONG_COUNTY');
  for (const level of ['township', 'village'] as const) {
    const place = value(level);
    if (place !== '' && isOtherCountysPlace(place, level, county)) fail(level, 'ONE_CARD_ROW_OTHER_COUNTY');
  }

  if (errors.length > 0) return { errors };
  return { errors, valid: { row, holderName: holderName!, idNumber: idNumber!, accountNumber: accountNumber!, issuingBankCode: bankCode!, status: status! } };
}

export { checkAccountNumber } from '../../domain/account-number';
