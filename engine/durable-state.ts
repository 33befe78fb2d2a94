/**
 * A query's operator state in LevelDB: the embedded log's own database (one batch with outputs
 * and offsets), or a local state directory backed by changelog topics (engine/changelog-state.ts).
 * Key-value stores read their entries on demand (`BackedStateProvider`); window and session
 * stores are restored in full when the query starts.
 *
 * An entry's LevelDB key is the tagged JSON text of `[store, key, start, end]`, so one store's
 * entries share the prefix `["<store>",`. The same bytes key the entry's changelog record.
 */
import { BackedStateProvider } from '../runtime/state/backed-state-provider.ts';
import type { StoreBacking } from '../runtime/state/cached-key-value-store.ts';
import type { StoreEntry, StoreKey } from '../runtime/state/state-store.ts';
import { encodeJsonText } from '../runtime/serde/json-utf8.ts';
import { decodeValue, encodeValue, taggedJson } from '../runtime/state/value-codec.ts';

/** What DurableState needs of a LevelDB keyspace (a sublevel with binary keys and values). */
export interface StateSpace {
  getSync(key: Uint8Array): Uint8Array | undefined;
  iterator(options: { gte: Uint8Array; lt: Uint8Array }): AsyncIterable<[Uint8Array, Uint8Array]>;
}

/** One changed entry, ready to write: `value` undefined deletes. */
export interface StateChange {
  readonly store: string;
  readonly key: Uint8Array;
  readonly value: Uint8Array | undefined;
}

export class DurableState implements StoreBacking {
  readonly provider: BackedStateProvider;

  constructor(
    private readonly space: StateSpace,
    cacheEntries?: number,
  ) {
    this.provider = new BackedStateProvider(this, cacheEntries);
  }

  /** Loads the window and session stores; key-value stores read on demand. */
  async restore(): Promise<void> {
    for (const store of this.provider.stores()) {
      if (this.provider.readsOnDemand(store.name)) continue;
      const prefix = storePrefix(store.name);
      const entries: StoreEntry<unknown>[] = [];
      for await (const [k, v] of this.space.iterator({ gte: encodeJsonText(prefix), lt: encodeJsonText(prefix.slice(0, -1) + ']') })) {
        const [, key, start, end] = decodeValue(k) as [string, unknown[], number | null, number | null];
        entries.push({ key, value: decodeValue(v), ...(start !== null ? { start } : {}), ...(end !== null ? { end } : {}) });
      }
      store.restore(entries);
    }
  }

  read(store: string, key: StoreKey): unknown {
    const bytes = this.space.getSync(entryKey(storePrefix(store), key, undefined, undefined));
    return bytes === undefined ? undefined : decodeValue(bytes);
  }

  /** The committed entries of one store, read from LevelDB as they are iterated. */
  async *scan(store: string): AsyncIterable<StoreEntry<unknown>> {
    const prefix = storePrefix(store);
    for await (const [k, v] of this.space.iterator({ gte: encodeJsonText(prefix), lt: encodeJsonText(prefix.slice(0, -1) + ']') })) {
      const [, key, start, end] = decodeValue(k) as [string, unknown[], number | null, number | null];
      yield { key, value: decodeValue(v), ...(start !== null ? { start } : {}), ...(end !== null ? { end } : {}) };
    }
  }

  /** Everything changed since the last call, encoded. */
  takeChanges(): StateChange[] {
    const changes: StateChange[] = [];
    for (const store of this.provider.stores()) {
      const head = storePrefix(store.name);
      for (const e of store.dirtyEntries()) {
        const key = entryKey(head, e.key, e.start, e.end);
        changes.push({ store: store.name, key, value: e.value === undefined ? undefined : encodeValue(e.value) });
      }
      store.clearDirty();
    }
    return changes;
  }

  /** Called once the last batch of changes is in LevelDB: caches may drop clean entries. */
  committed(): void {
    this.provider.evict();
  }
}

/** `["<store>",`: the text every entry key of the store starts with. */
function storePrefix(store: string): string {
  return `[${JSON.stringify(store)},`;
}

function entryKey(head: string, key: StoreKey, start: number | undefined, end: number | undefined): Uint8Array {
  return encodeJsonText(`${head}${taggedJson(key)},${taggedJson(start ?? null)},${taggedJson(end ?? null)}]`);
}
