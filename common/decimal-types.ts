import { Decimal } from './decimal.ts';
import { ProcessingError } from './errors.ts';
import { decimal, type SqlType } from './types.ts';

/**
 * DECIMAL typing as ksqlDB's DecimalUtil does it: result precision/scale of arithmetic are fixed
 * at plan time, and values are rounded HALF_UP into their column's scale.
 */
export interface DecimalShape {
  readonly precision: number;
  readonly scale: number;
}

/** `a + b` and `a - b`: scale max(s1,s2), precision max(s1,s2) + max(p1-s1, p2-s2) + 1. */
export function decimalAddType(a: DecimalShape, b: DecimalShape): SqlType {
  const scale = Math.max(a.scale, b.scale);
  return decimal(scale + Math.max(a.precision - a.scale, b.precision - b.scale) + 1, scale);
}

/** `a * b`: precision p1+p2+1, scale s1+s2. */
export function decimalMultiplyType(a: DecimalShape, b: DecimalShape): SqlType {
  return decimal(a.precision + b.precision + 1, a.scale + b.scale);
}

/** `a / b`: scale max(6, s1+p2+1), precision p1-s1+s2+scale. */
export function decimalDivideType(a: DecimalShape, b: DecimalShape): SqlType {
  const scale = Math.max(6, a.scale + b.precision + 1);
  return decimal(a.precision - a.scale + b.scale + scale, scale);
}

/** `a % b`: precision min(p1-s1, p2-s2) + max(s1,s2), scale max(s1,s2). */
export function decimalModType(a: DecimalShape, b: DecimalShape): SqlType {
  const scale = Math.max(a.scale, b.scale);
  return decimal(Math.min(a.precision - a.scale, b.precision - b.scale) + scale, scale);
}

/**
 * The DECIMAL an exact numeric widens to in decimal arithmetic: INT → DECIMAL(10,0),
 * BIGINT → DECIMAL(19,0); a DECIMAL is itself. Null for other types.
 */
export function decimalShapeOf(t: SqlType): DecimalShape | null {
  switch (t.kind) {
    case 'INTEGER':
      return { precision: 10, scale: 0 };
    case 'BIGINT':
      return { precision: 19, scale: 0 };
    case 'DECIMAL':
      return t;
    default:
      return null;
  }
}

/** Converts a non-null INTEGER, BIGINT, DOUBLE or DECIMAL value of type `from` to an exact Decimal. */
export function toDecimalExact(v: unknown, from: SqlType): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === 'bigint') return Decimal.fromBigInt(v);
  if (typeof v === 'number') return from.kind === 'DOUBLE' ? Decimal.fromNumber(v) : Decimal.fromBigInt(BigInt(v));
  if (typeof v === 'string') return Decimal.parse(v);
  throw new ProcessingError(`Cannot convert ${String(v)} to DECIMAL`);
}

/**
 * ksqlDB's `DecimalUtil.cast`/`ensureFit`: the value must be below 10^(precision-scale) in absolute
 * value (checked before rounding, as ksqlDB does), then it is rounded HALF_UP to `scale`.
 */
export function fitDecimal(v: Decimal, precision: number, scale: number): Decimal {
  const digits = precision - scale;
  const limit = new Decimal(1n, -digits);
  if (v.abs().compare(limit) >= 0) {
    throw new ProcessingError(
      `Numeric field overflow: A field with precision ${precision} and scale ${scale} ` +
        `must round to an absolute value less than 10^${digits}. Got ${v.toString()}`,
    );
  }
  return v.scale === scale ? v : v.setScale(scale, 'HALF_UP');
}
