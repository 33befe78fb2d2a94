import type { Struct } from '../../common/types.ts';
import type { AggregateFunction, AggregateImpl, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType, boolLiteral, intLiteral } from './support.ts';
import { checkN, compareSeq, entriesType, entry, entryType, valuesOf } from './offset-sequence.ts';

const NAME = 'EARLIEST_BY_OFFSET';

/** The first value (the first non-null one when ignoring nulls); null until one is taken. */
function earliest(ignoreNulls: boolean): AggregateImpl {
  return {
    init: () => null,
    add: (acc, args) => {
      if (acc !== null) return acc;
      const v = args[0] ?? null;
      return v === null && ignoreNulls ? null : entry(v);
    },
    merge: (a, b) => (a === null ? b : b === null ? a : compareSeq(a as Struct, b as Struct) < 0 ? a : b),
    result: (acc) => (acc === null ? null : (acc as Struct).VAL),
  };
}

/** The first N values (non-null ones when ignoring nulls), oldest first. */
function earliestN(n: number, ignoreNulls: boolean): AggregateImpl {
  return {
    init: () => [],
    add: (acc, args) => {
      const v = args[0] ?? null;
      const list = acc as Struct[];
      if ((v !== null || !ignoreNulls) && list.length < n) list.push(entry(v));
      return list;
    },
    merge: (a, b) => [...(a as Struct[]), ...(b as Struct[])].sort(compareSeq).slice(0, n),
    result: valuesOf,
  };
}

const one = (_t: ResolvedTypes, lits: readonly unknown[]): AggregateImpl =>
  earliest(lits.length === 0 ? true : boolLiteral(NAME, lits[0], 'ignoreNulls'));

const many = (_t: ResolvedTypes, lits: readonly unknown[]): AggregateImpl =>
  earliestN(
    checkN('earliestN', intLiteral(NAME, lits[0], 'earliestN')),
    lits.length < 2 ? true : boolLiteral(NAME, lits[1], 'ignoreNulls'),
  );

export const earliestByOffset: AggregateFunction = {
  name: NAME,
  category: 'AGGREGATE',
  description: 'This function returns the oldest N value for the column, computed by offset.',
  signatures: [
    agg([P.T], argType, entryType, one, { names: ['col1'] }),
    agg([P.T], argType, entryType, one, { literalParams: [P.BOOLEAN], names: ['col1', 'ignoreNulls'] }),
    agg([P.T], P.array(P.T), entriesType, many, { literalParams: [P.INTEGER], names: ['col1', 'earliestN'] }),
    agg([P.T], P.array(P.T), entriesType, many, {
      literalParams: [P.INTEGER, P.BOOLEAN],
      names: ['col1', 'earliestN', 'ignoreNulls'],
    }),
  ],
};
