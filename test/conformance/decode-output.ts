import type { Column } from '../../common/schema.ts';
import type { SqlType } from '../../common/types.ts';
import type { SchemaRegistry } from '../../runtime/serde/schema-registry.ts';
import type { FormatInfo, RawHeader, RawRecord, TopicLayout } from './session-api.ts';
import { type JavaValue, integral, javaDoubleText, javaFromJson, parseDecimal } from './java-value.ts';
import { type JsonNode, isJsonArray, isJsonNumber, isJsonObject, parseLossless } from './json-text.ts';
import { decodeSr } from './sr-codec.ts';

/** A record an output topic could not be read back from; the case fails with this reason. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

export interface ActualWindow {
  readonly type: 'TIME' | 'SESSION';
  readonly start: number;
  readonly end: number;
}

/** An output record as ksqlDB's harness sees it after deserializing (§2, §3.3). */
export interface ActualRecord {
  readonly key: JavaValue;
  readonly value: JavaValue;
  readonly timestamp: number;
  readonly headers: readonly RawHeader[];
  readonly window?: ActualWindow;
}

export interface DecodeOptions {
  /** `use.exact.numeric.comparison` (default true): false reads JSON decimals as Double. */
  readonly exactNumbers: boolean;
  /** The session's schema registry, for AVRO / PROTOBUF / JSON_SR writer schemas. */
  readonly registry?: SchemaRegistry;
  /** The topic read, naming the `<topic>-key|value` subjects. */
  readonly topic?: string;
}

const text = (b: Uint8Array): string => new TextDecoder('utf-8').decode(b);

/** Decodes with the layout of the metastore source on the topic; without one, key and value as text. */
export function decodeOutput(raw: RawRecord, layout: TopicLayout | undefined, opts: DecodeOptions): ActualRecord {
  const base = { timestamp: raw.timestamp, headers: raw.headers };
  if (!layout) return { ...base, key: rawString(raw.key), value: rawString(raw.value) };
  const value = decodePart(raw.value, layout.valueFormat, layout.valueColumns, opts, 'value');
  if (!layout.window || raw.key === null) {
    return { ...base, key: decodePart(raw.key, layout.keyFormat, layout.keyColumns, opts, 'key'), value };
  }
  const session = layout.window.type === 'SESSION';
  const suffix = session ? 16 : 8;
  if (raw.key.length < suffix) throw new DecodeError(`windowed key has ${raw.key.length} bytes, fewer than ${suffix}`);
  const inner = raw.key.subarray(0, raw.key.length - suffix);
  const view = Buffer.from(raw.key.buffer, raw.key.byteOffset, raw.key.length);
  const start = Number(view.readBigInt64BE(raw.key.length - 8));
  const end = session ? Number(view.readBigInt64BE(raw.key.length - 16)) : start + (layout.window.sizeMs ?? 0);
  const window: ActualWindow = { type: session ? 'SESSION' : 'TIME', start, end };
  return { ...base, key: decodePart(inner, layout.keyFormat, layout.keyColumns, opts, 'key'), value, window };
}

const rawString = (b: Uint8Array | null): JavaValue => (b === null ? null : { kind: 'string', value: text(b) });

function decodePart(
  bytes: Uint8Array | null,
  format: FormatInfo,
  columns: readonly Column[],
  opts: DecodeOptions,
  what: string,
): JavaValue {
  if (bytes === null || format.format === 'NONE') return null;
  if (columns.length === 0) return rawString(bytes);
  switch (format.format) {
    case 'JSON':
      try {
        return javaFromJson(parseLossless(text(bytes)), opts.exactNumbers);
      } catch (e) {
        throw new DecodeError(`${what} is not JSON (${e instanceof Error ? e.message : String(e)}): ${text(bytes)}`);
      }
    case 'DELIMITED':
      return rawString(bytes);
    case 'KAFKA':
      return decodeKafka(bytes, columns, what);
    case 'AVRO':
    case 'PROTOBUF':
    case 'PROTOBUF_NOSR':
    case 'JSON_SR':
      return decodeSchemaRegistry(bytes, format, columns, opts, what);
    default:
      throw new DecodeError(`format ${format.format} not supported by harness`);
  }
}

