/**
 * The join workloads: (a) JSON stream events against a table loaded first, every event matching a
 * row; (b) two JSON streams interleaved, where nine in ten right events share their key with a left
 * event 500 ms earlier and keys recur only every `keys` ms (far outside the 10-second window), so
 * the join emits exactly one row per matching pair. Encoded events sit in flat buffers, as in
 * agg-workload.ts, and become records on demand.
 */
import type { LogRecord, StoredRecord } from '../runtime/log/log.ts';
import { createSerde, type RowSerde } from '../runtime/serde/index.ts';
import type { BenchQuery } from './agg-manual-bench.ts';
import type { BenchInput } from './agg-workload.ts';

const WITH = "PARTITIONS=1, VALUE_FORMAT='JSON'";
const BASE_TS = 1_700_000_000_000;
/** How far a right event of the stream-stream join trails its left partner. */
const PARTNER_LAG_MS = 500;

export const JOIN_QUERIES = {
  streamTable: {
    name: 'stream-table JOIN',
    script: [
      `CREATE TABLE T (ID INT PRIMARY KEY, NAME STRING, SEGMENT STRING) WITH (KAFKA_TOPIC='t', ${WITH});`,
      `CREATE STREAM E (ID INT KEY, V INT) WITH (KAFKA_TOPIC='e', ${WITH});`,
      'CREATE STREAM J AS SELECT E.ID, E.V, T.NAME FROM E JOIN T ON E.ID = T.ID;',
    ].join('\n'),
    expectedRows: (events) => events.count,
  },
  streamStream: {
    name: 'stream-stream JOIN WITHIN 10 s',
    script: [
      `CREATE STREAM L (ID INT KEY, V INT) WITH (KAFKA_TOPIC='l', ${WITH});`,
      `CREATE STREAM R (ID INT KEY, V INT) WITH (KAFKA_TOPIC='r', ${WITH});`,
      'CREATE STREAM S AS SELECT L.ID, L.V, R.V AS RV FROM L JOIN R WITHIN 10 SECONDS ON L.ID = R.ID;',
    ].join('\n'),
    expectedRows: (events) => {
      const perSide = events.count / 2;
      return perSide - Math.ceil(perSide / 10);
    },
  },
} as const satisfies Record<string, BenchQuery>;

const intKey = (): RowSerde => createSerde({ name: 'KAFKA' }, [{ name: 'ID', type: { kind: 'INTEGER' } }], { isKey: true });
const vValue = (): RowSerde => createSerde({ name: 'JSON' }, [{ name: 'V', type: { kind: 'INTEGER' } }], { isKey: false });
const tableValue = (): RowSerde =>
  createSerde({ name: 'JSON' }, [{ name: 'NAME', type: { kind: 'STRING' } }, { name: 'SEGMENT', type: { kind: 'STRING' } }], { isKey: false });

interface Event {
  readonly topic: number;
  readonly key: number;
  readonly value: unknown[];
  readonly timestamp: number;
}

/** Events over one or more topics (one partition each), in the order they are produced. */
export class JoinEvents implements BenchInput {
  readonly ends: ReadonlyMap<string, number>;

  private constructor(
    readonly count: number,
    private readonly topics: readonly string[],
    private readonly topicOf: Uint8Array,
    private readonly offsets: Uint32Array,
    private readonly keys: Uint8Array,
    private readonly bytes: Uint8Array,
    private readonly valueEnds: Uint32Array,
    private readonly timestamps: Float64Array,
  ) {
    const ends = new Map(topics.map((t) => [t, 0]));
    for (let i = 0; i < count; i++) ends.set(topics[topicOf[i]!]!, offsets[i]! + 1);
    this.ends = ends;
  }

  private static build(count: number, topics: readonly string[], valueSerdes: readonly RowSerde[], event: (i: number) => Event): JoinEvents {
    const keySerde = intKey();
    const topicOf = new Uint8Array(count);
    const offsets = new Uint32Array(count);
    const next = new Uint32Array(topics.length);
    const keys = Buffer.alloc(count * 4);
    const values = Buffer.alloc(count * 48);
    const ends = new Uint32Array(count);
    const timestamps = new Float64Array(count);
    let end = 0;
    for (let i = 0; i < count; i++) {
      const e = event(i);
      topicOf[i] = e.topic;
      offsets[i] = next[e.topic]!++;
      keys.set(keySerde.serialize([e.key])!, i * 4);
      const bytes = valueSerdes[e.topic]!.serialize(e.value)!;
      values.set(bytes, end);
      ends[i] = end += bytes.length;
      timestamps[i] = e.timestamp;
    }
    // Plain Uint8Array views: Buffer#subarray is several times slower per call.
    const plain = (b: Buffer, length: number): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, length);
    return new JoinEvents(count, topics, topicOf, offsets, plain(keys, count * 4), plain(values, end), ends, timestamps);
  }

  /** The table T: row `i` has ID `i`; timestamps precede every stream event. */
  static table(rows: number): JoinEvents {
    return JoinEvents.build(rows, ['t'], [tableValue()], (i) => ({ topic: 0, key: i, value: [`name-${i}`, `segment-${i % 10}`], timestamp: BASE_TS - rows + i }));
  }

  /** The stream E: one event per ms, IDs visited in a scrambled order over the table's rows. */
  static stream(count: number, rows: number): JoinEvents {
    return JoinEvents.build(count, ['e'], [vValue()], (i) => ({ topic: 0, key: (i * 7919) % rows, value: [(i * 7) % 1000], timestamp: BASE_TS + i }));
  }

  /**
   * L and R interleaved (`count` in all): left event j has ID j mod `keys` at ms j; right event j
   * follows 500 ms later with the same ID, except every tenth, whose ID no left event has.
   */
  static twoStreams(count: number, keys: number): JoinEvents {
    return JoinEvents.build(count, ['l', 'r'], [vValue(), vValue()], (i) => {
      const j = i >> 1;
      if ((i & 1) === 0) return { topic: 0, key: j % keys, value: [j % 1000], timestamp: BASE_TS + j };
      return { topic: 1, key: j % 10 === 0 ? keys + j : j % keys, value: [(j * 7) % 1000], timestamp: BASE_TS + j + PARTNER_LAG_MS };
    });
  }

  topic(i: number): string {
    return this.topics[this.topicOf[i]!]!;
  }

  record(i: number): LogRecord {
    return {
      key: this.keys.subarray(i * 4, i * 4 + 4),
      value: this.bytes.subarray(i === 0 ? 0 : this.valueEnds[i - 1]!, this.valueEnds[i]!),
      timestamp: this.timestamps[i]!,
      headers: [],
    };
  }

  stored(i: number): StoredRecord {
    const r = this.record(i);
    return { key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, topic: this.topic(i), partition: 0, offset: this.offsets[i]! };
  }
}
