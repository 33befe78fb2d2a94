import type { ScalarFunction } from '../../../functions/index.ts';
import { P } from '../../../functions/param-types.ts';
import { sig } from '../../../functions/define.ts';
import type { Struct } from '../../../common/types.ts';
import { STRUCT_A, nonNull } from './java-args.ts';

/**
 * ksqlDB's TestUdf: overloads that return the name of the Java method chosen, so vectors can check
 * signature resolution (exact match first, NULL fits any parameter, fixed arity beats varargs).
 * Java's `String` parameters take nulls; its `int`/`long` ones throw on them.
 */
const named = (name: string, primitives: number) =>
  (...args: unknown[]): string => {
    for (let i = 0; i < primitives; i++) nonNull(args[i], 'primitive argument');
    return name;
  };

export const testUdf: ScalarFunction = {
  name: 'test_udf',
  category: 'OTHER',
  description: 'test',
  signatures: [
    sig([P.INTEGER, P.STRING], P.STRING, named('doStuffIntString', 1), { nullSafe: true }),
    sig([P.BIGINT, P.STRING], P.STRING, named('doStuffLongString', 1), { nullSafe: true }),
    sig([P.BIGINT, P.BIGINT, P.STRING], P.STRING, named('doStuffLongLongString', 2), { nullSafe: true }),
    sig(
      [P.BIGINT],
      P.STRING,
      (longs: unknown[]) => {
        longs.forEach((l) => nonNull(l, 'element of long[]'));
        return 'doStuffLongVarargs';
      },
      { variadic: true, nullSafe: true },
    ),
    sig([P.STRUCT], P.STRING, (s: Struct) => s['A'] ?? null, { description: "returns the value of 'A'" }),
    sig([], () => STRUCT_A, () => ({ A: 'foo' }), { description: "returns the value of 'STRUCT<A VARCHAR>'" }),
  ],
};
