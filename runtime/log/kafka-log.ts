import { Kafka, Partitioners, type Admin, type IHeaders, type Message } from 'kafkajs';
import { ExecutionError, NotFoundError, TributaryError } from '../../common/errors.ts';
import type {
  AppendResult,
  CreateTopicOptions,
  DeleteTopicOptions,
  Log,
  LogRecord,
  StoredRecord,
  TopicDescription,
  TopicPartitionOffset,
  TransactionalWriter,
  WaitOptions,
} from './log.ts';
import { decodeRecordSet, encodeRecordBatch, toWireMessage } from './kafka-records.ts';
import { quietKafkaLogger } from './kafka-logger.ts';
import { READ_COMMITTED, fetchRaw, openCluster, produceEncoded, type RawFetchedPartition, type WireBroker, type WireCluster, type WireGroupBroker } from './kafka-wire.ts';
import { TailNotifier } from './tail-notifier.ts';
import { checkOffset, checkPartition, choosePartition, newTopicDescription, onExistingTopic, unknownTopic, type PartitionCursor } from './topic-rules.ts';

/**
 * The `Log` over Apache Kafka, through kafkajs.
 *
 * - Topic management (create, delete, describe configs) uses kafkajs's admin client.
 * - Records move through plain protocol requests on kafkajs `Cluster`s (see kafka-wire.ts for
 *   why): `append` sends one Produce request per partition leader with the partition already
 *   chosen by `topic-rules.ts`, so keys land where Java clients put them (murmur2) and null keys
 *   go round-robin as on the other logs, each partition's record batch encoded here
 *   (`encodeRecordBatch`, a few times cheaper than kafkajs's encoder); `fetch` sends one Fetch
 *   request for exactly the partition and offset asked for, which no kafkajs consumer can do
 *   without joining a group.
 *   Fetch reads at read_committed, so records of aborted or still open transactions are never
 *   seen, and `endOffset` is the last stable offset (the high watermark when no transaction is
 *   open).
 * - A Fetch returns whole batches, often more records than asked for; the rest is kept per
 *   partition (`ReadAhead`) and served to the next call that continues from there, so a reader
 *   taking 500 records at a time out of one 10,000-record batch fetches it once, not 20 times.
 *   The same entry remembers offsets that hold no readable record (transaction markers, aborted
 *   records): Kafka offsets have such gaps, and a reader that asks for one is moved past it.
 *   Records deleted before they were read (retention, DeleteRecords) are such a gap too: a read
 *   below the partition's log start goes on from there, with a warning that names what was lost,
 *   rather than finding nothing forever.
 * - Group offsets are committed with a standalone OffsetCommit to the group coordinator (no
 *   member id, generation -1), as a Java consumer with manually assigned partitions does, and
 *   read back with OffsetFetch. A group with running members refuses such commits. Each group's
 *   coordinator is looked up once and remembered until a request to it fails.
 * - `waitForData` long-polls: one Fetch at the known end of every waited partition, on its own
 *   connection (a broker answers one request per connection at a time, so a parked poll must
 *   not hold up fetches), returning as soon as any of them grows or after `tailPollMs`.
 *   Appends made through this log wake their waiters at once.
 *
 * Delivery is at least once: a Produce that fails after the broker wrote it is retried.
 */

export interface KafkaLogOptions {
  /** `host:port`, several separated by commas, or a list. */
  readonly bootstrapServers: string | readonly string[];
  readonly clientId?: string;
  /** Where the Kafka client's warnings go (stderr by default, each distinct message once). */
  readonly logWriter?: (line: string) => void;
  /** Bytes one Fetch asks for per partition (default 1 MiB, as the Java consumer's max.partition.fetch.bytes; a larger first batch still comes whole). */
  readonly fetchMaxBytes?: number;
  /** How long one `waitForData` poll may park at the broker, in ms (default 500). */
  readonly tailPollMs?: number;
}

/** What the log knows of a topic's layout, refreshed after `METADATA_MAX_AGE_MS` or an error. */
interface TopicMeta extends PartitionCursor {
  readonly leaders: readonly number[];
  readonly at: number;
}

/** Readable records of one partition known for offsets `[start, end)`, in offset order. */
interface ReadAhead {
  readonly start: number;
  readonly end: number;
  readonly records: readonly StoredRecord[];
}

const METADATA_MAX_AGE_MS = 30_000;
/** ListOffsets' special timestamps: the end of a partition, and its first offset still held. */
const LATEST = -1;
const EARLIEST = -2;
const MAX_READ_AHEAD_PARTITIONS = 128;
const MAX_KNOWN_COORDINATORS = 1024;
const RETRIABLE = new Set([
  'NOT_LEADER_FOR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'REQUEST_TIMED_OUT',
  'NOT_ENOUGH_REPLICAS',
]);

