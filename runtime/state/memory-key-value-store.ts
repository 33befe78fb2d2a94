import { ChangeTracker } from './change-tracker.ts';
import { keyString } from '../../common/values.ts';
import { KeyIds } from './key-ids.ts';
import type { DirtyEntry, KeyValueStore, StoreEntry, StoreKey } from './state-store.ts';

interface Entry<V> {
  readonly key: StoreKey;
  value: V;
}

/** A key-value store in a JS Map keyed by `keyString` of the key tuple. */
export class MemoryKeyValueStore<V> implements KeyValueStore<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly changes: ChangeTracker<V>;
  /** The last key and its id: an update does `get` then `put` with the same key array. */
  private readonly ids = new KeyIds();

  constructor(readonly name: string, trackChanges: boolean) {
    this.changes = new ChangeTracker(trackChanges);
  }

  get(key: StoreKey): V | undefined {
    return this.entries.get(this.ids.of(key))?.value;
  }

  put(key: StoreKey, value: V): void {
    const id = this.ids.of(key);
    let e = this.entries.get(id);
    if (e) e.value = value;
    else this.entries.set(id, (e = { key, value }));
    this.changes.record(id, e);
  }

  delete(key: StoreKey): void {
    const id = this.ids.of(key);
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
