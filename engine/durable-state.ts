/**
 * A query's operator state on the embedded log's LevelDB: restored into the in-memory stores when
 * the query starts, and written back (the entries changed by a batch) in the same LevelDB batch as
 * that batch's outputs and source offsets.
 */
import type { EmbeddedLog } from '../runtime/log/embedded-log.ts';
import type { Keyspace, KeyspaceOp } from '../runtime/log/embedded-write.ts';
import type { StateProvider, StoreEntry } from '../runtime/state/state-store.ts';
import { encodeJsonText } from '../runtime/serde/json-utf8.ts';
import { decodeValue, encodeValue, taggedJson } from '../runtime/state/value-codec.ts';

export class DurableState {
  private readonly keyspace: Keyspace;

  constructor(
    log: EmbeddedLog,
    queryId: string,
    private readonly state: StateProvider,
  ) {
    this.keyspace = log.keyspace(`state-${queryId.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  }

  async restore(): Promise<void> {
    const byStore = new Map<string, StoreEntry<unknown>[]>();
    for await (const [k, v] of this.keyspace.iterator()) {
      const [store, key, start, end] = decodeValue(k) as [string, unknown[], number | null, number | null];
      let list = byStore.get(store);
      if (!list) byStore.set(store, (list = []));
      list.push({ key, value: decodeValue(v), ...(start !== null ? { start } : {}), ...(end !== null ? { end } : {}) });
    }
    for (const store of this.state.stores()) store.restore(byStore.get(store.name) ?? []);
  }

  /** The puts and deletes for everything changed since the last call. */
  takeChanges(): KeyspaceOp[] {
    const ops: KeyspaceOp[] = [];
    for (const store of this.state.stores()) {
      // The key is the tagged JSON of [store, key, start, end], built without the wrapping array.
      const head = `[${JSON.stringify(store.name)},`;
      for (const e of store.dirtyEntries()) {
        const key = encodeJsonText(`${head}${taggedJson(e.key)},${taggedJson(e.start ?? null)},${taggedJson(e.end ?? null)}]`);
        ops.push(e.value === undefined ? { type: 'del', keyspace: this.keyspace, key } : { type: 'put', keyspace: this.keyspace, key, value: encodeValue(e.value) });
      }
      store.clearDirty();
    }
    return ops;
  }
}
