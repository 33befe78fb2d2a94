import type { AvroObject, AvroSchema } from '../../runtime/serde/avro-schema.ts';
import { bigIntToBytes } from '../../runtime/serde/avro-values.ts';
import { findByName, nonNullBranches, recordFields, resolveAvro } from '../../runtime/serde/avro-walk.ts';
import { type JavaDecimal, parseDecimal } from './java-value.ts';
import { type JsonNode, field, isJsonArray, isJsonNumber, isJsonObject, toJsonText } from './json-text.ts';

/** An input value the schema cannot take; the harness reports it as a failed case. */
export class SchemaConvertError extends Error {
  override readonly name = 'SchemaConvertError';
}

type Names = ReadonlyMap<string, AvroObject>;

/**
 * Converts an input JSON node to the value avsc writes for `schema`, as ksqlDB's harness does (§2):
 * numbers from numbers or numeric text, BOOLEAN true only for true/"true", record fields matched
 * ignoring case (extras dropped), DECIMAL from a number or string, BYTES from base64.
 */
export function avroFromJson(node: JsonNode, schema: AvroSchema, names: Names, path = '$'): unknown {
  const r = resolveAvro(schema, names);
  if (r.kind === 'union') {
    if (node === null) return null;
    const errors: string[] = [];
    for (const b of nonNullBranches(r.branches)) {
      try {
        return avroFromJson(node, b, names, path);
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    throw new SchemaConvertError(errors[0] ?? `${path}: no union branch for ${toJsonText(node)}`);
  }
  if (node === null) {
    if (r.kind === 'primitive' && r.name === 'null') return null;
    throw new SchemaConvertError(`${path}: null for a non-optional Avro field`);
  }
  if (r.kind === 'primitive') return primitive(node, r.name, r.logical, path);
  const o = r.node;
  const fields = recordFields(o);
  if (fields) {
    if (!isJsonObject(node)) throw bad(node, 'record', path);
    const keys = Object.keys(node);
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const name = String(f['name']);
      const key = findByName(keys, (k) => k, name);
      out[name] = avroFromJson(key === undefined ? (f['default'] as JsonNode | undefined) ?? null : (field(node, key) ?? null), f.type, names, `${path}.${name}`);
    }
    return out;
  }
  if (o.type === 'array') {
    if (!isJsonArray(node)) throw bad(node, 'array', path);
    return node.map((n, i) => avroFromJson(n, o['items'] as AvroSchema, names, `${path}[${i}]`));
  }
  if (o.type === 'map') {
    if (!isJsonObject(node)) throw bad(node, 'map', path);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, avroFromJson(v, o['values'] as AvroSchema, names, `${path}.${k}`)]));
  }
  if (o.type === 'enum' && typeof node === 'string') return node;
  throw bad(node, String(o.type), path);
}

const bad = (node: JsonNode, what: string, path: string): SchemaConvertError =>
  new SchemaConvertError(`${path}: cannot write ${toJsonText(node)} as Avro ${what}`);

function numberText(node: JsonNode): string | undefined {
  if (isJsonNumber(node)) return node.toString();
  if (typeof node === 'string' && parseDecimal(node)) return node.trim();
  return undefined;
}

function primitive(node: JsonNode, name: string, logical: AvroObject | undefined, path: string): unknown {
  const text = numberText(node);
  switch (name) {
    case 'int':
    case 'long': {
      if (text === undefined || !/^[+-]?\d+$/.test(text)) throw bad(node, name, path);
      const v = BigInt(text);
      if (name === 'long') return BigInt.asIntN(64, v);
      if (v < -(2n ** 31n) || v >= 2n ** 31n) throw bad(node, name, path);
      return Number(v);
    }
    case 'float':
    case 'double':
      if (text === undefined) throw bad(node, name, path);
      return Number(text);
    case 'boolean':
      return node === true || (typeof node === 'string' && node.toLowerCase() === 'true');
    case 'string':
      return typeof node === 'string' ? node : toJsonText(node);
    case 'bytes':
      if (logical?.['logicalType'] === 'decimal') {
        const d = text === undefined ? undefined : parseDecimal(text);
        if (!d) throw bad(node, 'decimal', path);
        return bigIntToBytes(rescale(d, Number(logical['scale'] ?? 0)));
      }
      if (typeof node !== 'string') throw bad(node, name, path);
      return Buffer.from(node, 'base64');
    default:
      throw bad(node, name, path);
  }
}

/** The unscaled value at `scale`; refuses to drop digits. */
function rescale(d: JavaDecimal, scale: number): bigint {
  if (scale >= d.scale) return d.unscaled * 10n ** BigInt(scale - d.scale);
  const f = 10n ** BigInt(d.scale - scale);
  if (d.unscaled % f !== 0n) throw new SchemaConvertError(`decimal ${d.text} does not fit scale ${scale}`);
  return d.unscaled / f;
}
