import type { AggregateFunction, AggregateImpl } from '../function.ts';
import { P } from '../param-types.ts';
import { agg } from './support.ts';

/** ksqlDB counts at most this many distinct values; later new values are ignored. */
const LIMIT = 1000;

type Counts = Map<unknown, bigint>;

const bump = (m: Counts, k: unknown, by: bigint): void => {
  if (m.size < LIMIT || m.has(k)) m.set(k, (m.get(k) ?? 0n) + by);
};

// Nulls are skipped: ksqlDB would count a null key, which no value format can then write.
const histogramImpl: AggregateImpl = {
  init: () => new Map(),
  add: (acc, args) => {
    if (args[0] != null) bump(acc as Counts, args[0], 1n);
    return acc;
  },
  undo: (acc, args) => {
    const m = acc as Counts;
    const n = m.get(args[0]);
    if (n === undefined) return m;
    if (n - 1n < 1n) m.delete(args[0]);
    else m.set(args[0], n - 1n);
    return m;
  },
  merge: (a, b) => {
    for (const [k, n] of b as Counts) bump(a as Counts, k, n);
    return a;
  },
  result: (acc) => new Map(acc as Counts),
};

const counts = P.map(P.STRING, P.BIGINT);

export const histogram: AggregateFunction = {
  name: 'HISTOGRAM',
  category: 'AGGREGATE',
  description:
    'Returns a map of each distinct String from the input Stream or Table and how many times each occurs. This version limits the size of the resultant Map to 1000 entries. Any entries added beyond this limit will be ignored.',
  signatures: [agg([P.STRING], counts, counts, () => histogramImpl, { names: ['col1'] })],
};
