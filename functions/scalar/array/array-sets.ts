import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';
import { valueKey } from '../../support/values.ts';

const ARR = P.array(P.T);

/** Distinct elements in first-seen order, optionally only those `keep` accepts (by key). */
function distinct(xs: readonly unknown[], keep: (key: string) => boolean = () => true): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const x of xs) {
    const k = valueKey(x);
    if (seen.has(k) || !keep(k)) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}

const keys = (xs: readonly unknown[]): Set<string> => new Set(xs.map(valueKey));

export const arrayDistinct: ScalarFunction = {
  name: 'array_distinct',
  category: 'ARRAY',
  description: 'The distinct elements, in order of first appearance.',
  signatures: [sig([ARR], ARR, (a: unknown[]) => distinct(a), { names: ['array'] })],
};

export const arrayExcept: ScalarFunction = {
  name: 'array_except',
  category: 'ARRAY',
  description: 'The distinct elements of the first array that are not in the second.',
  signatures: [
    sig([ARR, ARR], ARR, (a: unknown[], b: unknown[]) => {
      const drop = keys(b);
      return distinct(a, (k) => !drop.has(k));
    }, { names: ['left', 'right'] }),
  ],
};

export const arrayIntersect: ScalarFunction = {
  name: 'array_intersect',
  category: 'ARRAY',
  description: 'The distinct elements found in both arrays.',
  signatures: [
    sig([ARR, ARR], ARR, (a: unknown[], b: unknown[]) => {
      const keep = keys(b);
      return distinct(a, (k) => keep.has(k));
    }, { names: ['left', 'right'] }),
  ],
};

export const arrayUnion: ScalarFunction = {
  name: 'array_union',
  category: 'ARRAY',
  description: 'The distinct elements of both arrays.',
  signatures: [sig([ARR, ARR], ARR, (a: unknown[], b: unknown[]) => distinct([...a, ...b]), { names: ['left', 'right'] })],
};
