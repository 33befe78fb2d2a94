import { describe, expect, it } from 'vitest';
import { BIGINT, BOOLEAN, DOUBLE, INTEGER, STRING, array, decimal, map, struct } from '../../common/types.ts';
import { Decimal } from '../../common/decimal.ts';
import { call, registry, returnTypeOf } from './helpers.ts';

const LAMBDA1 = { kind: 'LAMBDA', arity: 1 } as const;
const LAMBDA2 = { kind: 'LAMBDA', arity: 2 } as const;
const LAMBDA3 = { kind: 'LAMBDA', arity: 3 } as const;

// Expected values come from array.json, arrayjoin.json, array-min-max-sort.json, array-remove.json, map.json.
describe('array functions', () => {
  it('ARRAY_SORT puts nulls last in both directions', () => {
    const strings = ['foo', 'fo', 'Food', null, 'F', 'food'];
    expect(call('ARRAY_SORT', [array(STRING)], [strings])).toEqual(['F', 'Food', 'fo', 'foo', 'food', null]);
    expect(call('ARRAY_SORT', [array(STRING), STRING], [strings, 'desc'])).toEqual(['food', 'foo', 'fo', 'Food', 'F', null]);
    expect(call('ARRAY_SORT', [array(BOOLEAN)], [[null, false, true]])).toEqual([false, true, null]);
    expect(call('ARRAY_SORT', [array(INTEGER)], [null])).toBeNull();
  });

  it('ARRAY_MIN / ARRAY_MAX skip nulls; empty gives null', () => {
    expect(call('ARRAY_MAX', [array(STRING)], [['foo', 'fo', 'Food', null, 'F', 'food']])).toBe('food');
    expect(call('ARRAY_MIN', [array(DOUBLE)], [[0.0, 0.1, -12345.678, null, 0.3]])).toBe(-12345.678);
    const decimals = ['1.0', '1.1', '1.2', '-0.2', '1.9', '9.0', '-9.9', '1.5'].map((s) => Decimal.parse(s));
    expect(String(call('ARRAY_MIN', [array(decimal(2, 1))], [decimals]))).toBe('-9.9');
    expect(call('ARRAY_MAX', [array(BIGINT)], [[]])).toBeNull();
  });

  it('ARRAY_JOIN formats elements as Java does', () => {
    expect(call('ARRAY_JOIN', [array(BOOLEAN)], [[true, null, false]])).toBe('true,null,false');
    expect(call('ARRAY_JOIN', [array(DOUBLE), STRING], [[1.23, -23.42, 0.0], ' '])).toBe('1.23 -23.42 0.0');
    expect(call('ARRAY_JOIN', [array(BIGINT), null], [[-4294967297n, 8589934592n], null])).toBe('-42949672978589934592');
    expect(call('ARRAY_JOIN', [array(decimal(5, 2)), STRING], [[Decimal.parse('123.45'), Decimal.parse('987.65')], '#'])).toBe('123.45#987.65');
  });

  it('ARRAY_REMOVE, ARRAY_CONTAINS compare values deeply', () => {
    expect(call('ARRAY_REMOVE', [array(INTEGER), INTEGER], [[0, null, 1, 0, -1], null])).toEqual([0, 1, 0, -1]);
    expect(call('ARRAY_REMOVE', [array(array(STRING)), array(STRING)], [[null, ['foo'], ['foo', 'bar']], ['foo']])).toEqual([null, ['foo', 'bar']]);
    const m = (a: number, b: number): Map<string, number> => new Map([['apple', a], ['banana', b]]);
    expect(call('ARRAY_REMOVE', [array(map(STRING, INTEGER)), map(STRING, INTEGER)], [[m(1, 2), m(3, 4), m(1, 2)], m(1, 2)])).toEqual([m(3, 4)]);
    expect(call('ARRAY_CONTAINS', [array(STRING), STRING], [['Pink', null], 'Pink'])).toBe(true);
    expect(call('ARRAY_CONTAINS', [array(STRING), STRING], [null, 'Pink'])).toBe(false);
  });

  it('set operations keep first-seen order', () => {
    expect(call('ARRAY_DISTINCT', [array(INTEGER)], [[1, 2, 1, null, null]])).toEqual([1, 2, null]);
    expect(call('ARRAY_UNION', [array(INTEGER), array(INTEGER)], [[1, 2], [2, 3]])).toEqual([1, 2, 3]);
    expect(call('ARRAY_INTERSECT', [array(INTEGER), array(INTEGER)], [[3, 1, 2], [2, 3]])).toEqual([3, 2]);
    expect(call('ARRAY_EXCEPT', [array(INTEGER), array(INTEGER)], [[3, 1, 2, 1], [2, 3]])).toEqual([1]);
  });

  it('SLICE, ARRAY_LENGTH, GENERATE_SERIES, ARRAY_CONCAT', () => {
    expect(call('SLICE', [array(STRING), INTEGER, INTEGER], [['a', 'b', 'c', 'd'], 2, 3])).toEqual(['b', 'c']);
    expect(call('ARRAY_LENGTH', [array(INTEGER)], [[-1, 0]])).toBe(2);
    expect(call('GENERATE_SERIES', [INTEGER, INTEGER], [4, 0])).toEqual([4, 3, 2, 1, 0]);
    expect(call('GENERATE_SERIES', [INTEGER, INTEGER, INTEGER], [-2, 1, 2])).toEqual([-2, 0]);
    expect(call('GENERATE_SERIES', [INTEGER, INTEGER, INTEGER], [9, 0, -3])).toEqual([9, 6, 3, 0]);
    expect(call('ARRAY_CONCAT', [array(INTEGER), array(INTEGER)], [null, [1]])).toEqual([1]);
  });
});

