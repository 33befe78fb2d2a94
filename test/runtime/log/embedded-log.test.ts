import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Level } from 'level';
import { NotFoundError } from '../../../common/errors.ts';
import { EmbeddedLog } from '../../../runtime/log/embedded-log.ts';
import { describeLogContract, record } from './log-contract.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | null | undefined): string | undefined => (data ? new TextDecoder().decode(data) : undefined);

describeLogContract('EmbeddedLog', async () => {
  const log = await EmbeddedLog.open(freshDir());
  return { log, dispose: () => log.close() };
});

describe('EmbeddedLog durability', () => {
  it('recovers topics, records, end offsets and committed offsets after reopening', async () => {
    const dir = freshDir();
    const first = await EmbeddedLog.open(dir);
    await first.createTopic('orders', { partitions: 2, config: { 'retention.ms': '-1' } });
    await first.createTopic('gone', { partitions: 1 });
    await first.append('orders', 1, [record('a', '1', 10), record('b', '2', 20)]);
    await first.append('gone', 0, [record('x', 'y')]);
    await first.commitOffsets('q1', [{ topic: 'orders', partition: 1, offset: 2 }]);
    await first.deleteTopic('gone');
    await first.close();

    const second = await EmbeddedLog.open(dir);
    expect(await second.listTopics()).toEqual([{ name: 'orders', partitions: 2, replicas: 1, config: { 'retention.ms': '-1' } }]);
    expect(await second.endOffset('orders', 0)).toBe(0);
    expect(await second.endOffset('orders', 1)).toBe(2);
    const fetched = await second.fetch('orders', 1, 0, 10);
    expect(fetched.map((r) => [r.offset, text(r.key), text(r.value), r.timestamp])).toEqual([[0, 'a', '1', 10], [1, 'b', '2', 20]]);
    expect(await second.committedOffset('q1', 'orders', 1)).toBe(2);
    expect(await second.append('orders', 1, [record('c', '3')])).toEqual([{ partition: 1, offset: 2 }]);
    // A topic re-created after deletion and restart must not see the old topic's records.
    await second.createTopic('gone', { partitions: 1 });
    expect(await second.endOffset('gone', 0)).toBe(0);
    await second.close();

    const third = await EmbeddedLog.open(dir);
    expect(await third.endOffset('orders', 1)).toBe(3);
    expect(await third.endOffset('gone', 0)).toBe(0);
    await third.close();
  });

  it('rejects use after close', async () => {
    const log = await EmbeddedLog.open(freshDir());
    await log.createTopic('t', { partitions: 1 });
    await log.close();
    await expect(log.append('t', 0, [record('k', 'v')])).rejects.toThrow(/closed/);
    await expect(log.fetch('t', 0, 0, 1)).rejects.toThrow(/closed/);
  });

  it('reads the same records from the tail cache and, after reopening, from LevelDB chunks', async () => {
    const dir = freshDir();
    const first = await EmbeddedLog.open(dir);
    await first.createTopic('t', { partitions: 1 });
    // 3,000 records: chunks of CHUNK_RECORDS from one append, then small appends of 7 each.
    await first.append('t', 0, Array.from({ length: 2_300 }, (_, i) => ({ ...record(`k${i}`, `v${i}`, i), headers: i % 500 === 0 ? [{ key: 'h', value: bytes(`${i}`) }] : [] })));
    for (let i = 2_300; i < 3_000; i += 7) await first.append('t', 0, Array.from({ length: 7 }, (_, j) => record(`k${i + j}`, `v${i + j}`, i + j)));
    const read = async (log: EmbeddedLog, from: number, max: number): Promise<string[]> =>
      (await log.fetch('t', 0, from, max)).map((r) => `${r.offset}:${text(r.key)}:${text(r.value)}:${r.timestamp}:${r.headers.map((h) => `${h.key}=${text(h.value)}`).join()}`);
    const windows = [[0, 10], [1_020, 10], [1_023, 1_100], [2_047, 2], [2_299, 3], [2_995, 100], [3_000, 5]] as const;
    const warm = await Promise.all(windows.map(([from, max]) => read(first, from, max)));
    expect(warm[1]![0]).toBe('1020:k1020:v1020:1020:');
    expect(warm[2]).toHaveLength(1_100);
    expect(warm[2]![977]).toBe('2000:k2000:v2000:2000:h=2000');
    expect(warm[5]).toHaveLength(5);
    expect(warm[6]).toEqual([]);
    await first.close();
    const second = await EmbeddedLog.open(dir);
    expect(await second.endOffset('t', 0)).toBe(3_000);
    expect(await Promise.all(windows.map(([from, max]) => read(second, from, max)))).toEqual(warm);
    await second.close();
  });

  it('refuses a directory written with another storage layout', async () => {
    const dir = freshDir();
    const old = new Level<string, string>(dir);
    await old.sublevel('~log.topics').put('t', '{"id":1,"name":"t","partitions":1,"replicas":1,"config":{}}');
    await old.close();
    await expect(EmbeddedLog.open(dir)).rejects.toThrow(/storage layout 1/);
  });
});

