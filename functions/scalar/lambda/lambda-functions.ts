import type { ScalarFunction } from '../../function.ts';
import { ProcessingError } from '../../../common/errors.ts';
import { javaHashOrder } from '../../support/java-hash-order.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

// Lambda arguments arrive as JS functions compiled by the runtime from the lambda body.
type Fn1 = (a: unknown) => unknown;
type Fn2 = (a: unknown, b: unknown) => unknown;
type Fn3 = (a: unknown, b: unknown, c: unknown) => unknown;
type AnyMap = Map<unknown, unknown>;

const ARR_T = P.array(P.T);
const MAP_KV = P.map(P.K, P.V);

/** As Java's `Collectors.toMap`: a duplicate key or a null value fails the call. */
function transformMap(m: AnyMap, fk: Fn2, fv: Fn2): AnyMap {
  const out: AnyMap = new Map();
  for (const [k, v] of m) {
    const key = fk(k, v);
    const value = fv(k, v);
    if (out.has(key)) throw new ProcessingError(`Duplicate key ${String(key)}`);
    if (value === null || value === undefined) throw new ProcessingError('NullPointerException: null value in TRANSFORM map');
    out.set(key, value);
  }
  return out;
}

export const transform: ScalarFunction = {
  name: 'transform',
  category: 'LAMBDA',
  description: 'Applies a lambda to each element of an array, or to each key and value of a map.',
  signatures: [
    sig([ARR_T, P.lambda([P.T], P.U)], P.array(P.U), (a: unknown[], f: Fn1) => a.map((x) => f(x)), { names: ['array', 'function'] }),
    sig(
      [MAP_KV, P.lambda([P.K, P.V], P.generic('R')), P.lambda([P.K, P.V], P.generic('S'))],
      P.map(P.generic('R'), P.generic('S')),
      transformMap,
      { names: ['map', 'key_function', 'value_function'] },
    ),
  ],
};

export const filter: ScalarFunction = {
  name: 'filter',
  category: 'LAMBDA',
  description: 'Keeps the array elements, or map entries, for which a lambda is true.',
  signatures: [
    sig([ARR_T, P.lambda([P.T], P.BOOLEAN)], ARR_T, (a: unknown[], f: Fn1) => a.filter((x) => f(x) === true), {
      names: ['array', 'function'],
    }),
    sig([MAP_KV, P.lambda([P.K, P.V], P.BOOLEAN)], MAP_KV, (m: AnyMap, f: Fn2) => new Map([...m].filter(([k, v]) => f(k, v) === true)), {
      names: ['map', 'function'],
    }),
  ],
};

// A null collection reduces to the initial state; a null state gives null. Map entries are
// visited in Java HashMap order, as ksqlDB iterates them.
export const reduce: ScalarFunction = {
  name: 'reduce',
  category: 'LAMBDA',
  description: 'Folds an array or map into a single value, starting from an initial state.',
  signatures: [
    sig([ARR_T, P.S, P.lambda([P.S, P.T], P.S)], P.S, (a: unknown[] | null, s: unknown, f: Fn2) => {
      if (s == null) return null;
      return a == null ? s : a.reduce((acc, x) => f(acc, x), s);
    }, { nullSafe: true, names: ['array', 'initialState', 'function'] }),
    sig([MAP_KV, P.S, P.lambda([P.S, P.K, P.V], P.S)], P.S, (m: AnyMap | null, s: unknown, f: Fn3) => {
      if (s == null) return null;
      let acc: unknown = s;
      if (m != null) for (const k of javaHashOrder([...m.keys()])) acc = f(acc, k, m.get(k));
      return acc;
    }, { nullSafe: true, names: ['map', 'initialState', 'function'] }),
  ],
};
