import protobuf from 'protobufjs';
import { Decimal } from '../../common/decimal.ts';
import { ProcessingError } from '../../common/errors.ts';
import type { SqlType, StructField } from '../../common/types.ts';
import { bigIntToBytes, bytesToBigInt, type Convert } from './avro-values.ts';
import { findByName } from './avro-walk.ts';
import { isTemporalMessage, temporalFromMessage, temporalToMessage } from './protobuf-well-known.ts';

type Obj = Record<string, unknown>;

const isWrapper = (t: protobuf.Type): boolean => t.fullName.startsWith('.google.protobuf.') && t.name.endsWith('Value');
/** proto3 `optional` fields live in a synthetic oneof named `_<field>`. */
const hasPresence = (f: protobuf.Field): boolean => f.partOf !== null && f.partOf.name.startsWith('_');

/**
 * Reads a decoded message into a STRUCT value of `fields`: proto fields match by name, exactly or
 * ignoring case. Plain proto3 scalars have no null (an unset INT reads 0); `optional` scalars and
 * wrapper messages read null when unset; an unset message reads null, an unset list or map empty.
 */
export function protoReader(type: protobuf.Type, fields: readonly StructField[]): (msg: Obj) => Obj {
  const readers = fields.map((f) => {
    const source = findByName(type.fieldsArray, (x) => x.name, f.name);
    return { name: f.name, read: source ? fieldReader(source, f.type) : () => null };
  });
  return (msg) => {
    const out: Obj = {};
    for (const r of readers) out[r.name] = r.read(msg);
    return out;
  };
}

function fieldReader(field: protobuf.Field, target: SqlType): (msg: Obj) => unknown {
  const name = field.name;
  if (field.map && target.kind === 'MAP') {
    const value = valueReader(field, target.value);
    return (m) => new Map(Object.entries((m[name] as Obj | undefined) ?? {}).map(([k, v]) => [k, value(v)]));
  }
  if (field.repeated && target.kind === 'ARRAY') {
    const item = valueReader(field, target.element);
    return (m) => ((m[name] as unknown[] | undefined) ?? []).map(item);
  }
  const value = valueReader(field, target);
  const presence = field.resolvedType instanceof protobuf.Type || hasPresence(field);
  return (m) => (presence && !Object.prototype.hasOwnProperty.call(m, name) ? null : value(m[name]));
}

function valueReader(field: protobuf.Field, target: SqlType): Convert {
  const t = field.resolvedType;
  if (t instanceof protobuf.Enum) return (v) => (v === null || v === undefined ? null : (t.valuesById[v as number] ?? String(v)));
  if (!(t instanceof protobuf.Type)) return scalar(target);
  if (isWrapper(t)) {
    const inner = scalar(target);
    return (v) => (v === null || v === undefined ? null : inner((v as Obj)['value'] ?? t.fields['value']!.defaultValue));
  }
  const well = wellKnownReader(t.fullName, target);
  if (well) return (v) => (v === null || v === undefined ? null : well(v as Obj));
  if (target.kind !== 'STRUCT') throw new ProcessingError(`Cannot read Protobuf ${t.name} as ${target.kind}`);
  const nested = protoReader(t, target.fields);
  return (v) => (v === null || v === undefined ? null : nested(v as Obj));
}

const num = (v: unknown): number => (v === undefined || v === null ? 0 : Number(String(v)));

function wellKnownReader(fullName: string, target: SqlType): ((m: Obj) => unknown) | undefined {
  if (isTemporalMessage(fullName)) return (m) => temporalFromMessage(fullName, m);
  switch (fullName) {
    case '.confluent.type.Decimal': {
      const scale = target.kind === 'DECIMAL' ? target.scale : 0;
      return (m) => new Decimal(bytesToBigInt((m['value'] as Uint8Array | undefined) ?? new Uint8Array()), num(m['scale'])).setScale(scale);
    }
    default:
      return undefined;
  }
}

/** A decoded proto scalar (number, Long, string, bool, bytes) as the engine value of `target`. */
function scalar(target: SqlType): Convert {
  const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? Math.trunc(v) : String(v)));
  switch (target.kind) {
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      return (v) => Number(BigInt.asIntN(32, big(v)));
    case 'BIGINT':
      return (v) => BigInt.asIntN(64, big(v));
    case 'DOUBLE':
    case 'TIMESTAMP':
      return (v) => Number(typeof v === 'number' ? v : String(v));
    case 'DECIMAL':
      return (v) => Decimal.parse(String(v)).setScale(target.scale);
    case 'STRING':
      return (v) => String(v);
    case 'BOOLEAN':
      return (v) => v === true;
    case 'BYTES':
      return (v) => new Uint8Array(v as Uint8Array);
    default:
      return (v) => {
        throw new ProcessingError(`Cannot read Protobuf value ${String(v)} as ${target.kind}`);
      };
  }
}

/** Builds the plain object `Type.fromObject` takes for a STRUCT value; nulls are left unset. */
export function protoWriter(type: protobuf.Type, fields: readonly StructField[]): (value: Obj) => Obj {
  const writers = type.fieldsArray.map((f) => {
    const from = findByName(fields, (x) => x.name, f.name);
    return { name: f.name, from: from?.name, write: from ? fieldWriter(f, from.type) : () => undefined };
  });
  return (value) => {
    const out: Obj = {};
    for (const w of writers) {
      const v = w.from === undefined ? null : (value[w.from] ?? null);
      if (v === null) continue;
      const x = w.write(v);
      if (x !== undefined) out[w.name] = x;
    }
    return out;
  };
}

function fieldWriter(field: protobuf.Field, source: SqlType): Convert {
  if (field.map && source.kind === 'MAP') {
    const value = valueWriter(field, source.value);
    return (v) => Object.fromEntries([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x === null ? undefined : value(x)]));
  }
  if (field.repeated && source.kind === 'ARRAY') {
    const item = valueWriter(field, source.element);
    return (v) => (v as unknown[]).map((x) => (x === null || x === undefined ? defaultOf(field) : item(x)));
  }
  return valueWriter(field, source);
}

const defaultOf = (field: protobuf.Field): unknown => (field.resolvedType instanceof protobuf.Type ? {} : field.typeDefault);

function valueWriter(field: protobuf.Field, source: SqlType): Convert {
  const t = field.resolvedType;
  const plain = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v instanceof Decimal ? Number(v.toString()) : v);
  if (t instanceof protobuf.Enum) return (v) => String(v);
  if (!(t instanceof protobuf.Type)) return plain;
  if (isWrapper(t)) return (v) => ({ value: plain(v) });
  const fullName = t.fullName;
  if (isTemporalMessage(fullName)) return (v) => temporalToMessage(fullName, Number(v));
  switch (fullName) {
    case '.confluent.type.Decimal':
      return (v) => {
        const d = v as Decimal;
        return { value: bigIntToBytes(d.unscaled), precision: source.kind === 'DECIMAL' ? source.precision : d.precision(), scale: d.scale };
      };
  }
  if (source.kind !== 'STRUCT') throw new ProcessingError(`Cannot write ${source.kind} as Protobuf ${t.name}`);
  const nested = protoWriter(t, source.fields);
  return (v) => nested(v as Obj);
}
