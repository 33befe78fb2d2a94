import { keyString } from '../../common/values.ts';
import { ChangeTracker } from './change-tracker.ts';
import { TimeIndex } from './time-index.ts';
import type { DirtyEntry, SessionStore, StoreEntry, StoreKey } from './state-store.ts';

interface Entry<V> {
  readonly key: StoreKey;
  readonly start: number;
  readonly end: number;
  value: V;
}

/**
 * Session windows: per key a short list ordered by start, plus an index by end for range scans
 * and expiry. The largest end stored is the store's clock. As in Kafka Streams, `findSessions`
 * hides sessions ending at or before `clock - retention` (a late event then opens a new session
 * instead of merging), while range scans by end still see them until their segment (of
 * max(retention / 2, 60 s)) falls out of retention and is dropped.
 */
export class MemorySessionStore<V> implements SessionStore<V> {
  private readonly byKey = new Map<string, Entry<V>[]>();
  private readonly byEnd = new TimeIndex<Entry<V>>();
  private readonly changes: ChangeTracker<V>;
  private maxEnd = Number.NEGATIVE_INFINITY;
  /** Sessions ending before this are dropped (their segment expired). */
  private liveFrom = Number.NEGATIVE_INFINITY;
  private readonly segmentMs: number;

  constructor(readonly name: string, private readonly retentionMs: number, trackChanges: boolean) {
    this.changes = new ChangeTracker(trackChanges);
    this.segmentMs = Math.max(Math.floor(retentionMs / 2), 60_000);
  }

  findSessions(key: StoreKey, earliestEnd: number, latestStart: number): StoreEntry<V>[] {
    const list = this.byKey.get(keyString(key));
    if (!list) return [];
    const from = Math.max(earliestEnd, this.maxEnd - this.retentionMs + 1);
    return list.filter((e) => e.end >= from && e.start <= latestStart);
  }

  put(key: StoreKey, start: number, end: number, value: V): void {
    if (end < this.liveFrom) return;
    const ks = keyString(key);
    const id = `${ks}@${start}`;
    let e = this.byEnd.get(end, id);
    if (e) e.value = value;
    else this.insert(ks, (e = { key, start, end, value }));
    this.changes.record(`${id}@${end}`, e);
    if (end > this.maxEnd) this.advance(end);
  }

  delete(key: StoreKey, start: number, end: number): void {
    const ks = keyString(key);
    if (this.remove(ks, start, end)) this.changes.record(`${ks}@${start}@${end}`, { key, start, end, value: undefined });
  }

  fetchEnded(from: number, to: number): StoreEntry<V>[] {
    return this.byEnd.range(from, to);
  }

  dirtyEntries(): readonly DirtyEntry<V>[] {
    return this.changes.entries();
  }

  clearDirty(): void {
    this.changes.clear();
  }

  restore(entries: Iterable<StoreEntry<V>>): void {
    let max = this.maxEnd;
    for (const e of entries) {
      const start = e.start ?? 0;
      const end = e.end ?? start;
      this.insert(keyString(e.key), { key: e.key, start, end, value: e.value });
      max = Math.max(max, end);
    }
    if (max > this.maxEnd) this.advance(max);
  }

  private insert(ks: string, e: Entry<V>): void {
    let list = this.byKey.get(ks);
    if (!list) this.byKey.set(ks, (list = []));
    let i = list.length;
    while (i > 0 && list[i - 1]!.start > e.start) i--;
    list.splice(i, 0, e);
    this.byEnd.set(e.end, `${ks}@${e.start}`, e);
  }

  private remove(ks: string, start: number, end: number): boolean {
    const list = this.byKey.get(ks);
    const i = list ? list.findIndex((e) => e.start === start && e.end === end) : -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(ks);
    this.byEnd.delete(end, `${ks}@${start}`);
    return true;
  }

  private advance(end: number): void {
    this.maxEnd = end;
    const liveFrom = Math.floor((end - this.retentionMs) / this.segmentMs) * this.segmentMs;
    if (liveFrom <= this.liveFrom) return;
    this.liveFrom = liveFrom;
    for (const e of this.byEnd.takeBefore(liveFrom)) {
      const ks = keyString(e.key);
      this.remove(ks, e.start, e.end);
      this.changes.record(`${ks}@${e.start}@${e.end}`, { key: e.key, start: e.start, end: e.end, value: undefined });
    }
  }
}
