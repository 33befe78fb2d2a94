import protobuf from 'protobufjs';
import { bigIntToBytes } from '../../runtime/serde/avro-values.ts';
import { findByName } from '../../runtime/serde/avro-walk.ts';
import { isTemporalMessage, temporalToMessage } from '../../runtime/serde/protobuf-well-known.ts';
import { parseDecimal } from './java-value.ts';
import { type JsonNode, type JsonObject, field, isJsonArray, isJsonNumber, isJsonObject, toJsonText } from './json-text.ts';
import { SchemaConvertError } from './sr-encode-avro.ts';

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/**
 * The object `Type.fromObject` takes for an input JSON node (§2): fields matched ignoring case,
 * extras dropped, nulls left unset, numbers from numbers or numeric text, BYTES from base64.
 */
export function protoFromJson(node: JsonNode, type: protobuf.Type, path = '$'): Record<string, unknown> {
  if (!isJsonObject(node)) throw new SchemaConvertError(`${path}: cannot write ${toJsonText(node)} as Protobuf ${type.name}`);
  const keys = Object.keys(node);
  const out: Record<string, unknown> = {};
  for (const f of type.fieldsArray) {
    const key = findByName(keys, (k) => k, f.name);
    const v = key === undefined ? null : (field(node, key) ?? null);
    if (v === null) continue;
    out[f.name] = fieldValue(v, f, `${path}.${f.name}`);
  }
  return out;
}

function fieldValue(node: JsonNode, f: protobuf.Field, path: string): unknown {
  f.resolve();
  if (f.map) {
    if (!isJsonObject(node)) throw new SchemaConvertError(`${path}: expected a map`);
    return Object.fromEntries(Object.entries(node as JsonObject).filter(([, v]) => v !== null).map(([k, v]) => [k, single(v, f, `${path}.${k}`)]));
  }
  if (f.repeated) {
    if (!isJsonArray(node)) throw new SchemaConvertError(`${path}: expected an array`);
    return node.map((n, i) => (n === null ? (f.resolvedType instanceof protobuf.Type ? {} : f.typeDefault) : single(n, f, `${path}[${i}]`)));
  }
  return single(node, f, path);
}

function single(node: JsonNode, f: protobuf.Field, path: string): unknown {
  const t = f.resolvedType;
  if (t instanceof protobuf.Enum) return typeof node === 'string' ? node : Number(String(node));
  if (t instanceof protobuf.Type) return message(node, t, path);
  return scalar(node, f.type, path);
}

function message(node: JsonNode, t: protobuf.Type, path: string): unknown {
  if (t.fullName.startsWith('.google.protobuf.') && t.name.endsWith('Value')) return { value: scalar(node, t.fields['value']!.type, path) };
  if (isTemporalMessage(t.fullName)) {
    const text = isJsonNumber(node) ? node.toString() : String(node);
    if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new SchemaConvertError(`${path}: ${toJsonText(node)} is not a ${t.name}`);
    return temporalToMessage(t.fullName, Number(text));
  }
  if (t.fullName === '.confluent.type.Decimal') {
    const d = parseDecimal(String(node));
    if (!d) throw new SchemaConvertError(`${path}: ${toJsonText(node)} is not a decimal`);
    return { value: bigIntToBytes(d.unscaled), precision: d.unscaled.toString().replace('-', '').length, scale: d.scale };
  }
  return protoFromJson(node, t, path);
}

function scalar(node: JsonNode, type: string, path: string): unknown {
  const bad = (): SchemaConvertError => new SchemaConvertError(`${path}: cannot write ${toJsonText(node)} as Protobuf ${type}`);
  const text = isJsonNumber(node) ? node.toString() : typeof node === 'string' ? node : undefined;
  switch (type) {
    case 'bool':
      return node === true || (typeof node === 'string' && node.toLowerCase() === 'true');
    case 'string':
      return typeof node === 'string' ? node : toJsonText(node);
    case 'bytes':
      if (typeof node !== 'string') throw bad();
      return Buffer.from(node, 'base64');
    case 'float':
    case 'double':
      if (text === undefined || Number.isNaN(Number(text))) throw bad();
      return Number(text);
    default:
      if (text === undefined || !/^\s*[+-]?\d+\s*$/.test(text)) throw bad();
      return INT64.has(type) ? BigInt(text.trim()).toString() : Number(text);
  }
}
