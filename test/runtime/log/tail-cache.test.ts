import { describe, expect, it } from 'vitest';
import { TailCache } from '../../../runtime/log/tail-cache.ts';

const chunk = (last: number, count: number, size = 10): { last: number; count: number; data: Uint8Array } => ({ last, count, data: new Uint8Array(size) });

describe('TailCache', () => {
  it('finds the chunk holding an offset and misses offsets older than the cache', () => {
    const cache = new TailCache(1_000);
    cache.add(1, 0, chunk(9, 10));
    cache.add(1, 0, chunk(14, 5));
    cache.add(1, 0, chunk(29, 15));
    expect(cache.from(1, 0, 0)?.map((c) => c.last)).toEqual([9, 14, 29]);
    expect(cache.from(1, 0, 10)?.map((c) => c.last)).toEqual([14, 29]);
    expect(cache.from(1, 0, 15)?.map((c) => c.last)).toEqual([29]);
    expect(cache.from(1, 0, 30)).toEqual([]);
    expect(cache.from(1, 1, 0)).toBeUndefined();
    cache.dropTopic(1);
    expect(cache.from(1, 0, 10)).toBeUndefined();
  });

  it('evicts the oldest chunks across partitions when over its byte budget', () => {
    const cache = new TailCache(25);
    cache.add(1, 0, chunk(9, 10));
    cache.add(2, 0, chunk(4, 5));
    cache.add(1, 0, chunk(19, 10));
    expect(cache.from(1, 0, 0)).toBeUndefined();
    expect(cache.from(1, 0, 10)?.map((c) => c.last)).toEqual([19]);
    expect(cache.from(2, 0, 0)?.map((c) => c.last)).toEqual([4]);
  });
});
