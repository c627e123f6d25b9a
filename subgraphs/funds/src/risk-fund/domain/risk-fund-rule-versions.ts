/** Which risk-fund rule version applies to a county on a date, and the checks a list of versions must pass. Pure. */
import { isIsoDate } from '../../../../../common/domain/calendar-date';
import { mostSpecificInForce } from '../../../../../common/domain/regional-rule';
import { RiskFundInputError, show } from './risk-fund-error';
import { assertRiskFundRules } from './risk-fund-rules-json';
import type { RiskFundRuleVersion } from './risk-fund-rules';
const REGION_PREFIX = /^(|\d{2}|\d{4}|\d{6})$/;
const COUNTY_CODE = /^\d{6}$/;

/**
 * Throws RiskFundInputError (RISK_FUND_INVALID_VERSIONS) unless every version is well formed
 * (id, region prefix, real dates, from < to, valid rules) and no two versions of the same
 * region overlap in time: which rules pay a claim must never depend on list order.
 */
export function assertRiskFundRuleVersions(versions: readonly RiskFundRuleVersion[]): void {
  const fail = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_VERSIONS', field, `${field} ${message}`);
  if (!Array.isArray(versions)) throw fail('versions', 'must be a list');
  const ids = new Set<string>();
  versions.forEach((version, index) => {
    const at = `versions[${index}]`;
    if (typeof version.id !== 'string' || version.id === '') throw fail(`${at}.id`, 'must be a non-empty string');
    if (ids.has(version.id)) throw fail(`${at}.id`, `"${version.id}" appears twice`);
    ids.add(version.id);
    if (typeof version.regionCode !== 'string' || !REGION_PREFIX.test(version.regionCode)) {
      throw fail(`${at}.regionCode`, `(version ${version.id}) must be '' or 2, 4 or 6 digits (got ${show(version.regionCode)})`);
    }
    if (!isIsoDate(version.effectiveFrom))
      throw fail(`${at}.effectiveFrom`, `(version ${version.id}) must be a real YYYY-MM-DD date (got ${show(version.effectiveFrom)})`);
    if (version.effectiveTo !== null && (!isIsoDate(version.effectiveTo) || version.effectiveTo <= version.effectiveFrom)) {
      throw fail(
        `${at}.effectiveTo`,
        `(version ${version.id}) must be null or a real date after effectiveFrom ${version.effectiveFrom} (got ${show(version.effectiveTo)})`,
      );
    }
    try {
      assertRiskFundRules(version.rules);
    } catch (error) {
      if (error instanceof RiskFundInputError) throw fail(`${at}.rules.${error.field}`, `(version ${version.id}): ${error.message}`);
      throw error;
    }
  });
  versions.forEach((a, i) => {
    versions.forEach((b, j) => {
      if (j <= i || a.regionCode !== b.regionCode) return;
      const overlap = a.effectiveFrom < (b.effectiveTo ?? '9999-12-32') && b.effectiveFrom < (a.effectiveTo ?? '9999-12-32');
      if (overlap) {
        throw fail(
          `versions[${j}].effectiveFrom`,
          `(version ${b.id}) overlaps version ${a.id} of the same region ${JSON.stringify(a.regionCode)}: end the earlier one first`,
        );
      }
    });
  });
}

/**
 * The rules in force for a county on a date: the version of the most specific region (longest
 * regionCode prefixing the county code) in force that day — a county's own rules over its
 * prefecture's, province's or national ones — or null when none is. The list is validated first.
 */
export function riskFundRulesInForce(versions: readonly RiskFundRuleVersion[], countyCode: string, date: string): RiskFundRuleVersion | null {
  if (typeof countyCode !== 'string' || !COUNTY_CODE.test(countyCode)) {
    throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'countyCode', `countyCode ${show(countyCode)} is not a 6-digit county code`);
  }
  if (!isIsoDate(date)) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'date', `date ${show(date)} is not a real date in YYYY-MM-DD form`);
  // Validated: one region's versions never overlap, so the tie rule never comes into play here.
  assertRiskFundRuleVersions(versions);
  return mostSpecificInForce(versions, countyCode, date);
}
