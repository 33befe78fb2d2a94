import { Decimal } from '../../common/decimal.ts';
import { formatDouble } from '../../common/java-format.ts';
import { bytesEqual, compareBytes } from './bytes.ts';
import type { SqlType } from '../../common/types.ts';

/** Java's Double.compare: -0.0 < 0.0 and NaN above everything, so sorting is total. */
export function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b && (a !== 0 || Object.is(a, b))) return 0;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return Object.is(a, -0) ? -1 : 1;
}

/**
 * Natural order of two non-null values of the same SQL type (what Java's `compareTo` gives for
 * the boxed value): numbers, bigints, decimals, strings (UTF-16 units), booleans, bytes.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareDoubles(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Decimal && b instanceof Decimal) return a.compare(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  return 0;
}

/** Null-aware order used by ARRAY_SORT and friends: nulls last. */
export const compareNullsLast = (a: unknown, b: unknown): number =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : compareValues(a, b);

/** Deep SQL value equality (Java `equals` on the runtime values, decimals by value). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Decimal && b instanceof Decimal) return a.compare(b) === 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return bytesEqual(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !valuesEqual(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Map || b instanceof Map || Array.isArray(a) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  return ka.length === Object.keys(ob).length && ka.every((k) => valuesEqual((a as Record<string, unknown>)[k], ob[k]));
}

/** A key for hashing values in sets (distinct, union, ...); equal values give equal keys. */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return `n${formatDouble(v)}`;
  if (typeof v === 'bigint') return `b${v}`;
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'boolean') return `t${v}`;
  if (v instanceof Decimal) return `d${v.compare(Decimal.ZERO) === 0 ? '0' : stripZeros(v.toString())}`;
  if (v instanceof Uint8Array) return `y${Buffer.from(v).toString('base64')}`;
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${valueKey(k)}:${valueKey(x)}`).join(',')}}`;
  return `(${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}:${valueKey(x)}`).join(',')})`;
}

const stripZeros = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

/**
 * Java's `String.valueOf` for values of a SQL type, as used when functions join values into text.
 * Type-directed because INTEGER and DOUBLE share the JS number (`1` vs `1.0`).
 */
export function javaStringer(t: SqlType): (v: unknown) => string {
  switch (t.kind) {
    case 'DOUBLE':
      return (v) => (v === null ? 'null' : formatDouble(v as number));
    case 'ARRAY': {
      const el = javaStringer(t.element);
      return (v) => (v === null ? 'null' : `[${(v as unknown[]).map(el).join(', ')}]`);
    }
    case 'MAP': {
      const k = javaStringer(t.key);
      const x = javaStringer(t.value);
      return (v) => (v === null ? 'null' : `{${[...(v as Map<unknown, unknown>)].map(([a, b]) => `${k(a)}=${x(b)}`).join(', ')}}`);
    }
    case 'BYTES':
      return (v) => (v === null ? 'null' : Buffer.from(v as Uint8Array).toString('base64'));
    default:
      return (v) => (v === null || v === undefined ? 'null' : String(v));
  }
}
