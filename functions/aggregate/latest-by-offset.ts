import type { Struct } from '../../common/types.ts';
import type { AggregateFunction, AggregateImpl, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType, boolLiteral, intLiteral } from './support.ts';
import { checkN, compareSeq, compareSeqIgnoringNulls, entriesType, entry, entryType, valuesOf } from './offset-sequence.ts';

const NAME = 'LATEST_BY_OFFSET';

/**
 * The last value (the last non-null one when ignoring nulls). As in ksqlDB the initial
 * accumulator is a fresh null entry, which is why merging into it can yield null.
 */
function latest(ignoreNulls: boolean): AggregateImpl {
  const cmp = ignoreNulls ? compareSeqIgnoringNulls : compareSeq;
  return {
    init: () => entry(null),
    add: (acc, args) => {
      const v = args[0] ?? null;
      return v === null && ignoreNulls ? acc : entry(v);
    },
    merge: (a, b) => (cmp(a as Struct, b as Struct) >= 0 ? a : b),
    result: (acc) => (acc as Struct).VAL,
  };
}

/** The last N values (non-null ones when ignoring nulls), oldest first. */
function latestN(n: number, ignoreNulls: boolean): AggregateImpl {
  return {
    init: () => [],
    add: (acc, args) => {
      const v = args[0] ?? null;
      if (v === null && ignoreNulls) return acc;
      const list = acc as Struct[];
      list.push(entry(v));
      if (list.length > n) list.splice(0, list.length - n);
      return list;
    },
    // ksqlDB keeps the *first* N after sorting here; the latest N is what the function promises.
    merge: (a, b) => {
      const all = [...(a as Struct[]), ...(b as Struct[])].sort(compareSeq);
      return all.slice(Math.max(0, all.length - n));
    },
    result: valuesOf,
  };
}

const one = (_t: ResolvedTypes, lits: readonly unknown[]): AggregateImpl =>
  latest(lits.length === 0 ? true : boolLiteral(NAME, lits[0], 'ignoreNulls'));

const many = (_t: ResolvedTypes, lits: readonly unknown[]): AggregateImpl =>
  latestN(checkN('latestN', intLiteral(NAME, lits[0], 'latestN')), lits.length < 2 ? true : boolLiteral(NAME, lits[1], 'ignoreNulls'));

export const latestByOffset: AggregateFunction = {
  name: NAME,
  category: 'AGGREGATE',
  description: 'This function returns the most recent N values for the column, computed by offset.',
  signatures: [
    agg([P.T], argType, entryType, one, { names: ['col1'] }),
    agg([P.T], argType, entryType, one, { literalParams: [P.BOOLEAN], names: ['col1', 'ignoreNulls'] }),
    agg([P.T], P.array(P.T), entriesType, many, { literalParams: [P.INTEGER], names: ['col1', 'latestN'] }),
    agg([P.T], P.array(P.T), entriesType, many, {
      literalParams: [P.INTEGER, P.BOOLEAN],
      names: ['col1', 'latestN', 'ignoreNulls'],
    }),
  ],
};
