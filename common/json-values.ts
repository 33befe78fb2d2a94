import { LosslessNumber, parse as losslessParse, stringify as losslessStringify } from 'lossless-json';
import type { Decimal } from './decimal.ts';
import { formatDouble } from './java-format.ts';
import { encodeBase64 } from './string-parse.ts';
import type { SqlType, StructField } from './types.ts';

/**
 * Engine values as JSON, the way ksqlDB's JSON serde and REST API write them:
 * BIGINT exact (`9223372036854775807`), DOUBLE in Java's text (`1.0`, `1.0E7`, NaN/Infinity as
 * strings like Jackson), DECIMAL as a number keeping its scale (`1.50`), BYTES base64,
 * TIMESTAMP epoch ms, DATE epoch days, TIME ms of day (Connect's logical types are written as
 * their underlying int64/int32), MAP and STRUCT as objects (struct fields in schema order).
 */
export type JsonWriter = (v: unknown) => string;

/** A JSON tree whose numbers are `LosslessNumber`s holding their exact text. */
export type JsonTree = null | boolean | string | LosslessNumber | JsonTree[] | { [key: string]: JsonTree };

const writerCache = new WeakMap<SqlType, JsonWriter>();

/** Serializes one value of `type` to JSON text. */
export function writeJson(value: unknown, type: SqlType): string {
  return jsonWriterFor(type)(value);
}

/** A writer resolved once per type; the per-value path does no type dispatch. */
export function jsonWriterFor(type: SqlType): JsonWriter {
  let w = writerCache.get(type);
  if (!w) {
    const inner = buildWriter(type);
    w = (v) => (v === null || v === undefined ? 'null' : inner(v));
    writerCache.set(type, w);
  }
  return w;
}

function buildWriter(type: SqlType): JsonWriter {
  switch (type.kind) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'BIGINT':
    case 'TIMESTAMP':
    case 'DATE':
    case 'TIME':
      return (v) => String(v);
    case 'DOUBLE':
      return (v) => doubleJson(v as number);
    case 'DECIMAL':
      return (v) => (v as Decimal).toString();
    case 'STRING':
      return (v) => JSON.stringify(v);
    case 'BYTES':
      return (v) => '"' + encodeBase64(v as Uint8Array) + '"';
    case 'ARRAY': {
      const el = jsonWriterFor(type.element);
      return (v) => '[' + (v as readonly unknown[]).map((e) => el(e)).join(',') + ']';
    }
    case 'MAP':
      return mapWriter(type.value);
    case 'STRUCT':
      return structWriter(type.fields);
  }
}

function doubleJson(n: number): string {
  return Number.isFinite(n) ? formatDouble(n) : '"' + formatDouble(n) + '"';
}

function mapWriter(valueType: SqlType): JsonWriter {
  const val = jsonWriterFor(valueType);
  return (v) => {
    const parts: string[] = [];
    for (const [k, e] of v as Map<unknown, unknown>) parts.push(JSON.stringify(mapKeyText(k)) + ':' + val(e));
    return '{' + parts.join(',') + '}';
  };
}

function structWriter(fields: readonly StructField[]): JsonWriter {
  const plan = fields.map((f) => ({ name: f.name, prefix: JSON.stringify(f.name) + ':', write: jsonWriterFor(f.type) }));
  return (v) => {
    const s = v as Record<string, unknown>;
    let out = '{';
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i]!;
      out += (i > 0 ? ',' : '') + p.prefix + p.write(s[p.name] ?? null);
    }
    return out + '}';
  };
}

/** JSON object keys are text; non-string map keys print as Java would (`1`, `1.0`). */
function mapKeyText(k: unknown): string {
  if (typeof k === 'number') return Number.isInteger(k) ? String(k) : formatDouble(k);
  return String(k);
}

/**
 * The JSON tree for a value (for REST responses that embed values in larger documents).
 * Numbers become `LosslessNumber`s so BIGINT, DOUBLE and DECIMAL text survive `stringifyJson`.
 */
export function toJsonValue(value: unknown, type: SqlType): JsonTree {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'BOOLEAN':
      return value as boolean;
    case 'STRING':
      return value as string;
    case 'BYTES':
      return encodeBase64(value as Uint8Array);
    case 'DOUBLE':
      return Number.isFinite(value) ? new LosslessNumber(formatDouble(value as number)) : formatDouble(value as number);
    case 'ARRAY':
      return (value as readonly unknown[]).map((e) => toJsonValue(e, type.element));
    case 'MAP': {
      const out: { [key: string]: JsonTree } = {};
      for (const [k, e] of value as Map<unknown, unknown>) out[mapKeyText(k)] = toJsonValue(e, type.value);
      return out;
    }
    case 'STRUCT': {
      const out: { [key: string]: JsonTree } = {};
      const s = value as Record<string, unknown>;
      for (const f of type.fields) out[f.name] = toJsonValue(s[f.name] ?? null, f.type);
      return out;
    }
    default:
      // INTEGER, BIGINT, DECIMAL, TIMESTAMP, DATE, TIME: their String() is the JSON number text.
      return new LosslessNumber(String(value));
  }
}

/** Writes a `JsonTree` (or any plain JSON-able value with LosslessNumbers) as compact JSON. */
export function stringifyJson(tree: unknown): string {
  return losslessStringify(tree) ?? 'null';
}

/**
 * Parses JSON keeping every number's exact text as a `LosslessNumber` (BIGINT beyond 2^53,
 * decimal scale `1.10`). Throws SyntaxError on malformed text.
 */
export function parseJsonLossless(text: string): unknown {
  return losslessParse(text);
}

export { LosslessNumber, isLosslessNumber } from 'lossless-json';
