import type { ParamType } from './function.ts';

/** Short constructors for declaring signatures, e.g. `[P.STRING, P.array(P.T)]`. */
export const P = {
  BOOLEAN: { kind: 'BOOLEAN' },
  INTEGER: { kind: 'INTEGER' },
  BIGINT: { kind: 'BIGINT' },
  DOUBLE: { kind: 'DOUBLE' },
  DECIMAL: { kind: 'DECIMAL' },
  STRING: { kind: 'STRING' },
  BYTES: { kind: 'BYTES' },
  TIMESTAMP: { kind: 'TIMESTAMP' },
  DATE: { kind: 'DATE' },
  TIME: { kind: 'TIME' },
  STRUCT: { kind: 'STRUCT' },
  NUMERIC: { kind: 'NUMERIC' },
  ANY: { kind: 'ANY' },
  INTERVAL_UNIT: { kind: 'INTERVAL_UNIT' },
  T: { kind: 'GENERIC', name: 'T' },
  U: { kind: 'GENERIC', name: 'U' },
  K: { kind: 'GENERIC', name: 'K' },
  V: { kind: 'GENERIC', name: 'V' },
  S: { kind: 'GENERIC', name: 'S' },
  generic: (name: string): ParamType => ({ kind: 'GENERIC', name }),
  array: (element: ParamType): ParamType => ({ kind: 'ARRAY', element }),
  map: (key: ParamType, value: ParamType): ParamType => ({ kind: 'MAP', key, value }),
  lambda: (params: readonly ParamType[], returns: ParamType): ParamType => ({ kind: 'LAMBDA', params, returns }),
} as const satisfies Record<string, ParamType | ((...a: never[]) => ParamType)>;

/** ksqlDB's rendering of a declared parameter in "Valid alternatives" and DESCRIBE FUNCTION. */
export function formatParamType(p: ParamType): string {
  switch (p.kind) {
    case 'INTEGER':
      return 'INT';
    case 'ARRAY':
      return `ARRAY<${formatParamType(p.element)}>`;
    case 'MAP':
      return `MAP<${formatParamType(p.key)}, ${formatParamType(p.value)}>`;
    case 'GENERIC':
      return p.name;
    case 'NUMERIC':
      return 'NUMERIC';
    case 'INTERVAL_UNIT':
      return 'INTERVALUNIT';
    case 'LAMBDA':
      return `LAMBDA (${p.params.map(formatParamType).join(', ')}) => ${formatParamType(p.returns)}`;
    default:
      return p.kind;
  }
}

/** Whether a declared type mentions a type variable (used to rank candidates). */
export function hasGenerics(p: ParamType): boolean {
  switch (p.kind) {
    case 'GENERIC':
      return true;
    case 'ARRAY':
      return hasGenerics(p.element);
    case 'MAP':
      return hasGenerics(p.key) || hasGenerics(p.value);
    case 'LAMBDA':
      return p.params.some(hasGenerics) || hasGenerics(p.returns);
    default:
      return false;
  }
}
