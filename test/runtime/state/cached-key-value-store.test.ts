import { describe, expect, it } from 'vitest';
import { CachedKeyValueStore, type StoreBacking } from '../../../runtime/state/cached-key-value-store.ts';
import { keyString } from '../../../common/values.ts';
import type { StoreKey } from '../../../runtime/state/state-store.ts';

/** A backing map that counts reads and applies a store's dirty entries like a commit would. */
class MapBacking implements StoreBacking {
  readonly data = new Map<string, unknown>();
  reads = 0;
  read(_store: string, key: StoreKey): unknown {
    this.reads++;
    return this.data.get(keyString(key));
  }
  commit(store: CachedKeyValueStore<unknown>): void {
    for (const e of store.dirtyEntries()) {
      if (e.value === undefined) this.data.delete(keyString(e.key));
      else this.data.set(keyString(e.key), e.value);
    }
    store.clearDirty();
  }
}

describe('CachedKeyValueStore', () => {
  it('reads a missing key from the backing once, absent keys included', () => {
    const backing = new MapBacking();
    backing.data.set(keyString(['a']), 1);
    const store = new CachedKeyValueStore<unknown>('s', backing, 10);
    expect(store.get(['a'])).toBe(1);
    expect(store.get(['a'])).toBe(1);
    expect(store.get(['b'])).toBeUndefined();
    expect(store.get(['b'])).toBeUndefined();
    expect(backing.reads).toBe(2);
  });

  it('tracks puts and deletes as dirty entries, latest change per key', () => {
    const backing = new MapBacking();
    backing.data.set(keyString(['gone']), 'x');
    const store = new CachedKeyValueStore<unknown>('s', backing, 10);
    store.put(['a'], 1);
    store.put(['a'], 2);
    store.delete(['gone']);
    store.delete(['never']);
    expect(store.dirtyEntries().map((e) => [e.key, e.value])).toEqual([
      [['a'], 2],
      [['gone'], undefined],
    ]);
    backing.commit(store);
    expect([...backing.data]).toEqual([[keyString(['a']), 2]]);
    expect(store.dirtyEntries()).toEqual([]);
  });

  it('evicts only clean entries, and an evicted key reads back its committed value', () => {
    const backing = new MapBacking();
    const store = new CachedKeyValueStore<unknown>('s', backing, 2);
    for (let i = 0; i < 5; i++) store.put([i], i * 10);
    store.evict();
    // Nothing was committed yet: every entry is dirty and stays.
    expect(store.cachedEntries).toBe(5);
    backing.commit(store);
    store.put([4], 41);
    store.evict();
    // Three clean entries go, oldest first; the dirty key 4 stays.
    expect(store.cachedEntries).toBe(2);
    backing.reads = 0;
    expect(store.get([0])).toBe(0);
    expect(store.get([4])).toBe(41);
    expect(backing.reads).toBe(1);
  });
});
