import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crc32c, decodeRecordSet, encodeRecordBatch, toWireMessage } from '../../../runtime/log/kafka-records.ts';
import type { RawFetchedPartition } from '../../../runtime/log/kafka-wire.ts';

/** One record batch as the broker sends it: encodeRecordBatch's bytes moved to `firstOffset`, marked as asked. */
function batch(firstOffset: number, values: (string | null)[], options: { producerId?: bigint; tx?: boolean; control?: 'commit' | 'abort' } = {}): Buffer {
  const records = values.map((value, i) => ({
    key: options.control ? Buffer.from([0, 0, 0, options.control === 'abort' ? 0 : 1]) : Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    timestamp: 1000 + i,
    headers: [],
  }));
  const bytes = Buffer.from(encodeRecordBatch(records));
  bytes.writeBigInt64BE(BigInt(firstOffset), 0);
  bytes.writeInt16BE((options.tx || options.control ? 0x10 : 0) | (options.control ? 0x20 : 0), 21);
  bytes.writeBigInt64BE(options.producerId ?? -1n, 43);
  return bytes;
}

function partition(batches: Buffer[], aborted: { producerId: bigint; firstOffset: number }[] = []): RawFetchedPartition {
  return { partition: 0, errorCode: 0, highWatermark: 99, lastStableOffset: 99, abortedTransactions: aborted, recordSet: Buffer.concat(batches) };
}

const values = async (p: RawFetchedPartition, from = 0) =>
  (await decodeRecordSet('t', 0, from, p)).records.map((r) => [r.offset, r.value === null ? null : Buffer.from(r.value).toString()]);

describe('decodeRecordSet', () => {
  it('drops records before the offset asked for (batches come whole)', async () => {
    const p = partition([batch(10, ['a', 'b', 'c'])]);
    expect(await values(p, 11)).toEqual([[11, 'b'], [12, 'c']]);
    expect((await decodeRecordSet('t', 0, 11, p)).next).toBe(13);
  });

  it('drops aborted transactions, keeps committed ones and non-transactional records in between', async () => {
    const p = partition(
      [
        batch(0, ['committed'], { producerId: 7n, tx: true }),
        batch(1, [null], { producerId: 7n, control: 'commit' }),
        batch(2, ['aborted-1', 'aborted-2'], { producerId: 7n, tx: true }),
        batch(4, ['plain']),
        batch(5, [null], { producerId: 7n, control: 'abort' }),
        batch(6, ['after'], { producerId: 7n, tx: true }),
        batch(7, [null], { producerId: 7n, control: 'commit' }),
      ],
      [{ producerId: 7n, firstOffset: 2 }],
    );
    expect(await values(p)).toEqual([[0, 'committed'], [4, 'plain'], [6, 'after']]);
    expect((await decodeRecordSet('t', 0, 0, p)).next).toBe(8);
  });

  it('drops every aborted transaction that has started, also when two started before the first record read', async () => {
    // What a killed server leaves in an output partition two of its tasks wrote to: both
    // transactions open (producer 1 from offset 0, producer 2 from offset 1), then aborted when
    // their new owners fence them; this read starts at offset 2. kafkajs 2.2.4's consumer takes
    // one aborted transaction per record, so at offset 2 it knows only producer 1's and lets
    // 'b-2' through.
    const p = partition(
      [
        batch(2, ['b-2'], { producerId: 2n, tx: true }),
        batch(3, ['a-2'], { producerId: 1n, tx: true }),
        batch(4, [null], { producerId: 1n, control: 'abort' }),
        batch(5, [null], { producerId: 2n, control: 'abort' }),
        batch(6, ['kept'], { producerId: 3n, tx: true }),
        batch(7, [null], { producerId: 3n, control: 'commit' }),
      ],
      [
        { producerId: 1n, firstOffset: 0 },
        { producerId: 2n, firstOffset: 1 },
      ],
    );
    expect(await values(p, 2)).toEqual([[6, 'kept']]);
  });

  it('moves past a range that holds only markers, and stops at a batch cut short', async () => {
    expect(await decodeRecordSet('t', 0, 3, partition([batch(3, [null], { producerId: 1n, control: 'commit' })]))).toEqual({ records: [], next: 4 });
    expect(await decodeRecordSet('t', 0, 9, partition([]))).toEqual({ records: [], next: 9 });
    const whole = batch(0, ['a', 'b']);
    const cut = batch(2, ['c', 'd']).subarray(0, 40);
    expect(await values(partition([whole, cut]))).toEqual([[0, 'a'], [1, 'b']]);
  });

  it('reads keys, null values, headers and timestamps as written', async () => {
    const bytes = encodeRecordBatch([
      { key: Buffer.from('k1'), value: null, timestamp: 1_700_000_000_123, headers: [{ key: 'h', value: Buffer.from('1') }, { key: 'h', value: Buffer.from('2') }] },
      { key: null, value: Buffer.from('v'), timestamp: 5, headers: [] },
    ]);
    const { records } = await decodeRecordSet('t', 3, 0, partition([Buffer.from(bytes)]));
    expect(records.map((r) => [r.partition, r.offset, r.key && Buffer.from(r.key).toString(), r.value && Buffer.from(r.value).toString(), r.timestamp])).toEqual([
      [3, 0, 'k1', null, 1_700_000_000_123],
      [3, 1, null, 'v', 5],
    ]);
    expect(records[0]!.headers.map((h) => [h.key, Buffer.from(h.value!).toString()])).toEqual([['h', '1'], ['h', '2']]);
  });
});