export class KafkaLog implements Log {
  private readonly meta = new Map<string, TopicMeta>();
  private readonly readAhead = new Map<string, ReadAhead>();
  /** Node id of each group's coordinator, as last found. */
  private readonly coordinators = new Map<string, number>();
  /** Known end offset (last stable offset) per `topic\0partition`, for waiters. */
  private readonly ends = new Map<string, number>();
  /** Partitions with waiters, counted. */
  private readonly waited = new Map<string, { topic: string; partition: number; count: number }>();
  /** What `warnOnce` has said, so readers that share a partition say it once. */
  private readonly warned = new Set<string>();
  /** Topics deleted while someone waited on them. */
  private readonly deleted = new Set<string>();
  private readonly tails = new TailNotifier();
  private tailCluster: WireCluster | undefined;
  private polling = false;
  private closed = false;

  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly data: WireCluster,
    private readonly bootstrap: string,
    private readonly fetchMaxBytes: number,
    private readonly tailPollMs: number,
    private readonly lifecycle: { closed: boolean },
    private readonly warn: (line: string) => void,
  ) {}

  /** Connects to the cluster; fails with an ExecutionError that names the address when it cannot. */
  static async connect(options: KafkaLogOptions): Promise<KafkaLog> {
    const brokers = (typeof options.bootstrapServers === 'string' ? options.bootstrapServers.split(',') : [...options.bootstrapServers])
      .map((b) => b.trim())
      .filter((b) => b !== '');
    if (brokers.length === 0) throw new ExecutionError('No Kafka bootstrap servers given: pass host:port, e.g. localhost:9092.');
    const bootstrap = brokers.join(',');
    const lifecycle = { closed: false };
    // After close() nothing is reported: torn-down connections complain ("write after end").
    const warn = (line: string): void => {
      if (!lifecycle.closed) (options.logWriter ?? writeStderr)(line);
    };
    const kafka = new Kafka({
      clientId: options.clientId ?? 'tributary',
      brokers,
      logCreator: quietKafkaLogger(warn),
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    const admin = kafka.admin();
    const data = openCluster(kafka);
    try {
      await admin.connect();
      await data.connect();
      await retrying(() => data.refreshMetadata());
    } catch (e) {
      await Promise.allSettled([admin.disconnect(), data.disconnect()]);
      throw new ExecutionError(
        `Could not connect to Kafka at ${bootstrap}: ${kafkaMessage(e)}. Check that a broker is running there and reachable from this machine.`,
      );
    }
    return new KafkaLog(kafka, admin, data, bootstrap, options.fetchMaxBytes ?? 1024 * 1024, options.tailPollMs ?? 500, lifecycle, warn);
  }

  async createTopic(name: string, options: CreateTopicOptions): Promise<void> {
    this.checkOpen();
    const description = newTopicDescription(name, options);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const created = await this.call(`Could not create topic '${name}'`, () =>
        this.admin.createTopics({
          topics: [
            {
              topic: name,
              numPartitions: description.partitions,
              // -1 asks for the broker's default.replication.factor.
              replicationFactor: options.replicas ?? -1,
              configEntries: Object.entries(description.config).map(([k, v]) => ({ name: k, value: v })),
            },
          ],
          waitForLeaders: true,
          timeout: 15_000,
        }),
      );
      if (created) break;
      const existing = await this.describeTopic(name);
      if (existing) {
        onExistingTopic(existing, options);
        return;
      }
      // Kafka still finishes deleting an older topic of that name.
      if (Date.now() > deadline) {
        throw new ExecutionError(`Could not create topic '${name}': Kafka still reports an older topic of that name as being deleted. Try again shortly.`);
      }
      await sleep(100);
    }
    this.forgetTopic(name);
    this.deleted.delete(name);
  }

  async deleteTopic(name: string, options: DeleteTopicOptions = {}): Promise<void> {
    this.checkOpen();
    // Asked first: kafkajs retries a delete of an unknown topic for seconds before giving up.
    if (!(await this.topicExists(name))) {
      if (options.ifExists) return;
      throw unknownTopic(name);
    }
    try {
      await this.admin.deleteTopics({ topics: [name], timeout: 15_000 });
    } catch (e) {
      if (kafkaErrorType(e) === 'UNKNOWN_TOPIC_OR_PARTITION') {
        if (options.ifExists) return;
        throw unknownTopic(name);
      }
      throw this.mapError(e, `Could not delete topic '${name}'`);
    }
    // Deletion completes asynchronously; wait until metadata no longer shows the topic so a
    // create of the same name right after does not meet the old one.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await this.topicExists(name))) await sleep(50);
    this.forgetTopic(name);
    this.deleted.add(name);
    this.tails.notifyTopic(name);
  }

  async listTopics(): Promise<TopicDescription[]> {
    this.checkOpen();
    const metadata = await this.call('Could not list topics', () => retrying(async () => (await this.anyBroker()).metadata([])));
    const topics = metadata.topicMetadata.filter((t) => !t.topic.startsWith('__'));
    const configs = await this.topicConfigs(topics.map((t) => t.topic));
    return topics
      .map((t) => ({
        name: t.topic,
        partitions: t.partitionMetadata.length,
        replicas: t.partitionMetadata[0]?.replicas.length ?? 0,
        config: configs.get(t.topic) ?? {},
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async describeTopic(name: string): Promise<TopicDescription | undefined> {
    this.checkOpen();
    let metadata;
    try {
      metadata = await retrying(async () => (await this.anyBroker()).metadata([name]));
    } catch (e) {
      if (kafkaErrorType(e) === 'UNKNOWN_TOPIC_OR_PARTITION' || kafkaErrorType(e) === 'INVALID_TOPIC_EXCEPTION') return undefined;
      throw this.mapError(e, `Could not describe topic '${name}'`);
    }
    const topic = metadata.topicMetadata.find((t) => t.topic === name);
    if (!topic) return undefined;
    const configs = await this.topicConfigs([name]);
    return {
      name,
      partitions: topic.partitionMetadata.length,
      replicas: topic.partitionMetadata[0]?.replicas.length ?? 0,
      config: configs.get(name) ?? {},
    };
  }

  async append(topic: string, partition: number | undefined, records: readonly LogRecord[]): Promise<AppendResult[]> {
    this.checkOpen();
    const meta = await this.topicMeta(topic);
    const placed = records.map((r) => choosePartition(meta, partition, r.key));
    if (records.length === 0) return [];
    // One batch per partition, records in call order, encoded once (a retry sends the same bytes).
    const batches = new Map<number, { indexes: number[]; records: LogRecord[]; encoded?: Buffer }>();
    placed.forEach((p, i) => {
      let batch = batches.get(p);
      if (!batch) batches.set(p, (batch = { indexes: [], records: [] }));
      batch.indexes.push(i);
      batch.records.push(records[i]!);
    });
    for (const batch of batches.values()) batch.encoded = encodeRecordBatch(batch.records);
    const results: AppendResult[] = new Array(records.length);
    await this.withLeaders(topic, [...batches.keys()], `Could not write to topic '${topic}'`, async (broker, partitions) => {
      const response = await produceEncoded(broker, {
        acks: -1,
        timeout: 30_000,
        topicData: [{ topic, partitions: partitions.map((p) => ({ partition: p, records: batches.get(p)!.encoded! })) }],
      });
      for (const t of response.topics) {
        for (const { partition: p, baseOffset } of t.partitions) {
          const base = Number(baseOffset);
          const batch = batches.get(p)!;
          batch.indexes.forEach((index, k) => (results[index] = { partition: p, offset: base + k }));
          this.advanceEnd(topic, p, base + batch.indexes.length);
        }
      }
    });
    for (const p of batches.keys()) this.tails.notify(topic, p);
    return results;
  }

  async fetch(topic: string, partition: number, fromOffset: number, maxRecords: number): Promise<StoredRecord[]> {
    this.checkOpen();
    checkOffset(topic, partition, fromOffset);
    const meta = await this.topicMeta(topic);
    checkPartition(meta.description, partition);
    if (maxRecords <= 0) return [];
    const slot = slotOf(topic, partition);
    let from = fromOffset;
    const cached = this.readAhead.get(slot);
    if (cached && from >= cached.start && from < cached.end) {
      const served = recordsFrom(cached.records, from, maxRecords);
      if (served.length > 0) return served;
      from = cached.end;
    }
    // A few rounds at most: each one moves past at least one batch without readable records.
    for (let round = 0; round < 8; round++) {
      const part = await this.fetchOnce(topic, partition, from);
      if (part === undefined) {
        // Out of range: past the end (nothing yet), or below the log start, where records were
        // deleted before anyone read them. Those offsets are a gap to step over, not an end.
        const logStart = await this.listOffset(topic, partition, EARLIEST);
        if (from >= logStart) return [];
        this.warnOnce(`${slot}\u0000${logStart}`, `Kafka deleted records ${from}..${logStart - 1} of ${topic}-${partition} (retention or DeleteRecords) before they were read; reading on from offset ${logStart}.`);
        this.remember(slot, { start: fromOffset, end: logStart, records: [] });
        from = logStart;
        continue;
      }
      const decoded = await decodeRecordSet(topic, partition, from, part);
      this.remember(slot, { start: fromOffset, end: decoded.next, records: decoded.records });
      if (decoded.records.length > 0) return decoded.records.slice(0, maxRecords);
      if (decoded.next <= from) return [];
      from = decoded.next;
    }
    return [];
  }

  async endOffset(topic: string, partition: number): Promise<number> {
    this.checkOpen();
    const meta = await this.topicMeta(topic);
    checkPartition(meta.description, partition);
    const end = await this.listOffset(topic, partition, LATEST);
    this.advanceEnd(topic, partition, end);
    return end;
  }

  /** ListOffsets at read_committed: the last stable offset (LATEST) or the log start (EARLIEST). */
  private async listOffset(topic: string, partition: number, at: typeof LATEST | typeof EARLIEST): Promise<number> {
    let offset = 0;
    const which = at === LATEST ? 'end' : 'start';
    await this.withLeaders(topic, [partition], `Could not read the ${which} offset of ${topic}-${partition}`, async (broker) => {
      const response = await broker.listOffsets({
        replicaId: -1,
        isolationLevel: READ_COMMITTED,
        topics: [{ topic, partitions: [{ partition, timestamp: at }] }],
      });
      offset = Number(response.responses[0]?.partitions[0]?.offset ?? 0);
    });
    return offset;
  }

  async commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    this.checkOpen();
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of offsets) {
      checkPartition((await this.topicMeta(topic)).description, partition);
      checkOffset(topic, partition, offset);
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push({ partition, offset: String(offset) });
    }
    if (byTopic.size === 0) return;
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    try {
      await retrying(async () => {
        const coordinator = await this.groupCoordinator(group);
        await this.forgettingCoordinator(group, coordinator.offsetCommit({ groupId: group, groupGenerationId: -1, memberId: '', retentionTime: -1, topics }));
      });
    } catch (e) {
      const type = kafkaErrorType(e);
      if (type === 'UNKNOWN_MEMBER_ID' || type === 'ILLEGAL_GENERATION' || type === 'REBALANCE_IN_PROGRESS') {
        throw new ExecutionError(
          `Could not commit offsets for group '${group}': the group has running members outside this log. Stop them or use another group id.`,
        );
      }
      throw this.mapError(e, `Could not commit offsets for group '${group}'`);
    }
  }

  async committedOffset(group: string, topic: string, partition: number): Promise<number | undefined> {
    this.checkOpen();
    try {
      const response = await retrying(async () => {
        const coordinator = await this.groupCoordinator(group);
        return this.forgettingCoordinator(group, coordinator.offsetFetch({ groupId: group, topics: [{ topic, partitions: [{ partition }] }] }));
      });
      const offset = Number(response.responses[0]?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
      return offset < 0 ? undefined : offset;
    } catch (e) {
      if (kafkaErrorType(e) === 'UNKNOWN_TOPIC_OR_PARTITION') return undefined;
      throw this.mapError(e, `Could not read the committed offset of group '${group}' on ${topic}-${partition}`);
    }
  }

  async waitForData(topic: string, partition: number, offset: number, options: WaitOptions = {}): Promise<boolean> {
    this.checkOpen();
    const slot = slotOf(topic, partition);
    let target = offset;
    const cached = this.readAhead.get(slot);
    if (cached && target >= cached.start && target < cached.end) {
      if (recordsFrom(cached.records, target, 1).length > 0) return true;
      target = cached.end;
    }
    if ((await this.endOffset(topic, partition)) > target) return true;
    this.deleted.delete(topic);
    const watched = this.waited.get(slot) ?? { topic, partition, count: 0 };
    watched.count++;
    this.waited.set(slot, watched);
    const waiting = this.tails.wait(
      topic,
      partition,
      () => (this.deleted.has(topic) ? 'gone' : (this.ends.get(slot) ?? 0) > target ? 'ready' : 'pending'),
      options,
    );
    void this.poll();
    try {
      return await waiting;
    } finally {
      if (--watched.count === 0) this.waited.delete(slot);
    }
  }

  /**
   * A kafkajs transactional producer (idempotent, one request in flight) for exactly_once_v2:
   * each `write` sends its records with their partitions chosen as `append` does, adds the group
   * offsets to the transaction (TxnOffsetCommit) and commits; any failure aborts it. Readers of
   * this log read committed records only, so an aborted write is never seen.
   */
  async transactionalWriter(id: string): Promise<TransactionalWriter> {
    this.checkOpen();
    // Partitions are chosen here; createPartitioner only silences kafkajs's default-partitioner notice.
    const producer = this.kafka.producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    try {
      await producer.connect();
    } catch (e) {
      throw new ExecutionError(`Could not open a transactional producer '${id}' on Kafka at ${this.bootstrap}: ${kafkaMessage(e)}`);
    }
    return {
      write: async (batch) => {
        this.checkOpen();
        const placed = await Promise.all(
          batch.appends.map(async (a) => {
            const meta = await this.topicMeta(a.topic);
            return a.records.map((r) => choosePartition(meta, a.partition, r.key));
          }),
        );
        const txn = await producer.transaction();
        const results: AppendResult[][] = [];
        try {
          for (let i = 0; i < batch.appends.length; i++) {
            const { topic, records } = batch.appends[i]!;
            const partitions = placed[i]!;
            const out: AppendResult[] = new Array(records.length);
            if (records.length > 0) {
              const sent = await txn.send({ topic, acks: -1, messages: records.map((r, k) => producerMessage(r, partitions[k]!)) });
              const base = new Map(sent.map((m) => [m.partition, Number(m.baseOffset ?? m.offset ?? 0)]));
              const next = new Map<number, number>();
              partitions.forEach((p, k) => {
                const offset = base.get(p)! + (next.get(p) ?? 0);
                next.set(p, (next.get(p) ?? 0) + 1);
                out[k] = { partition: p, offset };
              });
            }
            results.push(out);
          }
          for (const { group, offsets } of batch.commits) {
            const byTopic = new Map<string, { partition: number; offset: string }[]>();
            for (const o of offsets) {
              let list = byTopic.get(o.topic);
              if (!list) byTopic.set(o.topic, (list = []));
              list.push({ partition: o.partition, offset: String(o.offset) });
            }
            await txn.sendOffsets({ consumerGroupId: group, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) });
          }
          await txn.commit();
        } catch (e) {
          await txn.abort().catch(() => undefined);
          throw new ExecutionError(`A Kafka transaction of '${id}' failed and was aborted: ${kafkaMessage(e)}`);
        }
        batch.appends.forEach((a, i) => {
          const touched = new Set(placed[i]);
          for (const p of touched) {
            const landed = results[i]!.filter((r) => r.partition === p);
            if (landed.length > 0) this.advanceEnd(a.topic, p, landed[landed.length - 1]!.offset + 1);
            this.tails.notify(a.topic, p);
          }
        });
        return results;
      },
      close: () => producer.disconnect(),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifecycle.closed = true;
    this.tails.close();
    await Promise.allSettled([this.admin.disconnect(), this.data.disconnect(), this.tailCluster?.disconnect()]);
  }

  /** The poll loop behind `waitForData`; runs while anyone waits, one at a time. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      this.tailCluster ??= openCluster(this.kafka);
      while (!this.closed && this.waited.size > 0) {
        const watched = [...this.waited.values()];
        try {
          await this.pollOnce(this.tailCluster, watched);
        } catch (e) {
          if (this.closed) return;
          if (kafkaErrorType(e) === 'OFFSET_OUT_OF_RANGE') {
            // The partition is shorter than we knew (re-created elsewhere): start from its real end.
            for (const { topic, partition } of watched) this.ends.delete(slotOf(topic, partition));
            await Promise.allSettled(watched.map(({ topic, partition }) => this.endOffset(topic, partition)));
            continue;
          }
          await this.checkWatchedTopics(watched);
          if (kafkaErrorType(e) !== 'UNKNOWN_TOPIC_OR_PARTITION') await sleep(this.tailPollMs);
        }
      }
    } finally {
      this.polling = false;
    }
  }

  private async pollOnce(cluster: WireCluster, watched: readonly { topic: string; partition: number }[]): Promise<void> {
    const byLeader = new Map<number, Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>>();
    for (const { topic, partition } of watched) {
      const leader = (await this.topicMeta(topic)).leaders[partition] ?? -1;
      let topics = byLeader.get(leader);
      if (!topics) byLeader.set(leader, (topics = new Map()));
      let partitions = topics.get(topic);
      if (!partitions) topics.set(topic, (partitions = []));
      partitions.push({ partition, fetchOffset: String(this.ends.get(slotOf(topic, partition)) ?? 0), maxBytes: 1 });
    }
    await Promise.all(
      [...byLeader].map(async ([leader, topics]) => {
        const broker = await cluster.findBroker({ nodeId: leader });
        const response = await broker.fetch({
          replicaId: -1,
          isolationLevel: READ_COMMITTED,
          maxWaitTime: this.tailPollMs,
          minBytes: 1,
          maxBytes: 1,
          topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
        });
        for (const { topicName, partitions } of response.responses) {
          for (const p of partitions) {
            this.advanceEnd(topicName, p.partition, stableEnd(p.lastStableOffset, p.highWatermark));
            this.tails.notify(topicName, p.partition);
          }
        }
      }),
    );
  }

  /** After a failed poll: wakes the waiters of topics that no longer exist. */
  private async checkWatchedTopics(watched: readonly { topic: string }[]): Promise<void> {
    for (const topic of new Set(watched.map((w) => w.topic))) {
      if (this.closed) return;
      const exists = await this.topicExists(topic).catch(() => true);
      if (!exists) {
        this.forgetTopic(topic);
        this.deleted.add(topic);
        this.tails.notifyTopic(topic);
      }
    }
  }

  /** One immediate Fetch; undefined when the offset lies past the end. */
  private async fetchOnce(topic: string, partition: number, from: number): Promise<RawFetchedPartition | undefined> {
    let result: RawFetchedPartition | undefined;
    await this.withLeaders(topic, [partition], `Could not read ${topic}-${partition}`, async (broker) => {
      try {
        const response = await fetchRaw(broker, {
          replicaId: -1,
          isolationLevel: READ_COMMITTED,
          maxWaitTime: 0,
          minBytes: 0,
          maxBytes: this.fetchMaxBytes,
          topics: [{ topic, partitions: [{ partition, fetchOffset: String(from), maxBytes: this.fetchMaxBytes }] }],
        });
        result = response.topics[0]?.partitions[0];
      } catch (e) {
        // Past the end: nothing to read, as on the other logs.
        if (kafkaErrorType(e) !== 'OFFSET_OUT_OF_RANGE') throw e;
        result = undefined;
      }
    });
    if (result) this.advanceEnd(topic, partition, stableEnd(String(result.lastStableOffset), String(result.highWatermark)));
    return result;
  }

  /**
   * Runs `action` against the leader of each group of partitions, refreshing metadata and trying
   * again when leadership moved; maps what still fails to a TributaryError.
   */
  private async withLeaders(
    topic: string,
    partitions: readonly number[],
    what: string,
    action: (broker: WireBroker, partitions: number[]) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const meta = await this.topicMeta(topic, attempt > 0);
      const byLeader = new Map<number, number[]>();
      for (const p of partitions) {
        const leader = meta.leaders[p] ?? -1;
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
      }
      try {
        await Promise.all([...byLeader].map(async ([leader, ps]) => action(await this.data.findBroker({ nodeId: leader }), ps)));
        return;
      } catch (e) {
        const type = kafkaErrorType(e);
        if (type === 'UNKNOWN_TOPIC_OR_PARTITION' && !(await this.topicExists(topic))) {
          this.forgetTopic(topic);
          throw unknownTopic(topic);
        }
        const retriable = RETRIABLE.has(type ?? '') || type === 'UNKNOWN_TOPIC_OR_PARTITION' || isBrokerLookupError(e);
        if (!retriable || attempt >= 5) throw this.mapError(e, what);
        await sleep(50 * 2 ** attempt);
      }
    }
  }

  private async topicMeta(topic: string, refresh = false): Promise<TopicMeta> {
    const cached = this.meta.get(topic);
    if (cached && !refresh && Date.now() - cached.at < METADATA_MAX_AGE_MS) return cached;
    let metadata;
    try {
      metadata = await retrying(async () => (await this.anyBroker()).metadata([topic]));
    } catch (e) {
      const type = kafkaErrorType(e);
      if (type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'INVALID_TOPIC_EXCEPTION') {
        this.forgetTopic(topic);
        throw unknownTopic(topic);
      }
      throw this.mapError(e, `Could not read the metadata of topic '${topic}'`);
    }
    const partitions = [...(metadata.topicMetadata.find((t) => t.topic === topic)?.partitionMetadata ?? [])].sort((a, b) => a.partitionId - b.partitionId);
    if (partitions.length === 0) throw unknownTopic(topic);
    const next: TopicMeta = {
      description: { name: topic, partitions: partitions.length, replicas: partitions[0]!.replicas.length, config: {} },
      leaders: partitions.map((p) => p.leader),
      // Keep the round-robin position across refreshes, as the other logs do.
      roundRobin: cached?.roundRobin ?? 0,
      at: Date.now(),
    };
    this.meta.set(topic, next);
    return next;
  }

  /**
   * The coordinator of `group` for group membership (JoinGroup, SyncGroup, Heartbeat,
   * LeaveGroup), looked up afresh on each call: a member asks again after any failure, which is
   * how it follows a coordinator that moved.
   */
  async groupBroker(group: string): Promise<WireGroupBroker> {
    this.checkOpen();
    return (await this.data.findGroupCoordinator({ groupId: group })) as unknown as WireGroupBroker;
  }

  /**
   * The coordinator of `group`, looked up once and remembered: a live query commits every batch,
   * and asking for the coordinator each time would double the round trips of a commit. A request
   * to it that fails forgets it (`forgettingCoordinator`), so a retry looks it up again.
   */
  private async groupCoordinator(group: string): Promise<WireBroker> {
    let nodeId = this.coordinators.get(group);
    if (nodeId === undefined) {
      nodeId = (await this.data.findGroupCoordinatorMetadata({ groupId: group })).coordinator.nodeId;
      if (this.coordinators.size >= MAX_KNOWN_COORDINATORS) this.coordinators.delete(this.coordinators.keys().next().value!);
      this.coordinators.set(group, nodeId);
    }
    try {
      return await this.data.findBroker({ nodeId });
    } catch (e) {
      this.coordinators.delete(group);
      throw e;
    }
  }

  private async forgettingCoordinator<T>(group: string, request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (e) {
      this.coordinators.delete(group);
      throw e;
    }
  }

  private async topicExists(topic: string): Promise<boolean> {
    try {
      const metadata = await (await this.anyBroker()).metadata([topic]);
      return metadata.topicMetadata.some((t) => t.topic === topic);
    } catch (e) {
      if (kafkaErrorType(e) === 'UNKNOWN_TOPIC_OR_PARTITION') return false;
      // A topic whose partitions are still being set up or torn down exists for this purpose.
      if (RETRIABLE.has(kafkaErrorType(e) ?? '')) return true;
      throw this.mapError(e, `Could not check whether topic '${topic}' exists`);
    }
  }

  /** Topic-level overrides only (what `CREATE ... WITH` or an admin set), not broker defaults. */
  private async topicConfigs(topics: readonly string[]): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    if (topics.length === 0) return out;
    const response = await this.call('Could not read topic configs', () =>
      this.admin.describeConfigs({ resources: topics.map((name) => ({ type: 2 /* TOPIC */, name })), includeSynonyms: false }),
    );
    for (const resource of response.resources) {
      const config: Record<string, string> = {};
      for (const entry of resource.configEntries as readonly { configName: string; configValue: string; configSource?: number; isDefault: boolean }[]) {
        // configSource 1 is DYNAMIC_TOPIC_CONFIG.
        if (entry.configSource === 1 || (entry.configSource === undefined && !entry.isDefault)) config[entry.configName] = entry.configValue;
      }
      out.set(resource.resourceName, config);
    }
    return out;
  }

  private async anyBroker(): Promise<WireBroker> {
    let ids = this.data.getNodeIds();
    if (ids.length === 0) {
      await this.data.refreshMetadata();
      ids = this.data.getNodeIds();
    }
    return this.data.findBroker({ nodeId: ids[Math.floor(Math.random() * ids.length)]! });
  }

  private remember(slot: string, entry: ReadAhead): void {
    this.readAhead.delete(slot);
    if (this.readAhead.size >= MAX_READ_AHEAD_PARTITIONS) this.readAhead.delete(this.readAhead.keys().next().value!);
    this.readAhead.set(slot, entry);
  }

  private warnOnce(key: string, line: string): void {
    if (this.warned.has(key)) return;
    if (this.warned.size >= 1024) this.warned.clear();
    this.warned.add(key);
    this.warn(line);
  }

  private advanceEnd(topic: string, partition: number, end: number): void {
    const slot = slotOf(topic, partition);
    if (end > (this.ends.get(slot) ?? -1)) this.ends.set(slot, end);
  }

  private forgetTopic(topic: string): void {
    this.meta.delete(topic);
    const prefix = `${topic}\u0000`;
    for (const map of [this.readAhead, this.ends]) for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (e) {
      throw this.mapError(e, what);
    }
  }

  /** A Kafka failure as the project's error, saying what failed and what to do. */
  private mapError(e: unknown, what: string): TributaryError {
    if (e instanceof TributaryError) return e;
    const type = kafkaErrorType(e);
    const detail = kafkaMessage(e);
    let error: TributaryError;
    switch (type) {
      case 'UNKNOWN_TOPIC_OR_PARTITION':
        error = new NotFoundError(`${what}: ${detail}. Create the topic first or check its name.`);
        break;
      case 'INVALID_REPLICATION_FACTOR':
        error = new ExecutionError(`${what}: ${detail}. Ask for at most as many replicas as the cluster has brokers.`);
        break;
      case 'INVALID_CONFIG':
      case 'INVALID_PARTITIONS':
      case 'INVALID_TOPIC_EXCEPTION':
      case 'POLICY_VIOLATION':
        error = new ExecutionError(`${what}: ${detail}.`);
        break;
      case 'MESSAGE_TOO_LARGE':
      case 'RECORD_LIST_TOO_LARGE':
        error = new ExecutionError(`${what}: ${detail}. Raise the topic's max.message.bytes or write smaller records.`);
        break;
      case 'TOPIC_AUTHORIZATION_FAILED':
      case 'GROUP_AUTHORIZATION_FAILED':
      case 'CLUSTER_AUTHORIZATION_FAILED':
        error = new ExecutionError(`${what}: ${detail}. Grant this client the ACLs it needs.`);
        break;
      default:
        error = isConnectionError(e)
          ? new ExecutionError(`${what}: Kafka at ${this.bootstrap} did not answer (${detail}). Check that the broker is running and reachable.`)
          : new ExecutionError(`${what}: ${detail}.`);
    }
    error.cause = e;
    return error;
  }

  private checkOpen(): void {
    if (this.closed) throw new ExecutionError('The Kafka log is closed: connect a new KafkaLog.');
  }
}

function writeStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

function slotOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** Up to `max` records at or after `offset` from an offset-ordered list. */
function recordsFrom(records: readonly StoredRecord[], offset: number, max: number): StoredRecord[] {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return records.slice(lo, lo + max);
}

/** The end a read_committed reader sees: the last stable offset, else the high watermark. */
function stableEnd(lastStableOffset: string, highWatermark: string): number {
  const lso = Number(lastStableOffset);
  return lso >= 0 ? lso : Number(highWatermark);
}

/** The Kafka error type (`UNKNOWN_TOPIC_OR_PARTITION`, ...) of a kafkajs error, looking through wrappers. */
export function kafkaErrorType(e: unknown, depth = 0): string | undefined {
  if (typeof e !== 'object' || e === null || depth > 5) return undefined;
  const error = e as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof error.type === 'string') return error.type;
  for (const inner of [error.cause, error.originalError, ...(Array.isArray(error.errors) ? error.errors : [])]) {
    const type = kafkaErrorType(inner, depth + 1);
    if (type) return type;
  }
  return undefined;
}

