/**
 * The banks that issue 一卡通 accounts, by the hub's bank codes (the codes of tokens, the bank
 * connector and payout batches), with the names finance bureaus' files give them. The funds
 * subgraph does not read the loans subgraph's bank table: this list is its own, and a file naming
 * a bank it does not know is a row error, never a guess.
 */
import { normalizeHeader } from '../../../../../common/tabular/headers';

export interface IssuingBank {
  code: string;
  /** Names as written in files: exact names first, then fragments a branch name contains. */
  names: readonly string[];
  fragments: readonly string[];
}

export const ISSUING_BANKS: readonly IssuingBank[] = [
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

const BY_CODE = new Map(ISSUING_BANKS.map((bank) => [bank.code, bank.code]));
const BY_NAME = new Map(ISSUING_BANKS.flatMap((bank) => bank.names.map((name) => [normalizeHeader(name), bank.code] as const)));

/**
 * The hub's code of the bank a file names: a known code (any case), an exact name, or a branch
 * name containing exactly one bank's fragment (中国农业银行楚雄分行 → ABC). Null when unknown or ambiguous.
 */
export function issuingBankCode(text: string): string | null {
  const value = normalizeHeader(text);
  if (value === '') return null;
  const code = BY_CODE.get(value.toUpperCase());
  if (code) return code;
  const named = BY_NAME.get(value);
  if (named) return named;
  const candidates = new Set(ISSUING_BANKS.filter((bank) => bank.fragments.some((fragment) => value.includes(fragment))).map((bank) => bank.code));
  return candidates.size === 1 ? [...candidates][0] : null;
}
