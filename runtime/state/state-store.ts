/**
 * Operator state. Operators declare named stores (named by their step id) and read and write them
 * synchronously; a store is an in-memory working set. A durable provider (LevelDB) restores the
 * working set at start and, at each commit, writes `dirtyEntries()` in the same batch as the
 * outputs and source offsets, then calls `clearDirty()`.
 *
 * Values are plain run-time values (rows, accumulator arrays). Operators may update a value they
 * got from a store in place, but must `put` it back so the change is tracked.
 */

/** A store key: a tuple of SQL values (the group or table key columns). */
export type StoreKey = readonly unknown[];

/** One stored entry. `start`/`end` are set in window (`start`) and session (`start`, `end`) stores. */
export interface StoreEntry<V> {
  readonly key: StoreKey;
  readonly start?: number;
  readonly end?: number;
  readonly value: V;
}

/** A change since the last `clearDirty()`; `value` undefined means the entry was deleted. */
export interface DirtyEntry<V> {
  readonly key: StoreKey;
  readonly start?: number;
  readonly end?: number;
  readonly value: V | undefined;
}

export interface StateStore<V> {
  readonly name: string;
  /** Entries put or deleted since the last `clearDirty()` (latest change per entry). */
  dirtyEntries(): readonly DirtyEntry<V>[];
  clearDirty(): void;
  /** Loads entries saved earlier; call before the first record. Restored entries are not dirty. */
  restore(entries: Iterable<StoreEntry<V>>): void;
}

export interface KeyValueStore<V> extends StateStore<V> {
  get(key: StoreKey): V | undefined;
  put(key: StoreKey, value: V): void;
  delete(key: StoreKey): void;
  /** Every entry, in no particular order (tests; a store that reads its entries on demand refuses). */
  all(): Iterable<StoreEntry<V>>;
  /**
   * Every entry as of the call, in no particular order, read a little at a time: pull queries'
   * table scans. Changes made while the scan runs may or may not be seen.
   */
  scan(): AsyncIterable<StoreEntry<V>>;
}

/**
 * Time windows, keyed by (key, window start). Retention follows Kafka Streams: windows whose start
 * is older than the largest start ever stored minus the retention are expired (gone for good).
 */
export interface WindowStore<V> extends StateStore<V> {
  get(key: StoreKey, start: number): V | undefined;
  put(key: StoreKey, start: number, value: V): void;
  delete(key: StoreKey, start: number): void;
  /** Retained windows of every key with `from ≤ start ≤ to`, in start order. */
  fetchAll(from: number, to: number): StoreEntry<V>[];
  /**
   * Windows of one key with `from ≤ start ≤ to`, in start order, seeing only starts above the
   * largest start stored minus the retention (Kafka Streams' fetch; the stream-stream join's
   * visibility rule).
   */
  fetch(key: StoreKey, from: number, to: number): StoreEntry<V>[];
}

/**
 * Session windows, keyed by (key, start, end). Sessions whose end is at or below the largest end
 * ever stored minus the retention are expired.
 */
export interface SessionStore<V> extends StateStore<V> {
  /** Retained sessions of `key` with `end ≥ earliestEnd` and `start ≤ latestStart`, oldest first. */
  findSessions(key: StoreKey, earliestEnd: number, latestStart: number): StoreEntry<V>[];
  put(key: StoreKey, start: number, end: number, value: V): void;
  delete(key: StoreKey, start: number, end: number): void;
  /** Retained sessions of every key with `from ≤ end ≤ to`, in end order. */
  fetchEnded(from: number, to: number): StoreEntry<V>[];
}

/**
 * Where a query's operators get their stores; one provider per query (per task when queries run
 * partitioned). Asking twice for one name is a plan bug (operator ids must be unique).
 */
export interface StateProvider {
  keyValue<V>(name: string): KeyValueStore<V>;
  window<V>(name: string, retentionMs: number): WindowStore<V>;
  session<V>(name: string, retentionMs: number): SessionStore<V>;
  /** Every store created so far, for committing dirty entries. */
  stores(): readonly StateStore<unknown>[];
}
