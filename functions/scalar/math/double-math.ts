import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

// ksqlDB declares these for INT, BIGINT and DOUBLE, all returning DOUBLE (DECIMAL casts to DOUBLE).
function unary(name: string, description: string, f: (x: number) => number): ScalarFunction {
  return {
    name,
    category: 'MATHEMATICAL',
    description,
    signatures: [
      sig([P.INTEGER], P.DOUBLE, f, { names: ['value'] }),
      sig([P.BIGINT], P.DOUBLE, (x: bigint) => f(Number(x)), { names: ['value'] }),
      sig([P.DOUBLE], P.DOUBLE, f, { names: ['value'] }),
    ],
  };
}

function binary(name: string, description: string, names: readonly string[], f: (a: number, b: number) => number): ScalarFunction {
  return {
    name,
    category: 'MATHEMATICAL',
    description,
    signatures: [
      sig([P.INTEGER, P.INTEGER], P.DOUBLE, f, { names }),
      sig([P.BIGINT, P.BIGINT], P.DOUBLE, (a: bigint, b: bigint) => f(Number(a), Number(b)), { names }),
      sig([P.DOUBLE, P.DOUBLE], P.DOUBLE, f, { names }),
    ],
  };
}

export const sqrt = unary('sqrt', 'The square root of a value.', Math.sqrt);
export const cbrt = unary('cbrt', 'The cube root of a value.', Math.cbrt);
export const exp = unary('exp', 'e raised to the power of a value.', Math.exp);
export const ln = unary('ln', 'The natural logarithm of a value.', Math.log);
export const acos = unary('acos', 'The inverse cosine.', Math.acos);
export const asin = unary('asin', 'The inverse sine.', Math.asin);
export const atan = unary('atan', 'The inverse tangent.', Math.atan);
export const cos = unary('cos', 'The cosine of an angle in radians.', Math.cos);
export const sin = unary('sin', 'The sine of an angle in radians.', Math.sin);
export const tan = unary('tan', 'The tangent of an angle in radians.', Math.tan);
export const cot = unary('cot', 'The cotangent of an angle in radians.', (x) => 1 / Math.tan(x));
export const cosh = unary('cosh', 'The hyperbolic cosine.', Math.cosh);
export const sinh = unary('sinh', 'The hyperbolic sine.', Math.sinh);
export const tanh = unary('tanh', 'The hyperbolic tangent.', Math.tanh);
export const degrees = unary('degrees', 'Converts radians to degrees.', (x) => (x * 180) / Math.PI);
export const radians = unary('radians', 'Converts degrees to radians.', (x) => (x / 180) * Math.PI);

export const atan2 = binary('atan2', 'The angle of the point (x, y).', ['y', 'x'], Math.atan2);
export const power = binary('power', 'A base raised to an exponent.', ['base', 'exponent'], Math.pow);

// A base that is not positive, or is 1, has no logarithm.
const logBase = (b: number, v: number): number => (b <= 0 || b === 1 ? NaN : Math.log(v) / Math.log(b));

export const log: ScalarFunction = {
  name: 'log',
  category: 'MATHEMATICAL',
  description: 'The natural logarithm of a value, or its logarithm in a given base.',
  signatures: [
    ...unary('log', '', Math.log).signatures,
    ...binary('log', '', ['base', 'value'], logBase).signatures,
  ],
};

export const pi: ScalarFunction = {
  name: 'pi',
  category: 'MATHEMATICAL',
  description: 'The value of pi.',
  signatures: [sig([], P.DOUBLE, () => Math.PI)],
};

export const random: ScalarFunction = {
  name: 'random',
  category: 'MATHEMATICAL',
  description: 'A random DOUBLE in [0, 1).',
  signatures: [sig([], P.DOUBLE, () => Math.random())],
};
