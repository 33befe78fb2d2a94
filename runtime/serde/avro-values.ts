import { Decimal } from '../../common/decimal.ts';
import { ProcessingError } from '../../common/errors.ts';
import type { SqlType } from '../../common/types.ts';
import type { AvroObject, AvroSchema } from './avro-schema.ts';
import { findByName, nonNullBranches, recordFields, resolveAvro } from './avro-walk.ts';

export type Convert = (v: unknown) => unknown;
type Names = ReadonlyMap<string, AvroObject>;

/**
 * Reads a value decoded by avsc with the writer schema into the engine value of `target` (ksqlDB
 * reads with the writer schema, then converts to the column's type). Record fields match struct
 * fields by name, exactly or ignoring case; missing fields read as null.
 */
export function avroReader(schema: AvroSchema, names: Names, target: SqlType): Convert {
  const r = resolveAvro(schema, names);
  if (r.kind === 'union') {
    const branches = nonNullBranches(r.branches);
    const inner = branches.length === 1 ? avroReader(branches[0]!, names, target) : scalarReader(target, undefined);
    return (v) => (v === null || v === undefined ? null : inner(v));
  }
  const inner = r.kind === 'primitive' ? scalarReader(target, r.logical) : objectReader(r.node, names, target);
  return (v) => (v === null || v === undefined ? null : inner(v));
}

function objectReader(node: AvroObject, names: Names, target: SqlType): Convert {
  const fields = recordFields(node);
  if (fields && target.kind === 'STRUCT') {
    const readers = target.fields.map((f) => {
      const source = findByName(fields, (x) => String(x['name']), f.name);
      return { name: f.name, from: source ? String(source['name']) : undefined, read: source ? avroReader(source.type, names, f.type) : undefined };
    });
    return (v) => {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of readers) out[f.name] = f.from === undefined ? null : f.read!(o[f.from]);
      return out;
    };
  }
  if (node.type === 'array' && target.kind === 'ARRAY') {
    const item = avroReader(node['items'] as AvroSchema, names, target.element);
    return (v) => (v as unknown[]).map(item);
  }
  if (node.type === 'map' && target.kind === 'MAP') {
    const value = avroReader(node['values'] as AvroSchema, names, target.value);
    return (v) => new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, value(x)]));
  }
  if (node.type === 'enum' || node.type === 'fixed') return scalarReader(target, undefined);
  throw new ProcessingError(`Cannot read Avro ${String(node.type)} as ${target.kind}`);
}

function scalarReader(target: SqlType, logical: AvroObject | undefined): Convert {
  const scale = logical?.['logicalType'] === 'decimal' ? Number(logical['scale'] ?? 0) : undefined;
  switch (target.kind) {
    case 'BOOLEAN':
      return (v) => (typeof v === 'boolean' ? v : fail(v, target));
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      return (v) => (typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : typeof v === 'number' ? Math.trunc(v) | 0 : fail(v, target));
    case 'BIGINT':
      return (v) => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(Math.trunc(v)) : fail(v, target));
    case 'TIMESTAMP':
    case 'DOUBLE':
      return (v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : fail(v, target));
    case 'DECIMAL':
      return (v) => {
        const d = v instanceof Uint8Array ? new Decimal(bytesToBigInt(v), scale ?? 0) : typeof v === 'number' ? Decimal.fromNumber(v) : typeof v === 'bigint' ? Decimal.fromBigInt(v) : fail(v, target);
        return d.setScale(target.scale);
      };
    case 'STRING':
      return (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : fail(v, target));
    case 'BYTES':
      return (v) => (v instanceof Uint8Array ? new Uint8Array(v) : fail(v, target));
    default:
      return (v) => fail(v, target);
  }
}

function fail(v: unknown, target: SqlType): never {
  throw new ProcessingError(`Cannot convert Avro value ${String(v)} to ${target.kind}`);
}

/** Converts an engine value of `source` to what avsc writes for `schema` (the inverse of avroReader). */
export function avroWriter(schema: AvroSchema, names: Names, source: SqlType): Convert {
  const r = resolveAvro(schema, names);
  if (r.kind === 'union') {
    const inner = avroWriter(nonNullBranches(r.branches)[0] ?? 'null', names, source);
    return (v) => (v === null || v === undefined ? null : inner(v));
  }
  if (r.kind === 'primitive') return primitiveWriter(r.name, r.logical);
  const node = r.node;
  const fields = recordFields(node);
  if (fields && source.kind === 'STRUCT') {
    const writers = fields.map((f) => {
      const from = findByName(source.fields, (x) => x.name, String(f['name']));
      const fallback = 'default' in f ? avroDefault(f.type, f['default']) : null;
      return { name: String(f['name']), from: from?.name, fallback, write: avroWriter(f.type, names, from?.type ?? source) };
    });
    return (v) => {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of writers) {
        // A missing or null field takes the schema default, as Avro's record builder does.
        const x = f.from === undefined ? null : f.write(o[f.from] ?? null);
        out[f.name] = x === null ? f.fallback : x;
      }
      return out;
    };
  }
  if (node.type === 'array' && source.kind === 'ARRAY') {
    const item = avroWriter(node['items'] as AvroSchema, names, source.element);
    return (v) => (v as unknown[]).map((x) => item(x ?? null));
  }
  if (node.type === 'map' && source.kind === 'MAP') {
    const value = avroWriter(node['values'] as AvroSchema, names, source.value);
    return (v) => Object.fromEntries([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), value(x ?? null)]));
  }
  if (node.type === 'enum') return (v) => (v === null ? null : String(v));
  throw new ProcessingError(`Cannot write ${source.kind} as Avro ${String(node.type)}`);
}

function primitiveWriter(name: string, logical: AvroObject | undefined): Convert {
  const nullable = (f: Convert): Convert => (v) => (v === null || v === undefined ? null : f(v));
  switch (name) {
    case 'int':
      return nullable((v) => Number(v));
    case 'long':
      return nullable((v) => (typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))));
    case 'float':
    case 'double':
      return nullable((v) => (v instanceof Decimal ? Number(v.toString()) : Number(v)));
    case 'string':
      return nullable((v) => String(v));
    case 'bytes': {
      if (logical?.['logicalType'] !== 'decimal') return nullable((v) => Buffer.from(v as Uint8Array));
      const scale = Number(logical['scale'] ?? 0);
      return nullable((v) => bigIntToBytes((v as Decimal).setScale(scale).unscaled));
    }
    default:
      return (v) => v;
  }
}

/** A big-endian two's-complement integer (Avro and Connect decimal bytes). */
export function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return b.length > 0 && b[0]! & 0x80 ? v - (1n << BigInt(8 * b.length)) : v;
}

export function bigIntToBytes(v: bigint): Buffer {
  let bytes = 1;
  while (v < -(1n << BigInt(8 * bytes - 1)) || v >= 1n << BigInt(8 * bytes - 1)) bytes++;
  const out = Buffer.alloc(bytes);
  let x = BigInt.asUintN(8 * bytes, v);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/**
 * A field's schema default as the codec writes it: a `long` default (JSON number) becomes a bigint,
 * since longs are bigints here; a union's default belongs to its first branch.
 */
function avroDefault(type: AvroSchema, value: unknown): unknown {
  const first = Array.isArray(type) ? (type as readonly AvroSchema[])[0] : type;
  const name = typeof first === 'string' ? first : (first as AvroObject | undefined)?.type;
  return name === 'long' && (typeof value === 'number' || typeof value === 'string') ? BigInt(value) : value;
}
