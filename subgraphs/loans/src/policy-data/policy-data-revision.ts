/**
 * The policy data's revision (policy-data-revision.entity.ts) and the lock that orders judging
 * loans against re-judging them (issue 14):
 *
 *  - every write of a policy version or LPR fixing moves the revision in its own transaction
 *    (bumpPolicyRevision), so the revision N a re-evaluation is requested with is committed with it;
 *  - the ingest judges and stores a batch under POLICY_JUDGEMENT_LOCK held shared, and reads the
 *    revision (and, when it moved, the policy data) after taking it;
 *  - a re-evaluation takes the lock exclusively once, before its first page: every ingest that
 *    read the revision before N was committed has committed by then (its loans are in the pages
 *    read after), and every ingest after it reads a revision ≥ N.
 *
 * So no loan judged with data older than N is stored where a re-evaluation for N has passed.
 */
import type { EntityManager } from 'typeorm';

/** Taken shared by each ingest transaction, exclusively (and at once released) by a re-evaluation starting. */
export const POLICY_JUDGEMENT_LOCK = 'huinong-policy-judgement';

type Queryable = Pick<EntityManager, 'query'>;

/** The current revision: one primary-key read. */
export async function currentPolicyRevision(db: Queryable): Promise<number> {
  const [row]: { revision: number }[] = await db.query('SELECT revision FROM loans.policy_data_revision WHERE id = 1');
  return row?.revision ?? 0;
}

/** Moves the revision inside the caller's transaction (which writes policy data); returns the new one. */
export async function bumpPolicyRevision(manager: EntityManager): Promise<number> {
  const [row]: { revision: number }[] = await manager.query(
    `INSERT INTO loans.policy_data_revision (id, revision, changed_at) VALUES (1, 1, now())
     ON CONFLICT (id) DO UPDATE SET revision = policy_data_revision.revision + 1, changed_at = now() RETURNING revision`,
  );
  return row.revision;
}

/** Holds the judgement lock shared until the caller's transaction ends (the ingest). */
export async function holdJudgementShared(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [POLICY_JUDGEMENT_LOCK]);
}

/** Waits until no ingest holds the judgement lock (a re-evaluation starting); the caller's transaction holds it until it ends. */
export async function waitForJudgementsInFlight(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [POLICY_JUDGEMENT_LOCK]);
}
