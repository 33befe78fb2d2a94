/**
 * What a Kafka test file needs from the run: the shared broker's address (from the global setup)
 * and a way to give each test its own topics and groups on it.
 */
import { randomBytes } from 'node:crypto';
import { describe, inject } from 'vitest';
import { checkTopicName } from '../../runtime/log/topic-rules.ts';
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
} from '../../runtime/log/log.ts';

/** `host:port` of the test broker, or '' when the Kafka tests are skipped on this machine. */
export const kafkaBootstrap: string = inject('kafkaBootstrap');

/** `describe` for tests that need the broker: skipped, with the reason in the title, without one. */
export const describeKafka = (name: string, body: () => void): void => {
  if (kafkaBootstrap) describe(name, body);
  else describe.skip(`${name} (skipped: ${inject('kafkaSkipReason')})`, body);
};

/** A fresh prefix for one test's topics and groups: legal in topic names, unique per call. */
export function uniquePrefix(): string {
  return `t-${randomBytes(4).toString('hex')}-`;
}

/**
 * A `Log` that puts every topic and group of one test under a prefix on a shared broker, so
 * tests neither see nor disturb each other's topics, and `listTopics` shows only its own. Names
 * are checked before prefixing, so a bad name stays bad.
 */
export class PrefixedLog implements Log {
  constructor(readonly inner: Log, readonly prefix: string) {}

  private t(name: string): string {
    checkTopicName(name);
    return this.prefix + name;
  }

  private strip<T extends { topic: string }>(record: T): T {
    return { ...record, topic: record.topic.slice(this.prefix.length) };
  }

  async createTopic(name: string, options: CreateTopicOptions): Promise<void> {
    return this.inner.createTopic(this.t(name), options);
  }

  async deleteTopic(name: string, options?: DeleteTopicOptions): Promise<void> {
    return this.inner.deleteTopic(this.t(name), options);
  }

  async listTopics(): Promise<TopicDescription[]> {
    return (await this.inner.listTopics())
      .filter((t) => t.name.startsWith(this.prefix))
      .map((t) => ({ ...t, name: t.name.slice(this.prefix.length) }));
  }

  async describeTopic(name: string): Promise<TopicDescription | undefined> {
    const description = await this.inner.describeTopic(this.t(name));
    return description && { ...description, name };
  }

  async append(topic: string, partition: number | undefined, records: readonly LogRecord[]): Promise<AppendResult[]> {
    return this.inner.append(this.t(topic), partition, records);
  }

  async fetch(topic: string, partition: number, fromOffset: number, maxRecords: number): Promise<StoredRecord[]> {
    return (await this.inner.fetch(this.t(topic), partition, fromOffset, maxRecords)).map((r) => this.strip(r));
  }

  async endOffset(topic: string, partition: number): Promise<number> {
    return this.inner.endOffset(this.t(topic), partition);
  }

  async commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    return this.inner.commitOffsets(this.prefix + group, offsets.map((o) => ({ ...o, topic: this.t(o.topic) })));
  }

  async committedOffset(group: string, topic: string, partition: number): Promise<number | undefined> {
    return this.inner.committedOffset(this.prefix + group, this.t(topic), partition);
  }

  async waitForData(topic: string, partition: number, offset: number, options?: WaitOptions): Promise<boolean> {
    return this.inner.waitForData(this.t(topic), partition, offset, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

const HOUR_MS = 3_600_000;

/**
 * A base event time at the top of the previous hour. Test events must be recent: the broker
 * deletes segments whose records are older than its retention (7 days by default) by their
 * timestamps, and the test broker rolls small segments, so events dated long ago can vanish from
 * source or output topics mid-test (its first retention check runs 30 s after it starts, then
 * every 5 minutes).
 */
export function recentBaseTime(): number {
  return Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS;
}

/**
 * `<key>|<window start>` of a tumbling-windowed key as ksqlDB writes it: the key's own bytes (a
 * KAFKA-format STRING here), then the window start as an 8-byte big-endian long. Undefined when
 * the bytes are too short to be one.
 */
export function windowedKeyId(key: Buffer | null): string | undefined {
  if (key === null || key.length <= 8) return undefined;
  return `${key.subarray(0, key.length - 8).toString('utf8')}|${key.readBigInt64BE(key.length - 8)}`;
}
