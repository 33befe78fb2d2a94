/**
 * Shared source readers for push queries (engine/push-feed.ts): one reader per topic however many
 * subscribe, each subscriber sees exactly what was appended after it subscribed, a failing
 * subscriber is dropped alone, and the reader stops with its last subscriber.
 */
import { describe, expect, it } from 'vitest';
import { PushFeeds } from '../../engine/push-feed.ts';
import type { Log, LogRecord, StoredRecord } from '../../runtime/log/log.ts';
import { MemoryLog } from '../../runtime/log/memory-log.ts';

const record = (n: number): LogRecord => ({ key: Buffer.from(`k${n % 3}`), value: Buffer.from(String(n)), timestamp: n, headers: [] });
const valueOf = (r: StoredRecord): number => Number(Buffer.from(r.value!).toString('utf8'));

/** Counts fetches per topic, to show how many readers there are. */
function countingLog(log: MemoryLog): { log: Log; fetches: () => number } {
  let fetches = 0;
  const counted = Object.create(log) as Log;
  counted.fetch = (...args) => {
    fetches++;
    return log.fetch(...args);
  };
  return { log: counted, fetches: () => fetches };
}

describe('push feeds', () => {
  it('reads a topic once for many subscribers, each getting what came after it subscribed', async () => {
    const memory = new MemoryLog();
    await memory.createTopic('s', { partitions: 2 });
    await memory.append('s', undefined, [record(1), record(2)]);
    const { log, fetches } = countingLog(memory);
    const feeds = new PushFeeds(log);
    const seen = Array.from({ length: 50 }, () => [] as number[]);
    const subs = await Promise.all(seen.map((list) => feeds.subscribe('s', (r) => list.push(valueOf(r)), (e) => list.push(-1, String(e).length))));
    expect(feeds.readerCounts()).toEqual(new Map([['s', 50]]));
    await memory.append('s', undefined, [record(3), record(4), record(5)]);
    await expect.poll(() => seen.every((l) => l.length === 3)).toBe(true);
    for (const list of seen) expect([...list].sort()).toEqual([3, 4, 5]);
    // 50 subscribers, one reader: a handful of fetch rounds over 2 partitions, not 50 readers' worth.
    expect(fetches()).toBeLessThan(20);

    const late: number[] = [];
    const lateSub = await feeds.subscribe('s', (r) => late.push(valueOf(r)), () => undefined);
    await memory.append('s', undefined, [record(6)]);
    await expect.poll(() => late).toEqual([6]);
    await expect.poll(() => seen[0]!.length).toBe(4);

    for (const s of [...subs, lateSub]) s.close();
    expect(feeds.readerCounts()).toEqual(new Map());
    await feeds.close();
  });

  it('drops a subscriber whose handler throws and keeps feeding the others', async () => {
    const memory = new MemoryLog();
    await memory.createTopic('s', { partitions: 1 });
    const feeds = new PushFeeds(memory);
    const good: number[] = [];
    const errors: string[] = [];
    await feeds.subscribe('s', (r) => good.push(valueOf(r)), () => undefined);
    await feeds.subscribe(
      's',
      (r) => {
        if (valueOf(r) === 2) throw new Error('bad row');
      },
      (e) => errors.push((e as Error).message),
    );
    await memory.append('s', undefined, [record(1), record(2), record(3)]);
    await expect.poll(() => good).toEqual([1, 2, 3]);
    expect(errors).toEqual(['bad row']);
    expect(feeds.readerCounts()).toEqual(new Map([['s', 1]]));
    await feeds.close();
  });

  it('tells every subscriber when the topic goes away', async () => {
    const memory = new MemoryLog();
    await memory.createTopic('s', { partitions: 1 });
    const feeds = new PushFeeds(memory);
    const errors: unknown[] = [];
    await feeds.subscribe('s', () => undefined, (e) => errors.push(e));
    await feeds.subscribe('s', () => undefined, (e) => errors.push(e));
    await memory.deleteTopic('s');
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBe(2);
    expect(feeds.readerCounts()).toEqual(new Map());
    await feeds.close();
  });
});
