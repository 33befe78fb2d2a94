import type { LogRecord } from '../log/log.ts';
import type { KeyValueStore, StoreKey } from '../state/state-store.ts';
import type { Emit } from './stream-sink.ts';

/** The store a table query keeps its result in, as ksqlDB materializes a CTAS for pull queries. */
export const MATERIALIZED_STORE = 'KsqlTopic/Materialized';

/** A materialized row: the value bytes the sink wrote for a key, with its timestamp and headers. */
export type MaterializedEntry = readonly [value: Uint8Array, timestamp: number, headers: readonly (readonly [string, Uint8Array | null])[]];

/**
 * The store key of a record the sink writes: its key bytes (a windowed key's bytes carry the
 * window), as base64 text, so the table's latest row per key and window is one entry.
 */
export const materializedKey = (keyBytes: Uint8Array): StoreKey => [Buffer.from(keyBytes).toString('base64')];

/** The record a materialized entry stands for, as the sink wrote it. */
export function materializedRecord(key: StoreKey, entry: MaterializedEntry): LogRecord {
  const [value, timestamp, headers] = entry;
  return { key: new Uint8Array(Buffer.from(String(key[0]), 'base64')), value, timestamp, headers: headers.map(([k, v]) => ({ key: k, value: v })) };
}

/**
 * Wraps a table query's output so that what it writes to its sink topic is also kept, latest per
 * key, in `store`: a tombstone deletes. Pull queries read the table from there (key lookups and
 * scans) instead of replaying its topic. Keyless records (never written by a table sink) are skipped.
 */
export function materializingEmit(store: KeyValueStore<MaterializedEntry>, sinkTopic: string, emit: Emit): Emit {
  return (topic, record) => {
    if (topic === sinkTopic && record.key !== null) {
      const key = materializedKey(record.key);
      if (record.value === null) store.delete(key);
      else store.put(key, [record.value, record.timestamp, record.headers.map((h) => [h.key, h.value] as const)]);
    }
    emit(topic, record);
  };
}
