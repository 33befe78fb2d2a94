import { describe, expect, it } from 'vitest';
import { keyString } from '../../../common/values.ts';
import { CachedKeyValueStore, type StoreBacking } from '../../../runtime/state/cached-key-value-store.ts';
import { MemoryKeyValueStore } from '../../../runtime/state/memory-key-value-store.ts';
import type { StoreEntry, StoreKey } from '../../../runtime/state/state-store.ts';

/** A durable copy that can be listed, applying a store's dirty entries as a commit would. */
class ListedBacking implements StoreBacking {
  readonly data = new Map<string, StoreEntry<unknown>>();
  read(_store: string, key: StoreKey): unknown {
    return this.data.get(keyString(key))?.value;
  }
  async *scan(): AsyncIterable<StoreEntry<unknown>> {
    for (const e of [...this.data.values()]) yield e;
  }
  commit(store: CachedKeyValueStore<unknown>): void {
    for (const e of store.dirtyEntries()) {
      if (e.value === undefined) this.data.delete(keyString(e.key));
      else this.data.set(keyString(e.key), { key: e.key, value: e.value });
    }
    store.clearDirty();
  }
}

async function entries(store: { scan(): AsyncIterable<StoreEntry<unknown>> }): Promise<[unknown, unknown][]> {
  const out: [unknown, unknown][] = [];
  for await (const e of store.scan()) out.push([e.key[0], e.value]);
  return out.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

describe('key-value store scans', () => {
  it('overlay the cache on the durable copy: uncommitted puts and deletes win, evicted entries come from disk', async () => {
    const backing = new ListedBacking();
    const store = new CachedKeyValueStore<unknown>('s', backing, 1);
    store.put(['a'], 1);
    store.put(['b'], 2);
    store.put(['c'], 3);
    backing.commit(store);
    store.evict();
    expect(store.cachedEntries).toBe(1);
    store.put(['a'], 10);
    store.delete(['b']);
    store.put(['d'], 4);
    expect(await entries(store)).toEqual([['a', 10], ['c', 3], ['d', 4]]);
  });

  it('list what a memory store holds when the scan starts', async () => {
    const store = new MemoryKeyValueStore<unknown>('m', false);
    store.put(['x'], 1);
    store.put(['y'], 2);
    const seen: unknown[] = [];
    for await (const e of store.scan()) {
      seen.push(e.key[0]);
      store.put(['z'], 3);
    }
    expect(seen.sort()).toEqual(['x', 'y']);
  });
});