describe('toWireMessage', () => {
  it('passes timestamps as strings, so 0 stays 0, and groups repeated header keys', () => {
    const message = toWireMessage({
      key: null,
      value: new Uint8Array([1]),
      timestamp: 0,
      headers: [{ key: 'a', value: new Uint8Array([1]) }, { key: 'b', value: null }, { key: 'a', value: new Uint8Array([2]) }],
    });
    expect(message.timestamp).toBe('0');
    expect(Object.keys(message.headers)).toEqual(['a', 'b']);
    expect(message.headers.a).toHaveLength(2);
  });
});

describe('encodeRecordBatch', () => {
  const require = createRequire(import.meta.url);
  // kafkajs's own batch decoder (what its consumer and KafkaLog.fetch read with) checks our bytes.
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => unknown;
  const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: unknown) => Promise<{
    firstOffset: string;
    lastOffsetDelta: number;
    records: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]> }[];
  }>;

  it('computes CRC-32C as Kafka does', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    // Lengths around the eight-byte step, against the byte-at-a-time definition.
    const slow = (bytes: Uint8Array): number => {
      let crc = ~0;
      for (const b of bytes) {
        crc ^= b;
        for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
      }
      return ~crc >>> 0;
    };
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 7) & 0xff);
      expect(crc32c(bytes), `length ${n}`).toBe(slow(bytes));
    }
  });

  it('writes a batch that kafkajs decodes back: null keys and values, headers, timestamps out of order', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      key: i % 7 === 0 ? null : Buffer.from(`key-${i}`),
      value: i % 11 === 0 ? null : new Uint8Array(Buffer.from('v'.repeat(i * 3))),
      timestamp: 1_700_000_000_000 + ((i * 37) % 500) - 100,
      headers: i % 5 === 0 ? [{ key: 'h€', value: new Uint8Array([i & 0xff]) }, { key: 'n', value: null }, { key: 'h€', value: new Uint8Array([1, 2]) }] : [],
    }));
    const bytes = encodeRecordBatch(records);
    expect(bytes.readUInt32BE(17)).toBe(crc32c(bytes, 21));
    const batch = await decodeBatch(new Decoder(bytes));
    expect(batch.lastOffsetDelta).toBe(199);
    expect(batch.records).toHaveLength(200);
    batch.records.forEach((m, i) => {
      const r = records[i]!;
      expect(Number(m.offset)).toBe(i);
      expect(Number(m.timestamp)).toBe(r.timestamp);
      expect(m.key === null ? null : m.key.toString()).toBe(r.key === null ? null : r.key.toString());
      expect(m.value === null ? null : m.value.toString()).toBe(r.value === null ? null : Buffer.from(r.value).toString());
      if (r.headers.length > 0) {
        // As toWireMessage: a null header value is written empty, repeated keys keep their order.
        expect((m.headers['h€'] as Buffer[]).map((b) => [...b])).toEqual([[i & 0xff], [1, 2]]);
        expect([...(m.headers['n'] as Buffer)]).toEqual([]);
      } else {
        expect(m.headers).toEqual({});
      }
    });
  });
});
