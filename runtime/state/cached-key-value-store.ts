import { InternalError } from '../../common/errors.ts';
import { KeyMap } from './key-ids.ts';
import type { DirtyEntry, KeyValueStore, StoreEntry, StoreKey } from './state-store.ts';

/**
 * Where a cached store reads entries it does not hold: the durable copy (LevelDB on the embedded
 * log). Reads are synchronous, as Kafka Streams reads RocksDB, so operators stay synchronous.
 */
export interface StoreBacking {
  /** The committed value of `key` in store `store`, or undefined when there is none. */
  read(store: string, key: StoreKey): unknown;
  /** Every committed entry of store `store`, read from the durable copy as it is iterated. */
  scan?(store: string): AsyncIterable<StoreEntry<unknown>>;
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
  private readonly entries = new KeyMap<Entry<V>>();
  /** Entries changed since the last `clearDirty()`: one object per key, so a Set dedupes them. */
  private readonly dirty = new Set<Entry<V>>();

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
    this.dirty.add(e);
  }

  delete(key: StoreKey): void {
    const e = this.entry(key);
    if (e.value === undefined) return;
    e.value = undefined;
    this.dirty.add(e);
  }

  /** Refused: the cache holds only part of the store, and LevelDB cannot be scanned synchronously. */
  all(): Iterable<StoreEntry<V>> {
    throw new InternalError(`State store ${this.name} reads LevelDB on demand and cannot list its entries synchronously`);
  }

  /**
   * The durable entries overlaid with the cache. The cache is copied first (it is bounded): an
   * entry it lacks was either never read or evicted after its commit landed, so the durable copy
   * holds its latest value; an entry it holds (absent, changed, or not yet committed) wins.
   */
  async *scan(): AsyncIterable<StoreEntry<V>> {
    const cached = new KeyMap<Entry<V>>();
    for (const e of this.entries.values()) cached.set(e.key, { key: e.key, value: e.value });
    if (!this.backing.scan) throw new InternalError(`State store ${this.name} has a backing that cannot list its entries`);
    for await (const e of this.backing.scan(this.name)) {
      if (cached.get(e.key) === undefined) yield e as StoreEntry<V>;
    }
    for (const e of cached.values()) if (e.value !== undefined) yield { key: e.key, value: e.value };
  }

  /** Read once per commit; `value` undefined marks a delete. */
  dirtyEntries(): readonly DirtyEntry<V>[] {
    return [...this.dirty];
  }

  clearDirty(): void {
    this.dirty.clear();
  }

  /** Entries are read on demand; anything given here just warms the cache. */
  restore(entries: Iterable<StoreEntry<V>>): void {
    for (const e of entries) this.entries.set(e.key, { key: e.key, value: e.value });
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
    for (const e of this.entries.values()) {
      if (excess <= 0) break;
      if (this.dirty.has(e)) continue;
      this.entries.delete(e.key);
      excess--;
    }
  }

  private entry(key: StoreKey): Entry<V> {
    let e = this.entries.get(key);
    if (!e) {
      e = { key, value: this.backing.read(this.name, key) as V | undefined };
      this.entries.set(key, e);
    }
    return e;
  }
}
