import { type SqlType, array } from '../../common/types.ts';
import { comparatorFor, type Comparator } from '../../common/values.ts';
import type { AggregateFunction, AggregateImpl, BoundTypes, ParamType, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType, intLiteral, structOf } from './support.ts';

const TYPES: readonly ParamType[] = [P.INTEGER, P.BIGINT, P.DOUBLE, P.STRING];
export const SORT_COL = 'sort_col';

/**
 * The k largest values, largest first. A new value goes after the values equal to it, and is
 * dropped when the list is full and it is not larger than the last. Nulls are ignored.
 */
function insertTopK(list: unknown[], v: unknown, key: (x: unknown) => unknown, cmp: Comparator, k: number): void {
  const kv = key(v);
  if (list.length === k && cmp(kv, key(list[k - 1])) <= 0) return;
  if (list.length === k) list.pop();
  let i = list.length;
  while (i > 0 && cmp(key(list[i - 1]), kv) < 0) i--;
  list.splice(i, 0, v);
}

/** ksqlDB's merge: walks both sorted lists, taking from the first on ties. */
function mergeTopK(a: readonly unknown[], b: readonly unknown[], key: (x: unknown) => unknown, cmp: Comparator, k: number): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (out.length < k && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && cmp(key(a[i]), key(b[j])) >= 0)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

const identity = (x: unknown): unknown => x;
const sortKey = (x: unknown): unknown => (x as Record<string, unknown>)[SORT_COL];

function topk(types: ResolvedTypes, literals: readonly unknown[]): AggregateImpl {
  const k = intLiteral('TOPK', literals[0], 'k');
  const cmp = comparatorFor(argType(types));
  // With other columns, each entry is STRUCT<sort_col, col0, col1, ...>, ordered by sort_col.
  const others = types.paramTypes.length - 1;
  const key = others > 0 ? sortKey : identity;
  const names = Array.from({ length: others }, (_, i) => `col${i}`);
  const entry = (args: readonly unknown[]): unknown => {
    if (others === 0) return args[0];
    const s: Record<string, unknown> = { [SORT_COL]: args[0] };
    for (let i = 0; i < others; i++) s[names[i]!] = args[i + 1] ?? null;
    return s;
  };
  return {
    init: () => [],
    add: (acc, args) => {
      if (args[0] != null) insertTopK(acc as unknown[], entry(args), key, cmp, k);
      return acc;
    },
    merge: (a, b) => mergeTopK(a as unknown[], b as unknown[], key, cmp, k),
    result: (acc) => (acc as unknown[]).slice(),
  };
}

/** ARRAY<T>, or ARRAY<STRUCT<sort_col T, col0 ..., col1 ...>> when other columns are given. */
function topkType(t: BoundTypes): SqlType {
  const [sort, ...others] = t.paramTypes;
  if (others.length === 0) return array(sort!);
  return array(structOf([SORT_COL, sort!], ...others.map((o, i) => [`col${i}`, o] as const)));
}

const k = { literalParams: [P.INTEGER] };

export const topK: AggregateFunction = {
  name: 'TOPK',
  category: 'AGGREGATE',
  description: 'Computes the top k values for a column, per key.',
  signatures: TYPES.flatMap((t) => [
    agg([t], topkType, topkType, topk, { ...k, names: ['col1', 'k'] }),
    agg([t, P.ANY], topkType, topkType, topk, { ...k, variadic: true, names: ['col1', 'otherCols', 'k'] }),
  ]),
};
