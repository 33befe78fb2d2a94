import { describe, expect, it } from 'vitest';
import { decodeFetchedPartition, toWireMessage } from '../../../runtime/log/kafka-records.ts';
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
