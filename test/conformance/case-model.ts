import type { JsonNode, JsonObject } from './json-text.ts';

export interface RecordWindow {
  readonly start: number;
  readonly end: number;
  /** "time" or "session", any case, as written in the file. */
  readonly type: string;
}

export interface RecordHeader {
  readonly key: string;
  /** Base64 text, or null. */
  readonly value: string | null;
}

/** One `inputs` / `outputs` entry, with the raw JSON kept for exact comparison. */
export interface TestRecord {
  readonly topic: string;
  /** Absent key = null. */
  readonly key: JsonNode;
  readonly value: JsonNode;
  readonly timestamp?: number;
  readonly window?: RecordWindow;
  /** Absent = no headers allowed on outputs, none sent on inputs. */
  readonly headers?: readonly RecordHeader[];
  readonly raw: JsonObject;
}

export interface ExpectedException {
  /** Fully qualified Java class name as written, e.g. `io.confluent.ksql.util.KsqlStatementException`. */
  readonly type?: string;
  readonly message?: string;
  readonly cause?: string;
  readonly causeMessage?: string;
}

/** A schema a `topics` entry registers (§1.1): its text as the registry stores it. */
export interface TopicSchema {
  /** AVRO, PROTOBUF or JSON (JSON_SR and JSON register JSON Schema). */
  readonly schemaType: 'AVRO' | 'PROTOBUF' | 'JSON';
  readonly schema: string;
  readonly id?: number;
  /** Referenced schemas, registered first under their `name`. */
  readonly references: readonly { readonly name: string; readonly schemaType: 'AVRO' | 'PROTOBUF' | 'JSON'; readonly schema: string }[];
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions?: number;
  readonly keySchema?: TopicSchema;
  readonly valueSchema?: TopicSchema;
}

/** One expanded QTT case (one format × config combination of a test). */
export interface QttCase {
  /** Path of the file it came from. */
  readonly file: string;
  /** `<file stem> - <test name>[ - <FORMAT>][ - <prop>=<value>]`. */
  readonly name: string;
  readonly statements: readonly string[];
  readonly properties: Readonly<Record<string, unknown>>;
  readonly topics: readonly TopicSpec[];
  readonly inputs: readonly TestRecord[];
  readonly outputs: readonly TestRecord[];
  /** Whether the test has a non-empty `inputs` list (timestamp wildcard and negative-case rules). */
  readonly hasInputs: boolean;
  readonly expectedException?: ExpectedException;
  readonly post?: JsonObject;
  /** Set when the test is malformed; the case then fails with this reason. */
  readonly invalid?: string;
}
