import { Level, type BatchOperation } from 'level';
import { ExecutionError } from '../../common/errors.ts';
import {
  commitKey,
  decodeRecord,
  encodeRecord,
  offsetOfRecordKey,
  partitionPrefix,
  prefixEnd,
  readJson,
  recordKey,
  topicPrefix,
  utf8,
  writeJson,
} from './embedded-codec.ts';
import type { EmbeddedLogOptions, EmbeddedWrite, Keyspace, Root } from './embedded-write.ts';
import type {
  AppendResult,
  CreateTopicOptions,
  DeleteTopicOptions,
  Log,
  LogRecord,
  StoredRecord,
  TopicDescription,
  TopicPartitionOffset,
  WaitOptions,
} from './log.ts';
import { TailNotifier } from './tail-notifier.ts';
import {
  checkOffset,
  checkPartition,
  choosePartition,
  newTopicDescription,
  onExistingTopic,
  unknownTopic,
  type PartitionCursor,
} from './topic-rules.ts';

export type { EmbeddedLogOptions, EmbeddedWrite, Keyspace, KeyspaceOp } from './embedded-write.ts';

type Bytes = Uint8Array;

interface EmbeddedTopic extends PartitionCursor {
  readonly id: number;
  /** Readable end offset per partition; advanced only after a batch is written. */
  readonly ends: number[];
}

// Caller keyspaces may not start with '~', so these never collide with them.
const INTERNAL = { topics: '~log.topics', records: '~log.records', commits: '~log.commits', meta: '~log.meta' };
const NEXT_TOPIC_ID = utf8('nextTopicId');
const binary = { keyEncoding: 'view', valueEncoding: 'view' } as const;

/**
 * The durable `Log` on LevelDB, the default when no Kafka is configured. Topics get numeric ids so
 * record keys are fixed-width and a deleted topic's leftovers can never reappear under a re-created
 * name. Writes run one at a time through a queue and assign offsets inside it, so offsets have no
 * gaps and readers (`fetch`, `endOffset`) only see what LevelDB has accepted. `writeBatch` lets the
 * runtime put outputs, source offsets and its own state in one batch: exactly-once by construction.
 */
