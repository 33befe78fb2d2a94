import { ChangeTracker } from './change-tracker.ts';
import { KeyMap } from './key-ids.ts';
import type { DirtyEntry, KeyValueStore, StoreEntry, StoreKey } from './state-store.ts';

interface Entry<V> {
  readonly key: StoreKey;
  value: V;
}

/**
 * A key-value store in JS Maps: one-column primitive keys by their value, others by `keyString`
 * of the key tuple (see KeyMap). Change ids are `keyString` ids, computed only when tracking.
 */
export class MemoryKeyValueStore<V> implements KeyValueStore<V> {
  private readonly entries = new KeyMap<Entry<V>>();
  private readonly changes: ChangeTracker<V>;
  private readonly track: boolean;

  constructor(readonly name: string, trackChanges: boolean) {
    this.changes = new ChangeTracker(trackChanges);
    this.track = trackChanges;
  }

  get(key: StoreKey): V | undefined {
    return this.entries.get(key)?.value;
  }

  put(key: StoreKey, value: V): void {
    let e = this.entries.get(key);
    if (e) e.value = value;
    else this.entries.set(key, (e = { key, value }));
    if (this.track) this.changes.record(this.entries.id(key), e);
  }

  delete(key: StoreKey): void {
    if (this.entries.delete(key) && this.track) this.changes.record(this.entries.id(key), { key, value: undefined });
  }

  all(): Iterable<StoreEntry<V>> {
    return this.entries.values();
  }

  async *scan(): AsyncIterable<StoreEntry<V>> {
    // A copy of the entry list: the store may change between the scan's steps.
    for (const e of [...this.entries.values()]) yield { key: e.key, value: e.value };
  }

  dirtyEntries(): readonly DirtyEntry<V>[] {
    return this.changes.entries();
  }

  clearDirty(): void {
    this.changes.clear();
  }

  restore(entries: Iterable<StoreEntry<V>>): void {
    for (const e of entries) this.entries.set(e.key, { key: e.key, value: e.value });
  }
}
