import { ChangeTracker } from './change-tracker.ts';
import { KeyIds } from './key-ids.ts';
import type { DirtyEntry, KeyValueStore, StoreEntry, StoreKey } from './state-store.ts';

/**
 * Where a cached store reads entries it does not hold: the durable copy (LevelDB on the embedded
 * log). Reads are synchronous, as Kafka Streams reads RocksDB, so operators stay synchronous.
 */
export interface StoreBacking {
  /** The committed value of `key` in store `store`, or undefined when there is none. */
  read(store: string, key: StoreKey): unknown;
}

interface Entry<V> {
  readonly key: StoreKey;
  /** undefined: known to be absent (a read that found nothing, or a delete). */
  value: V | undefined;
}

/**
 * A key-value store whose contents live in a durable backing and whose working set is a bounded
 * cache. A key the cache lacks is read from the backing once (an absent key is remembered as
 * absent too); puts and deletes change the cache and are tracked for the next commit. After a
 * commit has landed, `evict` drops clean entries beyond the capacity, oldest loaded first, so a
 * table of millions of keys needs memory only for the keys in recent use.
 */
export class CachedKeyValueStore<V> implements KeyValueStore<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly changes = new ChangeTracker<V>(true);
  private readonly ids = new KeyIds();

  constructor(
    readonly name: string,
    private readonly backing: StoreBacking,
    private readonly capacity: number,
  ) {}

  get(key: StoreKey): V | undefined {
    return this.entry(key).value;
  }

  put(key: StoreKey, value: V): void {
    const e = this.entry(key);
    e.value = value;
    this.changes.record(this.ids.of(key), e as DirtyEntry<V>);
  }

  delete(key: StoreKey): void {
    const e = this.entry(key);
    if (e.value === undefined) return;
    e.value = undefined;
    this.changes.record(this.ids.of(key), { key: e.key, value: undefined });
  }

  /** The cached entries only: a full scan of the durable copy is asynchronous (see DurableState). */
  all(): Iterable<StoreEntry<V>> {
    return [...this.entries.values()].filter((e): e is StoreEntry<V> => e.value !== undefined);
  }

  dirtyEntries(): readonly DirtyEntry<V>[] {
    return this.changes.entries();
  }

  clearDirty(): void {
    this.changes.clear();
  }

  /** Entries are read on demand; nothing needs loading up front. */
  restore(entries: Iterable<StoreEntry<V>>): void {
    for (const e of entries) this.entries.set(this.ids.of(e.key), { key: e.key, value: e.value });
  }

  /** How many entries the cache holds (tests, metrics). */
  get cachedEntries(): number {
    return this.entries.size;
  }

  /**
   * Drops the oldest clean entries until the cache is at its capacity. Call only when every
   * change taken so far has been written to the backing, or a dropped entry would read stale.
   */
  evict(): void {
    let excess = this.entries.size - this.capacity;
    if (excess <= 0) return;
    const dirty = new Set(this.changes.ids());
    for (const id of this.entries.keys()) {
      if (excess <= 0) break;
      if (dirty.has(id)) continue;
      this.entries.delete(id);
      excess--;
    }
  }

  private entry(key: StoreKey): Entry<V> {
    const id = this.ids.of(key);
    let e = this.entries.get(id);
    if (!e) {
      e = { key, value: this.backing.read(this.name, key) as V | undefined };
      this.entries.set(id, e);
    }
    return e;
  }
}
