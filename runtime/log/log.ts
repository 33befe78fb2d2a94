/**
 * The `Log`: the one port through which the runtime and the engine see topics, whether they live
 * in memory (`MemoryLog`), in LevelDB (`EmbeddedLog`) or in Kafka (`KafkaLog`, over kafkajs).
 *
 * Semantics follow Kafka so the three behave alike:
 * - A topic has a fixed number of partitions; each partition is an append-only sequence of records
 *   numbered from offset 0 with no gaps. There is no retention or compaction, so the earliest
 *   offset of every partition is 0.
 * - Offsets are JS numbers, not bigint: exact up to 2^53, which no partition reaches, and cheap to
 *   compare and store in plain rows. A `KafkaLog` converts kafkajs's offset strings at the edge.
 * - A committed offset is the offset of the next record the group will read (Kafka's convention),
 *   i.e. the last processed offset + 1.
 * - Bytes are not copied: callers must not mutate a `Uint8Array` after appending it or after
 *   receiving it from `fetch`.
 */

/** A record header; Kafka allows repeated keys and null values. */
export interface LogHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/** A record as produced: serialized key and value, event time in epoch milliseconds, headers. */
export interface LogRecord {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly timestamp: number;
  readonly headers: readonly LogHeader[];
}

/** A record as stored, with its position. */
export interface StoredRecord extends LogRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
}

/** Where one appended record landed. */
export interface AppendResult {
  readonly partition: number;
  readonly offset: number;
}

export interface TopicDescription {
  readonly name: string;
  readonly partitions: number;
  /** Always 1 for the memory and embedded logs; reported for `SHOW TOPICS`. */
  readonly replicas: number;
  /** Topic-level configs such as `cleanup.policy`; stored, not enforced by non-Kafka logs. */
  readonly config: Readonly<Record<string, string>>;
}

export interface CreateTopicOptions {
  readonly partitions: number;
  readonly replicas?: number;
  readonly config?: Readonly<Record<string, string>>;
  /**
   * When the topic exists: without this flag creation fails; with it creation is a no-op if the
   * partition count matches and fails otherwise (as ksqlDB does for `CREATE ... WITH (PARTITIONS)`).
   */
  readonly ifNotExists?: boolean;
}

export interface DeleteTopicOptions {
  /** Do not fail when the topic does not exist. */
  readonly ifExists?: boolean;
}

export interface WaitOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** Appends and group offset commits that land together or not at all. */
export interface AtomicWrite {
  readonly appends: readonly { readonly topic: string; readonly partition?: number; readonly records: readonly LogRecord[] }[];
  readonly commits: readonly { readonly group: string; readonly offsets: readonly TopicPartitionOffset[] }[];
}

/**
 * A writer whose every `write` is one transaction (Kafka's exactly-once). Opening a writer with an
 * id fences any older writer with the same id, so a task that lost its place cannot write again.
 */
export interface TransactionalWriter {
  /** Where each record landed, per entry of `appends`, once the transaction committed. */
  write(batch: AtomicWrite): Promise<AppendResult[][]>;
  close(): Promise<void>;
}

export interface Log {
  /** Creates a topic. Throws ExecutionError on a bad name, a bad partition count, or a clash. */
  createTopic(name: string, options: CreateTopicOptions): Promise<void>;
  /**
   * Deletes a topic with its records and every group's committed offsets on it (Kafka drops
   * offsets of deleted partitions too). Throws NotFoundError when missing unless `ifExists`.
   */
  deleteTopic(name: string, options?: DeleteTopicOptions): Promise<void>;
  /** All topics, sorted by name. */
  listTopics(): Promise<TopicDescription[]>;
  describeTopic(name: string): Promise<TopicDescription | undefined>;
  /**
   * Appends records in order and returns where each landed, in the same order. With `partition`
   * undefined, a keyed record goes where Kafka's default partitioner puts it (see partitioner.ts)
   * and a null-keyed record goes round-robin across partitions, per topic, starting at 0 (Kafka's
   * pre-2.4 behaviour; deterministic, which the tests want). Throws NotFoundError for an unknown
   * topic or partition.
   */
  append(topic: string, partition: number | undefined, records: readonly LogRecord[]): Promise<AppendResult[]>;
  /** Up to `maxRecords` records from `fromOffset` on, in offset order; empty at or past the end. */
  fetch(topic: string, partition: number, fromOffset: number, maxRecords: number): Promise<StoredRecord[]>;
  /** The offset the next appended record will get (Kafka's high watermark / log end offset). */
  endOffset(topic: string, partition: number): Promise<number>;
  commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
  committedOffset(group: string, topic: string, partition: number): Promise<number | undefined>;
  /**
   * Resolves `true` as soon as a record at `offset` exists (at once if it already does), so a push
   * query tails without polling. Resolves `false` on timeout, abort, topic deletion or `close()`.
   */
  waitForData(topic: string, partition: number, offset: number, options?: WaitOptions): Promise<boolean>;
  /** Logs that offer transactions (Kafka) open a writer for them; see TransactionalWriter. */
  transactionalWriter?(id: string): Promise<TransactionalWriter>;
  /** Releases resources; pending `waitForData` calls resolve `false`. */
  close(): Promise<void>;
}
