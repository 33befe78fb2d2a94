import type { AggregateFunction, AggregateImpl } from '../../../functions/index.ts';
import { P } from '../../../functions/param-types.ts';
import { agg, intLiteral } from '../../../functions/aggregate/support.ts';

/** The BIGINT first argument plus the lengths of the variadic strings; nulls count as zero. */
const rowWeight = (args: readonly unknown[]): bigint =>
  ((args[0] as bigint | null) ?? 0n) +
  BigInt(args.slice(1).reduce<number>((n, s) => n + (typeof s === 'string' ? s.length : 0), 0));

const summing = (constant: bigint): AggregateImpl => ({
  init: () => 0n,
  add: (acc, args) => (acc as bigint) + rowWeight(args),
  merge: (a, b) => (a as bigint) + (b as bigint),
  result: (acc) => (acc as bigint) + constant,
});

/** ksqlDB's test UDAF `VAR_ARG(BIGINT, STRING...)`. */
export const varArgUdaf: AggregateFunction = {
  name: 'VAR_ARG',
  category: 'TEST',
  description: 'Returns the sum of the provided longs and lengths of strings.',
  signatures: [agg([P.BIGINT, P.STRING], P.BIGINT, P.BIGINT, () => summing(0n), { variadic: true })],
};

/** ksqlDB's test UDAF `MID_VAR_ARG(BIGINT, STRING..., INT, INT)`: the sum plus both literal arguments. */
export const midVarArgUdaf: AggregateFunction = {
  name: 'MID_VAR_ARG',
  category: 'TEST',
  description: 'Returns the sum of the provided longs, lengths of strings, and initial arguments.',
  signatures: [
    agg(
      [P.BIGINT, P.STRING],
      P.BIGINT,
      P.BIGINT,
      (_t, lits) => summing(BigInt(intLiteral('MID_VAR_ARG', lits[0], 'first') + intLiteral('MID_VAR_ARG', lits[1], 'second'))),
      { variadic: true, literalParams: [P.INTEGER, P.INTEGER] },
    ),
  ],
};
