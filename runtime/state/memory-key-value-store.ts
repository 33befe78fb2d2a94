import { keyString } from '../../common/values.ts';
import { ChangeTracker } from './change-tracker.ts';
import type { DirtyEntry, KeyValueStore, StoreEntry, StoreKey } from './state-store.ts';

interface Entry<V> {
  readonly key: StoreKey;
  value: V;
}

/** A key-value store in a JS Map keyed by `keyString` of the key tuple. */
export class MemoryKeyValueStore<V> implements KeyValueStore<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly changes: ChangeTracker<V>;

  constructor(readonly name: string, trackChanges: boolean) {
    this.changes = new ChangeTracker(trackChanges);
  }

  get(key: StoreKey): V | undefined {
    return this.entries.get(keyString(key))?.value;
  }

  put(key: StoreKey, value: V): void {
    const id = keyString(key);
    let e = this.entries.get(id);
    if (e) e.value = value;
    else this.entries.set(id, (e = { key, value }));
    this.changes.record(id, e);
  }

  delete(key: StoreKey): void {
    const id = keyString(key);
    if (this.entries.delete(id)) this.changes.record(id, { key, value: undefined });
  }

  all(): Iterable<StoreEntry<V>> {
    return this.entries.values();
  }

  dirtyEntries(): readonly DirtyEntry<V>[] {
    return this.changes.entries();
  }

  clearDirty(): void {
    this.changes.clear();
  }

  restore(entries: Iterable<StoreEntry<V>>): void {
    for (const e of entries) this.entries.set(keyString(e.key), { key: e.key, value: e.value });
  }
}
