import type { ListDeliveryRecord } from './list-delivery.entity';
import type { ListDeliveryStatusType, ListDelivery } from './list-delivery.type';

/** A delivery as the schema shows it: the counts, not the items; the bank as a reference. */
export function toListDelivery(record: ListDeliveryRecord): ListDelivery {
  return {
    id: record.id,
    bank: { code: record.bankCode },
    sequence: Number(record.sequence),
    kind: record.kind,
    countyCode: record.countyCode,
    rosterVersionId: record.rosterVersionId,
    effectiveDate: record.effectiveDate,
    snapshotTownships: record.snapshotTownships,
    upserts: record.upsertCount,
    removals: record.removalCount,
    status: record.status as ListDeliveryStatusType,
    attempts: record.attempts,
    lastError: record.lastError,
    lastAttemptAt: record.lastAttemptAt,
    acknowledgedAt: record.acknowledgedAt,
    createdAt: record.createdAt,
  };
}