describe('EmbeddedLog.writeBatch', () => {
  it('commits appends, source offsets and keyspace ops together, durably', async () => {
    const dir = freshDir();
    const log = await EmbeddedLog.open(dir);
    await log.createTopic('in', { partitions: 1 });
    await log.createTopic('out', { partitions: 2 });
    const state = log.keyspace('store-1');
    await state.put(bytes('stale'), bytes('x'));
    const results = await log.writeBatch({
      appends: [{ topic: 'out', records: [record('foo', 'v1')] }, { topic: 'out', partition: 0, records: [record(null, 'v2')] }],
      commits: [{ group: 'CSAS_1', offsets: [{ topic: 'in', partition: 0, offset: 42 }] }],
      ops: [
        { type: 'put', keyspace: state, key: bytes('count'), value: bytes('7') },
        { type: 'del', keyspace: state, key: bytes('stale') },
      ],
    });
    expect(results).toEqual([[{ partition: 0, offset: 0 }], [{ partition: 0, offset: 1 }]]);
    await log.close();

    const reopened = await EmbeddedLog.open(dir);
    const store = reopened.keyspace('store-1');
    expect(text(await store.get(bytes('count')))).toBe('7');
    expect(await store.get(bytes('stale'))).toBeUndefined();
    expect(await reopened.committedOffset('CSAS_1', 'in', 0)).toBe(42);
    expect(await reopened.endOffset('out', 0)).toBe(2);
    await reopened.close();
  });

  it('writes nothing when any part of the batch is invalid', async () => {
    const log = await EmbeddedLog.open(freshDir());
    await log.createTopic('out', { partitions: 1 });
    const state = log.keyspace('store');
    const failing = log.writeBatch({
      appends: [{ topic: 'out', records: [record('k', 'v')] }],
      commits: [{ group: 'g', offsets: [{ topic: 'missing', partition: 0, offset: 1 }] }],
      ops: [{ type: 'put', keyspace: state, key: bytes('k'), value: bytes('v') }],
    });
    await expect(failing).rejects.toBeInstanceOf(NotFoundError);
    expect(await log.endOffset('out', 0)).toBe(0);
    expect(await log.fetch('out', 0, 0, 10)).toEqual([]);
    expect(await state.get(bytes('k'))).toBeUndefined();
    // The queue keeps going after a failed batch.
    expect(await log.append('out', 0, [record('k', 'v')])).toEqual([{ partition: 0, offset: 0 }]);
    await log.close();
  });

  it('keeps offsets gap-free under concurrent appends', async () => {
    const log = await EmbeddedLog.open(freshDir());
    await log.createTopic('t', { partitions: 1 });
    const writes = Array.from({ length: 20 }, (_, i) => log.append('t', 0, [record(`k${i}`, 'a'), record(`k${i}`, 'b')]));
    const offsets = (await Promise.all(writes)).flat().map((r) => r.offset).sort((a, b) => a - b);
    expect(offsets).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect((await log.fetch('t', 0, 0, 100)).length).toBe(40);
    await log.close();
  });

  it("reserves keyspace names starting with '~'", async () => {
    const log = await EmbeddedLog.open(freshDir());
    expect(() => log.keyspace('~log.records')).toThrow(/reserved/);
    await log.close();
  });
});
