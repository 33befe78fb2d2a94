import { ChangeTracker } from './change-tracker.ts';
import { lowerBound, TimeIndex } from './time-index.ts';
import { keyString } from '../../common/values.ts';
import { KeyIds } from './key-ids.ts';
import type { DirtyEntry, StoreEntry, StoreKey, WindowStore } from './state-store.ts';

interface Entry<V> {
  readonly key: StoreKey;
  readonly start: number;
  value: V;
}

/**
 * Time windows bucketed by start. Like Kafka Streams' segmented store, the largest start stored
 * is the store's clock: windows starting before `clock - retention` expire and are removed, and a
 * put for such a window is ignored. EMIT FINAL depends on this (windows that closed during a
 * jump in stream time are never emitted).
 */
export class MemoryWindowStore<V> implements WindowStore<V> {
  private readonly index = new TimeIndex<Entry<V>>();
  /** Per key id, the starts it has stored, ascending (for `fetch`). */
  private readonly starts = new Map<string, number[]>();
  private readonly changes: ChangeTracker<V>;
  /** The last key and its id: an update does `get` then `put` with the same key array. */
  private readonly ids = new KeyIds();
  private maxStart = Number.NEGATIVE_INFINITY;

  constructor(readonly name: string, private readonly retentionMs: number, trackChanges: boolean) {
    this.changes = new ChangeTracker(trackChanges);
  }

  get(key: StoreKey, start: number): V | undefined {
    return this.index.get(start, this.ids.of(key))?.value;
  }

  put(key: StoreKey, start: number, value: V): void {
    if (start < this.maxStart - this.retentionMs) return;
    const ks = this.ids.of(key);
    let e = this.index.get(start, ks);
    if (e) e.value = value;
    else {
      this.index.set(start, ks, (e = { key, start, value }));
      this.addStart(ks, start);
    }
    this.changes.record(`${start}@${ks}`, e);
    if (start > this.maxStart) this.advance(start);
  }

  delete(key: StoreKey, start: number): void {
    const ks = this.ids.of(key);
    if (!this.index.get(start, ks)) return;
    this.index.delete(start, ks);
    this.removeStart(ks, start);
    this.changes.record(`${start}@${ks}`, { key, start, value: undefined });
  }

  fetchAll(from: number, to: number): StoreEntry<V>[] {
    return this.index.range(from, to);
  }

  fetch(key: StoreKey, from: number, to: number): StoreEntry<V>[] {
    const ks = this.ids.of(key);
    const starts = this.starts.get(ks);
    const out: StoreEntry<V>[] = [];
    if (!starts) return out;
    const lo = Math.max(from, this.maxStart - this.retentionMs + 1);
    for (let i = lowerBound(starts, lo); i < starts.length && starts[i]! <= to; i++) {
      out.push(this.index.get(starts[i]!, ks)!);
    }
    return out;
  }

  private addStart(ks: string, start: number): void {
    const starts = this.starts.get(ks);
    if (!starts) this.starts.set(ks, [start]);
    else if (start > starts[starts.length - 1]!) starts.push(start);
    else starts.splice(lowerBound(starts, start), 0, start);
  }

  private removeStart(ks: string, start: number): void {
    const starts = this.starts.get(ks);
    if (!starts) return;
    const i = lowerBound(starts, start);
    if (starts[i] === start) starts.splice(i, 1);
    if (starts.length === 0) this.starts.delete(ks);
  }

  dirtyEntries(): readonly DirtyEntry<V>[] {
    return this.changes.entries();
  }

  clearDirty(): void {
    this.changes.clear();
  }

  restore(entries: Iterable<StoreEntry<V>>): void {
    let max = this.maxStart;
    for (const e of entries) {
      const start = e.start ?? 0;
      const ks = keyString(e.key);
      if (!this.index.get(start, ks)) this.addStart(ks, start);
      this.index.set(start, ks, { key: e.key, start, value: e.value });
      max = Math.max(max, start);
    }
    if (max > this.maxStart) this.advance(max);
  }

  private advance(start: number): void {
    this.maxStart = start;
    for (const e of this.index.takeBefore(start - this.retentionMs)) {
      const ks = keyString(e.key);
      this.removeStart(ks, e.start);
      this.changes.record(`${e.start}@${ks}`, { key: e.key, start: e.start, value: undefined });
    }
  }
}

