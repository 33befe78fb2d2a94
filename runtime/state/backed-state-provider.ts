import { InternalError } from '../../common/errors.ts';
import { CachedKeyValueStore, type StoreBacking } from './cached-key-value-store.ts';
import { MemorySessionStore } from './memory-session-store.ts';
import { MemoryWindowStore } from './memory-window-store.ts';
import type { KeyValueStore, SessionStore, StateProvider, StateStore, WindowStore } from './state-store.ts';

/** Default cache size of each key-value store of a live query, in entries. */
export const DEFAULT_STATE_CACHE_ENTRIES = 100_000;

/**
 * A live query's stores over a durable backing. Key-value stores (tables, GROUP BY without a
 * window, join tables), whose key count grows without bound, keep a bounded cache and read the
 * rest from the backing on demand. Window and session stores hold their retained windows in
 * memory and are restored in full at start: retention bounds them.
 */
export class BackedStateProvider implements StateProvider {
  private readonly created = new Map<string, StateStore<unknown>>();
  private readonly cached: CachedKeyValueStore<unknown>[] = [];

  constructor(
    private readonly backing: StoreBacking,
    private readonly cacheEntries = DEFAULT_STATE_CACHE_ENTRIES,
  ) {}

  keyValue<V>(name: string): KeyValueStore<V> {
    const store = this.register(name, new CachedKeyValueStore<V>(name, this.backing, this.cacheEntries));
    this.cached.push(store as CachedKeyValueStore<unknown>);
    return store;
  }

  window<V>(name: string, retentionMs: number): WindowStore<V> {
    return this.register(name, new MemoryWindowStore<V>(name, retentionMs, true));
  }

  session<V>(name: string, retentionMs: number): SessionStore<V> {
    return this.register(name, new MemorySessionStore<V>(name, retentionMs, true));
  }

  stores(): readonly StateStore<unknown>[] {
    return [...this.created.values()];
  }

  /** Whether `name` reads on demand (and so needs no restore at start). */
  readsOnDemand(name: string): boolean {
    return this.created.get(name) instanceof CachedKeyValueStore;
  }

  /** Shrinks every cache to its capacity; call once the last commit has landed. */
  evict(): void {
    for (const store of this.cached) store.evict();
  }

  private register<S extends { readonly name: string }>(name: string, store: S): S {
    if (this.created.has(name)) throw new InternalError(`State store ${name} is declared twice`);
    this.created.set(name, store as unknown as StateStore<unknown>);
    return store;
  }
}
