import { comparatorFor, type Comparator } from '../../common/values.ts';
import type { AggregateFunction, AggregateImpl, ParamType, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType } from './support.ts';

const TYPES: readonly ParamType[] = [P.INTEGER, P.BIGINT, P.DOUBLE, P.DECIMAL, P.DATE, P.TIME, P.TIMESTAMP, P.STRING, P.BYTES];

/**
 * Keeps the extreme non-null value (null until one arrives). `sign` is -1 for MIN, 1 for MAX; on
 * a tie the newer value wins, as in ksqlDB. Stream-only: there is no undo.
 */
function extreme(sign: number, cmp: Comparator): AggregateImpl {
  const pick = (kept: unknown, v: unknown): unknown => {
    if (v == null) return kept;
    if (kept == null) return v;
    return cmp(kept, v) * sign > 0 ? kept : v;
  };
  return {
    init: () => null,
    add: (acc, args) => pick(acc, args[0]),
    merge: (a, b) => pick(b, a),
    result: (acc) => acc,
  };
}

function family(name: string, sign: number, word: string): AggregateFunction {
  const bind = (types: ResolvedTypes): AggregateImpl => extreme(sign, comparatorFor(argType(types)));
  return {
    name,
    category: 'AGGREGATE',
    description: `Computes the ${word} value for a key.`,
    signatures: TYPES.map((t) => agg([t], argType, argType, bind, { names: ['col1'] })),
  };
}

export const min = family('MIN', -1, 'minimum');
export const max = family('MAX', 1, 'maximum');
