import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crc32c, decodeFetchedPartition, encodeRecordBatch, toWireMessage } from '../../../runtime/log/kafka-records.ts';
import type { WireBatchContext, WireFetchedMessage, WireFetchedPartition } from '../../../runtime/log/kafka-wire.ts';

/** One fetched batch as kafkajs decodes it: every record points at the same batch context. */
function batch(firstOffset: number, values: (string | null)[], options: { producerId?: string; tx?: boolean; control?: 'commit' | 'abort' } = {}): WireFetchedMessage[] {
  const context: WireBatchContext = {
    firstOffset: String(firstOffset),
    lastOffsetDelta: values.length - 1,
    producerId: options.producerId ?? '-1',
    inTransaction: options.tx ?? false,
    isControlBatch: options.control !== undefined,
  };
  return values.map((value, i) => ({
    offset: String(firstOffset + i),
    timestamp: String(1000 + i),
    key: options.control ? Buffer.from([0, 0, 0, options.control === 'abort' ? 0 : 1]) : Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    headers: {},
    isControlRecord: options.control !== undefined,
    batchContext: context,
  }));
}

function partition(messages: WireFetchedMessage[], aborted: { producerId: string; firstOffset: string }[] = []): WireFetchedPartition {
  return { partition: 0, errorCode: 0, highWatermark: '99', lastStableOffset: '99', abortedTransactions: aborted, messages };
}

const values = (p: WireFetchedPartition, from = 0) =>
  decodeFetchedPartition('t', 0, from, p).records.map((r) => [r.offset, r.value === null ? null : Buffer.from(r.value).toString()]);

describe('decodeFetchedPartition', () => {
  it('drops records before the offset asked for (batches come whole)', () => {
    const p = partition(batch(10, ['a', 'b', 'c']));
    expect(values(p, 11)).toEqual([[11, 'b'], [12, 'c']]);
    expect(decodeFetchedPartition('t', 0, 11, p).next).toBe(13);
  });

  it('drops aborted transactions, keeps committed ones and non-transactional records in between', () => {
    const p = partition(
      [
        ...batch(0, ['committed'], { producerId: '7', tx: true }),
        ...batch(1, [null], { producerId: '7', control: 'commit' }),
        ...batch(2, ['aborted-1', 'aborted-2'], { producerId: '7', tx: true }),
        ...batch(4, ['plain']),
        ...batch(5, [null], { producerId: '7', control: 'abort' }),
        ...batch(6, ['after'], { producerId: '7', tx: true }),
        ...batch(7, [null], { producerId: '7', control: 'commit' }),
      ],
      [{ producerId: '7', firstOffset: '2' }],
    );
    expect(values(p)).toEqual([[0, 'committed'], [4, 'plain'], [6, 'after']]);
    expect(decodeFetchedPartition('t', 0, 0, p).next).toBe(8);
  });

  it('moves past a range that holds only markers', () => {
    const decoded = decodeFetchedPartition('t', 0, 3, partition(batch(3, [null], { producerId: '1', control: 'commit' })));
    expect(decoded).toEqual({ records: [], next: 4 });
    expect(decodeFetchedPartition('t', 0, 9, partition([]))).toEqual({ records: [], next: 9 });
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
