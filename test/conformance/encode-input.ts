import type { Column } from '../../common/schema.ts';
import type { SchemaRegistry } from '../../runtime/serde/schema-registry.ts';
import type { FormatInfo, InputRecord, RawHeader, TopicLayout } from './session-api.ts';
import type { TestRecord } from './case-model.ts';
import { INT_MAX, INT_MIN, parseDecimal, truncateDecimal } from './java-value.ts';
import { type JsonNode, isIntegerLiteral, isJsonNumber, toJsonText } from './json-text.ts';
import { encodeSr, type SrTarget } from './sr-codec.ts';

/** An input the harness cannot serialize; in ksqlDB an AssertionError, never a matched exception. */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Serializes one `inputs` record with the layout of the source on its topic, as ksqlDB's harness does (§2). */
export function encodeInput(record: TestRecord, layout: TopicLayout | undefined, registry?: SchemaRegistry): InputRecord {
  const sr = (isKey: boolean): SrContext | undefined => (registry ? { registry, subject: `${record.topic}-${isKey ? 'key' : 'value'}` } : undefined);
  const key = layout ? encodeKey(record, layout, sr(true)) : rawText(record.key);
  const value = layout ? encodePart(record.value, layout.valueFormat, layout.valueColumns, 'value', sr(false)) : rawText(record.value);
  return {
    topic: record.topic,
    key,
    value,
    timestamp: record.timestamp ?? 0,
    headers: (record.headers ?? []).map(
      (h): RawHeader => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value, 'base64') }),
    ),
  };
}

/** The registry and subject a schema-registry format encodes with. */
interface SrContext {
  readonly registry: SchemaRegistry;
  readonly subject: string;
}

function encodeKey(record: TestRecord, layout: TopicLayout, sr: SrContext | undefined): Uint8Array | null {
  const inner = encodePart(record.key, layout.keyFormat, layout.keyColumns, 'key', sr);
  if (!layout.window || inner === null) return inner;
  if (!record.window) throw new EncodeError(`topic ${record.topic} is windowed but the input has no "window"`);
  const start = BigInt(record.window.start);
  // Time windows carry only the start; the end is recomputed from the window size.
  if (layout.window.type !== 'SESSION') return concat(inner, long(start));
  return concat(inner, long(BigInt(record.window.end)), long(start));
}

/** A key or value with no columns (or no source) is written as a raw string. */
function rawText(node: JsonNode): Uint8Array | null {
  if (node === null) return null;
  return utf8(typeof node === 'string' ? node : toJsonText(node));
}

function encodePart(node: JsonNode, format: FormatInfo, columns: readonly Column[], what: string, sr?: SrContext): Uint8Array | null {
  if (node === null) return null;
  if (format.format === 'NONE') return null;
  if (columns.length === 0) return rawText(node);
  switch (format.format) {
    case 'JSON':
      return utf8(toJsonText(node));
    case 'DELIMITED':
      if (typeof node !== 'string') throw new EncodeError(`DELIMITED ${what} must be a string, got ${toJsonText(node)}`);
      return utf8(node);
    case 'KAFKA':
      return encodeKafka(node, columns, what);
    case 'AVRO':
    case 'PROTOBUF':
    case 'PROTOBUF_NOSR':
    case 'JSON_SR': {
      if (!sr) throw new EncodeError(`format ${format.format} needs the session's schema registry`);
      const target: SrTarget = { format, columns, registry: sr.registry, subject: sr.subject, isKey: what === 'key' };
      try {
        return encodeSr(node, target);
      } catch (e) {
        throw new EncodeError(`${format.format} ${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    default:
      throw new EncodeError(`format ${format.format} not supported by harness`);
  }
}

function encodeKafka(node: JsonNode, columns: readonly Column[], what: string): Uint8Array {
  const column = columns[0];
  if (!column || columns.length !== 1) throw new EncodeError(`KAFKA ${what} needs exactly one column`);
  const bad = (): EncodeError =>
    new EncodeError(`KAFKA ${what} of type ${column.type.kind} cannot be written from ${toJsonText(node)}`);
  switch (column.type.kind) {
    case 'INTEGER': {
      const v = isJsonNumber(node) && isIntegerLiteral(node.toString()) ? BigInt(node.toString()) : undefined;
      if (v === undefined || v < INT_MIN || v > INT_MAX) throw bad();
      const b = Buffer.alloc(4);
      b.writeInt32BE(Number(v));
      return b;
    }
    case 'BIGINT': {
      const d = isJsonNumber(node) ? parseDecimal(node.toString()) : undefined;
      if (!d) throw bad();
      return long(BigInt.asIntN(64, truncateDecimal(d)));
    }
    case 'DOUBLE': {
      if (!isJsonNumber(node)) throw bad();
      const b = Buffer.alloc(8);
      b.writeDoubleBE(Number(node.toString()));
      return b;
    }
    case 'STRING':
    case 'BYTES':
      // BYTES are the string's UTF-8 bytes, not base64-decoded (§2).
      if (typeof node !== 'string') throw bad();
      return utf8(node);
    default:
      throw bad();
  }
}

/** An 8-byte big-endian long. */
export function long(v: bigint): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt.asIntN(64, v));
  return b;
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
