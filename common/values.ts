import { Decimal } from './decimal.ts';
import type { SqlType, Struct } from './types.ts';

/**
 * Ordering and identity of run-time values (representation: see common/types.ts).
 *
 * Null handling: the comparators here are a *total* order for sorting and grouping, so NULL is a
 * value that sorts before every non-null value and equals another NULL. SQL comparison operators
 * (where `NULL = x` is FALSE) must test for null before calling these.
 */
export type Comparator = (a: unknown, b: unknown) => number;

const cache = new WeakMap<SqlType, Comparator>();

/** Compares two values of `type`; see the module note for nulls. */
export function compareValues(a: unknown, b: unknown, type: SqlType): number {
  return comparatorFor(type)(a, b);
}

/** SQL-value equality under the same total order (`1.0` = `1.00`, NaN = NaN, NULL = NULL). */
export function valuesEqual(a: unknown, b: unknown, type: SqlType): boolean {
  return comparatorFor(type)(a, b) === 0;
}

/** A comparator resolved once per type, for hot paths (sorting, min/max, joins). */
export function comparatorFor(type: SqlType): Comparator {
  let cmp = cache.get(type);
  if (!cmp) {
    cmp = nullsFirst(buildComparator(type));
    cache.set(type, cmp);
  }
  return cmp;
}

function nullsFirst(cmp: Comparator): Comparator {
  return (a, b) => {
    if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
    if (b === null || b === undefined) return 1;
    return cmp(a, b);
  };
}

function buildComparator(type: SqlType): Comparator {
  switch (type.kind) {
    case 'BOOLEAN':
      return (a, b) => Number(a) - Number(b);
    case 'INTEGER':
    case 'TIMESTAMP':
    case 'DATE':
    case 'TIME':
      return (a, b) => (a as number) - (b as number);
    case 'DOUBLE':
      return (a, b) => compareDoubles(a as number, b as number);
    case 'BIGINT':
      return (a, b) => ((a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0);
    case 'DECIMAL':
      return (a, b) => (a as Decimal).compare(b as Decimal);
    case 'STRING':
      // JS compares UTF-16 code units, exactly like Java's String.compareTo.
      return (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
    case 'BYTES':
      return (a, b) => compareBytes(a as Uint8Array, b as Uint8Array);
    case 'ARRAY':
      return arrayComparator(comparatorFor(type.element));
    case 'MAP':
      return (a, b) => compareStrings(keyString([a]), keyString([b]));
    case 'STRUCT':
      return structComparator(type.fields.map((f) => [f.name, comparatorFor(f.type)] as const));
  }
}

/** Java's `Double.compare`: -0.0 < 0.0 and NaN above +Infinity, so the order is total. */
export function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  const aNeg = Object.is(a, -0);
  const bNeg = Object.is(b, -0);
  return aNeg === bNeg ? 0 : aNeg ? -1 : 1;
}

/** `ByteBuffer.compareTo`, which compares bytes as *signed* values. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = ((a[i] ?? 0) << 24) >> 24;
    const y = ((b[i] ?? 0) << 24) >> 24;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function arrayComparator(element: Comparator): Comparator {
  return (a, b) => {
    const x = a as readonly unknown[];
    const y = b as readonly unknown[];
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
      const c = element(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  };
}

function structComparator(fields: readonly (readonly [string, Comparator])[]): Comparator {
  return (a, b) => {
    for (const [name, cmp] of fields) {
      const c = cmp((a as Struct)[name] ?? null, (b as Struct)[name] ?? null);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/**
 * A string that identifies a tuple of SQL values, for using them as JS `Map` keys (GROUP BY keys,
 * join keys, table state). Equal SQL values give equal strings: decimals are normalized so `1.0`
 * and `1.00` collide, and each value is tagged with its JS kind so `1`, `1n` and `'1'` differ.
 */
export function keyString(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += '|';
    out += encodeKey(values[i]);
  }
  return out;
}

function encodeKey(v: unknown): string {
  if (v === null || v === undefined) return 'N';
  switch (typeof v) {
    case 'boolean':
      return v ? 'T' : 'F';
    case 'number':
      return 'n' + String(v);
    case 'bigint':
      return 'b' + v.toString();
    case 'string':
      return JSON.stringify(v);
    default:
      return encodeObjectKey(v as object);
  }
}

function encodeObjectKey(v: object): string {
  if (v instanceof Decimal) return 'd' + normalizedDecimal(v);
  if (v instanceof Uint8Array) return 'x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  if (Array.isArray(v)) return '[' + v.map(encodeKey).join(',') + ']';
  if (v instanceof Map) {
    const entries = [...v.entries()].map(([k, val]) => encodeKey(k) + ':' + encodeKey(val)).sort();
    return 'm{' + entries.join(',') + '}';
  }
  const entries = Object.entries(v).map(([k, val]) => JSON.stringify(k) + ':' + encodeKey(val));
  return 's{' + entries.join(',') + '}';
}

/** The decimal's text with trailing fraction zeros removed (`1.50` → `1.5`, `2.00` → `2`). */
function normalizedDecimal(d: Decimal): string {
  const text = d.toString();
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
