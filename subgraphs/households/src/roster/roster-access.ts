/**
 * Who may change a county's roster, and the errors roster operations raise. Kept apart from
 * GraphQL: the CLI and the HTTP upload use the same rules.
 */
import type { Caller } from '../../../../common/auth/caller';
import { hubErrorFamily } from '../../../../common/errors/hub-error';
import type { ImportProblem } from '../../../../common/tabular/tabular-import';

export type RosterErrorCode =
  | 'ROSTER_BAD_REQUEST'
  | 'ROSTER_BAD_FILE'
  | 'ROSTER_EMPTY_FILE'
  | 'ROSTER_MISSING_COLUMNS'
  | 'ROSTER_DUPLICATE_COLUMNS'
  | 'ROSTER_TOO_MANY_ERRORS'
  | 'ROSTER_NO_REGIONS'
  | 'ROSTER_NOT_FOUND'
  | 'ROSTER_NOT_A_DRAFT'
  | 'ROSTER_ASSIGNMENT_CONFLICT'
  | 'ROSTER_BANK_UNKNOWN'
  | 'ROSTER_BANK_RETIRED'
  | 'ROSTER_BANK_NOT_IN_COUNTY'
  | 'FORBIDDEN';

/** A roster operation refused for a reason the caller can act on: a hub error under a roster code, with the argument at fault when there is one. */
export class RosterError extends hubErrorFamily<RosterErrorCode>('RosterError') {}

/** A problem any file import can have, under the roster's code for it (ROSTER_BAD_FILE…). */
export function rosterProblem(problem: ImportProblem, message: string, field?: string): RosterError {
  return new RosterError(`ROSTER_${problem}`, message, field);
}

/** Bureaus publish their own county's roster; admins may act for any county. */
export function assertCountyWriter(caller: Caller, countyCode: string): void {
  if (caller.role === 'admin') return;
  if (caller.role === 'bureau' && caller.counties.includes(countyCode)) return;
  throw new RosterError('FORBIDDEN', `only the rural-revitalization bureau of county ${countyCode} may change its roster`);
}

/** Bureaus and finance bureaus of the county, and admins, may read its versions and reports. */
export function assertCountyReader(caller: Caller, countyCode: string): void {
  if (caller.role === 'admin') return;
  if ((caller.role === 'bureau' || caller.role === 'finance') && caller.counties.includes(countyCode)) return;
  throw new RosterError('FORBIDDEN', `county ${countyCode} is outside the caller's scope`);
}

/** One advisory lock per county serializes version numbering and publishing. */
export function rosterLockKey(countyCode: string): string {
  return `huinong-roster-${countyCode}`;
}
