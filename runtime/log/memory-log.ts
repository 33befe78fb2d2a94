import { ExecutionError } from '../../common/errors.ts';
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

interface MemoryTopic extends PartitionCursor {
  readonly partitions: StoredRecord[][];
}

/**
 * The in-memory `Log` for tests and the conformance driver. Every operation also has a synchronous
 * twin (`appendSync`, `fetchSync`, ...) so a driver feeding records one at a time needs no
 * per-record await; the async methods only wrap them.
 */
export class MemoryLog implements Log {
  private readonly topics = new Map<string, MemoryTopic>();
  /** group → `topic\0partition` → next offset to read. */
  private readonly commits = new Map<string, Map<string, number>>();
  private readonly tails = new TailNotifier();
  private closed = false;

  createTopicSync(name: string, options: CreateTopicOptions): void {
    this.checkOpen();
    const existing = this.topics.get(name);
    if (existing) {
      onExistingTopic(existing.description, options);
      return;
    }
    const description = newTopicDescription(name, options);
    const partitions = Array.from({ length: description.partitions }, (): StoredRecord[] => []);
    this.topics.set(name, { description, partitions, roundRobin: 0 });
  }

  deleteTopicSync(name: string, options: DeleteTopicOptions = {}): void {
    this.checkOpen();
    if (!this.topics.delete(name)) {
      if (options.ifExists) return;
      throw unknownTopic(name);
    }
    const prefix = `${name}\u0000`;
    for (const offsets of this.commits.values()) {
      for (const key of [...offsets.keys()]) if (key.startsWith(prefix)) offsets.delete(key);
    }
    this.tails.notifyTopic(name);
  }

  listTopicsSync(): TopicDescription[] {
    return [...this.topics.values()].map((t) => t.description).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  describeTopicSync(name: string): TopicDescription | undefined {
    return this.topics.get(name)?.description;
  }

  appendSync(topic: string, partition: number | undefined, records: readonly LogRecord[]): AppendResult[] {
    this.checkOpen();
    const state = this.topicOrThrow(topic);
    const results: AppendResult[] = [];
    const touched = new Set<number>();
    for (const record of records) {
      const p = choosePartition(state, partition, record.key);
      const log = state.partitions[p]!;
      const offset = log.length;
      const { key, value, timestamp, headers } = record;
      log.push({ topic, partition: p, offset, key, value, timestamp, headers });
      results.push({ partition: p, offset });
      touched.add(p);
    }
    for (const p of touched) this.tails.notify(topic, p);
    return results;
  }

  fetchSync(topic: string, partition: number, fromOffset: number, maxRecords: number): StoredRecord[] {
    checkOffset(topic, partition, fromOffset);
    return this.partitionOrThrow(topic, partition).slice(fromOffset, fromOffset + Math.max(0, maxRecords));
  }

  endOffsetSync(topic: string, partition: number): number {
    return this.partitionOrThrow(topic, partition).length;
  }

  commitOffsetsSync(group: string, offsets: readonly TopicPartitionOffset[]): void {
    this.checkOpen();
    for (const { topic, partition, offset } of offsets) {
      this.partitionOrThrow(topic, partition);
      checkOffset(topic, partition, offset);
    }
    let byPartition = this.commits.get(group);
    if (!byPartition) this.commits.set(group, (byPartition = new Map()));
    for (const { topic, partition, offset } of offsets) byPartition.set(`${topic}\u0000${partition}`, offset);
  }

  committedOffsetSync(group: string, topic: string, partition: number): number | undefined {
    return this.commits.get(group)?.get(`${topic}\u0000${partition}`);
  }

  async createTopic(name: string, options: CreateTopicOptions): Promise<void> {
    this.createTopicSync(name, options);
  }

  async deleteTopic(name: string, options?: DeleteTopicOptions): Promise<void> {
    this.deleteTopicSync(name, options);
  }

  async listTopics(): Promise<TopicDescription[]> {
    return this.listTopicsSync();
  }

  async describeTopic(name: string): Promise<TopicDescription | undefined> {
    return this.describeTopicSync(name);
  }

  async append(topic: string, partition: number | undefined, records: readonly LogRecord[]): Promise<AppendResult[]> {
    return this.appendSync(topic, partition, records);
  }

  async fetch(topic: string, partition: number, fromOffset: number, maxRecords: number): Promise<StoredRecord[]> {
    return this.fetchSync(topic, partition, fromOffset, maxRecords);
  }

  async endOffset(topic: string, partition: number): Promise<number> {
    return this.endOffsetSync(topic, partition);
  }

  async commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    this.commitOffsetsSync(group, offsets);
  }

  async committedOffset(group: string, topic: string, partition: number): Promise<number | undefined> {
    return this.committedOffsetSync(group, topic, partition);
  }

  async waitForData(topic: string, partition: number, offset: number, options?: WaitOptions): Promise<boolean> {
    this.partitionOrThrow(topic, partition);
    return this.tails.wait(topic, partition, () => {
      const log = this.topics.get(topic)?.partitions[partition];
      if (!log) return 'gone';
      return log.length > offset ? 'ready' : 'pending';
    }, options);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.tails.close();
  }

  private topicOrThrow(topic: string): MemoryTopic {
    const state = this.topics.get(topic);
    if (!state) throw unknownTopic(topic);
    return state;
  }

  private partitionOrThrow(topic: string, partition: number): StoredRecord[] {
    const state = this.topicOrThrow(topic);
    checkPartition(state.description, partition);
    return state.partitions[partition]!;
  }

  private checkOpen(): void {
    if (this.closed) throw new ExecutionError('The in-memory log is closed: create a new MemoryLog.');
  }
}
