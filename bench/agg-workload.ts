/**
 * The aggregation workload: N JSON events over a fixed key space, one event per millisecond of
 * event time (so a 1-minute window holds 60,000 events). The encoded events sit in two flat
 * buffers and become records on demand, so the input itself weighs little in the memory figures.
 */
import type { LogRecord, StoredRecord } from '../runtime/log/log.ts';
import { createSerde, type RowSerde } from '../runtime/serde/index.ts';

export const AGG_TOPIC = 'e';
export const AGG_DDL = "CREATE STREAM E (K STRING KEY, V INT) WITH (KAFKA_TOPIC='e', PARTITIONS=1, VALUE_FORMAT='JSON');";

export interface AggQuery {
  readonly name: string;
  readonly sql: string;
  readonly sinkTopic: string;
}

/**
 * What the in-process and live passes feed: `count` records in order, possibly over several
 * topics (one partition each); `ends` is each topic's end offset once all of them are appended.
 */
export interface BenchInput {
  readonly count: number;
  readonly ends: ReadonlyMap<string, number>;
  topic(i: number): string;
  record(i: number): LogRecord;
  stored(i: number): StoredRecord;
}

export const AGG_QUERIES = {
  tumbling: { name: 'tumbling COUNT', sinkTopic: 'W', sql: 'CREATE TABLE W AS SELECT K, COUNT(*) FROM E WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY K EMIT CHANGES;' },
  groupBy: { name: 'GROUP BY COUNT/SUM/AVG', sinkTopic: 'G', sql: 'CREATE TABLE G AS SELECT K, COUNT(*), SUM(V), AVG(V) FROM E GROUP BY K;' },
} as const satisfies Record<string, AggQuery>;

export type AggQueryName = keyof typeof AGG_QUERIES;

export const aggKeySerde = (): RowSerde => createSerde({ name: 'KAFKA' }, [{ name: 'K', type: { kind: 'STRING' } }], { isKey: true });
export const aggValueSerde = (): RowSerde => createSerde({ name: 'JSON' }, [{ name: 'V', type: { kind: 'INTEGER' } }], { isKey: false });

const BASE_TS = 1_700_000_000_000;

export class AggEvents implements BenchInput {
  private constructor(
    readonly count: number,
    private readonly keys: readonly Uint8Array[],
    private readonly values: Uint8Array,
    private readonly valueEnds: Uint32Array,
  ) {}

  get ends(): ReadonlyMap<string, number> {
    return new Map([[AGG_TOPIC, this.count]]);
  }

  topic(): string {
    return AGG_TOPIC;
  }

  static generate(count: number, keyCount: number): AggEvents {
    const keySerde = aggKeySerde();
    const valueSerde = aggValueSerde();
    const keys = Array.from({ length: keyCount }, (_, k) => keySerde.serialize([`key-${k}`])!);
    const values = Buffer.alloc(count * 16);
    const ends = new Uint32Array(count);
    let end = 0;
    for (let i = 0; i < count; i++) {
      const bytes = valueSerde.serialize([(i * 7) % 1000])!;
      values.set(bytes, end);
      ends[i] = end += bytes.length;
    }
    // A plain Uint8Array view: Buffer#subarray is several times slower per call.
    return new AggEvents(count, keys, new Uint8Array(values.buffer, values.byteOffset, end), ends);
  }

  /** Event `i`: keys are visited in a scrambled order so consecutive events rarely share one. */
  record(i: number): LogRecord {
    return {
      key: this.keys[(i * 7919) % this.keys.length]!,
      value: this.values.subarray(i === 0 ? 0 : this.valueEnds[i - 1]!, this.valueEnds[i]!),
      timestamp: BASE_TS + i,
      headers: [],
    };
  }

  stored(i: number): StoredRecord {
    const r = this.record(i);
    return { key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, topic: AGG_TOPIC, partition: 0, offset: i };
  }
}
