/** Policy as data, recorded the way a county would: through the gateway's GraphQL. */
import { DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';

/**
 * The county continues the 2021 national rules (000 §一(十) ends lending on 2025-12-31) for 2026,
 * as a version of its own: the shipped rules with lendingWindowEnd 2026-12-31, in force from 2026-01-01.
 * Returns the shipped rules it continued.
 */
export async function recordWindowContinuation(hub: TestHub, adminToken: string, id: string): Promise<Record<string, unknown>> {
  const shipped = await hub.data(adminToken, `{ loanPolicyVersions(countyCode: "${DEMO_COUNTY}") { id rulesJson } }`);
  const rules = JSON.parse(shipped.loanPolicyVersions.find((v: any) => v.id === 'national-2021').rulesJson);
  await hub.data(adminToken, 'mutation($input: LoanPolicyVersionInput!) { recordLoanPolicyVersion(input: $input) { id } }', {
    input: {
      id,
      regionCode: DEMO_COUNTY,
      name: '楚雄市 2026 continuation',
      source: 'county notice (test)',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      rulesJson: JSON.stringify({ ...rules, lendingWindowEnd: '2026-12-31' }),
    },
  });
  return rules;
}
