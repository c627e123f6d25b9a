/**
 * Who owns the row a loan record writes: the household on the bank's list, in the county and
 * township the households side delivered for it. A record is stored under the household's own
 * region, never under one the bank names (a bank could otherwise file loans in a county where it
 * holds no township, out of that county's sight and into another's). Pure: no I/O.
 */

/** One period of a household on a bank's list, as `record-delivered-list` recorded it. */
export interface ListingPeriod {
  listedFrom: string;
  /** Exclusive; null while the household is listed. */
  listedTo: string | null;
  /** The delivery (per-bank sequence) that last listed, changed or removed it. */
  lastSequence: number;
  countyCode: string;
  townshipCode: string;
}

/**
 * The household's region as the bank's list has it now: the open period when it is listed, else
 * the one it left last (a removal keeps the region it had while listed). Periods of one household
 * at one bank never overlap, so the latest start is the latest period; a period closed on the
 * day it opened ties with the next one, and the later delivery wins.
 */
export function currentListing<T extends ListingPeriod>(periods: readonly T[]): T | undefined {
  let latest: T | undefined;
  for (const period of periods) {
    if (!latest || laterThan(period, latest)) latest = period;
  }
  return latest;
}

function laterThan(a: ListingPeriod, b: ListingPeriod): boolean {
  if ((a.listedTo === null) !== (b.listedTo === null)) return a.listedTo === null;
  if (a.listedFrom !== b.listedFrom) return a.listedFrom > b.listedFrom;
  return a.lastSequence > b.lastSequence;
}

export interface RegionProblem {
  code: 'REGION_NOT_ON_LIST';
  field: 'countyCode' | 'townshipCode';
  message: string;
}

/**
 * Null when the record names the household's own county and township; else the refusal, naming
 * the field, what the record said and what the list has.
 */
export function regionProblem(
  record: { countyCode: string; townshipCode: string },
  householdId: string,
  listing: { countyCode: string; townshipCode: string },
): RegionProblem | null {
  if (record.countyCode !== listing.countyCode) {
    return {
      code: 'REGION_NOT_ON_LIST',
      field: 'countyCode',
      message: `county ${record.countyCode} is not the county of household ${householdId} on your list (${listing.countyCode})`,
    };
  }
  if (record.townshipCode !== listing.townshipCode) {
    return {
      code: 'REGION_NOT_ON_LIST',
      field: 'townshipCode',
      message: `township ${record.townshipCode} is not the township of household ${householdId} on your list (${listing.townshipCode})`,
    };
  }
  return null;
}
