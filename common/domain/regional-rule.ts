/**
 * "The most specific regional rule in force": policy is data, versioned per region (national '',
 * province 2 digits, prefecture 4, county 6) with effective dates. Loan policy, risk-fund rules
 * and settlement rules all pick the version that applies to a county on a date the same way,
 * here. Pure: no I/O.
 */

export interface RegionalVersion {
  /** '' (national), or a 2-, 4- or 6-digit region code. */
  regionCode: string;
  /** YYYY-MM-DD, inclusive. */
  effectiveFrom: string;
  /** YYYY-MM-DD, exclusive; null while in force. */
  effectiveTo: string | null;
}

/** A recorded version of a rule set: where and when it applies, where its text comes from, and the rules. */
export interface RuleVersion<Rules> extends RegionalVersion {
  id: string;
  name: string;
  /** The seed file and section, e.g. '000 national §一' or '004 第六、七条'. */
  source: string;
  rules: Rules;
}

export function isInForce(version: RegionalVersion, date: string): boolean {
  return version.effectiveFrom <= date && (version.effectiveTo === null || date < version.effectiveTo);
}

/**
 * The version of the most specific region (the longest regionCode prefixing the county code) in
 * force on `date`, or null. Tie rule, chosen on purpose: where one region has several versions in
 * force that day (an open-ended rule and the later one that supersedes it, or overlapping
 * versions a caller failed to end), the one with the later effectiveFrom wins, since a rule is
 * changed by recording a newer one; among equal dates, the later in the list.
 */
export function mostSpecificInForce<T extends RegionalVersion>(versions: readonly T[], countyCode: string, date: string): T | null {
  let best: T | null = null;
  for (const version of versions) {
    if (!countyCode.startsWith(version.regionCode) || !isInForce(version, date)) continue;
    if (
      best === null ||
      version.regionCode.length > best.regionCode.length ||
      (version.regionCode.length === best.regionCode.length && version.effectiveFrom >= best.effectiveFrom)
    ) {
      best = version;
    }
  }
  return best;
}
