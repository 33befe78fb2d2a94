import { valuesEqual } from '../../common/values.ts';
import type { SqlType } from '../../common/types.ts';
import type { AggregateConfig, AggregateFunction, AggregateImpl, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType, limitFrom } from './support.ts';

export const COLLECT_LIST_LIMIT = 'ksql.functions.collect_list.limit';
export const COLLECT_SET_LIMIT = 'ksql.functions.collect_set.limit';

const indexOf = (list: readonly unknown[], v: unknown, type: SqlType, fromEnd: boolean): number => {
  for (let k = 0; k < list.length; k++) {
    const i = fromEnd ? list.length - 1 - k : k;
    if (valuesEqual(list[i] ?? null, v, type)) return i;
  }
  return -1;
};

/** Every value in arrival order, nulls included, up to the configured limit. */
function collectList(types: ResolvedTypes, _literals: readonly unknown[], config: AggregateConfig): AggregateImpl {
  const limit = limitFrom(config, COLLECT_LIST_LIMIT);
  const type = argType(types);
  return {
    init: () => [],
    add: (acc, args) => {
      const list = acc as unknown[];
      if (list.length < limit) list.push(args[0] ?? null);
      return list;
    },
    // Removes the last equal entry; a value never added (over the limit) is not found.
    undo: (acc, args) => {
      const list = acc as unknown[];
      const i = indexOf(list, args[0] ?? null, type, true);
      if (i >= 0) list.splice(i, 1);
      return list;
    },
    merge: (a, b) => {
      const list = a as unknown[];
      const room = Math.max(0, limit - list.length);
      for (const v of (b as unknown[]).slice(0, room)) list.push(v);
      return list;
    },
    result: (acc) => (acc as unknown[]).slice(),
  };
}

/** Distinct values in first-arrival order (one null at most), up to the configured limit. */
function collectSet(types: ResolvedTypes, _literals: readonly unknown[], config: AggregateConfig): AggregateImpl {
  const limit = limitFrom(config, COLLECT_SET_LIMIT);
  const type = argType(types);
  const addOne = (list: unknown[], v: unknown): void => {
    if (list.length < limit && indexOf(list, v, type, false) < 0) list.push(v);
  };
  return {
    init: () => [],
    add: (acc, args) => {
      addOne(acc as unknown[], args[0] ?? null);
      return acc;
    },
    merge: (a, b) => {
      for (const v of b as unknown[]) addOne(a as unknown[], v);
      return a;
    },
    result: (acc) => (acc as unknown[]).slice(),
  };
}

const arrayOfArg = P.array(P.T);

export const collectListFn: AggregateFunction = {
  name: 'COLLECT_LIST',
  category: 'AGGREGATE',
  description:
    'Gather all of the values from an input grouping into a single Array field. The size of the result can be limited to N entries by setting ksql.functions.collect_list.limit to N.',
  signatures: [agg([P.T], arrayOfArg, arrayOfArg, collectList, { names: ['col1'] })],
};

export const collectSetFn: AggregateFunction = {
  name: 'COLLECT_SET',
  category: 'AGGREGATE',
  description:
    'Gather all of the distinct values from an input grouping into a single Array. Not available for aggregating values from an input Table. The size of the result can be limited by ksql.functions.collect_set.limit.',
  signatures: [agg([P.T], arrayOfArg, arrayOfArg, collectSet, { names: ['col1'] })],
};
