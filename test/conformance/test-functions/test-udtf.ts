import type { ParamType, Signature, TableFunction } from '../../../functions/index.ts';
import { P } from '../../../functions/param-types.ts';
import { bound, sig } from '../../../functions/define.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { decimal, type SqlType } from '../../../common/types.ts';
import { javaToString } from '../../../common/java-string.ts';
import { STRUCT_A, nonNull } from './java-args.ts';

/** Picks the value TestUdtf prints out of one argument: the argument, its first element, or its first map value. */
type Pick = (arg: unknown, type: SqlType) => readonly [unknown, SqlType];

const whole: Pick = (arg, type) => [arg, type];

const firstElement: Pick = (arg, type) => {
  const a = nonNull(arg, 'list') as readonly unknown[];
  if (a.length === 0 || type.kind !== 'ARRAY') throw new ProcessingError('IndexOutOfBoundsException: Index 0 out of bounds for length 0');
  return [a[0] ?? null, type.element];
};

const firstValue: Pick = (arg, type) => {
  const m = nonNull(arg, 'map') as ReadonlyMap<unknown, unknown>;
  const first = m.values().next();
  if (first.done || type.kind !== 'MAP') throw new ProcessingError('NoSuchElementException');
  return [first.value ?? null, type.value];
};

/**
 * Java's rendering of argument `i` of the seven-argument overloads: `String.valueOf` for the
 * numbers and boolean (throwing on null when they are primitives), the string as is, and
 * `toString()` for the decimal and the struct (throwing on null).
 */
function render(i: number, v: unknown, type: SqlType, primitives: boolean): unknown {
  if (i === 4) return v;
  if (i >= 5 || primitives) nonNull(v, 'argument');
  return javaToString(v, type);
}

const sevenArgs = (params: readonly ParamType[], pick: Pick, primitives: boolean): Signature =>
  bound(
    params,
    P.STRING,
    ({ paramTypes }) =>
      (...args: unknown[]) =>
        args.map((arg, i) => {
          const [v, t] = pick(arg, paramTypes[i]!);
          return render(i, v, t, primitives);
        }),
    { nullSafe: true },
  );

const SCALARS = [P.INTEGER, P.BIGINT, P.DOUBLE, P.BOOLEAN, P.STRING, P.DECIMAL, P.STRUCT] as const;

/** One row holding the argument; Java primitives throw on null, objects pass it through. */
const single = (param: ParamType, returns: Signature['returns'], primitive: boolean): Signature =>
  sig([param], returns, (v: unknown) => [primitive ? nonNull(v, 'primitive argument') : v], { nullSafe: true });

/**
 * ksqlDB's TestUdtf: seven-argument overloads (scalars, arrays, maps) that emit each argument as a
 * string row, and one-argument overloads that emit the argument itself. Its `structTest(int)`
 * duplicates `listIntegerReturn(int)` and is left out: the vectors expect the INT variant.
 */
export const testUdtf: TableFunction = {
  name: 'test_udtf',
  category: 'TABLE',
  description: 'test',
  signatures: [
    sevenArgs(SCALARS, whole, true),
    sevenArgs(SCALARS.map(P.array), firstElement, false),
    sevenArgs(SCALARS.map((t) => P.map(P.STRING, t)), firstValue, false),
    sevenArgs([P.map(P.BIGINT, P.INTEGER), ...SCALARS.slice(1).map((t) => P.map(P.STRING, t))], firstValue, false),
    single(P.INTEGER, P.INTEGER, true),
    single(P.BIGINT, P.BIGINT, true),
    single(P.DOUBLE, P.DOUBLE, true),
    single(P.BOOLEAN, P.BOOLEAN, true),
    single(P.STRING, P.STRING, false),
    single(P.DECIMAL, () => decimal(30, 10), false),
    single(P.STRUCT, () => STRUCT_A, false),
  ],
};
