import { Decimal } from './decimal.ts';
import type { SqlType } from './types.ts';

/** Turns a plan literal (numbers as text) into its run-time value. */
export function literalValue(type: SqlType | null, value: string | boolean | null): unknown {
  if (value === null || type === null) return null;
  if (typeof value === 'boolean') return value;
  switch (type.kind) {
    case 'INTEGER':
    case 'DOUBLE':
      return Number(value);
    case 'BIGINT':
      return BigInt(value);
    case 'DECIMAL':
      return Decimal.parse(value).setScale(type.scale);
    default:
      return value;
  }
}