export class EmbeddedLog implements Log {
  private readonly topics = new Map<string, EmbeddedTopic>();
  private readonly tails = new TailNotifier();
  private readonly keyspaces = new Map<string, Keyspace>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly db: Root,
    private readonly space: Record<keyof typeof INTERNAL, Keyspace>,
    private nextTopicId: number,
    private readonly options: EmbeddedLogOptions,
  ) {}

  /** Opens (creating if needed) the log in `directory` and recovers topics and end offsets. */
  static async open(directory: string, options: EmbeddedLogOptions = {}): Promise<EmbeddedLog> {
    const db: Root = new Level<Bytes, Bytes>(directory, binary);
    try {
      await db.open();
    } catch (error) {
      throw new ExecutionError(`Cannot open the embedded log at '${directory}': ${String(error)}. Check that no other server uses this directory.`);
    }
    const space = {
      topics: db.sublevel<Bytes, Bytes>(INTERNAL.topics, binary),
      records: db.sublevel<Bytes, Bytes>(INTERNAL.records, binary),
      commits: db.sublevel<Bytes, Bytes>(INTERNAL.commits, binary),
      meta: db.sublevel<Bytes, Bytes>(INTERNAL.meta, binary),
    };
    const stored = await space.meta.get(NEXT_TOPIC_ID);
    const log = new EmbeddedLog(db, space, stored ? readJson<number>(stored) : 1, options);
    await log.recover();
    return log;
  }

  /** A namespace for the caller's own data (state stores), writable atomically via `writeBatch`. */
  keyspace(name: string): Keyspace {
    if (name.startsWith('~')) throw new ExecutionError(`Keyspace name '${name}' is reserved: names starting with '~' belong to the log.`);
    let space = this.keyspaces.get(name);
    if (!space) this.keyspaces.set(name, (space = this.db.sublevel<Bytes, Bytes>(name, binary)));
    return space;
  }

  /**
   * Appends, commits offsets and applies keyspace ops in one LevelDB batch. Returns, per entry of
   * `appends`, where each record landed. Validation errors reject before anything is written.
   */
  writeBatch(write: EmbeddedWrite): Promise<AppendResult[][]> {
    return this.serialized(async () => {
      const ops: BatchOperation<Root, Bytes, Bytes>[] = [];
      const ends = new Map<EmbeddedTopic, number[]>();
      const results = (write.appends ?? []).map(({ topic, partition, records }) => {
        const state = this.topicOrThrow(topic);
        let next = ends.get(state);
        if (!next) ends.set(state, (next = [...state.ends]));
        return records.map((record): AppendResult => {
          const p = choosePartition(state, partition, record.key);
          const offset = next[p]!++;
          ops.push({ type: 'put', sublevel: this.space.records, key: recordKey(state.id, p, offset), value: encodeRecord(record) });
          return { partition: p, offset };
        });
      });
      for (const { group, offsets } of write.commits ?? []) {
        for (const { topic, partition, offset } of offsets) {
          const state = this.topicOrThrow(topic);
          checkPartition(state.description, partition);
          checkOffset(topic, partition, offset);
          ops.push({ type: 'put', sublevel: this.space.commits, key: commitKey(state.id, partition, group), value: writeJson(offset) });
        }
      }
      for (const op of write.ops ?? []) {
        ops.push(op.type === 'put'
          ? { type: 'put', sublevel: op.keyspace, key: op.key, value: op.value }
          : { type: 'del', sublevel: op.keyspace, key: op.key });
      }
      if (ops.length > 0) await this.db.batch(ops, { sync: this.options.sync ?? false });
      for (const [state, next] of ends) {
        next.forEach((end, p) => {
          if (end === state.ends[p]) return;
          state.ends[p] = end;
          this.tails.notify(state.description.name, p);
        });
      }
      return results;
    });
  }

  createTopic(name: string, options: CreateTopicOptions): Promise<void> {
    return this.serialized(async () => {
      const existing = this.topics.get(name);
      if (existing) return void onExistingTopic(existing.description, options);
      const description = newTopicDescription(name, options);
      const id = this.nextTopicId;
      await this.db.batch([
        { type: 'put', sublevel: this.space.topics, key: utf8(name), value: writeJson({ id, ...description }) },
        { type: 'put', sublevel: this.space.meta, key: NEXT_TOPIC_ID, value: writeJson(id + 1) },
      ], { sync: this.options.sync ?? false });
      this.nextTopicId = id + 1;
      this.topics.set(name, { id, description, roundRobin: 0, ends: new Array<number>(description.partitions).fill(0) });
    });
  }

  deleteTopic(name: string, options: DeleteTopicOptions = {}): Promise<void> {
    return this.serialized(async () => {
      const state = this.topics.get(name);
      if (!state) {
        if (options.ifExists) return;
        throw unknownTopic(name);
      }
      // Metadata goes first: if we crash before the range clears, the leftovers sit under an id
      // no topic will use again, so they waste space but never resurface.
      await this.db.batch([{ type: 'del', sublevel: this.space.topics, key: utf8(name) }], { sync: this.options.sync ?? false });
      this.topics.delete(name);
      this.tails.notifyTopic(name);
      const range = { gte: topicPrefix(state.id), lt: prefixEnd(topicPrefix(state.id)) };
      await this.space.records.clear(range);
      await this.space.commits.clear(range);
    });
  }

  async listTopics(): Promise<TopicDescription[]> {
    return [...this.topics.values()].map((t) => t.description).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async describeTopic(name: string): Promise<TopicDescription | undefined> {
    return this.topics.get(name)?.description;
  }

  async append(topic: string, partition: number | undefined, records: readonly LogRecord[]): Promise<AppendResult[]> {
    const [results] = await this.writeBatch({ appends: [{ topic, partition, records }] });
    return results ?? [];
  }

  async fetch(topic: string, partition: number, fromOffset: number, maxRecords: number): Promise<StoredRecord[]> {
    const state = this.partitionOrThrow(topic, partition);
    checkOffset(topic, partition, fromOffset);
    const until = Math.min(state.ends[partition]!, fromOffset + Math.max(0, maxRecords));
    if (fromOffset >= until) return [];
    const entries = await this.space.records
      .iterator({ gte: recordKey(state.id, partition, fromOffset), lt: recordKey(state.id, partition, until) })
      .all();
    return entries.map(([key, value]) => ({ ...decodeRecord(value), topic, partition, offset: offsetOfRecordKey(key) }));
  }

  async endOffset(topic: string, partition: number): Promise<number> {
    return this.partitionOrThrow(topic, partition).ends[partition]!;
  }

  async commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    await this.writeBatch({ commits: [{ group, offsets }] });
  }

  async committedOffset(group: string, topic: string, partition: number): Promise<number | undefined> {
    const state = this.partitionOrThrow(topic, partition);
    const stored = await this.space.commits.get(commitKey(state.id, partition, group));
    return stored ? readJson<number>(stored) : undefined;
  }

  async waitForData(topic: string, partition: number, offset: number, options?: WaitOptions): Promise<boolean> {
    const id = this.partitionOrThrow(topic, partition).id;
    return this.tails.wait(topic, partition, () => {
      const state = this.topics.get(topic);
      if (!state || state.id !== id) return 'gone';
      return state.ends[partition]! > offset ? 'ready' : 'pending';
    }, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.tails.close();
    await this.queue;
    await this.db.close();
  }

  /** Rebuilds the topic map and each partition's end offset from the last record key. */
  private async recover(): Promise<void> {
    for await (const [, value] of this.space.topics.iterator()) {
      const { id, ...description } = readJson<TopicDescription & { id: number }>(value);
      const ends: number[] = [];
      for (let p = 0; p < description.partitions; p++) {
        const prefix = partitionPrefix(id, p);
        const last = await this.space.records.keys({ gte: prefix, lt: prefixEnd(prefix), reverse: true, limit: 1 }).all();
        ends.push(last[0] ? offsetOfRecordKey(last[0]) + 1 : 0);
      }
      this.topics.set(description.name, { id, description, roundRobin: 0, ends });
      this.nextTopicId = Math.max(this.nextTopicId, id + 1);
    }
  }

  /** Runs writes one after another; a failed write does not stop the ones queued behind it. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ExecutionError('The embedded log is closed: reopen it with EmbeddedLog.open.'));
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private topicOrThrow(topic: string): EmbeddedTopic {
    if (this.closed) throw new ExecutionError('The embedded log is closed: reopen it with EmbeddedLog.open.');
    const state = this.topics.get(topic);
    if (!state) throw unknownTopic(topic);
    return state;
  }

  private partitionOrThrow(topic: string, partition: number): EmbeddedTopic {
    const state = this.topicOrThrow(topic);
    checkPartition(state.description, partition);
    return state;
  }
}
