import type { EntityManager } from 'typeorm';
import type { RiskFundClaimRecord, RiskFundClaimStatus } from './risk-fund-claim.entity';

/**
 * A claim moved to its next status inside the caller's transaction, with the columns the step sets,
 * and the step recorded as an event (every step of the workflow is one).
 */
export async function transitionClaim(
  manager: EntityManager,
  claim: RiskFundClaimRecord,
  to: RiskFundClaimStatus,
  actor: string,
  note: string | null,
  set: Record<string, string | null> = {},
): Promise<void> {
  const columns = Object.keys(set);
  await manager.query(`UPDATE funds.risk_fund_claims SET status = $2${columns.map((c, i) => `, ${c} = $${i + 3}`).join('')} WHERE id = $1`, [
    claim.id,
    to,
    ...columns.map((c) => set[c]),
  ]);
  await manager.query(`INSERT INTO funds.risk_fund_claim_events (claim_id, step, actor, note) VALUES ($1, $2, $3, $4)`, [
    claim.id,
    to,
    actor,
    note?.slice(0, 500) ?? null,
  ]);
}
