/**
 * Who is calling, as the gateway established it from the JWT and forwarded (signed) to the
 * subgraphs. Row scoping in every subgraph is decided from this, never from client input.
 */
import { BANK_CODE, COUNTY_CODE } from '../codes';

export const ROLES = ['bureau', 'bank', 'finance', 'regulator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  /** Stable subject of the token (a user or service id), for audit. */
  subject: string;
  role: Role;
  /** GB/T 2260 county codes the caller acts for (bureau, finance, regulator). */
  counties: string[];
  /** Bank code the caller acts for (bank role). */
  bank: string | null;
}

/** An admin, or the county's finance bureau: who may move the county's money. */
export function isCountyFinance(caller: Caller, countyCode: string): boolean {
  return caller.role === 'admin' || (caller.role === 'finance' && caller.counties.includes(countyCode));
}

/** An admin, or the county's finance bureau or bureau: who may read the county's subsidy and fund records. */
export function isCountyOfficial(caller: Caller, countyCode: string): boolean {
  return caller.role === 'admin' || ((caller.role === 'finance' || caller.role === 'bureau') && caller.counties.includes(countyCode));
}

export class CallerClaimsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallerClaimsError';
  }
}

/**
 * Builds a Caller from token claims, refusing shapes that would make scoping ambiguous:
 * a bank token must name exactly one bank; county roles must name at least one county.
 */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const { sub, role, counties, bank } = claims;
  if (typeof sub !== 'string' || sub.length === 0) throw new CallerClaimsError('token has no subject (sub)');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new CallerClaimsError(`token role must be one of ${ROLES.join(', ')}`);
  }
  const countyList = counties === undefined ? [] : counties;
  if (!Array.isArray(countyList) || !countyList.every((c) => typeof c === 'string' && COUNTY_CODE.test(c))) {
    throw new CallerClaimsError('token counties must be a list of 6-digit county codes');
  }
  if (bank !== undefined && bank !== null && (typeof bank !== 'string' || !BANK_CODE.test(bank))) {
    throw new CallerClaimsError('token bank must be a bank code (A-Z, 0-9, _)');
  }
  const caller: Caller = { subject: sub, role: role as Role, counties: countyList as string[], bank: (bank as string | undefined) ?? null };
  if (caller.role === 'bank' && !caller.bank) throw new CallerClaimsError('a bank token must name its bank');
  if (caller.role !== 'bank' && caller.bank) throw new CallerClaimsError('only a bank token may name a bank');
  if (['bureau', 'finance'].includes(caller.role) && caller.counties.length === 0) {
    throw new CallerClaimsError(`a ${caller.role} token must name at least one county`);
  }
  return caller;
}
