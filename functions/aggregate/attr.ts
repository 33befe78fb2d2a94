import { INTEGER, array, type SqlType, type Struct } from '../../common/types.ts';
import { valuesEqual } from '../../common/values.ts';
import type { AggregateFunction, AggregateImpl, BoundTypes, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType, structOf } from './support.ts';

/**
 * ATTR: the value when every row had the same one, otherwise null. The accumulator counts each
 * distinct value (nulls included) in a list of STRUCT<VALUE, COUNT>, since map keys cannot be null.
 */
function attrImpl(types: ResolvedTypes): AggregateImpl {
  const type = argType(types);
  const update = (list: Struct[], v: unknown, by: number): Struct[] => {
    let found = false;
    for (const e of list) {
      if (!valuesEqual(e.VALUE ?? null, v, type)) continue;
      found = true;
      e.COUNT = Math.max(0, (e.COUNT as number) + by);
    }
    if (!found && by > 0) list.push({ VALUE: v, COUNT: by });
    return list;
  };
  return {
    init: () => [],
    add: (acc, args) => update(acc as Struct[], args[0] ?? null, 1),
    undo: (acc, args) => update(acc as Struct[], args[0] ?? null, -1),
    merge: (a, b) => {
      let out = (a as Struct[]).map((e) => ({ ...e }));
      for (const e of b as Struct[]) out = update(out, e.VALUE ?? null, e.COUNT as number);
      return out;
    },
    result: (acc) => {
      const live = (acc as Struct[]).filter((e) => (e.COUNT as number) > 0);
      return live.length === 1 ? live[0]!.VALUE : null;
    },
  };
}

const entriesType = (t: BoundTypes): SqlType => array(structOf(['VALUE', argType(t)], ['COUNT', INTEGER]));

export const attr: AggregateFunction = {
  name: 'ATTR',
  category: 'AGGREGATE',
  description:
    'The ATTR() aggregation indicates there are multiple values, but only one was expected. If the aggregation encounters more than a single value for the expected singular column, the entire aggregation will return null.',
  signatures: [agg([P.T], argType, entriesType, attrImpl, { names: ['col1'] })],
};
