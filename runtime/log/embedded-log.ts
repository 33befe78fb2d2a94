import { Level } from 'level';
import { ExecutionError } from '../../common/errors.ts';
import {
  CHUNK_RECORDS,
  chunkRanges,
  commitKey,
  encodeChunk,
  LAYOUT_VERSION,
  offsetOfRecordKey,
  partitionPrefix,
  prefixEnd,
  readChunk,
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
import { TailCache, type CachedChunk } from './tail-cache.ts';
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

/** A write as root keys and values (undefined = delete), and the record chunks it adds. */
interface EncodedWrite {
  readonly keys: Bytes[];
  readonly values: (Bytes | undefined)[];
  readonly ends: Map<EmbeddedTopic, number[]>;
  readonly chunks: { readonly topicId: number; readonly partition: number; readonly chunk: CachedChunk }[];
  readonly results: AppendResult[][];
}

interface EmbeddedTopic extends PartitionCursor {
  readonly id: number;
  /** Readable end offset per partition; advanced only after a batch is written. */
  readonly ends: number[];
}

// Caller keyspaces may not start with '~', so these never collide with them.
const INTERNAL = { topics: '~log.topics', records: '~log.records', commits: '~log.commits', meta: '~log.meta' };
const NEXT_TOPIC_ID = utf8('nextTopicId');
const LAYOUT = utf8('layout');
const EMPTY = new Uint8Array(0);
const TAIL_CACHE_BYTES = 32 * 1024 * 1024;
const binary = { keyEncoding: 'view', valueEncoding: 'view' } as const;

/**
 * The durable `Log` on LevelDB, the default when no Kafka is configured. Topics get numeric ids so
 * record keys are fixed-width and a deleted topic's leftovers can never reappear under a re-created
 * name. Writes run one at a time through a queue and assign offsets inside it, so offsets have no
 * gaps and readers (`fetch`, `endOffset`) only see what LevelDB has accepted. `writeBatch` lets the
 * runtime put outputs, source offsets and its own state in one batch: exactly-once by construction.
 * Records are stored in per-partition chunks (see embedded-codec.ts), and the newest chunks stay in
 * a TailCache once written, so tailing readers rarely open a LevelDB iterator.
 */
export class EmbeddedLog implements Log {
  private readonly topics = new Map<string, EmbeddedTopic>();
  private readonly tails = new TailNotifier();
  private readonly cache = new TailCache(TAIL_CACHE_BYTES);
  private readonly keyspaces = new Map<string, Keyspace>();
  /** Each keyspace's full key prefix in the root database, for writes that bypass sublevels. */
  private readonly prefixCache = new Map<Keyspace, Bytes>();
  private readonly prefixes: { readonly records: Bytes; readonly commits: Bytes };
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly db: Root,
    private readonly space: Record<keyof typeof INTERNAL, Keyspace>,
    private nextTopicId: number,
    private readonly options: EmbeddedLogOptions,
  ) {
    this.prefixes = { records: this.prefixOf(space.records), commits: this.prefixOf(space.commits) };
  }

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
    await checkLayout(db, space, directory);
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
      const { keys, values, ends, chunks, results } = this.encodeWrite(write);
      if (keys.length > 0) {
        // A chained batch on the root with keys already prefixed: no per-operation sublevel
        // routing or op-object copies, and nothing reaches LevelDB until `write`.
        const batch = this.db.batch();
        try {
          for (let i = 0; i < keys.length; i++) {
            const value = values[i];
            if (value === undefined) batch.del(keys[i]!);
            else batch.put(keys[i]!, value);
          }
        } catch (error) {
          await batch.close();
          throw error;
        }
        await batch.write({ sync: this.options.sync ?? false });
      }
      for (const { topicId, partition, chunk } of chunks) this.cache.add(topicId, partition, chunk);
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

  /**
   * Validates and encodes a write into root keys and values (undefined = delete), without touching
   * LevelDB. Records are assigned offsets, then grouped per partition into chunks.
   */
  private encodeWrite(write: EmbeddedWrite): EncodedWrite {
    const keys: Bytes[] = [];
    const chunks: EncodedWrite['chunks'] = [];
    const values: (Bytes | undefined)[] = [];
    const ends = new Map<EmbeddedTopic, number[]>();
    const pending = new Map<EmbeddedTopic, LogRecord[][]>();
    const results = (write.appends ?? []).map(({ topic, partition, records }) => {
      const state = this.topicOrThrow(topic);
      let next = ends.get(state);
      let lists = pending.get(state);
      if (!next || !lists) {
        ends.set(state, (next = [...state.ends]));
        pending.set(state, (lists = state.ends.map(() => [])));
      }
      const out = new Array<AppendResult>(records.length);
      for (let i = 0; i < records.length; i++) {
        const record = records[i]!;
        const p = choosePartition(state, partition, record.key);
        lists[p]!.push(record);
        out[i] = { partition: p, offset: next[p]!++ };
      }
      return out;
    });
    for (const [state, lists] of pending) {
      lists.forEach((list, p) => {
        let offset = state.ends[p]!;
        for (const [from, to] of chunkRanges(list)) {
          offset += to - from;
          const data = encodeChunk(list, from, to);
          keys.push(recordKey(state.id, p, offset - 1, this.prefixes.records));
          values.push(data);
          chunks.push({ topicId: state.id, partition: p, chunk: { last: offset - 1, count: to - from, data } });
        }
      });
    }
    for (const { group, offsets } of write.commits ?? []) {
      for (const { topic, partition, offset } of offsets) {
        const state = this.topicOrThrow(topic);
        checkPartition(state.description, partition);
        checkOffset(topic, partition, offset);
        keys.push(commitKey(state.id, partition, group, this.prefixes.commits));
        values.push(writeJson(offset));
      }
    }
    for (const op of write.ops ?? []) {
      keys.push(prefixed(this.prefixOf(op.keyspace), op.key));
      values.push(op.type === 'put' ? op.value : undefined);
    }
    return { keys, values, ends, chunks, results };
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
      this.cache.dropTopic(state.id);
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
    const out: StoredRecord[] = [];
    const take = (r: LogRecord, offset: number): void => void out.push({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, topic, partition, offset });
    const cached = this.cache.from(state.id, partition, fromOffset);
    if (cached) {
      for (const chunk of cached) {
        if (chunk.last - chunk.count + 1 >= until) break;
        readChunk(chunk.data, chunk.last, fromOffset, until, take);
      }
      return out;
    }
    // The first chunk keyed at or after `fromOffset` holds it; read chunks until `until` is covered.
    const chunks = this.space.records.iterator({ gte: recordKey(state.id, partition, fromOffset), lt: prefixEnd(partitionPrefix(state.id, partition)) });
    try {
      let last = fromOffset - 1;
      while (last < until - 1) {
        const entries = await chunks.nextv(Math.max(1, Math.ceil((until - last - 1) / CHUNK_RECORDS)));
        if (entries.length === 0) break;
        for (const [key, value] of entries) {
          last = offsetOfRecordKey(key);
          readChunk(value, last, fromOffset, until, take);
        }
      }
    } finally {
      await chunks.close();
    }
    return out;
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

  private prefixOf(space: Keyspace): Bytes {
    let prefix = this.prefixCache.get(space);
    if (!prefix) this.prefixCache.set(space, (prefix = space.prefixKey(EMPTY, 'view').slice()));
    return prefix;
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

function prefixed(prefix: Bytes, key: Bytes): Bytes {
  const out = new Uint8Array(prefix.length + key.length);
  out.set(prefix);
  out.set(key, prefix.length);
  return out;
}

/** Stamps a new directory with the layout version; refuses one written with another layout. */
async function checkLayout(db: Root, space: Record<keyof typeof INTERNAL, Keyspace>, directory: string): Promise<void> {
  const stored = await space.meta.get(LAYOUT);
  const version = stored ? readJson<number>(stored) : undefined;
  if (version === LAYOUT_VERSION) return;
  const empty = version === undefined && (await db.keys({ limit: 1 }).all()).length === 0;
  if (!empty) {
    await db.close();
    throw new ExecutionError(`The embedded log at '${directory}' was written with storage layout ${version ?? 1}, this server reads layout ${LAYOUT_VERSION}. Start with an empty directory.`);
  }
  await space.meta.put(LAYOUT, writeJson(LAYOUT_VERSION));
}
