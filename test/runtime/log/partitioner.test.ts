import { describe, expect, it } from 'vitest';
import { defaultPartition, murmur2, toPositive } from '../../../runtime/log/partitioner.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('murmur2', () => {
  // The vectors of Kafka's own UtilsTest.testMurmur2 (clients/src/test/.../utils/UtilsTest.java).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('matches Kafka for %s', (key, expected) => {
    expect(murmur2(bytes(key))).toBe(expected);
  });

  it('handles every tail length and the empty key', () => {
    expect([murmur2(bytes('1')), murmur2(bytes('12')), murmur2(bytes('123')), murmur2(bytes('1234'))]).toEqual([
      -1993445489, 126087238, -267702483, -1614185708,
    ]);
    expect(murmur2(new Uint8Array())).toBe(275646681);
  });
});

describe('defaultPartition', () => {
  it("matches Kafka's toPositive(murmur2(key)) % partitions", () => {
    expect(defaultPartition(bytes('foo'), 3)).toBe(2);
    expect(defaultPartition(bytes('foobar'), 4)).toBe(toPositive(-790332482) % 4);
    expect(defaultPartition(bytes('foo'), 1)).toBe(0);
  });

  it('clears the sign bit instead of taking an absolute value', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
  });
});
