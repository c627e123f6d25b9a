/**
 * Which households a caller may see, as a SQL condition on the households table (alias `h`).
 * Decided here, in the subgraph, from the signed caller — never from client input.
 */
import type { Caller } from '../../../../common/auth/caller';

export interface ScopeCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** A bank sees households of the townships it is responsible for today (Asia/Shanghai). */
const BANK_TOWNSHIPS_TODAY = `h.township_code IN (
  SELECT a.township_code FROM households.township_assignments a
  WHERE a.bank_code = :scopeBank
    AND a.effective_from <= (now() AT TIME ZONE 'Asia/Shanghai')::date
    AND (a.effective_to IS NULL OR a.effective_to > (now() AT TIME ZONE 'Asia/Shanghai')::date))`;

/** `null`: the caller may not see households at all (regulators see aggregates only). */
export function householdScope(caller: Caller): ScopeCondition | null {
  switch (caller.role) {
    case 'admin':
      return { sql: 'TRUE', params: {} };
    case 'bureau':
    case 'finance':
      return { sql: 'h.county_code = ANY(:scopeCounties)', params: { scopeCounties: caller.counties } };
    case 'bank':
      return { sql: BANK_TOWNSHIPS_TODAY, params: { scopeBank: caller.bank } };
    case 'regulator':
      return null;
  }
}
