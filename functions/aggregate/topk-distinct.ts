import { array } from '../../common/types.ts';
import { comparatorFor, type Comparator } from '../../common/values.ts';
import type { AggregateFunction, AggregateImpl, BoundTypes, ParamType, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType, intLiteral } from './support.ts';

const TYPES: readonly ParamType[] = [P.INTEGER, P.BIGINT, P.DOUBLE, P.STRING, P.DECIMAL];

/** The k largest distinct values, largest first; nulls are ignored. */
function insert(list: unknown[], v: unknown, cmp: Comparator, k: number): void {
  if (list.length === k && cmp(v, list[k - 1]) <= 0) return;
  let i = list.length;
  while (i > 0 && cmp(list[i - 1], v) < 0) i--;
  if (i > 0 && cmp(list[i - 1], v) === 0) return; // already present
  if (list.length === k) list.pop();
  list.splice(i, 0, v);
}

function merge(a: readonly unknown[], b: readonly unknown[], cmp: Comparator, k: number): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (out.length < k && (i < a.length || j < b.length)) {
    const c = i >= a.length ? -1 : j >= b.length ? 1 : cmp(a[i], b[j]);
    if (c > 0) out.push(a[i++]);
    else if (c < 0) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  return out;
}

function topkDistinct(types: ResolvedTypes, literals: readonly unknown[]): AggregateImpl {
  const k = intLiteral('TOPKDISTINCT', literals[0], 'k');
  const cmp = comparatorFor(argType(types));
  return {
    init: () => [],
    add: (acc, args) => {
      if (args[0] != null) insert(acc as unknown[], args[0], cmp, k);
      return acc;
    },
    merge: (a, b) => merge(a as unknown[], b as unknown[], cmp, k),
    result: (acc) => (acc as unknown[]).slice(),
  };
}

const arrayOfArg = (t: BoundTypes) => array(argType(t));

export const topKDistinct: AggregateFunction = {
  name: 'TOPKDISTINCT',
  category: 'AGGREGATE',
  description: 'Calculates the Topk distinct values for a column, per key.',
  signatures: TYPES.map((t) =>
    agg([t], arrayOfArg, arrayOfArg, topkDistinct, { literalParams: [P.INTEGER], names: ['col1', 'k'] }),
  ),
};
