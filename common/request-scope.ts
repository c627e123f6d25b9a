/**
 * The request a piece of work belongs to, carried through async calls (AsyncLocalStorage): the
 * HTTP servers run each request in its scope, jobs queued meanwhile carry its id in their
 * payload, and the worker runs each job in the scope of the id it carries — so one id follows a
 * click from the gateway through a subgraph into the jobs it queued, and into theirs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** `readOnly`: the request is a GraphQL query (no mutation): its plain reads may be served by a replica. */
const scope = new AsyncLocalStorage<{ requestId: string; readOnly?: boolean }>();

/** Runs `work` as part of request `requestId` (without one, outside any request). */
export function runInRequest<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? scope.run({ requestId }, work) : scope.exit(work);
}

export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

/** Says the current request only reads (a GraphQL query operation): see common/db/read-replica.ts. */
export function markReadOnlyRequest(): void {
  const store = scope.getStore();
  if (store) store.readOnly = true;
}

export function inReadOnlyRequest(): boolean {
  return scope.getStore()?.readOnly === true;
}

/** A job payload stamped with the current request's id (a payload that has one keeps it). */
export function stampRequestId<T>(data: T): T {
  const requestId = currentRequestId();
  if (!requestId || typeof data !== 'object' || data === null || Array.isArray(data) || 'requestId' in data) return data;
  return { ...data, requestId };
}

/** The request id a job's payload carries, if it is one. */
export function requestIdOfPayload(data: unknown): string | undefined {
  const value = typeof data === 'object' && data !== null ? (data as { requestId?: unknown }).requestId : undefined;
  return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : undefined;
}
