import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, offsetOfRecordKey, prefixEnd, recordKey } from '../../../runtime/log/embedded-codec.ts';

const compare = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);

describe('embedded codec', () => {
  it('round-trips records with nulls, empty bytes and repeated headers', () => {
    const record = {
      key: new Uint8Array(),
      value: null,
      timestamp: -5,
      headers: [{ key: 'ü', value: new Uint8Array([1, 2]) }, { key: 'ü', value: null }],
    };
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
  });

  it('orders record keys by offset, beyond 32 bits too', () => {
    const offsets = [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
    const keys = offsets.map((o) => recordKey(7, 3, o));
    expect([...keys].sort(compare)).toEqual(keys);
    expect(keys.map(offsetOfRecordKey)).toEqual(offsets);
    expect(compare(recordKey(7, 3, Number.MAX_SAFE_INTEGER), recordKey(7, 4, 0))).toBeLessThan(0);
  });

  it('computes the end of a prefix range', () => {
    expect([...prefixEnd(new Uint8Array([1, 0xff, 0xff]))]).toEqual([2]);
    expect([...prefixEnd(new Uint8Array([0, 0, 0, 7]))]).toEqual([0, 0, 0, 8]);
  });
});

describe('embedded codec bytes', () => {
  it('decodes to plain Uint8Array views, not Buffers', () => {
    const decoded = decodeRecord(Buffer.from(encodeRecord({ key: new Uint8Array([1]), value: new Uint8Array([2, 3]), timestamp: 0, headers: [] })));
    expect(decoded.key?.constructor).toBe(Uint8Array);
    expect([...(decoded.value ?? [])]).toEqual([2, 3]);
  });
});
