import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

export const elt: ScalarFunction = {
  name: 'elt',
  category: 'STRING',
  description: 'The n-th (1-based) of the given strings, or null when out of range.',
  signatures: [
    sig([P.INTEGER, P.STRING], P.STRING, (n: number, xs: (string | null)[]) => (n < 1 || n > xs.length ? null : xs[n - 1] ?? null), {
      variadic: true,
      names: ['n', 'args'],
    }),
  ],
};

export const field: ScalarFunction = {
  name: 'field',
  category: 'STRING',
  description: 'The 1-based position of a string among the others, or 0 (a null string is never found).',
  signatures: [
    sig([P.STRING, P.STRING], P.INTEGER, (s: string | null, xs: (string | null)[]) => (s === null ? 0 : xs.indexOf(s) + 1), {
      variadic: true,
      nullSafe: true,
      names: ['str', 'args'],
    }),
  ],
};
