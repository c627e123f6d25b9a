/**
 * The 一卡通 account's own rules, the same whether the finance bureau records one account by hand
 * (setOneCardAccount) or imports a file of them.
 */
import { isValidLuhn } from './luhn';

export type AccountNumberProblem = 'FORMAT' | 'CHECKSUM';

/**
 * An account or card number: 12 to 25 digits (spaces as Excel shows them are dropped); a 16 to
 * 19 digit number is a bank card and must pass its Luhn check digit.
 */
export function checkAccountNumber(text: string): { ok: true; normalized: string } | { ok: false; problem: AccountNumberProblem } {
  const normalized = text.replace(/[\s\u3000]/g, '');
  if (!/^\d{12,25}$/.test(normalized)) return { ok: false, problem: 'FORMAT' };
  if (normalized.length >= 16 && normalized.length <= 19 && !isValidLuhn(normalized)) return { ok: false, problem: 'CHECKSUM' };
  return { ok: true, normalized };
}

/** A holder name: 1 to 50 characters (code points), no digits or angle brackets. */
export function isValidHolderName(name: string): boolean {
  const length = Array.from(name).length;
  return length >= 1 && length <= 50 && !/[\d<>]/.test(name);
}
