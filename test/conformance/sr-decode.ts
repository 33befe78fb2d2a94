import protobuf from 'protobufjs';
import type { AvroObject, AvroSchema } from '../../runtime/serde/avro-schema.ts';
import { bytesToBigInt } from '../../runtime/serde/avro-values.ts';
import { nonNullBranches, recordFields, resolveAvro } from '../../runtime/serde/avro-walk.ts';
import { isTemporalMessage, temporalFromMessage } from '../../runtime/serde/protobuf-well-known.ts';
import { type JavaValue, integral } from './java-value.ts';

type Names = ReadonlyMap<string, AvroObject>;

const decimal = (unscaled: bigint, scale: number): JavaValue => {
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = `${unscaled < 0n ? '-' : ''}${scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
  return { kind: 'decimal', value: { unscaled, scale, text } };
};

/** An avsc-decoded value as the Java value ksqlDB's harness holds, typed by the writer schema (§2). */
export function javaFromAvro(v: unknown, schema: AvroSchema, names: Names): JavaValue {
  if (v === null || v === undefined) return null;
  const r = resolveAvro(schema, names);
  if (r.kind === 'union') {
    const branches = nonNullBranches(r.branches);
    return branches.length === 1 ? javaFromAvro(v, branches[0]!, names) : untyped(v);
  }
  if (r.kind === 'primitive') {
    switch (r.name) {
      case 'int':
        return { kind: 'int', value: Number(v) };
      case 'long':
        return { kind: 'long', value: BigInt(v as bigint) };
      case 'float':
        return { kind: 'float', value: Number(v) };
      case 'double':
        return { kind: 'double', value: Number(v) };
      case 'bytes':
        if (r.logical?.['logicalType'] === 'decimal') return decimal(bytesToBigInt(v as Uint8Array), Number(r.logical['scale'] ?? 0));
        return { kind: 'bytes', value: v as Uint8Array };
      default:
        return untyped(v);
    }
  }
  const o = r.node;
  const fields = recordFields(o);
  if (fields) {
    const rec = v as Record<string, unknown>;
    return { kind: 'map', value: new Map(fields.map((f) => [String(f['name']), javaFromAvro(rec[String(f['name'])], f.type, names)])) };
  }
  if (o.type === 'array') return { kind: 'list', value: (v as unknown[]).map((x) => javaFromAvro(x, o['items'] as AvroSchema, names)) };
  if (o.type === 'map') {
    return { kind: 'map', value: new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, javaFromAvro(x, o['values'] as AvroSchema, names)])) };
  }
  return untyped(v);
}

function untyped(v: unknown): JavaValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (typeof v === 'bigint') return integral(v);
  if (typeof v === 'number') return Number.isInteger(v) ? integral(BigInt(v)) : { kind: 'double', value: v };
  if (v instanceof Uint8Array) return { kind: 'bytes', value: v };
  if (Array.isArray(v)) return { kind: 'list', value: v.map(untyped) };
  return { kind: 'map', value: new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, untyped(x)])) };
}

const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'uint32', 'fixed32']);
const has = (m: object, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

/**
 * A decoded Protobuf message as a map of every field (Connect's view): unset scalars read as their
 * proto3 default, unset messages, wrappers and `optional` scalars as null.
 */
export function javaFromProto(msg: Record<string, unknown>, type: protobuf.Type): JavaValue {
  const out = new Map<string, JavaValue>();
  for (const f of type.fieldsArray) {
    f.resolve();
    const v = msg[f.name];
    const optional = f.partOf !== null && f.partOf.name.startsWith('_');
    if (f.map) out.set(f.name, { kind: 'map', value: new Map(Object.entries((v as Record<string, unknown>) ?? {}).map(([k, x]) => [k, protoValue(x, f)])) });
    else if (f.repeated) out.set(f.name, { kind: 'list', value: ((v as unknown[]) ?? []).map((x) => protoValue(x, f)) });
    else if ((f.resolvedType instanceof protobuf.Type || optional) && !has(msg, f.name)) out.set(f.name, null);
    else out.set(f.name, protoValue(v, f));
  }
  return { kind: 'map', value: out };
}

function protoValue(v: unknown, f: protobuf.Field): JavaValue {
  const t = f.resolvedType;
  if (t instanceof protobuf.Enum) return { kind: 'string', value: t.valuesById[v as number] ?? String(v) };
  if (t instanceof protobuf.Type) {
    if (v === null || v === undefined) return null;
    const m = v as Record<string, unknown>;
    if (t.fullName.startsWith('.google.protobuf.') && t.name.endsWith('Value')) return protoValue(m['value'] ?? t.fields['value']!.typeDefault, t.fields['value']!);
    // Connect reads Timestamp as a Long, Date and TimeOfDay as an Integer (SpecToConnectConverter).
    if (isTemporalMessage(t.fullName)) {
      const n = temporalFromMessage(t.fullName, m);
      return t.fullName === '.google.protobuf.Timestamp' ? { kind: 'long', value: BigInt(n) } : { kind: 'int', value: n };
    }
    if (t.fullName === '.confluent.type.Decimal') return decimal(bytesToBigInt((m['value'] as Uint8Array) ?? new Uint8Array()), Number(m['scale'] ?? 0));
    return javaFromProto(m, t);
  }
  if (v === null || v === undefined) return null;
  if (LONGS.has(f.type)) return { kind: 'long', value: BigInt(String(v)) };
  switch (f.type) {
    case 'float':
      return { kind: 'float', value: Number(v) };
    case 'double':
      return { kind: 'double', value: Number(v) };
    case 'bool':
      return { kind: 'boolean', value: v === true };
    case 'string':
      return { kind: 'string', value: String(v) };
    case 'bytes':
      return { kind: 'bytes', value: v as Uint8Array };
    default:
      return { kind: 'int', value: Number(v) };
  }
}
