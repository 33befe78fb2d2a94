/**
 * A query's operator state on the embedded log's LevelDB. Key-value stores read their entries on
 * demand (`BackedStateProvider`); window and session stores are restored in full when the query
 * starts. The entries a batch changed are written back in the same LevelDB batch as that batch's
 * outputs and source offsets.
 *
 * An entry's LevelDB key is the tagged JSON text of `[store, key, start, end]`, so one store's
 * entries share the prefix `["<store>",`.
 */
import type { EmbeddedLog } from '../runtime/log/embedded-log.ts';
import type { Keyspace, KeyspaceOp } from '../runtime/log/embedded-write.ts';
import { BackedStateProvider } from '../runtime/state/backed-state-provider.ts';
import type { StoreBacking } from '../runtime/state/cached-key-value-store.ts';
import type { StoreEntry, StoreKey } from '../runtime/state/state-store.ts';
import { encodeJsonText } from '../runtime/serde/json-utf8.ts';
import { decodeValue, encodeValue, taggedJson } from '../runtime/state/value-codec.ts';

export class DurableState implements StoreBacking {
  private readonly keyspace: Keyspace;
  readonly provider: BackedStateProvider;

  constructor(log: EmbeddedLog, queryId: string, cacheEntries?: number) {
    this.keyspace = log.keyspace(`state-${queryId.replace(/[^A-Za-z0-9_-]/g, '_')}`);
    this.provider = new BackedStateProvider(this, cacheEntries);
  }

  /** Loads the window and session stores; key-value stores read on demand. */
  async restore(): Promise<void> {
    for (const store of this.provider.stores()) {
      if (this.provider.readsOnDemand(store.name)) continue;
      const prefix = storePrefix(store.name);
      const entries: StoreEntry<unknown>[] = [];
      for await (const [k, v] of this.keyspace.iterator({ gte: encodeJsonText(prefix), lt: encodeJsonText(prefix.slice(0, -1) + ']') })) {
        const [, key, start, end] = decodeValue(k) as [string, unknown[], number | null, number | null];
        entries.push({ key, value: decodeValue(v), ...(start !== null ? { start } : {}), ...(end !== null ? { end } : {}) });
      }
      store.restore(entries);
    }
  }

  read(store: string, key: StoreKey): unknown {
    const bytes = this.keyspace.getSync(entryKey(storePrefix(store), key, undefined, undefined));
    return bytes === undefined ? undefined : decodeValue(bytes);
  }

  /** The puts and deletes for everything changed since the last call. */
  takeChanges(): KeyspaceOp[] {
    const ops: KeyspaceOp[] = [];
    for (const store of this.provider.stores()) {
      const head = storePrefix(store.name);
      for (const e of store.dirtyEntries()) {
        const key = entryKey(head, e.key, e.start, e.end);
        ops.push(e.value === undefined ? { type: 'del', keyspace: this.keyspace, key } : { type: 'put', keyspace: this.keyspace, key, value: encodeValue(e.value) });
      }
      store.clearDirty();
    }
    return ops;
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
