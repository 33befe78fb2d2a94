/**
 * A query's state when its log is not the embedded one (Kafka): the stores live in a local LevelDB
 * directory, and every change is also appended to the store's compacted changelog topic, which is
 * the copy that counts. When the query starts, each store's local copy is brought up to its
 * changelog's end, from the offset recorded with the local copy (its checkpoint), or from the
 * beginning when the directory is missing or was deleted, so a lost disk loses nothing.
 *
 * A commit appends the changelog records (with the outputs), then writes the same changes and the
 * new checkpoints to the local copy, then commits the source offsets: at least once, as Kafka
 * Streams without exactly-once. A crash in between leaves the local copy behind its changelog,
 * which the next start repairs.
 */
import { mkdirSync } from 'node:fs';
import { Level } from 'level';
import type { Log, LogRecord } from '../runtime/log/log.ts';
import { internalTopicName } from '../planner/internal-topics.ts';
import { DurableState, type StateChange } from './durable-state.ts';

type Bytes = Uint8Array;
const binary = { keyEncoding: 'view', valueEncoding: 'view' } as const;
/** Records per fetch while restoring. */
const RESTORE_BATCH = 5_000;

export interface ChangelogStateOptions {
  readonly log: Log;
  /** The query's own directory; created when missing. */
  readonly dir: string;
  readonly serviceId: string;
  readonly queryId: string;
  /** The task's partition of every changelog topic (0 for a query that runs as one task). */
  readonly partition?: number;
  /** Partitions of each changelog topic: the query's task count. */
  readonly partitions?: number;
  readonly cacheEntries?: number;
}

export class ChangelogState {
  readonly durable: DurableState;
  private readonly entries;
  private readonly checkpoints;
  /** Store name → its changelog topic. */
  private readonly topics = new Map<string, string>();

  private constructor(
    private readonly options: ChangelogStateOptions,
    private readonly db: Level<Bytes, Bytes>,
  ) {
    this.entries = db.sublevel<Bytes, Bytes>('entries', binary);
    this.checkpoints = db.sublevel<string, string>('checkpoints', { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    this.durable = new DurableState(this.entries, options.cacheEntries);
  }

  /** The partition of each changelog topic this task writes and restores from. */
  get partition(): number {
    return this.options.partition ?? 0;
  }

  static async open(options: ChangelogStateOptions): Promise<ChangelogState> {
    mkdirSync(options.dir, { recursive: true });
    const db = new Level<Bytes, Bytes>(options.dir, binary);
    await db.open();
    return new ChangelogState(options, db);
  }

  /** `_confluent-ksql-<service id>query_<query id>-<store>-changelog`, a store id's `/` as `-`. */
  changelogTopic(store: string): string {
    let topic = this.topics.get(store);
    if (!topic) {
      topic = internalTopicName(this.options.serviceId, this.options.queryId, `${store.replace(/[^A-Za-z0-9._-]/g, '-')}-changelog`);
      this.topics.set(store, topic);
    }
    return topic;
  }

  /**
   * Creates each store's changelog topic if needed, replays what the local copy lacks, then loads
   * the window and session stores. Call after the operators declared their stores.
   */
  async restore(): Promise<{ replayed: number }> {
    const { log } = this.options;
    let replayed = 0;
    for (const store of this.durable.provider.stores()) {
      const topic = this.changelogTopic(store.name);
      await log.createTopic(topic, { partitions: this.options.partitions ?? 1, config: { 'cleanup.policy': 'compact' }, ifNotExists: true });
      let offset = Number((await this.checkpoints.get(topic)) ?? 0);
      const end = await log.endOffset(topic, this.partition);
      while (offset < end) {
        const records = await log.fetch(topic, this.partition, offset, RESTORE_BATCH);
        if (records.length === 0) break;
        const batch = this.db.batch();
        for (const r of records) {
          if (r.key === null) continue;
          if (r.value === null) batch.del(r.key, { sublevel: this.entries });
          else batch.put(r.key, r.value, { sublevel: this.entries });
        }
        offset = records[records.length - 1]!.offset + 1;
        batch.put(topic, String(offset), { sublevel: this.checkpoints });
        await batch.write();
        replayed += records.length;
      }
    }
    await this.durable.restore();
    return { replayed };
  }

  /** The changelog records for `changes`, per topic. */
  changelogRecords(changes: readonly StateChange[], timestamp: number): Map<string, LogRecord[]> {
    const byTopic = new Map<string, LogRecord[]>();
    for (const c of changes) {
      const topic = this.changelogTopic(c.store);
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push({ key: c.key, value: c.value ?? null, timestamp, headers: [] });
    }
    return byTopic;
  }

  /** Writes `changes` to the local copy with each changelog's new end (`checkpoints`: topic → next offset). */
  async writeLocal(changes: readonly StateChange[], checkpoints: ReadonlyMap<string, number>): Promise<void> {
    if (changes.length === 0 && checkpoints.size === 0) return;
    const batch = this.db.batch();
    for (const c of changes) {
      if (c.value === undefined) batch.del(c.key, { sublevel: this.entries });
      else batch.put(c.key, c.value, { sublevel: this.entries });
    }
    for (const [topic, next] of checkpoints) batch.put(topic, String(next), { sublevel: this.checkpoints });
    await batch.write();
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
