/**
 * The one place personal data is masked for display. Rules are data so a deployment can
 * tighten them; the defaults follow SECURITY.md (ID first 3 + last 4, phone 3 + 4,
 * card first 6 + last 4, name surname + *).
 */
export interface MaskRule {
  keepStart: number;
  keepEnd: number;
}

export const DEFAULT_MASK_RULES = {
  residentId: { keepStart: 3, keepEnd: 4 },
  phone: { keepStart: 3, keepEnd: 4 },
  cardNumber: { keepStart: 6, keepEnd: 4 },
  name: { keepStart: 1, keepEnd: 0 },
} satisfies Record<string, MaskRule>;

export type MaskKind = keyof typeof DEFAULT_MASK_RULES;

export function mask(kind: MaskKind, value: string, rules: Record<MaskKind, MaskRule> = DEFAULT_MASK_RULES): string {
  const chars = Array.from(value); // code points: Chinese names are masked per character, not per byte
  const { keepStart, keepEnd } = rules[kind];
  if (kind === 'name') {
    // A name keeps its surname and shows one * whatever its length, so length leaks nothing.
    return chars.length <= keepStart ? '*' : chars.slice(0, keepStart).join('') + '*';
  }
  if (chars.length <= keepStart + keepEnd) return '*'.repeat(chars.length);
  return chars.slice(0, keepStart).join('') + '*'.repeat(chars.length - keepStart - keepEnd) + chars.slice(chars.length - keepEnd).join('');
}
