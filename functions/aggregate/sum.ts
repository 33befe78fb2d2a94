import { Decimal } from '../../common/decimal.ts';
import { ProcessingError } from '../../common/errors.ts';
import type { AggregateFunction, AggregateImpl, ResolvedTypes } from '../function.ts';
import { P } from '../param-types.ts';
import { agg, argType, int32, int64 } from './support.ts';

// Null values are skipped; INT and BIGINT sums wrap on overflow like Java's.
const sumInt: AggregateImpl = {
  init: () => 0,
  add: (acc, args) => (args[0] == null ? acc : int32((acc as number) + (args[0] as number))),
  undo: (acc, args) => (args[0] == null ? acc : int32((acc as number) - (args[0] as number))),
  merge: (a, b) => int32((a as number) + (b as number)),
  result: (acc) => acc,
};

const sumBigint: AggregateImpl = {
  init: () => 0n,
  add: (acc, args) => (args[0] == null ? acc : int64((acc as bigint) + (args[0] as bigint))),
  undo: (acc, args) => (args[0] == null ? acc : int64((acc as bigint) - (args[0] as bigint))),
  merge: (a, b) => int64((a as bigint) + (b as bigint)),
  result: (acc) => acc,
};

const sumDouble: AggregateImpl = {
  init: () => 0,
  add: (acc, args) => (args[0] == null ? acc : (acc as number) + (args[0] as number)),
  undo: (acc, args) => (args[0] == null ? acc : (acc as number) - (args[0] as number)),
  merge: (a, b) => (a as number) + (b as number),
  result: (acc) => acc,
};

/** DECIMAL(p, s) sums stay DECIMAL(p, s); a sum that no longer fits fails the record. */
function sumDecimal(types: ResolvedTypes): AggregateImpl {
  const t = argType(types);
  const [precision, scale] = t.kind === 'DECIMAL' ? [t.precision, t.scale] : [38, 0];
  const digits = precision - scale;
  const limit = new Decimal(1n, -digits);
  const add = (acc: unknown, v: Decimal): Decimal => {
    const sum = (acc as Decimal).add(v);
    if (sum.abs().compare(limit) < 0) return sum;
    // ksqlDB adds with MathContext(precision), so the value it reports is rounded to p digits.
    const excess = sum.precision() - precision;
    const shown = excess > 0 ? sum.setScale(sum.scale - excess, 'HALF_UP') : sum;
    throw new ProcessingError(
      `Numeric field overflow: A field with precision ${precision} and scale ${scale} ` +
        `must round to an absolute value less than 10^${digits}. Got ${shown.toString()}`,
    );
  };
  return {
    init: () => new Decimal(0n, scale),
    add: (acc, args) => (args[0] == null ? acc : add(acc, args[0] as Decimal)),
    undo: (acc, args) => (args[0] == null ? acc : (acc as Decimal).sub(args[0] as Decimal)),
    merge: (a, b) => (a as Decimal).add(b as Decimal),
    result: (acc) => acc,
  };
}

export const sum: AggregateFunction = {
  name: 'SUM',
  category: 'AGGREGATE',
  description: 'Computes the sum for a key.',
  signatures: [
    agg([P.INTEGER], P.INTEGER, P.INTEGER, () => sumInt, { names: ['col1'] }),
    agg([P.BIGINT], P.BIGINT, P.BIGINT, () => sumBigint, { names: ['col1'] }),
    agg([P.DOUBLE], P.DOUBLE, P.DOUBLE, () => sumDouble, { names: ['col1'] }),
    agg([P.DECIMAL], argType, argType, sumDecimal, {
      names: ['col1'],
      description: 'Computes the sum of decimal values for a key, resulting in a decimal with the same precision and scale.',
    }),
  ],
};
