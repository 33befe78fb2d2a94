import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { valuesEqual } from '../../support/values.ts';

const ARR = P.array(P.T);

export const arrayContains: ScalarFunction = {
  name: 'array_contains',
  category: 'ARRAY',
  description: 'Whether an array contains a value (a null array contains nothing).',
  signatures: [
    sig([ARR, P.T], P.BOOLEAN, (a: unknown[] | null, v: unknown) => a !== null && a !== undefined && a.some((x) => valuesEqual(x, v ?? null)), {
      nullSafe: true,
      names: ['array', 'val'],
    }),
  ],
};

export const arrayLength: ScalarFunction = {
  name: 'array_length',
  category: 'ARRAY',
  description: 'The number of elements in an array.',
  signatures: [sig([ARR], P.INTEGER, (a: unknown[]) => a.length, { names: ['array'] })],
};

export const arrayRemove: ScalarFunction = {
  name: 'array_remove',
  category: 'ARRAY',
  description: 'Removes every element equal to a value (NULL removes nulls).',
  signatures: [
    sig([ARR, P.T], ARR, (a: unknown[] | null, v: unknown) => (a == null ? null : a.filter((x) => !valuesEqual(x, v ?? null))), {
      nullSafe: true,
      names: ['array', 'victim'],
    }),
  ],
};

export const arrayConcat: ScalarFunction = {
  name: 'array_concat',
  category: 'ARRAY',
  description: 'Concatenates two arrays; a null array counts as empty unless both are null.',
  signatures: [
    sig([ARR, ARR], ARR, (a: unknown[] | null, b: unknown[] | null) => (a == null ? b ?? null : b == null ? a : [...a, ...b]), {
      nullSafe: true,
      names: ['left', 'right'],
    }),
  ],
};

/** 1-based, inclusive bounds; out-of-range bounds are clamped. */
function slice(a: unknown[], from: number | null, to: number | null): unknown[] | null {
  const start = from === null ? 0 : Math.max(from - 1, 0);
  const end = to === null ? a.length : Math.min(to, a.length);
  return start > end ? [] : a.slice(start, end);
}

export const sliceFn: ScalarFunction = {
  name: 'slice',
  category: 'ARRAY',
  description: 'The elements between two 1-based positions, inclusive.',
  signatures: [
    sig([ARR, P.INTEGER, P.INTEGER], ARR, (a: unknown[] | null, f: number | null, t: number | null) => (a == null ? null : slice(a, f ?? null, t ?? null)), {
      nullSafe: true,
      names: ['array', 'from', 'to'],
    }),
  ],
};

export const asMap: ScalarFunction = {
  name: 'as_map',
  category: 'MAP',
  description: 'Builds a map from an array of keys and an array of values.',
  signatures: [
    sig([P.array(P.STRING), P.array(P.T)], P.map(P.STRING, P.T), (keys: (string | null)[], values: unknown[]) => {
      const m = new Map<string, unknown>();
      keys.forEach((k, i) => {
        if (k !== null && i < values.length) m.set(k, values[i] ?? null);
      });
      return m;
    }, { names: ['keys', 'values'] }),
  ],
};