describe('map functions', () => {
  it('MAP_KEYS, MAP_VALUES, MAP_UNION, AS_MAP', () => {
    const m = new Map([['foo', 10], ['bar', null]]);
    expect(call('MAP_KEYS', [map(STRING, INTEGER)], [m])).toEqual(['foo', 'bar']);
    expect(call('MAP_VALUES', [map(STRING, INTEGER)], [m])).toEqual([10, null]);
    expect(call('MAP_UNION', [map(STRING, INTEGER), map(STRING, INTEGER)], [m, new Map([['bar', 1]])])).toEqual(new Map([['foo', 10], ['bar', 1]]));
    expect(call('AS_MAP', [array(STRING), array(INTEGER)], [['a', 'b'], [1, 2]])).toEqual(new Map([['a', 1], ['b', 2]]));
  });

  it('ENTRIES returns structs of K and V, optionally sorted', () => {
    expect(returnTypeOf('ENTRIES', [map(STRING, BIGINT), BOOLEAN])).toEqual(array(struct([{ name: 'K', type: STRING }, { name: 'V', type: BIGINT }])));
    expect(call('ENTRIES', [map(STRING, INTEGER), BOOLEAN], [new Map([['K2', 2], ['K1', 1]]), true])).toEqual([{ K: 'K1', V: 1 }, { K: 'K2', V: 2 }]);
  });
});

// Expected values come from transform-*.json, filter.json, reduce-*.json.
describe('lambda functions', () => {
  it('TRANSFORM over arrays and maps', () => {
    const r = registry.resolveScalar('TRANSFORM', [map(STRING, INTEGER), LAMBDA2, LAMBDA2], (_p, i) => (i === 1 ? STRING : BIGINT));
    expect(r.returnType).toEqual(map(STRING, BIGINT));
    expect(r.invoke([new Map([['a', 1]]), (k: string) => k.toUpperCase(), (_k: string, v: number) => BigInt(v * 2)])).toEqual(new Map([['A', 2n]]));
  });

  it('FILTER requires a BOOLEAN lambda', () => {
    const r = registry.resolveScalar('FILTER', [array(INTEGER), LAMBDA1], () => BOOLEAN);
    expect(r.invoke([[1, 6, 7], (x: number) => x > 5])).toEqual([6, 7]);
    expect(() => registry.resolveScalar('FILTER', [array(INTEGER), LAMBDA1], () => INTEGER)).toThrow(/does not accept parameters/);
  });

  it('REDUCE starts from the state; null collection gives the state, null state gives null', () => {
    const r = registry.resolveScalar('REDUCE', [array(INTEGER), INTEGER, LAMBDA2], (params) => {
      expect(params).toEqual([INTEGER, INTEGER]);
      return INTEGER;
    });
    const add = (s: number | null, x: number | null): number | null => (s === null || x === null ? null : s + x);
    expect(r.invoke([[3, 6], 2, add])).toBe(11);
    expect(r.invoke([[5, null], 2, add])).toBeNull();
    expect(r.invoke([null, 2, add])).toBe(2);
    expect(r.invoke([[1], null, add])).toBeNull();
    const m = registry.resolveScalar('REDUCE', [map(STRING, DOUBLE), DOUBLE, LAMBDA3], () => DOUBLE);
    expect(m.invoke([new Map([['a', 2.0]]), 3.2, (s: number, _k: string, v: number) => s * v])).toBe(6.4);
  });
});
