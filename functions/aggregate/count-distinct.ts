import { BIGINT, INTEGER, array } from '../../common/types.ts';
import type { AggregateFunction, AggregateImpl, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType } from './support.ts';
import { cardinality, emptyRegisters, mergeRegisters, offerHashed } from './hyper-log-log.ts';
import { javaHash } from './java-murmur-hash.ts';

/** Approximate distinct count (HyperLogLog); nulls are not counted. Stream-only: no undo. */
function countDistinctImpl(types: ResolvedTypes): AggregateImpl {
  const type = argType(types);
  return {
    init: emptyRegisters,
    add: (acc, args) => {
      if (args[0] != null) offerHashed(acc as number[], javaHash(args[0], type));
      return acc;
    },
    merge: (a, b) => mergeRegisters(a as number[], b as number[]),
    result: (acc) => BigInt(cardinality(acc as number[])),
  };
}

export const countDistinct: AggregateFunction = {
  name: 'COUNT_DISTINCT',
  category: 'AGGREGATE',
  description:
    'This function returns the number of items found in a group. The implementation is probabilistic with a typical accuracy (standard error) of less than 1%.',
  signatures: [agg([P.T], BIGINT, () => array(INTEGER), countDistinctImpl, { names: ['col1'] })],
};
