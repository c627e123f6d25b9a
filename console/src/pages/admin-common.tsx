/** What the admin's banks and policy pages share: the hub's counties, today in China, the regions a county's rules come from. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';

const COUNTIES = gql`
  query ConsoleAdminCounties {
    regions {
      code
      name
    }
  }
`;

/** The counties the hub knows (regions without a parent), and a county's name for its code. */
export function useCounties() {
  const { data } = useQuery<{ regions: { code: string; name: string }[] }>(COUNTIES, { fetchPolicy: 'cache-first' });
  const counties = data?.regions ?? [];
  const countyName = (code: string) => counties.find((c) => c.code === code)?.name ?? code;
  return { counties, countyName };
}

/** Today's date in Asia/Shanghai, YYYY-MM-DD (the hub's calendar, whatever the browser's clock zone). */
export const chinaToday = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });

/** The regions whose rules can apply to a county: national (''), its province, prefecture and itself. */
export function regionChain(county: string, withNational: boolean): string[] {
  return [...(withNational ? [''] : []), county.slice(0, 2), county.slice(0, 4), county];
}

export interface Dated {
  regionCode: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
}

/**
 * Of one region's versions, the one in force on `date`: effective from on or before it, not yet
 * ended; of several (an open-ended rule and a later one that supersedes it) the later start wins,
 * as the hub picks (common/domain/regional-rule.ts).
 */
export function inForceOf<T extends Dated>(versions: readonly T[], date: string): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > date || (v.effectiveTo != null && date >= v.effectiveTo)) continue;
    if (best === null || v.effectiveFrom >= best.effectiveFrom) best = v;
  }
  return best;
}

/** "3.45" (percent) → "0.0345" (the fraction the hub takes), digit by digit; anything else is passed on for the hub to judge. */
export function percentToFraction(text: string): string {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return text.trim();
  const digits = match[1] + (match[2] ?? '');
  const places = (match[2] ?? '').length + 2;
  const padded = digits.padStart(places + 1, '0');
  const whole = padded.slice(0, padded.length - places).replace(/^0+(?=\d)/, '');
  return `${whole}.${padded.slice(padded.length - places)}`;
}

/** A fraction as the hub sends it ("0.0345") as a percent ("3.45%"), digit by digit, to at least 2 places. */
export function fractionToPercent(fraction: string): string {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(fraction.trim());
  if (!match) return fraction;
  const decimals = (match[2] ?? '').padEnd(2, '0');
  const whole = (match[1] + decimals.slice(0, 2)).replace(/^0+(?=\d)/, '');
  return `${whole}.${decimals.slice(2).replace(/0+$/, '').padEnd(2, '0')}%`;
}
