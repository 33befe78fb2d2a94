import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { valuesEqual } from '../../support/values.ts';

export const ifnull: ScalarFunction = {
  name: 'ifnull',
  category: 'CONDITIONAL',
  description: 'The first argument, or the second if the first is null.',
  signatures: [sig([P.T, P.T], P.T, (a: unknown, b: unknown) => a ?? b ?? null, { nullSafe: true, names: ['expression', 'altValue'] })],
};

export const coalesce: ScalarFunction = {
  name: 'coalesce',
  category: 'CONDITIONAL',
  description: 'The first non-null argument.',
  signatures: [
    sig([P.T, P.T], P.T, (first: unknown, rest: readonly unknown[]) => first ?? rest.find((x) => x != null) ?? null, {
      variadic: true,
      nullSafe: true,
      names: ['first', 'others'],
    }),
  ],
};

export const nullif: ScalarFunction = {
  name: 'nullif',
  category: 'CONDITIONAL',
  description: 'Null if both arguments are equal, otherwise the first.',
  signatures: [
    sig([P.T, P.T], P.T, (a: unknown, b: unknown) => (a == null ? null : b != null && valuesEqual(a, b) ? null : a), {
      nullSafe: true,
      names: ['expression1', 'expression2'],
    }),
  ],
};
