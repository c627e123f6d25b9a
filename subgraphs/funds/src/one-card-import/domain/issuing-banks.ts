/**
 * The bank that issued a 一卡通 account, as a finance bureau's file names it. Which banks exist is
 * the bank registry's to say (the loans side owns it; the funds side keeps a copy, its bank
 * directory, passed in here): a code must be a registered bank that is not retired, and an account
 * number must start with one of the card prefixes the bank registered, when it registered any.
 * The names below only help read a file: how finance bureaus write the big banks' names
 * (农行, 邮储银行, 农信社…), mapped to the hub's codes; a name maps to nothing unless that code is registered.
 */
import { normalizeHeader } from '../../../../../common/tabular/headers';

/** A bank of the funds side's directory, as these rules need it. */
export interface DirectoryBank {
  code: string;
  /** The registered Chinese name (中国农业银行楚雄分行): recognised as written too. */
  name: string;
  cardPrefixes: readonly string[];
  retired: boolean;
}

export interface BankNameAliases {
  code: string;
  /** Names as written in files: exact names first, then fragments a branch name contains. */
  names: readonly string[];
  fragments: readonly string[];
}

export const BANK_NAME_ALIASES: readonly BankNameAliases[] = [
  { code: 'ABC', names: ['中国农业银行', '农业银行', '农行'], fragments: ['农业银行'] },
  { code: 'ICBC', names: ['中国工商银行', '工商银行', '工行'], fragments: ['工商银行'] },
  { code: 'CCB', names: ['中国建设银行', '建设银行', '建行'], fragments: ['建设银行'] },
  { code: 'BOC', names: ['中国银行', '中行'], fragments: ['中国银行'] },
  { code: 'BOCOM', names: ['交通银行', '交行'], fragments: ['交通银行'] },
  { code: 'PSBC', names: ['中国邮政储蓄银行', '邮政储蓄银行', '邮储银行', '邮政储蓄', '邮储'], fragments: ['邮政储蓄', '邮储银行'] },
  // Yunnan's rural credit system: the cooperatives (农信社) and the rural commercial banks that replaced them.
  {
    code: 'YNRCC',
    names: ['云南省农村信用社', '云南省农村信用社联合社', '农村信用合作联社', '农村信用社', '农信社', '农村商业银行', '农商银行', '农商行'],
    fragments: ['农村信用', '农信社', '农村商业银行', '农商银行', '农商行'],
  },
];

const BY_NAME = new Map(BANK_NAME_ALIASES.flatMap((bank) => bank.names.map((name) => [normalizeHeader(name), bank.code] as const)));

/**
 * The hub's code a file's bank text stands for: a code (any case), a bank's registered name, an
 * alias, or a branch name containing exactly one bank's fragment (中国农业银行楚雄分行 → ABC). Null
 * when nothing fits or several do. Says nothing yet of whether that bank may issue (issuingBankOf).
 */
export function issuingBankCode(text: string, directory: readonly DirectoryBank[] = []): string | null {
  const value = normalizeHeader(text);
  if (value === '') return null;
  const upper = value.toUpperCase();
  const coded = directory.find((bank) => bank.code === upper) ?? BANK_NAME_ALIASES.find((bank) => bank.code === upper);
  if (coded) return coded.code;
  const registered = directory.find((bank) => normalizeHeader(bank.name) === value);
  if (registered) return registered.code;
  const named = BY_NAME.get(value);
  if (named) return named;
  const candidates = new Set(BANK_NAME_ALIASES.filter((bank) => bank.fragments.some((fragment) => value.includes(fragment))).map((bank) => bank.code));
  return candidates.size === 1 ? [...candidates][0] : null;
}

export type IssuingBankVerdict =
  { ok: true; code: string } | { ok: false; problem: 'UNKNOWN' | 'RETIRED' | 'PREFIX'; code: string | null; prefixes?: readonly string[] };

/**
 * The issuing bank of a row, judged against the directory: UNKNOWN when the text names no bank or
 * a bank the registry does not have, RETIRED when it was retired, PREFIX when the account number
 * (digits, when valid) starts with none of the prefixes the bank registered (a bank that
 * registered none is not checked).
 */
export function issuingBankOf(text: string, accountNumber: string | undefined, directory: readonly DirectoryBank[]): IssuingBankVerdict {
  const code = issuingBankCode(text, directory);
  const bank = code ? directory.find((b) => b.code === code) : undefined;
  if (!bank) return { ok: false, problem: 'UNKNOWN', code };
  if (bank.retired) return { ok: false, problem: 'RETIRED', code };
  if (accountNumber !== undefined && bank.cardPrefixes.length > 0 && !bank.cardPrefixes.some((prefix) => accountNumber.startsWith(prefix)))
    return { ok: false, problem: 'PREFIX', code, prefixes: bank.cardPrefixes };
  return { ok: true, code: bank.code };
}
