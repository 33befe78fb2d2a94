/**
 * The result of a table query that aggregates, read from the aggregation's own store, as ksqlDB
 * answers pull queries: the latest output of a key is what its stored aggregate state gives after
 * the steps between the aggregation and the sink (a projection, HAVING), encoded as the sink
 * encodes it. So such a query keeps no second copy of every output (table-materialize.ts does
 * that for the other table queries), which would cost as much as the aggregation itself.
 *
 * Used when the sink's key is the aggregation's group key unchanged (every step above it keeps
 * the key columns as they are), for GROUP BY without a window or with a TUMBLING or HOPPING one,
 * and not for EMIT FINAL, whose table holds closed windows only.
 */
import type { StepOf, Step } from '../../plan/steps.ts';
import type { LogRecord } from '../log/log.ts';
import type { Rec } from '../record.ts';
import { createSerde, type SchemaRegistry } from '../serde/index.ts';
import { formatSpec } from '../serde-spec.ts';
import type { KeyValueStore, StateProvider, StoreEntry, WindowStore } from '../state/state-store.ts';
import { aggregateRecord, type Aggregator, type AggState } from './aggregator.ts';
import type { Downstream, OperatorContext } from './operator.ts';
import type { MaterializedTable } from './table-materialize.ts';
import { tableSink } from './table-sink.ts';

export type AggregateStep = StepOf<'StreamAggregate'> | StepOf<'TableAggregate'>;

/**
 * The aggregation a table sink's result can be read from, or undefined when the sink's result
 * needs a store of its own.
 */
export function backingAggregate(sink: StepOf<'TableSink'>): AggregateStep | undefined {
  let step: Step = sink.source;
  for (;;) {
    if (step.kind === 'TableFilter') step = step.source;
    else if (step.kind === 'TableSelect') {
      const keys = step.source.schema.key;
      const same = step.keyExprs.length === keys.length && step.keyExprs.every((e, i) => e.kind === 'Column' && e.slot.from === 'KEY' && e.slot.index === i);
      if (!same) return undefined;
      step = step.source;
    } else break;
  }
  if (step.kind === 'TableAggregate') return step;
  if (step.kind !== 'StreamAggregate' || step.emitFinal) return undefined;
  const w = step.window;
  if (w && w.type !== 'TUMBLING' && w.type !== 'HOPPING') return undefined;
  return step;
}

export interface AggregateTableParts {
  readonly sink: StepOf<'TableSink'>;
  readonly aggregate: AggregateStep;
  /**
   * The steps between the aggregation and the sink, built to feed `sink` (`entry` takes what the
   * aggregation would emit), and an aggregator like the query's, to compute stored states' results.
   */
  readonly above: (sink: Downstream) => { readonly entry: Downstream; readonly aggregator: Aggregator };
  readonly state: StateProvider;
  readonly ctx: OperatorContext;
  readonly schemaRegistry?: SchemaRegistry;
}

const NO_HEADERS: LogRecord['headers'] = [];

export function aggregateTable(p: AggregateTableParts): MaterializedTable {
  const { sink, aggregate } = p;
  const store = p.state.stores().find((s) => s.name === aggregate.id);
  if (!store) throw new Error(`The store of aggregation ${aggregate.id} is not there`);
  const keySerde = createSerde(formatSpec(sink.formats.key), sink.source.schema.key, { isKey: true, topic: sink.topic, ...(p.schemaRegistry ? { schemaRegistry: p.schemaRegistry } : {}) });
  let captured: LogRecord | undefined;
  const { entry: toSink, aggregator } = p.above(tableSink(sink, p.ctx, (_topic, record) => (captured = record), p.schemaRegistry));
  const origin: Rec = { key: [], value: null, timestamp: 0, partition: 0, offset: 0, headers: NO_HEADERS };
  /** The record the sink writes for one stored state, or undefined when it writes none or a tombstone. */
  const output = (key: readonly unknown[], s: AggState, start?: number, end?: number): LogRecord | undefined => {
    captured = undefined;
    toSink(aggregateRecord(origin, key, aggregator.result(s), null, s.ts, start, end));
    const r = captured as LogRecord | undefined;
    captured = undefined;
    return r && r.value !== null ? { key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers } : undefined;
  };
  const keyOf = (bytes: Uint8Array): readonly unknown[] | null => keySerde.deserialize(bytes);
  const w = aggregate.kind === 'StreamAggregate' ? aggregate.window : undefined;
  if (!w) {
    const kv = store as unknown as KeyValueStore<AggState>;
    return {
      windowed: false,
      get(keyBytes) {
        const key = keyOf(keyBytes);
        const s = key ? kv.get(key) : undefined;
        const r = key && s ? output(key, s) : undefined;
        return r ? [r] : [];
      },
      async *scan() {
        for await (const e of kv.scan()) {
          const r = output(e.key, e.value);
          if (r) yield r;
        }
      },
    };
  }
  const windows = store as unknown as WindowStore<AggState>;
  const size = w.sizeMs ?? 0;
  const all = (entries: readonly StoreEntry<AggState>[]): LogRecord[] => {
    const out: LogRecord[] = [];
    for (const e of entries) {
      const r = output(e.key, e.value, e.start!, e.start! + size);
      if (r) out.push(r);
    }
    return out;
  };
  return {
    windowed: true,
    get(keyBytes) {
      const key = keyOf(keyBytes);
      return key ? all(windows.fetch(key, -Infinity, Infinity)) : [];
    },
    async *scan() {
      yield* all(windows.fetchAll(-Infinity, Infinity));
    },
  };
}
