/**
 * Resident identity numbers (GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence (odd = male), and a check character by ISO 7064 MOD 11-2 ('X' for 10).
 * Pure: no I/O. Shared by roster validation, the loan policy (age rule), the demo and the bank simulator.
 */
import { calendarDate } from './calendar-date';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type ResidentIdProblem = 'FORMAT' | 'BIRTH_DATE' | 'CHECKSUM';

export interface ResidentIdCheck {
  ok: boolean;
  /** Upper-case normalized form (a lowercase x is accepted and normalized). */
  normalized: string;
  problem?: ResidentIdProblem;
  birthDate?: string;
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isRealDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const date = calendarDate(year, Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8)));
  return year >= 1900 && date !== null && date <= today;
}

export function checkResidentId(input: string, today = new Date()): ResidentIdCheck {
  const normalized = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) return { ok: false, normalized, problem: 'FORMAT' };
  const birth = normalized.slice(6, 14);
  if (!isRealDate(birth, today)) return { ok: false, normalized, problem: 'BIRTH_DATE' };
  const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  if (checkCharacter(normalized) !== normalized[17]) return { ok: false, normalized, problem: 'CHECKSUM', birthDate };
  return { ok: true, normalized, birthDate };
}

/** Builds a valid number from its parts (demo and test data). */
export function composeResidentId(regionCode: string, birthDate: string, sequence: number): string {
  const body = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(body)) throw new Error('region code must be 6 digits, birth date YYYY-MM-DD, sequence 0-999');
  return body + checkCharacter(body);
}
