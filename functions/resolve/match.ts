import { type SqlType, decimal, array, map, typesEqual, isNumeric } from '../../common/types.ts';
import type { ParamType } from '../function.ts';

/** Type-variable bindings built up argument by argument, left to right. */
export type Bindings = Map<string, SqlType>;

const NUMERIC_RANK: Partial<Record<SqlType['kind'], number>> = { INTEGER: 0, BIGINT: 1, DECIMAL: 2, DOUBLE: 3 };

/**
 * ksqlDB's implicit casts for function arguments: numbers widen INTEGER → BIGINT → DECIMAL → DOUBLE,
 * and a STRING may stand for a DATE, TIME, TIMESTAMP or BYTES (it is parsed, as for literals).
 */
export function canImplicitlyCast(from: SqlType['kind'], to: SqlType['kind']): boolean {
  if (from === to) return true;
  const f = NUMERIC_RANK[from];
  const t = NUMERIC_RANK[to];
  if (f !== undefined && t !== undefined) return f <= t;
  return from === 'STRING' && (to === 'DATE' || to === 'TIME' || to === 'TIMESTAMP' || to === 'BYTES');
}

/** The DECIMAL an integer widens to: enough digits for every value of the type. */
export function decimalFor(t: SqlType): SqlType {
  if (t.kind === 'INTEGER') return decimal(10, 0);
  if (t.kind === 'BIGINT') return decimal(19, 0);
  return t;
}

/**
 * Matches one typed argument against a declared parameter, binding generics on the way.
 * Returns the type the argument is cast to, or undefined when it does not fit.
 */
export function matchType(p: ParamType, arg: SqlType, allowCasts: boolean, b: Bindings): SqlType | undefined {
  switch (p.kind) {
    case 'ANY':
    case 'STRUCT':
      return p.kind === 'ANY' || arg.kind === 'STRUCT' ? arg : undefined;
    case 'NUMERIC':
      return isNumeric(arg) ? arg : undefined;
    case 'GENERIC': {
      const bound = b.get(p.name);
      if (bound === undefined) {
        b.set(p.name, arg);
        return arg;
      }
      return typesEqual(bound, arg) ? arg : undefined;
    }
    case 'ARRAY': {
      if (arg.kind !== 'ARRAY') return undefined;
      const el = matchType(p.element, arg.element, allowCasts, b);
      return el && array(el);
    }
    case 'MAP': {
      if (arg.kind !== 'MAP') return undefined;
      const k = matchType(p.key, arg.key, allowCasts, b);
      const v = k && matchType(p.value, arg.value, allowCasts, b);
      return k && v && map(k, v);
    }
    case 'LAMBDA':
    case 'INTERVAL_UNIT':
      return undefined;
    case 'DECIMAL':
      if (arg.kind === 'DECIMAL') return arg;
      return allowCasts && canImplicitlyCast(arg.kind, 'DECIMAL') ? decimalFor(arg) : undefined;
    default:
      if (arg.kind === p.kind) return arg;
      return allowCasts && canImplicitlyCast(arg.kind, p.kind) ? { kind: p.kind } : undefined;
  }
}

/** The concrete type of a declared parameter under the bindings, if it is fully determined. */
export function instantiate(p: ParamType, b: ReadonlyMap<string, SqlType>): SqlType | undefined {
  switch (p.kind) {
    case 'GENERIC':
      return b.get(p.name);
    case 'ARRAY': {
      const el = instantiate(p.element, b);
      return el && array(el);
    }
    case 'MAP': {
      const k = instantiate(p.key, b);
      const v = instantiate(p.value, b);
      return k && v && map(k, v);
    }
    case 'DECIMAL':
      // A NULL passed to a DECIMAL parameter: ksqlDB's default decimal for an untyped value.
      return decimal(38, 18);
    case 'STRUCT':
    case 'NUMERIC':
    case 'ANY':
    case 'LAMBDA':
      return undefined;
    case 'INTERVAL_UNIT':
      return { kind: 'STRING' };
    default:
      return { kind: p.kind };
  }
}
