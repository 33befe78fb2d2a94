import { type SqlType, array } from '../../../common/types.ts';
import type { AggregateFunction, AggregateImpl } from '../../../functions/index.ts';
import { P } from '../../../functions/param-types.ts';
import { agg, argType } from '../../../functions/aggregate/support.ts';

/** Collects the first argument of each row in which no argument is null. */
const collectWhenComplete: AggregateImpl = {
  init: () => [],
  add: (acc, args) => {
    const list = acc as unknown[];
    if (args.every((a) => a !== null && a !== undefined)) list.push(args[0]);
    return list;
  },
  merge: (a, b) => [...(a as unknown[]), ...(b as unknown[])],
  result: (acc) => acc,
};

const arrayOfFirst = (t: { readonly paramTypes: readonly SqlType[] }): SqlType => array(argType(t));

/** ksqlDB's test UDAF `GENERIC_VAR_ARG(A, B, C...)`: generics in fixed and variadic positions. */
export const genericVarArgUdaf: AggregateFunction = {
  name: 'GENERIC_VAR_ARG',
  category: 'TEST',
  description: 'Returns an array of rows where all the given columns are non-null.',
  signatures: [
    agg([P.generic('A'), P.generic('B'), P.generic('C')], arrayOfFirst, arrayOfFirst, () => collectWhenComplete, { variadic: true }),
  ],
};

/** ksqlDB's test UDAF `OBJ_COL_ARG(INT, ANY...)`: an Object variadic column parameter. */
export const objColArgUdaf: AggregateFunction = {
  name: 'OBJ_COL_ARG',
  category: 'TEST',
  description: 'Returns an array of rows where all the given columns are non-null.',
  signatures: [agg([P.INTEGER, P.ANY], P.array(P.INTEGER), P.array(P.INTEGER), () => collectWhenComplete, { variadic: true })],
};
