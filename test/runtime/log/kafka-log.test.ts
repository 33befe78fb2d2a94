/**
 * KafkaLog against a real broker: the shared `Log` contract, then what only Kafka has: records
 * written by other Kafka clients, their partitioner, transactions, batches larger than a fetch.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CompressionTypes, Kafka, logLevel, type Producer } from 'kafkajs';
import { ExecutionError } from '../../../common/errors.ts';
import { KafkaLog } from '../../../runtime/log/kafka-log.ts';
import { defaultPartition } from '../../../runtime/log/partitioner.ts';
import { describeLogContract, record } from './log-contract.ts';
import { describeKafka, kafkaBootstrap, PrefixedLog, uniquePrefix } from '../../kafka/kafka-test-env.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | null): string | null => (data === null ? null : new TextDecoder().decode(data));

/** Tests' own topics, deleted at the end through a log that outlives them. */
let janitor: KafkaLog | undefined;
const prefixes: string[] = [];

async function openLog(): Promise<PrefixedLog> {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  return new PrefixedLog(await KafkaLog.connect({ bootstrapServers: kafkaBootstrap, clientId: 'tributary-test' }), prefix);
}

describeKafka('KafkaLog', () => {
  beforeAll(async () => {
    janitor = await KafkaLog.connect({ bootstrapServers: kafkaBootstrap, clientId: 'tributary-test-janitor' });
  });
  afterAll(async () => {
    if (!janitor) return;
    const mine = (await janitor.listTopics()).filter((t) => prefixes.some((p) => t.name.startsWith(p)));
    for (const t of mine) await janitor.deleteTopic(t.name, { ifExists: true });
    await janitor.close();
  });

  describeLogContract('KafkaLog', async () => {
    const log = await openLog();
    return { log, dispose: () => log.close() };
  }, { nullHeaderValues: false });

  describeKafka('with other Kafka clients', () => {
    let log: PrefixedLog;
    let kafka: Kafka;
    let producer: Producer;
    beforeAll(async () => {
      log = await openLog();
      kafka = new Kafka({ clientId: 'tributary-test-peer', brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING });
      producer = kafka.producer();
      await producer.connect();
    });
    afterAll(async () => {
      await producer?.disconnect();
      await log?.close();
    });

    it("agrees with kafkajs's default (Java-compatible) partitioner", async () => {
      await log.createTopic('keys', { partitions: 7 });
      const keys = Array.from({ length: 60 }, (_, i) => `key-${i * 7919}`);
      await producer.send({ topic: log.prefix + 'keys', messages: keys.map((k) => ({ key: k, value: 'v' })) });
      const placedByKafkajs = new Map<string, number>();
      for (let p = 0; p < 7; p++) {
        for (const r of await log.fetch('keys', p, 0, 1000)) placedByKafkajs.set(text(r.key)!, p);
      }
      const placed = await log.append('keys', undefined, keys.map((k) => record(k, 'w')));
      expect(placed.map((p) => p.partition)).toEqual(keys.map((k) => placedByKafkajs.get(k)));
      expect(placed.map((p) => p.partition)).toEqual(keys.map((k) => defaultPartition(bytes(k), 7)));
    });

    it('reads what a kafkajs producer wrote: keys, null values, headers, timestamps', async () => {
      await log.createTopic('peer', { partitions: 1 });
      await producer.send({
        topic: log.prefix + 'peer',
        messages: [
          { key: 'a', value: 'x', timestamp: '5', headers: { h1: 'one', h2: ['two', 'three'] } },
          { key: null, value: null, timestamp: '1700000000000' },
        ],
      });
      const [first, second] = await log.fetch('peer', 0, 0, 10);
      expect(first).toMatchObject({ topic: 'peer', partition: 0, offset: 0, timestamp: 5 });
      expect(first!.headers.map((h) => [h.key, text(h.value)])).toEqual([['h1', 'one'], ['h2', 'two'], ['h2', 'three']]);
      expect(second).toMatchObject({ offset: 1, key: null, value: null, timestamp: 1_700_000_000_000 });
    });

    it('reads gzip-compressed batches, and the broker\'s time on a LogAppendTime topic', async () => {
      await log.createTopic('gzip', { partitions: 1 });
      const values = Array.from({ length: 300 }, (_, i) => `compressed-${i}`);
      await producer.send({
        topic: log.prefix + 'gzip',
        compression: CompressionTypes.GZIP,
        messages: values.map((v, i) => ({ key: `k${i % 5}`, value: v, timestamp: String(1_000 + i), headers: i === 7 ? { h: 'x' } : {} })),
      });
      const read = await log.fetch('gzip', 0, 0, 1000);
      expect(read.map((r) => text(r.value))).toEqual(values);
      expect(read.map((r) => r.offset)).toEqual(values.map((_, i) => i));
      expect(read[7]!.headers.map((h) => [h.key, text(h.value)])).toEqual([['h', 'x']]);
      expect(read[299]).toMatchObject({ timestamp: 1_299, key: expect.anything() });
      // From the middle of a compressed batch.
      expect((await log.fetch('gzip', 0, 250, 2)).map((r) => text(r.value))).toEqual(['compressed-250', 'compressed-251']);

      await log.createTopic('appended', { partitions: 1, config: { 'message.timestamp.type': 'LogAppendTime' } });
      const before = Date.now();
      await log.append('appended', 0, [record('k', 'v', 5)]);
      const [stamped] = await log.fetch('appended', 0, 0, 10);
      expect(stamped!.timestamp).toBeGreaterThanOrEqual(before - 1_000);
    });

    it('keeps mixed timestamps exact, including 0', async () => {
      await log.createTopic('times', { partitions: 1 });
      const times = [5, 100, 0, 1_700_000_000_123, 99];
      await log.append('times', 0, times.map((t) => record('k', 'v', t)));
      expect((await log.fetch('times', 0, 0, 10)).map((r) => r.timestamp)).toEqual(times);
    });

    it('serves a batch larger than one fetch in order, a slice at a time', async () => {
      await log.createTopic('big', { partitions: 1 });
      const values = Array.from({ length: 2500 }, (_, i) => `value-${i}`);
      await log.append('big', 0, values.map((v) => record(null, v)));
      const seen: string[] = [];
      for (let offset = 0; ; ) {
        const batch = await log.fetch('big', 0, offset, 300);
        if (batch.length === 0) break;
        expect(batch.length).toBeLessThanOrEqual(300);
        seen.push(...batch.map((r) => text(r.value)!));
        offset = batch[batch.length - 1]!.offset + 1;
      }
      expect(seen).toEqual(values);
      // Random access into the middle of a cached range.
      expect((await log.fetch('big', 0, 1234, 2)).map((r) => text(r.value))).toEqual(['value-1234', 'value-1235']);
    });

    it('hides aborted transactions and steps over transaction markers', async () => {
      await log.createTopic('tx', { partitions: 1 });
      const tp = kafka.producer({ transactionalId: `${log.prefix}tx`, idempotent: true, maxInFlightRequests: 1 });
      await tp.connect();
      try {
        for (const [value, commit] of [['one', true], ['aborted', false], ['two', true]] as const) {
          const tx = await tp.transaction();
          await tx.send({ topic: log.prefix + 'tx', messages: [{ key: 'k', value }] });
          await (commit ? tx.commit() : tx.abort());
        }
      } finally {
        await tp.disconnect();
      }
      // Offsets: one 0, marker 1, aborted 2, marker 3, two 4, marker 5. A commit returns before
      // its markers are written, so wait until the last one is stable.
      for (let tries = 0; (await log.endOffset('tx', 0)) < 6 && tries < 100; tries++) await new Promise((r) => setTimeout(r, 50));
      const records = await log.fetch('tx', 0, 0, 10);
      expect(records.map((r) => [r.offset, text(r.value)])).toEqual([[0, 'one'], [4, 'two']]);
      expect((await log.fetch('tx', 0, 1, 10)).map((r) => r.offset)).toEqual([4]);
      expect(await log.endOffset('tx', 0)).toBe(6);
      expect(await log.fetch('tx', 0, 5, 10)).toEqual([]);
      // Nothing readable after offset 4: a reader waiting at 5 is not woken by the marker.
      expect(await log.waitForData('tx', 0, 5, { timeoutMs: 300 })).toBe(false);
    });

    it('wakes a waiter when another client appends', async () => {
      await log.createTopic('tail', { partitions: 2 });
      const started = Date.now();
      const waiting = log.waitForData('tail', 1, 0, { timeoutMs: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await producer.send({ topic: log.prefix + 'tail', messages: [{ partition: 1, key: 'k', value: 'v' }] });
      expect(await waiting).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('commits offsets other Kafka clients read back, and reads theirs', async () => {
      await log.createTopic('offsets', { partitions: 2 });
      await log.commitOffsets('group', [{ topic: 'offsets', partition: 1, offset: 42 }]);
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [fetched] = await admin.fetchOffsets({ groupId: log.prefix + 'group', topics: [log.prefix + 'offsets'] });
        expect(fetched?.partitions.find((p) => p.partition === 1)?.offset).toBe('42');
      } finally {
        await admin.disconnect();
      }
    });

    it('hides Kafka\'s internal topics from listTopics', async () => {
      const all = await (log.inner as KafkaLog).listTopics();
      expect(all.some((t) => t.name.startsWith('__'))).toBe(false);
    });

    it('reports replicas and refuses more replicas than brokers', async () => {
      await log.createTopic('replicated', { partitions: 1, replicas: 1 });
      expect((await log.describeTopic('replicated'))?.replicas).toBe(1);
      await expect(log.createTopic('too-many', { partitions: 1, replicas: 3 })).rejects.toThrow(/replication factor|replicas/i);
    });
  });

  it('reads on from the log start past records deleted before they were read, and says so once', async () => {
    const warnings: string[] = [];
    const kafkaLog = await KafkaLog.connect({ bootstrapServers: kafkaBootstrap, clientId: 'tributary-test-deleted', logWriter: (line) => warnings.push(line) });
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const admin = new Kafka({ clientId: 'tributary-test-deleter', brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const deleteBefore = async (topic: string, offset: number): Promise<void> => {
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: String(offset) }] });
    };
    try {
      // Retention (or DeleteRecords) moves the log start past records no reader has read yet.
      const some = `${prefix}some-deleted`;
      await kafkaLog.createTopic(some, { partitions: 1 });
      await kafkaLog.append(some, 0, Array.from({ length: 10 }, (_, i) => record('k', `v${i}`)));
      await deleteBefore(some, 4);
      expect((await kafkaLog.fetch(some, 0, 0, 100)).map((r) => r.offset)).toEqual([4, 5, 6, 7, 8, 9]);
      expect((await kafkaLog.fetch(some, 0, 2, 3)).map((r) => r.offset)).toEqual([4, 5, 6]);
      expect(warnings.filter((w) => w.includes(some))).toEqual([`Kafka deleted records 0..3 of ${some}-0 (retention or DeleteRecords) before they were read; reading on from offset 4.`]);

      // Everything deleted: nothing to read and nothing to wait for until a record comes.
      const all = `${prefix}all-deleted`;
      await kafkaLog.createTopic(all, { partitions: 1 });
      await kafkaLog.append(all, 0, Array.from({ length: 5 }, (_, i) => record('k', `v${i}`)));
      await deleteBefore(all, 5);
      expect(await kafkaLog.fetch(all, 0, 1, 100)).toEqual([]);
      expect(await kafkaLog.waitForData(all, 0, 1, { timeoutMs: 300 })).toBe(false);
      await kafkaLog.append(all, 0, [record('k', 'after')]);
      expect(await kafkaLog.waitForData(all, 0, 1, { timeoutMs: 5_000 })).toBe(true);
      expect((await kafkaLog.fetch(all, 0, 1, 100)).map((r) => [r.offset, text(r.value)])).toEqual([[5, 'after']]);
    } finally {
      await admin.disconnect();
      await kafkaLog.close();
    }
  });

  it('writes records and group offsets in one transaction, or neither when it fails', async () => {
    const kafkaLog = await KafkaLog.connect({ bootstrapServers: kafkaBootstrap, clientId: 'tributary-test-txn' });
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const out = `${prefix}out`;
    const src = `${prefix}src`;
    const group = `${prefix}group`;
    try {
      await kafkaLog.createTopic(out, { partitions: 2 });
      await kafkaLog.createTopic(src, { partitions: 1 });
      const writer = await kafkaLog.transactionalWriter!(`${prefix}txn`);
      const landed = await writer.write({
        appends: [{ topic: out, records: [record('a', '1'), record('b', '2'), record('a', '3')] }],
        commits: [{ group, offsets: [{ topic: src, partition: 0, offset: 7 }] }],
      });
      expect(landed[0]!.map((r) => r.partition)).toEqual([defaultPartition(bytes('a'), 2), defaultPartition(bytes('b'), 2), defaultPartition(bytes('a'), 2)]);
      // Offsets and records of a transaction become visible once its markers are written, just
      // after the commit returns.
      for (let i = 0; i < 100 && (await kafkaLog.committedOffset(group, src, 0)) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await kafkaLog.committedOffset(group, src, 0)).toBe(7);
      const pa = defaultPartition(bytes('a'), 2);
      const inPa = ['1', '2', '3'].filter((_, i) => landed[0]![i]!.partition === pa);
      for (let i = 0; i < 100 && (await kafkaLog.fetch(out, pa, 0, 10)).length < inPa.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await kafkaLog.fetch(out, pa, 0, 10)).map((r) => text(r.value))).toEqual(inPa);
      expect((await kafkaLog.fetch(out, pa, 0, 10)).map((r) => r.offset)).toEqual(landed[0]!.filter((r) => r.partition === pa).map((r) => r.offset));

      // A write that fails (here: an unknown topic) commits neither its records nor its offsets.
      await expect(
        writer.write({
          appends: [{ topic: out, records: [record('a', 'lost')] }, { topic: `${prefix}missing`, records: [record('x', 'y')] }],
          commits: [{ group, offsets: [{ topic: src, partition: 0, offset: 9 }] }],
        }),
      ).rejects.toThrow();
      expect(await kafkaLog.committedOffset(group, src, 0)).toBe(7);
      await new Promise((r) => setTimeout(r, 200));
      expect((await kafkaLog.fetch(out, pa, 0, 10)).map((r) => text(r.value))).toEqual(inPa);
      await writer.close();
    } finally {
      await kafkaLog.close();
    }
  });

  it('says where it could not connect', async () => {
    const error = await KafkaLog.connect({ bootstrapServers: '127.0.0.1:1', logWriter: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionError);
    expect((error as Error).message).toMatch(/Could not connect to Kafka at 127\.0\.0\.1:1/);
  }, 30_000);
});
