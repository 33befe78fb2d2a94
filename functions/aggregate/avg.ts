import { BIGINT, DOUBLE, INTEGER } from '../../common/types.ts';
import type { AggregateFunction, AggregateImpl } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, asStruct, int32, int64, structOf } from './support.ts';

/** Sum arithmetic of one input type, as Java does it (INT and BIGINT sums wrap). */
interface SumOps {
  readonly zero: number | bigint;
  readonly add: (a: unknown, b: unknown) => number | bigint;
  readonly sub: (a: unknown, b: unknown) => number | bigint;
}

const INT_OPS: SumOps = {
  zero: 0,
  add: (a, b) => int32((a as number) + (b as number)),
  sub: (a, b) => int32((a as number) - (b as number)),
};
const BIGINT_OPS: SumOps = {
  zero: 0n,
  add: (a, b) => int64((a as bigint) + (b as bigint)),
  sub: (a, b) => int64((a as bigint) - (b as bigint)),
};
const DOUBLE_OPS: SumOps = {
  zero: 0,
  add: (a, b) => (a as number) + (b as number),
  sub: (a, b) => (a as number) - (b as number),
};

/** The accumulator is STRUCT<SUM, COUNT BIGINT>, updated in place; the result is SUM / COUNT. */
function average(ops: SumOps): AggregateImpl {
  return {
    init: () => ({ SUM: ops.zero, COUNT: 0n }),
    add: (acc, args) => {
      const v = args[0];
      if (v == null) return acc;
      const s = asStruct(acc);
      s.SUM = ops.add(s.SUM, v);
      s.COUNT = (s.COUNT as bigint) + 1n;
      return s;
    },
    undo: (acc, args) => {
      const v = args[0];
      if (v == null) return acc;
      const s = asStruct(acc);
      s.SUM = ops.sub(s.SUM, v);
      s.COUNT = (s.COUNT as bigint) - 1n;
      return s;
    },
    merge: (a, b) => ({
      SUM: ops.add(asStruct(a).SUM, asStruct(b).SUM),
      COUNT: (asStruct(a).COUNT as bigint) + (asStruct(b).COUNT as bigint),
    }),
    result: (acc) => {
      const s = asStruct(acc);
      const n = s.COUNT as bigint;
      return n === 0n ? 0 : Number(s.SUM) / Number(n);
    },
  };
}

const AVG_INT = average(INT_OPS);
const AVG_BIGINT = average(BIGINT_OPS);
const AVG_DOUBLE = average(DOUBLE_OPS);
const opts = { names: ['col1'] };

// No DECIMAL signature in ksqlDB: a DECIMAL argument widens to DOUBLE.
export const avg: AggregateFunction = {
  name: 'AVG',
  category: 'AGGREGATE',
  description: 'Returns the average value of the column computed as the sum divided by the count. Applicable only to numeric types.',
  signatures: [
    agg([P.INTEGER], P.DOUBLE, () => structOf(['SUM', INTEGER], ['COUNT', BIGINT]), () => AVG_INT, opts),
    agg([P.BIGINT], P.DOUBLE, () => structOf(['SUM', BIGINT], ['COUNT', BIGINT]), () => AVG_BIGINT, opts),
    agg([P.DOUBLE], P.DOUBLE, () => structOf(['SUM', DOUBLE], ['COUNT', BIGINT]), () => AVG_DOUBLE, opts),
  ],
};
