import type { EntityManager } from 'typeorm';
import { PolicyReevaluationRecord } from './policy-reevaluation.entity';

/** What a re-evaluation covers: a policy version's region and days, or every loan from an LPR fixing on. */
export type ReevaluationTrigger =
  { policyVersionId: string; regionCode: string; contractFrom: string; contractTo: string | null } | { lprEffectiveDate: string };

/**
 * Writes a re-evaluation inside the caller's transaction: it commits, or vanishes, with what it
 * follows (this side's outbox), with the policy data's revision that transaction moved to. Returns its id.
 */
export async function requestReevaluation(manager: EntityManager, trigger: ReevaluationTrigger, requestedBy: string, policyRevision: number): Promise<string> {
  const row: Partial<PolicyReevaluationRecord> =
    'policyVersionId' in trigger
      ? {
          policyVersionId: trigger.policyVersionId,
          lprEffectiveDate: null,
          regionCode: trigger.regionCode,
          contractFrom: trigger.contractFrom,
          contractTo: trigger.contractTo,
          requestedBy,
          policyRevision,
        }
      : {
          policyVersionId: null,
          lprEffectiveDate: trigger.lprEffectiveDate,
          regionCode: '',
          contractFrom: trigger.lprEffectiveDate,
          contractTo: null,
          requestedBy,
          policyRevision,
        };
  const inserted = await manager.getRepository(PolicyReevaluationRecord).insert(row as PolicyReevaluationRecord);
  return inserted.identifiers[0].id as string;
}
