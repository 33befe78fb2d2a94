import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { compareNullsLast, compareValues } from '../../support/values.ts';

const ARR = P.array(P.T);

/** The extreme non-null element; null for an empty (or all-null) array. */
const extreme = (sign: number) => (a: unknown[]): unknown => {
  let best: unknown = null;
  for (const v of a) if (v !== null && (best === null || compareValues(v, best) * sign > 0)) best = v;
  return best;
};

export const arrayMax: ScalarFunction = {
  name: 'array_max',
  category: 'ARRAY',
  description: 'The largest non-null element.',
  signatures: [sig([ARR], P.T, extreme(1), { names: ['array'] })],
};

export const arrayMin: ScalarFunction = {
  name: 'array_min',
  category: 'ARRAY',
  description: 'The smallest non-null element.',
  signatures: [sig([ARR], P.T, extreme(-1), { names: ['array'] })],
};

// Nulls sort last in both directions.
function sort(a: unknown[], direction = 'ASC'): unknown[] | null {
  const dir = direction.toUpperCase();
  if (dir !== 'ASC' && dir !== 'DESC') return null;
  const sign = dir === 'ASC' ? 1 : -1;
  return [...a].sort((x, y) => (x === null || y === null ? compareNullsLast(x, y) : sign * compareValues(x, y)));
}

export const arraySort: ScalarFunction = {
  name: 'array_sort',
  category: 'ARRAY',
  description: "Sorts an array, ascending by default or 'DESC'; nulls go last.",
  signatures: [
    sig([ARR], ARR, (a: unknown[]) => sort(a), { names: ['array'] }),
    sig([ARR, P.STRING], ARR, sort, { names: ['array', 'direction'] }),
  ],
};
