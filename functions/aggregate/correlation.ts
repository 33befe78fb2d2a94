import { BIGINT, DOUBLE } from '../../common/types.ts';
import type { AggregateFunction, AggregateImpl } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, asStruct, structOf } from './support.ts';

const FIELDS = ['X_SUM', 'Y_SUM', 'X_SQUARED_SUM', 'Y_SQUARED_SUM', 'XY_SUM'] as const;
const accType = structOf(...FIELDS.map((f) => [f, DOUBLE] as const), ['COUNT', BIGINT]);

/** Adds (sign 1) or removes (sign -1) one point; rows with a null coordinate are ignored. */
function fold(acc: unknown, args: readonly unknown[], sign: number): unknown {
  const x = args[0];
  const y = args[1];
  if (x == null || y == null) return acc;
  const s = asStruct(acc);
  const [a, b] = [x as number, y as number];
  s.X_SUM = (s.X_SUM as number) + sign * a;
  s.Y_SUM = (s.Y_SUM as number) + sign * b;
  s.X_SQUARED_SUM = (s.X_SQUARED_SUM as number) + sign * a * a;
  s.Y_SQUARED_SUM = (s.Y_SQUARED_SUM as number) + sign * b * b;
  s.XY_SUM = (s.XY_SUM as number) + sign * a * b;
  s.COUNT = (s.COUNT as bigint) + BigInt(sign);
  return s;
}

/** Single-pass Pearson correlation; NaN with fewer than two distinct points. */
const correlationImpl: AggregateImpl = {
  init: () => ({ X_SUM: 0, Y_SUM: 0, X_SQUARED_SUM: 0, Y_SQUARED_SUM: 0, XY_SUM: 0, COUNT: 0n }),
  add: (acc, args) => fold(acc, args, 1),
  undo: (acc, args) => fold(acc, args, -1),
  merge: (a, b) => {
    const [x, y] = [asStruct(a), asStruct(b)];
    const out: Record<string, unknown> = {};
    for (const f of FIELDS) out[f] = (x[f] as number) + (y[f] as number);
    out.COUNT = (x.COUNT as bigint) + (y.COUNT as bigint);
    return out;
  },
  result: (acc) => {
    const s = asStruct(acc);
    const n = Number(s.COUNT as bigint);
    const [sx, sy] = [s.X_SUM as number, s.Y_SUM as number];
    const numerator = n * (s.XY_SUM as number) - sx * sy;
    const dx = n * (s.X_SQUARED_SUM as number) - sx * sx;
    const dy = n * (s.Y_SQUARED_SUM as number) - sy * sy;
    return numerator / Math.sqrt(dx * dy);
  },
};

// INT and BIGINT arguments widen to DOUBLE.
export const correlation: AggregateFunction = {
  name: 'CORRELATION',
  category: 'AGGREGATE',
  description: 'Computes the Pearson correlation coefficient between two columns of data.',
  signatures: [agg([P.DOUBLE, P.DOUBLE], P.DOUBLE, () => accType, () => correlationImpl, { names: ['x', 'y'] })],
};
