/**
 * Per-request batching: every entity reference and list field goes through one of these,
 * so a federated query costs one SQL statement per batch, not one per row.
 * Loaders live on the request context; they never outlive a request (no cross-caller cache).
 */
import DataLoader from 'dataloader';

/** One row per key (entity references). Missing keys resolve to null. */
export function rowLoader<K extends string, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Many rows per key (one-to-many list fields). Missing keys resolve to []. */
export function groupLoader<K extends string, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetch(keys);
    const groups = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** Lazily creates each named loader once per request. */
export class LoaderRegistry {
  private readonly loaders = new Map<string, unknown>();
  get<T>(name: string, create: () => T): T {
    let loader = this.loaders.get(name) as T | undefined;
    if (!loader) {
      loader = create();
      this.loaders.set(name, loader);
    }
    return loader;
  }
}
