import type { Step, StepOf } from '../../plan/steps.ts';
import type { LogHeader, LogRecord } from '../log/log.ts';
import type { KeyValueStore, StateProvider, StoreEntry, StoreKey, WindowStore } from '../state/state-store.ts';
import type { Emit } from './stream-sink.ts';
import { joinWindowedKey, splitWindowedKey, timeWindowStart } from './windowed-key.ts';

/** The store a table query keeps its result in, as ksqlDB materializes a CTAS for pull queries. */
export const MATERIALIZED_STORE = 'KsqlTopic/Materialized';

/** Kafka Streams' default retention of a windowed store, for a windowed table that states none. */
const DEFAULT_WINDOW_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A materialized row: the value bytes the sink wrote for a key, with its timestamp and headers. */
export type MaterializedEntry = readonly [value: Uint8Array, timestamp: number, headers: readonly (readonly [string, Uint8Array | null])[]];

/** A table query's result, latest record per key (and window) as its sink wrote it. */
export interface MaterializedTable {
  /** Whether keys carry windows. */
  readonly windowed: boolean;
  /** The records of one key, by its bytes without any window: one, or one per retained window. */
  get(keyBytes: Uint8Array): LogRecord[];
  /** Every record, read a little at a time. */
  scan(): AsyncIterable<LogRecord>;
}

/** The table query's output wrapped to keep its sink records, and the table they make. */
export interface Materialization {
  readonly emit: Emit;
  readonly table: MaterializedTable;
}

/**
 * Keeps what a table query writes to its sink topic, latest per key, in a store of the query's
 * state (so it commits, restores and is cleaned up with the rest): a tombstone deletes. Pull
 * queries read the table there (key lookups and scans) instead of replaying its topic. An
 * unwindowed table uses a key-value store keyed by the key's bytes; a windowed one a window or
 * session store with the retention of the window that made it, so closed windows age out.
 */
export function materializeTable(sink: StepOf<'TableSink'>, state: StateProvider, emit: Emit): Materialization {
  const w = sink.window;
  if (!w) {
    const store = state.keyValue<MaterializedEntry>(MATERIALIZED_STORE);
    return {
      emit: tap(sink.topic, emit, (key, r) => (r.value === null ? store.delete(materializedKey(key)) : store.put(materializedKey(key), entryOf(r)))),
      table: keyValueTable(store),
    };
  }
  const retention = windowRetention(sink.source) ?? DEFAULT_WINDOW_RETENTION_MS;
  if (w.type === 'SESSION') {
    const store = state.session<MaterializedEntry>(MATERIALIZED_STORE, retention);
    const write = (key: Uint8Array, r: LogRecord): void => {
      const { inner, start, end } = splitWindowedKey(key, w);
      if (r.value === null) store.delete(materializedKey(inner), start, end);
      else store.put(materializedKey(inner), start, end, entryOf(r));
    };
    const record = (e: StoreEntry<MaterializedEntry>): LogRecord => recordOf(joinWindowedKey(keyBytesOf(e.key), 'SESSION', e.start!, e.end!), e.value);
    const rows = (): LogRecord[] => store.fetchEnded(-Infinity, Infinity).map(record);
    const ofKey = (inner: Uint8Array): LogRecord[] => store.findSessions(materializedKey(inner), -Infinity, Infinity).map(record);
    return { emit: tap(sink.topic, emit, write), table: windowedTable(rows, ofKey) };
  }
  const store: WindowStore<MaterializedEntry> = state.window<MaterializedEntry>(MATERIALIZED_STORE, retention);
  const write = (key: Uint8Array, r: LogRecord): void => {
    const start = timeWindowStart(key);
    const inner = storeKeyOf(key, key.length - 8);
    if (r.value === null) store.delete(inner, start);
    else store.put(inner, start, entryOf(r));
  };
  const record = (e: StoreEntry<MaterializedEntry>): LogRecord => recordOf(joinWindowedKey(keyBytesOf(e.key), w.type, e.start!, e.start! + (w.sizeMs ?? 0)), e.value);
  const rows = (): LogRecord[] => store.fetchAll(-Infinity, Infinity).map(record);
  const ofKey = (inner: Uint8Array): LogRecord[] => store.fetch(materializedKey(inner), -Infinity, Infinity).map(record);
  return { emit: tap(sink.topic, emit, write), table: windowedTable(rows, ofKey) };
}

/** The store key of a key's bytes: base64 text, one entry per key. */
const materializedKey = (keyBytes: Uint8Array): StoreKey => storeKeyOf(keyBytes, keyBytes.length);
/** The store key of the first `length` bytes of `bytes` (a Buffer view over them, no copy). */
const storeKeyOf = (bytes: Uint8Array, length: number): StoreKey => [Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('base64')];
const keyBytesOf = (key: StoreKey): Uint8Array => new Uint8Array(Buffer.from(String(key[0]), 'base64'));

const NO_HEADERS: MaterializedEntry[2] = [];
const entryOf = (r: LogRecord): MaterializedEntry => [r.value!, r.timestamp, r.headers.length === 0 ? NO_HEADERS : r.headers.map((h) => [h.key, h.value] as const)];

function recordOf(key: Uint8Array, entry: MaterializedEntry): LogRecord {
  const [value, timestamp, headers] = entry;
  return { key, value, timestamp, headers: headers.map(([k, v]): LogHeader => ({ key: k, value: v })) };
}

/** Passes every record on, and hands the sink topic's keyed records to `write` first. */
function tap(sinkTopic: string, emit: Emit, write: (key: Uint8Array, r: LogRecord) => void): Emit {
  return (topic, record) => {
    if (topic === sinkTopic && record.key !== null) write(record.key, record);
    emit(topic, record);
  };
}

function keyValueTable(store: KeyValueStore<MaterializedEntry>): MaterializedTable {
  return {
    windowed: false,
    get(keyBytes) {
      const entry = store.get(materializedKey(keyBytes));
      return entry ? [recordOf(keyBytes, entry)] : [];
    },
    async *scan() {
      for await (const e of store.scan()) yield recordOf(keyBytesOf(e.key), e.value);
    },
  };
}

/** Window and session stores hold their retained windows in memory: a scan copies them out. */
function windowedTable(rows: () => LogRecord[], ofKey: (inner: Uint8Array) => LogRecord[]): MaterializedTable {
  return {
    windowed: true,
    get: ofKey,
    async *scan() {
      yield* rows();
    },
  };
}

/** The retention of the window aggregation a windowed table comes from, if its plan has one. */
function windowRetention(step: Step): number | undefined {
  if ((step.kind === 'StreamAggregate' || step.kind === 'TableAggregate') && 'window' in step && step.window) return step.window.retentionMs;
  return 'source' in step && step.source ? windowRetention(step.source) : undefined;
}