/** The innermost useful message of a kafkajs error. */
function kafkaMessage(e: unknown): string {
  let current: unknown = e;
  for (let depth = 0; depth < 5; depth++) {
    const error = current as { type?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown[] } | null;
    if (!error || typeof error !== 'object') break;
    if (typeof error.type === 'string' && typeof error.message === 'string') return error.message;
    const inner = error.cause ?? error.originalError ?? error.errors?.[0];
    if (!inner) break;
    current = inner;
  }
  return current instanceof Error ? current.message : e instanceof Error ? e.message : String(e);
}

function hasName(e: unknown, names: readonly string[], depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 5) return false;
  const error = e as { name?: unknown; cause?: unknown; originalError?: unknown };
  if (typeof error.name === 'string' && names.includes(error.name)) return true;
  return hasName(error.cause, names, depth + 1) || hasName(error.originalError, names, depth + 1);
}

function isConnectionError(e: unknown): boolean {
  return hasName(e, ['KafkaJSConnectionError', 'KafkaJSRequestTimeoutError', 'KafkaJSConnectionClosedError', 'KafkaJSBrokerNotFound']);
}

function isBrokerLookupError(e: unknown): boolean {
  return hasName(e, ['KafkaJSBrokerNotFound', 'KafkaJSLockTimeout', 'KafkaJSConnectionError', 'KafkaJSConnectionClosedError']);
}

/** Runs `action` up to five times while it fails with a retriable Kafka error. */
async function retrying<T>(action: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (e) {
      if (attempt >= 5 || !(RETRIABLE.has(kafkaErrorType(e) ?? '') || isBrokerLookupError(e))) throw e;
      await sleep(50 * 2 ** attempt);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const EMPTY = Buffer.alloc(0);

/** A record for kafkajs's producer, which cannot encode a null header value (sent empty). */
function producerMessage(record: LogRecord, partition: number): Message {
  const wire = toWireMessage(record);
  const headers: IHeaders = {};
  for (const [key, value] of Object.entries(wire.headers)) headers[key] = Array.isArray(value) ? value.map((v) => v ?? EMPTY) : (value ?? EMPTY);
  return { key: wire.key, value: wire.value, timestamp: wire.timestamp, headers, partition };
}
