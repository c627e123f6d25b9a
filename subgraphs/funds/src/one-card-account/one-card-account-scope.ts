/** Which 一卡通 accounts a caller may see, as a SQL condition on alias `a`. */
import type { Caller } from '../../../../common/auth/caller';

export function oneCardAccountScope(caller: Caller): { sql: string; params: Record<string, unknown> } | null {
  switch (caller.role) {
    case 'admin':
      return { sql: 'TRUE', params: {} };
    case 'bureau':
    case 'finance':
      return { sql: 'a.county_code = ANY(:scopeCounties)', params: { scopeCounties: caller.counties } };
    case 'bank':
      // A bank sees the accounts it issued (it pays into them), not other banks' cards.
      return { sql: 'a.issuing_bank_code = :scopeBank', params: { scopeBank: caller.bank } };
    case 'regulator':
      return null;
  }
}
