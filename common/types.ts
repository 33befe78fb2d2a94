/**
 * SQL types as ksqlDB defines them. Value representation at run time (see docs/architecture.md):
 * BOOLEAN boolean, INTEGER number (int32), BIGINT bigint (exact int64), DOUBLE number,
 * DECIMAL `Decimal`, STRING string, BYTES Uint8Array, TIMESTAMP number (epoch ms),
 * DATE number (days since epoch), TIME number (ms of day), ARRAY unknown[],
 * MAP Map<unknown, unknown>, STRUCT `Struct` (plain object keyed by field name, in schema order).
 * SQL NULL is `null` for every type.
 */
export type SqlType =
  | { readonly kind: 'BOOLEAN' }
  | { readonly kind: 'INTEGER' }
  | { readonly kind: 'BIGINT' }
  | { readonly kind: 'DOUBLE' }
  | { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'STRING' }
  | { readonly kind: 'BYTES' }
  | { readonly kind: 'TIMESTAMP' }
  | { readonly kind: 'DATE' }
  | { readonly kind: 'TIME' }
  | { readonly kind: 'ARRAY'; readonly element: SqlType }
  | { readonly kind: 'MAP'; readonly key: SqlType; readonly value: SqlType }
  | { readonly kind: 'STRUCT'; readonly fields: readonly StructField[] };

export interface StructField {
  readonly name: string;
  readonly type: SqlType;
}

export type TypeKind = SqlType['kind'];
export type Struct = Record<string, unknown>;

export const BOOLEAN: SqlType = { kind: 'BOOLEAN' };
export const INTEGER: SqlType = { kind: 'INTEGER' };
export const BIGINT: SqlType = { kind: 'BIGINT' };
export const DOUBLE: SqlType = { kind: 'DOUBLE' };
export const STRING: SqlType = { kind: 'STRING' };
export const BYTES: SqlType = { kind: 'BYTES' };
export const TIMESTAMP: SqlType = { kind: 'TIMESTAMP' };
export const DATE: SqlType = { kind: 'DATE' };
export const TIME: SqlType = { kind: 'TIME' };

export const decimal = (precision: number, scale: number): SqlType => ({ kind: 'DECIMAL', precision, scale });
export const array = (element: SqlType): SqlType => ({ kind: 'ARRAY', element });
export const map = (key: SqlType, value: SqlType): SqlType => ({ kind: 'MAP', key, value });
export const struct = (fields: readonly StructField[]): SqlType => ({ kind: 'STRUCT', fields });

/** ksqlDB's rendering, e.g. `DECIMAL(4, 2)`, `ARRAY<STRING>`, ``STRUCT<`A` INTEGER>``. */
export function formatType(t: SqlType): string {
  switch (t.kind) {
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'ARRAY':
      return `ARRAY<${formatType(t.element)}>`;
    case 'MAP':
      return `MAP<${formatType(t.key)}, ${formatType(t.value)}>`;
    case 'STRUCT':
      return `STRUCT<${t.fields.map((f) => `\`${f.name}\` ${formatType(f.type)}`).join(', ')}>`;
    default:
      return t.kind;
  }
}

export function typesEqual(a: SqlType, b: SqlType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'DECIMAL': {
      const o = b as typeof a;
      return a.precision === o.precision && a.scale === o.scale;
    }
    case 'ARRAY':
      return typesEqual(a.element, (b as typeof a).element);
    case 'MAP': {
      const o = b as typeof a;
      return typesEqual(a.key, o.key) && typesEqual(a.value, o.value);
    }
    case 'STRUCT': {
      const o = b as typeof a;
      return (
        a.fields.length === o.fields.length &&
        a.fields.every((f, i) => f.name === o.fields[i]?.name && typesEqual(f.type, o.fields[i]!.type))
      );
    }
    default:
      return true;
  }
}

export const isNumeric = (t: SqlType): boolean =>
  t.kind === 'INTEGER' || t.kind === 'BIGINT' || t.kind === 'DOUBLE' || t.kind === 'DECIMAL';

export const isPrimitive = (t: SqlType): boolean => t.kind !== 'ARRAY' && t.kind !== 'MAP' && t.kind !== 'STRUCT';
