import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutionError, NotFoundError } from '../../../common/errors.ts';
import type { Log, LogRecord } from '../../../runtime/log/log.ts';

/** One behavioural suite every `Log` implementation must pass. */
export interface LogFixture {
  readonly log: Log;
  dispose(): Promise<void>;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | null): string | null => (data === null ? null : new TextDecoder().decode(data));

export function record(key: string | null, value: string | null, timestamp = 0): LogRecord {
  return { key: key === null ? null : bytes(key), value: value === null ? null : bytes(value), timestamp, headers: [] };
}

/** Where an implementation knowingly differs from the contract, with the reason in its docs. */
export interface LogContractOptions {
  /**
   * False when a null header value comes back empty: kafkajs 2.2.4 cannot encode null header
   * values (see runtime/log/kafka-records.ts).
   */
  readonly nullHeaderValues?: boolean;
}

export function describeLogContract(name: string, open: () => Promise<LogFixture>, options: LogContractOptions = {}): void {
  describe(`${name} (Log contract)`, () => {
    let fixture: LogFixture;
    let log: Log;
    beforeEach(async () => {
      fixture = await open();
      log = fixture.log;
    });
    afterEach(async () => fixture.dispose());

    describe('topics', () => {
      it('creates, lists, describes and deletes topics', async () => {
        await log.createTopic('b', { partitions: 2, config: { 'cleanup.policy': 'compact' } });
        await log.createTopic('a', { partitions: 1 });
        expect((await log.listTopics()).map((t) => [t.name, t.partitions])).toEqual([['a', 1], ['b', 2]]);
        expect(await log.describeTopic('b')).toEqual({ name: 'b', partitions: 2, replicas: 1, config: { 'cleanup.policy': 'compact' } });
        await log.deleteTopic('a');
        expect(await log.describeTopic('a')).toBeUndefined();
        expect((await log.listTopics()).map((t) => t.name)).toEqual(['b']);
      });

      it('rejects an existing topic unless ifNotExists with the same partition count', async () => {
        await log.createTopic('t', { partitions: 2 });
        await expect(log.createTopic('t', { partitions: 2 })).rejects.toThrow(/already exists/);
        await expect(log.createTopic('t', { partitions: 2, ifNotExists: true })).resolves.toBeUndefined();
        await expect(log.createTopic('t', { partitions: 3, ifNotExists: true })).rejects.toThrow(/2 partitions, not 3/);
      });

      it('rejects bad names and partition counts', async () => {
        await expect(log.createTopic('bad name', { partitions: 1 })).rejects.toBeInstanceOf(ExecutionError);
        await expect(log.createTopic('..', { partitions: 1 })).rejects.toBeInstanceOf(ExecutionError);
        await expect(log.createTopic('t', { partitions: 0 })).rejects.toThrow(/at least 1/);
      });

      it('deleting an unknown topic fails unless ifExists', async () => {
        await expect(log.deleteTopic('nope')).rejects.toBeInstanceOf(NotFoundError);
        await expect(log.deleteTopic('nope', { ifExists: true })).resolves.toBeUndefined();
      });

      it('a re-created topic starts empty, without old offsets', async () => {
        await log.createTopic('t', { partitions: 1 });
        await log.append('t', 0, [record('k', 'v')]);
        await log.commitOffsets('g', [{ topic: 't', partition: 0, offset: 1 }]);
        await log.deleteTopic('t');
        await log.createTopic('t', { partitions: 1 });
        expect(await log.endOffset('t', 0)).toBe(0);
        expect(await log.fetch('t', 0, 0, 10)).toEqual([]);
        expect(await log.committedOffset('g', 't', 0)).toBeUndefined();
      });
    });

    describe('append and fetch', () => {
      beforeEach(async () => log.createTopic('t', { partitions: 2 }));

      it('numbers records per partition from 0 and fetches them in order', async () => {
        expect(await log.append('t', 0, [record('a', '1'), record('b', '2')])).toEqual([
          { partition: 0, offset: 0 },
          { partition: 0, offset: 1 },
        ]);
        expect(await log.append('t', 1, [record('c', '3')])).toEqual([{ partition: 1, offset: 0 }]);
        expect(await log.append('t', 0, [record('d', '4')])).toEqual([{ partition: 0, offset: 2 }]);
        expect(await log.endOffset('t', 0)).toBe(3);
        expect(await log.endOffset('t', 1)).toBe(1);
        const fetched = await log.fetch('t', 0, 1, 10);
        expect(fetched.map((r) => [r.offset, text(r.key), text(r.value)])).toEqual([[1, 'b', '2'], [2, 'd', '4']]);
        expect((await log.fetch('t', 0, 0, 2)).map((r) => r.offset)).toEqual([0, 1]);
        expect(await log.fetch('t', 0, 3, 10)).toEqual([]);
        expect(await log.fetch('t', 0, 99, 10)).toEqual([]);
      });

      it('keeps every field: null key and value, timestamp, headers', async () => {
        const headers = [{ key: 'h', value: bytes('x') }, { key: 'h', value: null }];
        await log.append('t', 1, [{ key: null, value: null, timestamp: 1_700_000_000_123, headers }]);
        const [stored] = await log.fetch('t', 1, 0, 1);
        expect(stored).toMatchObject({ topic: 't', partition: 1, offset: 0, key: null, value: null, timestamp: 1_700_000_000_123 });
        const nullHeader = options.nullHeaderValues === false ? '' : null;
        expect(stored?.headers.map((h) => [h.key, text(h.value)])).toEqual([['h', 'x'], ['h', nullHeader]]);
      });

      it('fails on unknown topics and partitions', async () => {
        await expect(log.append('nope', 0, [record('k', 'v')])).rejects.toBeInstanceOf(NotFoundError);
        await expect(log.append('t', 2, [record('k', 'v')])).rejects.toThrow(/partitions 0 to 1/);
        await expect(log.fetch('t', 5, 0, 1)).rejects.toBeInstanceOf(NotFoundError);
        await expect(log.endOffset('nope', 0)).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('partitioning', () => {
      it("places keys with Kafka's murmur2 partitioner", async () => {
        await log.createTopic('t3', { partitions: 3 });
        // Kafka: toPositive(murmur2("foo")) % 3 = 597841616 % 3 = 2; "21" → 0; "abc" → 0.
        const placed = await log.append('t3', undefined, [record('foo', '1'), record('21', '2'), record('abc', '3'), record('foo', '4')]);
        expect(placed.map((p) => p.partition)).toEqual([2, 0, 0, 2]);
        expect(placed.map((p) => p.offset)).toEqual([0, 0, 1, 1]);
      });

      it('spreads null keys round-robin from partition 0', async () => {
        await log.createTopic('t3', { partitions: 3 });
        const placed = await log.append('t3', undefined, [record(null, 'a'), record(null, 'b'), record(null, 'c'), record(null, 'd')]);
        expect(placed.map((p) => p.partition)).toEqual([0, 1, 2, 0]);
      });
    });

    describe('committed offsets', () => {
      beforeEach(async () => log.createTopic('t', { partitions: 2 }));

      it('stores offsets per group and partition', async () => {
        expect(await log.committedOffset('g', 't', 0)).toBeUndefined();
        await log.commitOffsets('g', [{ topic: 't', partition: 0, offset: 5 }, { topic: 't', partition: 1, offset: 2 }]);
        await log.commitOffsets('g', [{ topic: 't', partition: 0, offset: 7 }]);
        await log.commitOffsets('other', [{ topic: 't', partition: 0, offset: 1 }]);
        expect(await log.committedOffset('g', 't', 0)).toBe(7);
        expect(await log.committedOffset('g', 't', 1)).toBe(2);
        expect(await log.committedOffset('other', 't', 0)).toBe(1);
        expect(await log.committedOffset('other', 't', 1)).toBeUndefined();
      });

      it('rejects offsets for unknown partitions and negative offsets', async () => {
        await expect(log.commitOffsets('g', [{ topic: 't', partition: 9, offset: 0 }])).rejects.toBeInstanceOf(NotFoundError);
        await expect(log.commitOffsets('g', [{ topic: 't', partition: 0, offset: -1 }])).rejects.toBeInstanceOf(ExecutionError);
      });
    });

    describe('waitForData', () => {
      beforeEach(async () => log.createTopic('t', { partitions: 2 }));

      it('resolves at once when the offset already exists', async () => {
        await log.append('t', 0, [record('k', 'v')]);
        expect(await log.waitForData('t', 0, 0)).toBe(true);
      });

      it('resolves when a record arrives on that partition', async () => {
        let done = false;
        const waiting = log.waitForData('t', 1, 0).then((ready) => ((done = true), ready));
        await log.append('t', 0, [record('k', 'v')]);
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(done).toBe(false);
        await log.append('t', 1, [record('k', 'v')]);
        expect(await waiting).toBe(true);
      });

      it('resolves false on timeout, abort and topic deletion', async () => {
        expect(await log.waitForData('t', 0, 0, { timeoutMs: 5 })).toBe(false);
        const controller = new AbortController();
        const aborted = log.waitForData('t', 0, 0, { signal: controller.signal });
        controller.abort();
        expect(await aborted).toBe(false);
        const deleted = log.waitForData('t', 0, 0);
        await log.deleteTopic('t');
        expect(await deleted).toBe(false);
      });

      it('resolves false when the log closes', async () => {
        const closing = log.waitForData('t', 0, 0);
        await log.close();
        expect(await closing).toBe(false);
      });
    });
  });
}
