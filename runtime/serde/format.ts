import type { SqlType } from '../../common/types.ts';
import { decodeJsonText, encodeJsonText } from './json-utf8.ts';
import type { SchemaRegistry } from './schema-registry.ts';

/**
 * A key or value format as named in a WITH clause. `delimiter` is the raw KEY_/VALUE_DELIMITER
 * property (`','`, `'TAB'`, `'SPACE'`); it is validated by `resolveDelimiter`.
 */
export interface FormatSpec {
  readonly name: 'JSON' | 'DELIMITED' | 'KAFKA' | 'NONE' | string;
  readonly delimiter?: string;
  /** AVRO / PROTOBUF record or message name (ksqlDB's `fullSchemaName` format property). */
  readonly fullSchemaName?: string;
  /** KEY_/VALUE_SCHEMA_ID: write with this registered schema (ksqlDB's `schemaId` property). */
  readonly schemaId?: string;
  /** PROTOBUF: `optional` or `wrapper` makes primitives nullable (`nullableRepresentation`). */
  readonly nullableRepresentation?: string;
}

/** One column the serde reads or writes, in row order. */
export interface SerdeColumn {
  readonly name: string;
  readonly type: SqlType;
}

export interface SerdeOptions {
  readonly isKey: boolean;
  /**
   * WRAP_SINGLE_VALUE for a one-column value: `false` writes the bare value. Undefined means the
   * format's default (JSON wraps values; keys are always unwrapped when there is one column).
   */
  readonly wrapSingleValue?: boolean;
  /** Named in deserialization errors, as ksqlDB's `from topic: <name>`; SR formats use `<topic>-key|value`. */
  readonly topic?: string;
  /** Where AVRO, PROTOBUF and JSON_SR register and look up schemas; defaults to `defaultSchemaRegistry()`. */
  readonly schemaRegistry?: SchemaRegistry;
}

/**
 * Encodes rows (column values in column order, see common/types.ts for the representation) to
 * record bytes and back. `null` bytes and a `null` row are each other's image: a tombstone value
 * or a null key. Deserialization failures throw ProcessingError for the processing log.
 */
export interface RowSerde {
  serialize(row: readonly unknown[] | null): Uint8Array | null;
  deserialize(bytes: Uint8Array | null): unknown[] | null;
}

/** Formats Tributary knows by name (upper case). */
export const KNOWN_FORMATS = ['JSON', 'JSON_SR', 'DELIMITED', 'KAFKA', 'NONE', 'AVRO', 'PROTOBUF', 'PROTOBUF_NOSR'] as const;

/** Formats whose records carry a schema-registry id. */
export const SCHEMA_REGISTRY_FORMATS: ReadonlySet<string> = new Set(['AVRO', 'PROTOBUF', 'JSON_SR']);

export const formatName = (f: FormatSpec): string => f.name.toUpperCase();

/** UTF-8 with an ASCII fast path (short keys and strings are the common case): same bytes and text. */
export const decodeUtf8 = decodeJsonText;
export const encodeUtf8 = encodeJsonText;
