import type { Struct } from '../../../common/types.ts';
import type { AggregateFunction, AggregateImpl } from '../../../functions/index.ts';
import { P } from '../../../functions/param-types.ts';
import { agg, argType, int32, int64 } from '../../../functions/aggregate/support.ts';
import { nonNull } from './java-args.ts';

const sumLong = (n: (v: unknown) => bigint): AggregateImpl => ({
  init: () => 0n,
  add: (acc, args) => int64((acc as bigint) + n(nonNull(args[0], 'value'))),
  undo: (acc, args) => int64((acc as bigint) - n(nonNull(args[0], 'value'))),
  merge: (a, b) => int64((a as bigint) + (b as bigint)),
  result: (acc) => acc,
});

const sumDouble: AggregateImpl = {
  init: () => 0,
  add: (acc, args) => (acc as number) + nonNull(args[0] as number | null, 'value'),
  merge: (a, b) => (a as number) + (b as number),
  result: (acc) => acc,
};

const sumLengths = (initial: string): AggregateImpl => ({
  init: () => BigInt(initial.length),
  add: (acc, args) => (acc as bigint) + BigInt(nonNull(args[0] as string | null, 'value').length),
  merge: (a, b) => (a as bigint) + (b as bigint),
  result: (acc) => acc,
});

const sumFields: AggregateImpl = {
  init: () => ({ A: 0, B: 0 }),
  add: (acc, args) => {
    const cur = nonNull(args[0] as Struct | null, 'struct');
    const a = acc as Struct;
    return { A: int32(nonNull(cur.A as number | null, 'A') + (a.A as number)), B: int32(nonNull(cur.B as number | null, 'B') + (a.B as number)) };
  },
  result: (acc) => acc,
};

/** ksqlDB's test UDAF `test_udaf`: sums per type; the BIGINT and INT forms can be undone (tables). */
export const testUdaf: AggregateFunction = {
  name: 'test_udaf',
  category: 'TEST',
  description: 'test_udaf',
  signatures: [
    agg([P.BIGINT], P.BIGINT, P.BIGINT, () => sumLong((v) => v as bigint), { description: 'sums longs' }),
    agg([P.INTEGER], P.BIGINT, P.BIGINT, () => sumLong((v) => BigInt(v as number)), { description: 'sums int' }),
    agg([P.DOUBLE], P.DOUBLE, P.DOUBLE, () => sumDouble, { description: 'sums double' }),
    agg([P.STRING], P.BIGINT, P.BIGINT, (_t, lits) => sumLengths(String(lits[0] ?? '')), {
      literalParams: [P.STRING],
      description: 'sums the length of strings',
    }),
    agg([P.STRUCT], argType, argType, () => sumFields, { description: 'returns a struct with {SUM(in->A), SUM(in->B)}' }),
  ],
};
