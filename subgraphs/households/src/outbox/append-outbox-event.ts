import type { EntityManager } from 'typeorm';
import { stampRequestId } from '../../../../common/request-scope';
import type { OutboxEventType } from './outbox-event.entity';

/**
 * Appends an event inside the caller's transaction: it commits, or vanishes, with the change it
 * announces. The payload carries the id of the request that caused it (common/request-scope.ts),
 * so the worker's planning of the event is logged under the same id as the publish or reassignment.
 */
export async function appendOutboxEvent(
  manager: EntityManager,
  eventType: OutboxEventType,
  countyCode: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await manager.query('INSERT INTO households.outbox_events (event_type, county_code, payload) VALUES ($1, $2, $3::jsonb)', [
    eventType,
    countyCode,
    JSON.stringify(stampRequestId(payload)),
  ]);
}
