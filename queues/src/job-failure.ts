/**
 * Which failures a job retries. A rule failure (a business rule refusing the job's work: a
 * HubError of kind BAD_INPUT, FORBIDDEN, NOT_FOUND or CONFLICT; a delivery the bank will refuse
 * the same way again; a malformed payload; a job no handler knows) is thrown as BullMQ's
 * UnrecoverableError, so the job fails at once, whatever attempts are left, with the reason as its
 * failedReason. Anything else (network, database, a bank's 5xx or timeout, a HubError of kind
 * UNAVAILABLE) is transient and rethrown as it is, for BullMQ to retry with the job's backoff
 * (common/queue/job-options.ts). Both queue backends read UnrecoverableError the same way.
 */
import { UnrecoverableError } from 'bullmq';
import type { HubErrorKind } from '../../common/errors/error-codes';
import { isHubError } from '../../common/errors/hub-error';
import { PermanentDeliveryError } from '../../subgraphs/households/src/households.app';

const RULE_KINDS: ReadonlySet<HubErrorKind> = new Set<HubErrorKind>(['BAD_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);

export function isRuleFailure(error: unknown): boolean {
  return error instanceof UnrecoverableError || (isHubError(error) && RULE_KINDS.has(error.kind)) || error instanceof PermanentDeliveryError;
}

/** A rule failure as an UnrecoverableError (its code kept in the reason); a transient one unchanged. */
export function asJobFailure(error: unknown): unknown {
  if (error instanceof UnrecoverableError || !isRuleFailure(error)) return error;
  const reason = isHubError(error) ? `${error.code}: ${error.message}` : (error as Error).message;
  const failure = new UnrecoverableError(reason);
  failure.cause = error;
  return failure;
}

/** A payload or job name the worker cannot run: retrying cannot fix it. */
export function malformedJob(reason: string): UnrecoverableError {
  return new UnrecoverableError(reason);
}
