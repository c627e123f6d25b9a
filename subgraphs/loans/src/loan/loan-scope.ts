/** Which loans a caller may see, as a SQL condition on the loans table (alias `l`). */
import type { Caller } from '../../../../common/auth/caller';

export interface ScopeCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** `null`: no loan rows at all (regulators see aggregates only). */
export function loanScope(caller: Caller): ScopeCondition | null {
  switch (caller.role) {
    case 'admin':
      return { sql: 'TRUE', params: {} };
    case 'bureau':
    case 'finance':
      return { sql: 'l.county_code = ANY(:scopeCounties)', params: { scopeCounties: caller.counties } };
    case 'bank':
      return { sql: 'l.bank_code = :scopeBank', params: { scopeBank: caller.bank } };
    case 'regulator':
      return null;
  }
}
