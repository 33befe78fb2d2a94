import { AnalysisError } from './errors.ts';
import { Decimal } from './decimal.ts';
import { fitDecimal, toDecimalExact } from './decimal-types.ts';
import { doubleToInt, doubleToLong, formatDouble, toInt32, toInt64 } from './java-format.ts';
import { javaToString } from './java-string.ts';
import { parseStringCast } from './string-parse.ts';
import { dateToTimestamp, formatDate, formatTime, formatTimestamp, timestampToDate, timestampToTime } from './time-format.ts';
import { formatType, typesEqual, type SqlType, type Struct, type TypeKind } from './types.ts';

/** A resolved conversion of one non-null value. */
export type CastFn = (v: unknown) => unknown;

type Builder = (from: SqlType, to: SqlType) => CastFn;

const identity: CastFn = (v) => v;
const toDecimal: Builder = (from, to) => {
  const t = to as Extract<SqlType, { kind: 'DECIMAL' }>;
  return (v) => fitDecimal(toDecimalExact(v, from), t.precision, t.scale);
};
const toJavaString: Builder = (from) => (v) => javaToString(v, from);
const fromString: Builder = (_from, to) => (v) => parseStringCast(v as string, to);

/** ksqlDB's CastEvaluator table: source kind → target kind → conversion. */
const CASTS: Partial<Record<TypeKind, Partial<Record<TypeKind, Builder>>>> = {
  BOOLEAN: { STRING: () => (v) => String(v) },
  INTEGER: {
    BIGINT: () => (v) => BigInt(v as number),
    DECIMAL: toDecimal,
    DOUBLE: () => identity,
    STRING: () => (v) => String(v),
  },
  BIGINT: {
    INTEGER: () => (v) => toInt32(v as bigint),
    DECIMAL: toDecimal,
    DOUBLE: () => (v) => Number(v as bigint),
    STRING: () => (v) => String(v),
  },
  DECIMAL: {
    // Java's intValue()/longValue() on BigDecimal truncate, then keep the low 32/64 bits.
    INTEGER: () => (v) => toInt32((v as Decimal).toBigInt()),
    BIGINT: () => (v) => toInt64((v as Decimal).toBigInt()),
    DECIMAL: toDecimal,
    DOUBLE: () => (v) => (v as Decimal).toNumber(),
    STRING: () => (v) => (v as Decimal).toString(),
  },
  DOUBLE: {
    INTEGER: () => (v) => doubleToInt(v as number),
    BIGINT: () => (v) => doubleToLong(v as number),
    DECIMAL: toDecimal,
    STRING: () => (v) => formatDouble(v as number),
  },
  STRING: {
    BOOLEAN: fromString,
    INTEGER: fromString,
    BIGINT: fromString,
    DECIMAL: (_from, to) => {
      const t = to as Extract<SqlType, { kind: 'DECIMAL' }>;
      return (v) => fitDecimal(parseStringCast(v as string, to) as Decimal, t.precision, t.scale);
    },
    DOUBLE: fromString,
    TIMESTAMP: fromString,
    TIME: fromString,
    DATE: fromString,
    BYTES: fromString,
  },
  ARRAY: { ARRAY: (from, to) => arrayCast(from, to), STRING: toJavaString },
  MAP: { MAP: (from, to) => mapCast(from, to), STRING: toJavaString },
  STRUCT: { STRUCT: (from, to) => structCast(from, to), STRING: toJavaString },
  TIMESTAMP: {
    STRING: () => (v) => formatTimestamp(v as number),
    TIME: () => (v) => timestampToTime(v as number),
    DATE: () => (v) => timestampToDate(v as number),
  },
  DATE: { TIMESTAMP: () => (v) => dateToTimestamp(v as number), STRING: () => (v) => formatDate(v as number) },
  TIME: { STRING: () => (v) => formatTime(v as number) },
};

/** Whether ksqlDB allows `CAST(<from> AS <to>)`. */
export function isCastSupported(from: SqlType, to: SqlType): boolean {
  try {
    castCompiled(from, to);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves `CAST(<from> AS <to>)` once; the returned function maps null to null and throws
 * ProcessingError for values that do not convert. Throws AnalysisError (ksqlDB's text
 * `Cast of STRING to ARRAY<INTEGER> is not supported`) when the cast is not allowed.
 */
export function castCompiled(from: SqlType, to: SqlType): CastFn {
  const fn = resolve(from, to);
  if (fn === identity) return identity;
  return (v) => (v === null || v === undefined ? null : fn(v));
}

/** One-off cast; prefer `castCompiled` on per-record paths. */
export function castValue(value: unknown, from: SqlType, to: SqlType): unknown {
  return castCompiled(from, to)(value);
}

function resolve(from: SqlType, to: SqlType): CastFn {
  if (typesEqual(from, to)) return identity;
  const builder = CASTS[from.kind]?.[to.kind];
  if (!builder) throw unsupported(from, to);
  try {
    return builder(from, to);
  } catch (e) {
    // A nested element cast failed: ksqlDB names the outer types.
    throw e instanceof AnalysisError ? unsupported(from, to) : e;
  }
}

const unsupported = (from: SqlType, to: SqlType): AnalysisError =>
  new AnalysisError(`Cast of ${formatType(from)} to ${formatType(to)} is not supported`);

const nullSafe = (fn: CastFn): CastFn => (fn === identity ? fn : (v) => (v === null || v === undefined ? null : fn(v)));

function arrayCast(from: SqlType, to: SqlType): CastFn {
  const element = nullSafe(resolve((from as { element: SqlType }).element, (to as { element: SqlType }).element));
  return (v) => (v as readonly unknown[]).map((e) => element(e));
}

function mapCast(from: SqlType, to: SqlType): CastFn {
  const f = from as Extract<SqlType, { kind: 'MAP' }>;
  const t = to as Extract<SqlType, { kind: 'MAP' }>;
  const key = nullSafe(resolve(f.key, t.key));
  const value = nullSafe(resolve(f.value, t.value));
  return (v) => {
    const out = new Map<unknown, unknown>();
    for (const [k, val] of v as Map<unknown, unknown>) out.set(key(k), value(val));
    return out;
  };
}

/** Fields are matched by exact name; target fields absent from the source come out null. */
function structCast(from: SqlType, to: SqlType): CastFn {
  const f = from as Extract<SqlType, { kind: 'STRUCT' }>;
  const t = to as Extract<SqlType, { kind: 'STRUCT' }>;
  const plan = t.fields.map((tf) => {
    const ff = f.fields.find((x) => x.name === tf.name);
    return { name: tf.name, cast: ff ? nullSafe(resolve(ff.type, tf.type)) : null };
  });
  return (v) => {
    const src = v as Struct;
    const out: Struct = {};
    for (const p of plan) out[p.name] = p.cast ? p.cast(src[p.name] ?? null) : null;
    return out;
  };
}
