/**
 * The seam between the conformance harness (loading, expanding, serializing inputs, comparing) and
 * the engine running one case in process. `createSession` in `./session.ts` implements it.
 */
import type { Column } from '../../common/schema.ts';
import type { SchemaRegistry } from '../../runtime/serde/schema-registry.ts';

export interface FormatInfo {
  /** Upper-case format name: JSON, DELIMITED, KAFKA, NONE, AVRO, PROTOBUF, JSON_SR, ... */
  readonly format: string;
  /** Format properties as ksqlDB shows them (e.g. `delimiter`), empty when none. */
  readonly properties: Readonly<Record<string, string>>;
  /** Serde features, e.g. `UNWRAP_SINGLES`, `WRAP_SINGLES`. */
  readonly features: readonly string[];
}

export interface WindowInfo {
  readonly type: 'TUMBLING' | 'HOPPING' | 'SESSION';
  /** Window size in ms; absent for SESSION. */
  readonly sizeMs?: number;
}

/** How the metastore source registered on a topic lays out its records. */
export interface TopicLayout {
  readonly keyFormat: FormatInfo;
  readonly valueFormat: FormatInfo;
  readonly keyColumns: readonly Column[];
  readonly valueColumns: readonly Column[];
  readonly window?: WindowInfo;
}

export interface RawHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/**
 * A record as bytes. A windowed key is the inner key's bytes followed by the window start as an 8-byte
 * big-endian long (TUMBLING/HOPPING), or by end then start (SESSION), as Kafka Streams writes them.
 */
export interface RawRecord {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly timestamp: number;
  readonly headers: readonly RawHeader[];
}

export interface InputRecord extends RawRecord {
  readonly topic: string;
}

export interface SessionError {
  /** ksqlDB's exception class name: ParseFailedException, KsqlStatementException, KsqlException, StreamsException. */
  readonly ksqlType: string;
  readonly message: string;
  /** The statement that failed, when the error came from one. */
  readonly statementText?: string;
}

/** A source in the final metastore, for `post.sources`. */
export interface SourceInfo {
  readonly name: string;
  readonly type: 'STREAM' | 'TABLE';
  /** ksqlDB schema text without pseudo-columns, e.g. ``"`ID` BIGINT KEY, `NAME` STRING"``. */
  readonly schema: string;
  readonly topic: string;
  readonly isSource: boolean;
  readonly layout: TopicLayout;
}

export interface TopicInfo {
  readonly name: string;
  readonly partitions: number;
}

export interface ConformanceSession {
  /** Creates a topic before any statement runs (the case's `topics`, and topics named by records). */
  createTopic(name: string, partitions: number): void;
  /** Runs the statements in order. Returns the first failure instead of throwing. */
  execute(statements: readonly string[]): Promise<SessionError | undefined>;
  /** The layout of the metastore source reading or writing `topic`, if any. */
  layoutOf(topic: string): TopicLayout | undefined;
  /**
   * Feeds the inputs to the persistent queries in ksqlDB's test-driver order (one query after another,
   * records one at a time). Returns the first processing failure that stops a query, if any.
   */
  run(inputs: readonly InputRecord[]): Promise<SessionError | undefined>;
  /** Everything written to a topic, in order. */
  read(topic: string): readonly RawRecord[];
  /** Topics that exist or were written to (internal topics only once written). */
  topics(): readonly TopicInfo[];
  sources(): readonly SourceInfo[];
  /** The engine's schema registry: the harness registers `topics` schemas and reads writer schemas here. */
  schemaRegistry(): SchemaRegistry;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** The case's `properties`: session overrides. */
  readonly properties: Readonly<Record<string, unknown>>;
}