function decodeKafka(bytes: Uint8Array, columns: readonly Column[], what: string): JavaValue {
  const column = columns[0];
  if (!column || columns.length !== 1) throw new DecodeError(`KAFKA ${what} needs exactly one column`);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const need = (n: number): void => {
    if (bytes.length !== n) throw new DecodeError(`KAFKA ${column.type.kind} ${what} needs ${n} bytes, got ${bytes.length}`);
  };
  switch (column.type.kind) {
    case 'INTEGER':
      need(4);
      return { kind: 'int', value: view.readInt32BE(0) };
    case 'BIGINT':
      need(8);
      return integral(view.readBigInt64BE(0));
    case 'DOUBLE': {
      need(8);
      // BigDecimal.valueOf(double): the decimal of Java's Double.toString text.
      const d = view.readDoubleBE(0);
      const dec = parseDecimal(javaDoubleText(d));
      if (!dec) throw new DecodeError(`KAFKA DOUBLE ${what} ${d} has no decimal form`);
      return { kind: 'decimal', value: dec };
    }
    case 'STRING':
    case 'BYTES':
      return { kind: 'string', value: text(bytes) };
    default:
      throw new DecodeError(`KAFKA ${what} of type ${column.type.kind} is not supported`);
  }
}

function decodeSchemaRegistry(bytes: Uint8Array, format: FormatInfo, columns: readonly Column[], opts: DecodeOptions, what: string): JavaValue {
  if (!opts.registry) throw new DecodeError(`format ${format.format} needs the session's schema registry`);
  const isKey = what === 'key';
  const target = { format, columns, registry: opts.registry, subject: `${opts.topic ?? ''}-${what}`, isKey };
  let decoded: JavaValue | { readonly json: string };
  try {
    decoded = decodeSr(bytes, target);
  } catch (e) {
    throw new DecodeError(`${format.format} ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (decoded === null || !('json' in decoded)) return decoded;
  const unwrapped = columns.length === 1 && (isKey || format.features.includes('UNWRAP_SINGLES'));
  const type: SqlType = unwrapped ? columns[0]!.type : { kind: 'STRUCT', fields: columns };
  return javaFromTypedJson(parseLossless(decoded.json), type, opts.exactNumbers);
}

/** JSON_SR output read as the JSON Schema deserializer types it: by the column types, not the literal. */
function javaFromTypedJson(node: JsonNode, type: SqlType, exact: boolean): JavaValue {
  if (node === null) return null;
  switch (type.kind) {
    case 'INTEGER':
      return isJsonNumber(node) ? { kind: 'int', value: Number(node.toString()) } : javaFromJson(node, exact);
    case 'BIGINT':
      return isJsonNumber(node) ? { kind: 'long', value: BigInt(node.toString()) } : javaFromJson(node, exact);
    case 'DOUBLE':
      return isJsonNumber(node) ? { kind: 'double', value: Number(node.toString()) } : javaFromJson(node, exact);
    case 'ARRAY':
      return isJsonArray(node) ? { kind: 'list', value: node.map((n) => javaFromTypedJson(n, type.element, exact)) } : javaFromJson(node, exact);
    case 'MAP':
      return isJsonObject(node)
        ? { kind: 'map', value: new Map(Object.entries(node).map(([k, v]) => [k, javaFromTypedJson(v, type.value, exact)])) }
        : javaFromJson(node, exact);
    case 'STRUCT': {
      if (!isJsonObject(node)) return javaFromJson(node, exact);
      const fieldType = (k: string): SqlType | undefined => type.fields.find((f) => f.name === k)?.type;
      return { kind: 'map', value: new Map(Object.entries(node).map(([k, v]) => { const t = fieldType(k); return [k, t ? javaFromTypedJson(v, t, exact) : javaFromJson(v, exact)]; })) };
    }
    default:
      return javaFromJson(node, exact);
  }
}
