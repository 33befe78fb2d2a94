/** Typing rules shared by the expression binder: numeric widening, decimal result types, common types. */
import { decimalAddType, decimalDivideType, decimalModType, decimalMultiplyType, decimalShapeOf } from '../common/decimal-types.ts';
import { AnalysisError } from '../common/errors.ts';
import { DOUBLE, decimal, formatType, isNumeric, typesEqual, type SqlType } from '../common/types.ts';

const NUMERIC_RANK: Partial<Record<SqlType['kind'], number>> = { INTEGER: 1, BIGINT: 2, DECIMAL: 3, DOUBLE: 4 };

/** The DECIMAL an integer type widens to (ksqlDB: INT → DECIMAL(10, 0), BIGINT → DECIMAL(19, 0)). */
export function asDecimal(t: SqlType): Extract<SqlType, { kind: 'DECIMAL' }> {
  const shape = decimalShapeOf(t);
  if (!shape) throw new AnalysisError(`Cannot convert ${formatType(t)} to DECIMAL`);
  return decimal(shape.precision, shape.scale) as Extract<SqlType, { kind: 'DECIMAL' }>;
}

/** True when a value of `from` may be used where `to` is expected without an explicit CAST. */
export function canWiden(from: SqlType, to: SqlType): boolean {
  if (typesEqual(from, to)) return true;
  const a = NUMERIC_RANK[from.kind];
  const b = NUMERIC_RANK[to.kind];
  if (a !== undefined && b !== undefined) {
    if (a > b) return false;
    if (to.kind === 'DECIMAL' && from.kind !== 'DECIMAL') {
      const d = asDecimal(from);
      return to.precision - to.scale >= d.precision - d.scale;
    }
    if (to.kind === 'DECIMAL' && from.kind === 'DECIMAL') {
      return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
    }
    return true;
  }
  if (from.kind === 'ARRAY' && to.kind === 'ARRAY') return canWiden(from.element, to.element);
  if (from.kind === 'MAP' && to.kind === 'MAP') return canWiden(from.key, to.key) && canWiden(from.value, to.value);
  if (from.kind === 'STRUCT' && to.kind === 'STRUCT') {
    return from.fields.length === to.fields.length && from.fields.every((f, i) => f.name === to.fields[i]?.name && canWiden(f.type, to.fields[i]!.type));
  }
  return false;
}

/** The wider of two numeric types, as binary arithmetic and comparisons use it. */
export function widerNumeric(a: SqlType, b: SqlType): SqlType {
  if (a.kind === 'DOUBLE' || b.kind === 'DOUBLE') return DOUBLE;
  if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') {
    const x = asDecimal(a);
    const y = asDecimal(b);
    const scale = Math.max(x.scale, y.scale);
    return decimal(Math.max(x.precision - x.scale, y.precision - y.scale) + scale, scale);
  }
  return (NUMERIC_RANK[a.kind] ?? 0) >= (NUMERIC_RANK[b.kind] ?? 0) ? a : b;
}

const DECIMAL_RESULT = { '+': decimalAddType, '-': decimalAddType, '*': decimalMultiplyType, '/': decimalDivideType, '%': decimalModType } as const;

/** Result type of `a op b` for DECIMAL operands (ksqlDB's DecimalUtil rules), capped at 38 digits. */
export function decimalArithmeticType(op: '+' | '-' | '*' | '/' | '%', a: SqlType, b: SqlType): SqlType {
  const t = DECIMAL_RESULT[op](asDecimal(a), asDecimal(b)) as Extract<SqlType, { kind: 'DECIMAL' }>;
  return decimal(Math.min(t.precision, 38), Math.min(t.scale, 38));
}

/** The type every branch of CASE / every element of ARRAY[...] / IN list can be widened to. */
export function commonType(types: readonly (SqlType | null)[]): SqlType | null | undefined {
  let acc: SqlType | null = null;
  for (const t of types) {
    if (t === null) continue;
    if (acc === null) acc = t;
    else if (isNumeric(acc) && isNumeric(t)) acc = widerNumeric(acc, t);
    else if (canWiden(t, acc)) continue;
    else if (canWiden(acc, t)) acc = t;
    else return undefined;
  }
  return acc;
}

/** Whether a type is or holds a MAP (not allowed in keys: its serialization is not stable). */
export function containsMap(t: SqlType): boolean {
  if (t.kind === 'MAP') return true;
  if (t.kind === 'ARRAY') return containsMap(t.element);
  if (t.kind === 'STRUCT') return t.fields.some((f) => containsMap(f.type));
  return false;
}

/** The type both sides of a comparison are cast to, or undefined when they cannot be compared. */
export function comparisonType(a: SqlType | null, b: SqlType | null): SqlType | null | undefined {
  if (a === null || b === null) return a ?? b;
  if (isNumeric(a) && isNumeric(b)) return widerNumeric(a, b);
  if (a.kind === 'STRING' && isTemporal(b)) return b;
  if (b.kind === 'STRING' && isTemporal(a)) return a;
  if (a.kind === 'DATE' && b.kind === 'TIMESTAMP') return b;
  if (a.kind === 'TIMESTAMP' && b.kind === 'DATE') return a;
  if (typesEqual(a, b)) return a;
  return commonType([a, b]) ?? undefined;
}

const isTemporal = (t: SqlType): boolean => t.kind === 'TIMESTAMP' || t.kind === 'DATE' || t.kind === 'TIME';

