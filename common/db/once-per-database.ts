/**
 * Work done once per database per process, however many services are built on it (the jobs build
 * new ones every round): seeding shipped data, for one. A failure is not remembered, so the next
 * call tries again.
 */
import type { DataSource } from 'typeorm';

const done = new WeakMap<DataSource, Map<string, Promise<void>>>();

export function oncePerDatabase(dataSource: DataSource, key: string, work: () => Promise<void>): Promise<void> {
  let byKey = done.get(dataSource);
  if (!byKey) done.set(dataSource, (byKey = new Map()));
  let promise = byKey.get(key);
  if (!promise) {
    promise = work().catch((error) => {
      byKey!.delete(key);
      throw error;
    });
    byKey.set(key, promise);
  }
  return promise;
}
